"""Harborlight Health, on localhost: Florida and New Jersey, $250/month."""

from __future__ import annotations

from decimal import Decimal

from .spec import (
    CRISIS_LINE,
    FLORIDA_COUNTIES,
    HARBORLIGHT_CATEGORIES,
    HARBORLIGHT_PEOPLE,
    NEW_JERSEY_COUNTIES,
    DemoSite,
    PageRef,
    PageSpec,
    area,
    call_to_action,
    callout,
    coverage,
    disclaimer,
    faq,
    footer,
    heading,
    inclusions,
    link,
    nav,
    paragraph,
    pricing,
)

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
    team="Harborlight",
    reviewer="Dr. Samuel Whitfield",
    people=HARBORLIGHT_PEOPLE,
    categories=HARBORLIGHT_CATEGORIES,
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
