"""What ``manage.py seed_demo`` builds: two demo brands, each on its own hostname.

Everything here is data: page fields, StreamField content in its stored (raw) form, and site
settings. ``PageRef("pricing")`` stands for a page of the same site by its path under the home page;
the command swaps it for the page once that page exists. The articles live in ``articles/<key>/``,
and their pictures are drawn by ``make_images`` when the command runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .make_images import favicon_name, logo_name

ARTICLES = Path(__file__).resolve().parent / "articles"


@dataclass(frozen=True)
class PageRef:
    """A page of the site being built, by its path under the home page: "pricing", "resources/a-slug"."""

    path: str


@dataclass
class PageSpec:
    slug: str
    fields: dict


@dataclass
class DemoSite:
    key: str  # the articles folder and the pictures' brand name
    site_name: str
    hostname: str
    port: int
    is_default_site: bool
    home: PageSpec
    hub: PageSpec
    landing_pages: list[PageSpec]
    settings: dict
    newsletter: dict
    logo: str = ""
    favicon: str = ""
    articles: Path = field(init=False)

    def __post_init__(self):
        self.articles = ARTICLES / self.key
        self.logo = self.logo or logo_name(self.key)
        self.favicon = self.favicon or favicon_name(self.key)

    @property
    def url(self) -> str:
        port = "" if self.port == 80 else f":{self.port}"
        return f"http://{self.hostname}{port}/"


# --- Blocks, in the raw form a StreamField stores --------------------------------------------


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level, "anchor": ""}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def callout(style: str, title: str, html: str) -> dict:
    return {"type": "callout", "value": {"style": style, "title": title, "text": html}}


def faq(title: str, items: list[tuple[str, str]]) -> dict:
    return {
        "type": "faq",
        "value": {"title": title, "items": [{"question": q, "answer": a} for q, a in items]},
    }


def pricing(title: str) -> dict:
    """The site's own price and inclusions, from its settings."""
    return {"type": "pricing", "value": {"heading": title, "plans": []}}


def coverage(title: str) -> dict:
    return {"type": "coverage", "value": {"heading": title, "show_county_lists": True}}


def call_to_action(eyebrow="", title="", text="", button_label="", page: PageRef | None = None) -> dict:
    """Blank fields fall back to the site's offer settings when the page is shown."""
    return {
        "type": "call_to_action",
        "value": {
            "reusable": None,
            "eyebrow": eyebrow,
            "heading": title,
            "text": text,
            "button_label": button_label,
            "link": {"label": "", "page": page, "url": ""},
        },
    }


def disclaimer() -> dict:
    return {"type": "disclaimer", "value": None}


def link(page: PageRef, label: str = "") -> dict:
    return {"label": label, "page": page, "url": ""}


def nav(*links: dict) -> list[dict]:
    return [{"type": "link", "value": value} for value in links]


def footer(*columns: tuple[str, list[dict]]) -> list[dict]:
    return [{"type": "column", "value": {"heading": title, "links": links}} for title, links in columns]


def inclusions(*items: str) -> list[dict]:
    return [{"type": "inclusion", "value": item} for item in items]


def area(state: str, counties: list[str], county_count: int | None = None) -> dict:
    """A state served in every county: the count, and the list shown to visitors."""
    return {
        "type": "area",
        "value": {
            "state": state,
            "county_count": county_count or len(counties),
            "all_counties": True,
            "counties": "\n".join(counties),
        },
    }


# --- Shared facts ------------------------------------------------------------------------------

FLORIDA_COUNTIES = [
    "Alachua", "Baker", "Bay", "Bradford", "Brevard", "Broward", "Calhoun", "Charlotte", "Citrus", "Clay",
    "Collier", "Columbia", "DeSoto", "Dixie", "Duval", "Escambia", "Flagler", "Franklin", "Gadsden", "Gilchrist",
    "Glades", "Gulf", "Hamilton", "Hardee", "Hendry", "Hernando", "Highlands", "Hillsborough", "Holmes",
    "Indian River", "Jackson", "Jefferson", "Lafayette", "Lake", "Lee", "Leon", "Levy", "Liberty", "Madison",
    "Manatee", "Marion", "Martin", "Miami-Dade", "Monroe", "Nassau", "Okaloosa", "Okeechobee", "Orange",
    "Osceola", "Palm Beach", "Pasco", "Pinellas", "Polk", "Putnam", "St. Johns", "St. Lucie", "Santa Rosa",
    "Sarasota", "Seminole", "Sumter", "Suwannee", "Taylor", "Union", "Volusia", "Wakulla", "Walton", "Washington",
]  # fmt: skip
NEW_JERSEY_COUNTIES = [
    "Atlantic", "Bergen", "Burlington", "Camden", "Cape May", "Cumberland", "Essex", "Gloucester", "Hudson",
    "Hunterdon", "Mercer", "Middlesex", "Monmouth", "Morris", "Ocean", "Passaic", "Salem", "Somerset", "Sussex",
    "Union", "Warren",
]  # fmt: skip

CRISIS_LINE = (
    "<p>If you are in crisis or thinking about harming yourself, call or text <b>988</b> to reach the "
    '<a href="https://988lifeline.org/">988 Suicide &amp; Crisis Lifeline</a>, at any time. In an emergency, '
    "call <b>911</b>.</p>"
)

# Authors and reviewers: the importer finds them by name. People are shared by every site.
PEOPLE = {
    # Harborlight Health
    "Dr. Maya Okafor": (
        "Physician",
        "Maya assesses new patients and leads Harborlight Health's safety checks, from blood pressure limits "
        "to the sitter guide.",
    ),
    "Dr. Samuel Whitfield": (
        "Board-certified psychiatrist",
        "Samuel is Harborlight Health's medical reviewer: he checks every clinical article before it is "
        "published and reviews it again at least once a year.",
    ),
    "Priya Natarajan": (
        "Psychiatric nurse practitioner",
        "Priya supports patients before and between sessions, with questions about medicines, preparation "
        "and what to expect.",
    ),
    "Jordan Reyes": (
        "Licensed clinical social worker",
        "Jordan helps patients and families with integration, practical planning and paying for care.",
    ),
    # Garden State Ketamine Care
    "Dr. Elena Marchetti": (
        "Board-certified psychiatrist",
        "Elena is the medical director of Garden State Ketamine Care and reviews every clinical guide on the site.",
    ),
    "Dr. Kwame Asante": (
        "Physician",
        "Kwame assesses new patients across New Jersey and leads their reviews, with a particular interest "
        "in heart health and safety.",
    ),
    "Rosa Delgado": (
        "Psychiatric nurse practitioner",
        "Rosa guides patients through their first sessions and answers questions about medicines, storage "
        "and session days.",
    ),
    "Owen Castellano": (
        "Licensed professional counselor",
        "Owen helps patients plan care around work and family, and supports reflection between sessions.",
    ),
}

# Categories: name → (order, description). Each hub lists only the ones its articles use.
CATEGORIES = {
    "Treatment basics": (10, "How at-home ketamine therapy works, who it may suit and what each step involves."),
    "Safety": (20, "How sessions are kept safe, and what to watch for."),
    "Costs and coverage": (30, "What care costs, and how insurance, HSA and FSA funds may help."),
    "Living well": (40, "Preparing for sessions, making sense of them and looking after yourself."),
    "Getting started": (10, "First appointments, choosing a programme and how telehealth works in New Jersey."),
    "Staying safe": (20, "Blood pressure, other substances and keeping your medicine secure."),
    "Paying for care": (30, "Our monthly fee, insurance questions and planning a budget."),
    "Everyday wellbeing": (40, "Fitting care into daily life, and looking after your mood between sessions."),
}


# --- Harborlight Health: Florida and New Jersey, on localhost --------------------------------

HARBORLIGHT_STEPS = (
    "<ol>"
    "<li><b>Talk to a physician.</b> A video assessment covers your mood, your physical health, your "
    "medicines and your home, and ends with an honest view of whether ketamine therapy suits you.</li>"
    "<li><b>Get ready at home.</b> We send your plan, a blood pressure monitor and a guide for the trusted "
    "adult who will sit with you, and a licensed pharmacy delivers your prescription.</li>"
    "<li><b>Sessions with support.</b> You check your blood pressure, take the prescribed dose and rest, "
    "with your sitter nearby and your care team a message away.</li>"
    "<li><b>Review together.</b> Your physician reviews your progress regularly, and you decide together "
    "whether to continue, adjust or stop.</li>"
    "</ol>"
)

HARBORLIGHT = DemoSite(
    key="harborlight",
    site_name="Harborlight Health",
    hostname="localhost",
    port=8000,
    is_default_site=True,
    home=PageSpec(
        slug="home",
        fields={
            "title": "At-home ketamine therapy, guided by physicians",
            "introduction": (
                "Harborlight Health offers physician-led ketamine therapy at home for adults in "
                "Florida and New Jersey, with a care team that checks in at every step."
            ),
            "seo_title": "Harborlight Health: at-home ketamine therapy",
            "search_description": (
                "Physician-led ketamine therapy at home for adults in Florida and New Jersey, with a care team "
                "that checks in before and after every session."
            ),
            "body": [
                heading("How it works"),
                paragraph(HARBORLIGHT_STEPS + '<p><a href="/how-it-works/">More about how care works</a></p>'),
                pricing("Simple monthly pricing"),
                coverage("Where we provide care"),
                callout(
                    "note",
                    "Is it right for me?",
                    "<p>Ketamine therapy is not right for everyone, and it does not help everyone it is offered "
                    "to. Our physicians will tell you plainly if another kind of care would suit you better.</p>",
                ),
                call_to_action(),
            ],
        },
    ),
    hub=PageSpec(
        slug="resources",
        fields={
            "title": "Resources",
            "introduction": (
                "Plain-language articles about at-home ketamine therapy, written by our clinicians and "
                "checked by a medical reviewer: how treatment works, how we keep it safe, what it costs."
            ),
        },
    ),
    landing_pages=[
        PageSpec(
            slug="how-it-works",
            fields={
                "title": "How it works",
                "introduction": (
                    "From your first video visit to your reviews: what physician-led ketamine therapy at home "
                    "involves, and how we keep every session safe."
                ),
                "search_description": "The steps of at-home ketamine therapy with Harborlight Health.",
                "body": [
                    heading("1. A medical assessment"),
                    paragraph(
                        "<p>Everything starts with a video visit with one of our physicians, who are licensed in "
                        "Florida and New Jersey. We ask about your mood and the treatments you have tried, your "
                        "heart and blood pressure, every medicine you take, and who could stay with you during "
                        "sessions. If ketamine is not a safe choice for you, we say so and suggest other care.</p>"
                    ),
                    heading("2. Getting ready at home"),
                    paragraph(
                        "<p>If you and your physician decide to go ahead, you agree a written plan. We send a blood "
                        "pressure monitor and a guide for your sitter, and a licensed pharmacy delivers your "
                        "prescription to your door.</p>"
                    ),
                    heading("3. Sessions with support"),
                    paragraph(
                        "<ul><li>Check your blood pressure and confirm your sitter is with you.</li>"
                        "<li>Take the prescribed dose and rest somewhere quiet for about two hours.</li>"
                        "<li>Record how you feel in the app; your care team checks in afterwards.</li>"
                        "<li>No driving or important decisions until the next day.</li></ul>"
                    ),
                    heading("4. Reviews with your physician"),
                    paragraph(
                        "<p>Your physician reviews your progress regularly, using short questionnaires and a "
                        "conversation about daily life. Together you decide whether to continue, adjust the plan "
                        "or stop. Many people keep seeing their therapist or doctor alongside our care.</p>"
                    ),
                    callout("warning", "Not an emergency service", CRISIS_LINE),
                    call_to_action(),
                ],
            },
        ),
        PageSpec(
            slug="ketamine-therapy-in-florida",
            fields={
                "title": "Ketamine therapy in Florida",
                "introduction": (
                    "Physician-led ketamine therapy at home, by video, in every one of Florida's 67 counties, "
                    "from the Panhandle to the Keys."
                ),
                "search_description": "At-home ketamine therapy with Harborlight Health, anywhere in Florida.",
                "body": [
                    paragraph(
                        "<p>Our Florida patients see the same physicians and care team wherever they live, in a "
                        "city apartment or a rural home. You need to be in Florida for your visits and your "
                        "sessions, and an adult you trust needs to be with you during each session.</p>"
                    ),
                    coverage("Where we provide care in Florida"),
                    paragraph(
                        "<p>Your prescription is delivered by a licensed pharmacy, and with your consent we keep "
                        "your own doctor informed. Read how our "
                        '<a href="/resources/telehealth-care-in-florida-and-new-jersey/">telehealth works</a>.</p>'
                    ),
                    call_to_action(),
                    disclaimer(),
                ],
            },
        ),
        PageSpec(
            slug="ketamine-therapy-in-new-jersey",
            fields={
                "title": "Ketamine therapy in New Jersey",
                "introduction": (
                    "Physician-led ketamine therapy at home, by video, in all 21 New Jersey counties, from "
                    "Sussex to Cape May."
                ),
                "search_description": "At-home ketamine therapy with Harborlight Health, anywhere in New Jersey.",
                "body": [
                    paragraph(
                        "<p>Our New Jersey patients have the same care as everyone else: an assessment with a "
                        "physician licensed in the state, a written plan, sessions at home with a sitter, and "
                        "regular reviews. You need to be in New Jersey for your visits and sessions.</p>"
                    ),
                    coverage("Where we provide care in New Jersey"),
                    call_to_action(),
                    disclaimer(),
                ],
            },
        ),
        PageSpec(
            slug="pricing",
            fields={
                "title": "Pricing",
                "introduction": "One monthly price for your care, confirmed in writing before you start.",
                "search_description": "What at-home ketamine therapy with Harborlight Health costs.",
                "body": [
                    pricing("What your care costs"),
                    paragraph(
                        "<p>The first assessment is a full medical appointment and is charged whether or not "
                        "treatment is offered. The medicine is dispensed by a licensed pharmacy and may be billed "
                        "separately. We give you a written estimate before you commit to anything.</p>"
                    ),
                    faq(
                        "Questions about cost",
                        [
                            (
                                "Does insurance cover ketamine therapy?",
                                "<p>Most plans do not cover the treatment programme. Some reimburse part of the "
                                "cost of physician visits as out-of-network care; we give you an itemised receipt "
                                "to send to your insurer.</p>",
                            ),
                            (
                                "Can I use HSA or FSA funds?",
                                "<p>Often, yes, for physician visits and prescribed medicine. Your plan "
                                "administrator decides what is eligible.</p>",
                            ),
                            (
                                "Is there a contract?",
                                "<p>No. You can pause or stop at any time, and you pay only for the care you "
                                "have received.</p>",
                            ),
                            (
                                "What if ketamine therapy is not right for me?",
                                "<p>Your physician will tell you, explain why and suggest other options. You pay "
                                "for the assessment only.</p>",
                            ),
                        ],
                    ),
                    call_to_action(
                        eyebrow="Not sure yet?",
                        title="See what care involves, step by step",
                        text="From the first video visit to your reviews, with safety checks at every session.",
                        button_label="How it works",
                        page=PageRef("how-it-works"),
                    ),
                ],
            },
        ),
    ],
    settings={
        "brand_name": "Harborlight Health",
        "primary_colour": "#1f5f6b",
        "accent_colour": "#b34e12",
        "phone": "(800) 555-0134",
        "email": "harborlight@example.com",
        "hours": "Monday to Friday, 8am to 8pm, and Saturday, 9am to 1pm Eastern",
        "starting_price": Decimal("250.00"),
        "billing_period": "month",
        "inclusions": inclusions(
            "Board-certified physician",
            "Medication delivered to your door",
            "Care team messaging 7 days a week",
            "Blood pressure monitor and sitter guide",
        ),
        "cta_label": "Book a consultation",
        "cta_page": PageRef("pricing"),
        "cta_url": "",
        "coverage": [area("Florida", FLORIDA_COUNTIES), area("New Jersey", NEW_JERSEY_COUNTIES)],
        "disclaimer": (
            "<p>The information on this site is general and educational. It is not medical advice and does not "
            "replace an assessment by a licensed clinician who knows your history. Ketamine therapy is not right "
            "for everyone, and results vary from person to person. <b>If you are in crisis or thinking about "
            'harming yourself, call or text 988</b> to reach the <a href="https://988lifeline.org/">988 Suicide '
            "&amp; Crisis Lifeline</a>. In an emergency, call 911.</p>"
        ),
        "header_links": nav(link(PageRef("resources")), link(PageRef("how-it-works")), link(PageRef("pricing"))),
        "footer_columns": footer(
            (
                "Care",
                [
                    link(PageRef("how-it-works")),
                    link(PageRef("pricing")),
                    link(PageRef("ketamine-therapy-in-florida"), "Care in Florida"),
                    link(PageRef("ketamine-therapy-in-new-jersey"), "Care in New Jersey"),
                ],
            ),
            (
                "Learn",
                [
                    link(PageRef("resources"), "All articles"),
                    link(PageRef("resources/is-at-home-ketamine-therapy-right-for-me"), "Is it right for me?"),
                    link(PageRef("resources/side-effects-what-is-common-and-when-to-call"), "Side effects"),
                    link(PageRef("resources/understanding-the-cost-of-ketamine-therapy"), "Understanding the cost"),
                ],
            ),
        ),
        "analytics_measurement_id": "",
    },
    newsletter={
        "heading": "Get our newsletter",
        "blurb": (
            "A short email about once a month with new articles from our clinicians and news about our care in "
            "Florida and New Jersey."
        ),
        "success_message": "Thank you! You're on the list.",
        "consent_text": "I agree to receive occasional emails from {site}. I can unsubscribe at any time.",
    },
)


# --- Garden State Ketamine Care: New Jersey only, on nj.localhost -----------------------------

GARDEN_STATE_STEPS = (
    "<ol>"
    "<li><b>Meet a New Jersey physician.</b> Your first video visit is a full medical assessment, with an "
    "honest answer about whether ketamine therapy is a sensible option for you.</li>"
    "<li><b>Plan together.</b> You agree the dose, the schedule and who will sit with you, and we send a "
    "session kit and arrange delivery of your prescription.</li>"
    "<li><b>Sessions at home.</b> Check your blood pressure, take the prescribed dose and rest, with your "
    "sitter beside you and our care team a message away.</li>"
    "<li><b>Regular reviews.</b> We look at your progress with you and change the plan, or stop, when that "
    "is the right call.</li>"
    "</ol>"
)

GARDEN_STATE = DemoSite(
    key="garden-state",
    site_name="Garden State Ketamine Care",
    hostname="nj.localhost",
    port=8000,
    is_default_site=False,
    home=PageSpec(
        slug="garden-state",
        fields={
            "title": "Ketamine therapy at home, across New Jersey",
            "introduction": (
                "Garden State Ketamine Care offers physician-led ketamine therapy at home for adults in all 21 "
                "New Jersey counties, with a local care team a message away."
            ),
            "seo_title": "Garden State Ketamine Care: at-home ketamine therapy in New Jersey",
            "search_description": (
                "At-home ketamine therapy for adults in New Jersey, led by New Jersey-licensed physicians, with "
                "one monthly fee."
            ),
            "body": [
                heading("How care works"),
                paragraph(GARDEN_STATE_STEPS + '<p><a href="/how-it-works/">Read the full guide</a></p>'),
                pricing("One monthly fee"),
                coverage("Serving all of New Jersey"),
                call_to_action(),
            ],
        },
    ),
    hub=PageSpec(
        slug="resources",
        fields={
            "title": "Resources",
            "introduction": (
                "Guides from our New Jersey care team: getting started, staying safe, paying for care and looking "
                "after yourself between sessions. Every clinical guide is checked by our medical director."
            ),
        },
    ),
    landing_pages=[
        PageSpec(
            slug="how-it-works",
            fields={
                "title": "How it works",
                "introduction": (
                    "What at-home ketamine therapy with Garden State Ketamine Care involves, from the first "
                    "video visit to your regular reviews."
                ),
                "search_description": "The steps of at-home ketamine therapy with Garden State Ketamine Care.",
                "body": [
                    heading("Your first appointment"),
                    paragraph(
                        "<p>A physician licensed in New Jersey meets you by video. We ask about your mood, what "
                        "you have already tried, your physical health and your medicines, and who could stay "
                        'with you during sessions. <a href="/resources/your-first-appointment-what-we-ask/">What '
                        "we ask, and why</a>.</p>"
                    ),
                    heading("A plan that fits your week"),
                    paragraph(
                        "<p>If ketamine therapy may help, you agree a written plan: the dose, the schedule, your "
                        "sitter and your blood pressure limit. Most people choose a regular day off for "
                        "sessions.</p>"
                    ),
                    heading("Session days"),
                    paragraph(
                        "<ul><li>Be at home in New Jersey, with your sitter.</li>"
                        "<li>Check your blood pressure before you take the medicine.</li>"
                        "<li>Rest for about two hours, then record how you feel.</li>"
                        "<li>No alcohol, no driving and no big decisions until the next day.</li></ul>"
                    ),
                    callout(
                        "takeaway",
                        "Honest about results",
                        "<p>Ketamine therapy helps some people with depression and not others. We review your "
                        "progress regularly and will suggest stopping, or other care, if it is not helping.</p>",
                    ),
                    heading("Reviews"),
                    paragraph(
                        "<p>Your physician reviews your progress with you every few weeks. With your consent, we "
                        "keep your primary care doctor and therapist informed.</p>"
                    ),
                    callout("warning", "In a crisis", CRISIS_LINE),
                    call_to_action(),
                ],
            },
        ),
        PageSpec(
            slug="ketamine-therapy-in-new-jersey",
            fields={
                "title": "Ketamine therapy in New Jersey",
                "introduction": (
                    "We are a New Jersey service: our physicians are licensed here, and we care for people in "
                    "every county, from the Skylands to the Shore."
                ),
                "search_description": "At-home ketamine therapy in all 21 New Jersey counties.",
                "body": [
                    paragraph(
                        "<p>Wherever you live in the state, you have the same care: a physician's assessment by "
                        "video, sessions at home with a sitter, prescriptions delivered by a licensed pharmacy, "
                        "and a care team you can message seven days a week.</p>"
                    ),
                    coverage("Counties we serve"),
                    paragraph(
                        "<p>You need to be in New Jersey for your visits and sessions. If you commute or study "
                        'out of state, <a href="/resources/telehealth-in-new-jersey/">here is how people plan '
                        "around it</a>.</p>"
                    ),
                    call_to_action(),
                    disclaimer(),
                ],
            },
        ),
        PageSpec(
            slug="pricing",
            fields={
                "title": "Pricing",
                "introduction": "One monthly fee, no long contracts, and a written estimate before you start.",
                "search_description": "What at-home ketamine therapy with Garden State Ketamine Care costs.",
                "body": [
                    pricing("Our monthly fee"),
                    paragraph(
                        "<p>The first assessment is charged separately, and the medicine is billed by the "
                        'pharmacy that dispenses it. <a href="/resources/what-your-monthly-fee-covers/">What the '
                        "fee covers</a>.</p>"
                    ),
                    faq(
                        "Pricing questions",
                        [
                            (
                                "Do you take insurance?",
                                "<p>We are not in network with health plans. Some plans reimburse part of the cost "
                                "of physician visits; we provide itemised receipts for you to claim.</p>",
                            ),
                            (
                                "Can I pause my care?",
                                "<p>Yes. Tell us before the next month starts, and we pause billing until you "
                                "return to active care.</p>",
                            ),
                            (
                                "Are there cancellation fees?",
                                "<p>Not for sessions rearranged with reasonable notice. Your health and safety "
                                "come first.</p>",
                            ),
                        ],
                    ),
                    call_to_action(
                        eyebrow="Questions first?",
                        title="Read how care works",
                        text="See each step, from your first appointment to your reviews.",
                        button_label="How it works",
                        page=PageRef("how-it-works"),
                    ),
                ],
            },
        ),
    ],
    settings={
        "brand_name": "Garden State Ketamine Care",
        "primary_colour": "#2f5d3a",
        "accent_colour": "#8c3b2e",
        "phone": "(973) 555-0182",
        "email": "gardenstate@example.com",
        "hours": "Monday to Saturday, 8am to 7pm Eastern",
        "starting_price": Decimal("300.00"),
        "billing_period": "month",
        "inclusions": inclusions(
            "Physician licensed in New Jersey, with regular reviews",
            "Care team messaging 7 days a week",
            "Blood pressure monitor and session kit",
            "Prescriptions delivered by a licensed pharmacy",
        ),
        "cta_label": "Book an assessment",
        "cta_page": PageRef("pricing"),
        "cta_url": "",
        "coverage": [area("New Jersey", NEW_JERSEY_COUNTIES)],
        "disclaimer": (
            "<p>Garden State Ketamine Care publishes these pages to help you understand your options. They are "
            "general information, not medical advice, and reading them does not make you our patient. Only a "
            "clinician who has assessed you can say whether a treatment is safe for you, and ketamine therapy does "
            "not help everyone. <b>If you are thinking about suicide or are in crisis, call or text 988</b>; in an "
            "emergency, call 911.</p>"
        ),
        "header_links": nav(
            link(PageRef("how-it-works")),
            link(PageRef("pricing")),
            link(PageRef("resources"), "Guides"),
        ),
        "footer_columns": footer(
            (
                "Our care",
                [
                    link(PageRef("how-it-works")),
                    link(PageRef("pricing")),
                    link(PageRef("ketamine-therapy-in-new-jersey"), "Counties we serve"),
                ],
            ),
            (
                "Guides",
                [
                    link(PageRef("resources"), "All guides"),
                    link(PageRef("resources/your-first-appointment-what-we-ask"), "Your first appointment"),
                    link(PageRef("resources/blood-pressure-and-ketamine"), "Blood pressure checks"),
                    link(PageRef("resources/what-your-monthly-fee-covers"), "What the fee covers"),
                ],
            ),
        ),
        "analytics_measurement_id": "",
    },
    newsletter={
        "heading": "Notes from our New Jersey care team",
        "blurb": "New guides and practical tips, about once a month. We never share your address.",
        "success_message": "Thanks for signing up! Look out for our next note.",
        "consent_text": "Yes, send me occasional emails from {site}. I can unsubscribe at any time.",
    },
)

SITES = [HARBORLIGHT, GARDEN_STATE]
