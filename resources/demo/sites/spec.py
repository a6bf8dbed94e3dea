"""The shapes of the demo data, builders for StreamField content, and what both sites share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..make_images import favicon_name, logo_name

ARTICLES = Path(__file__).resolve().parent.parent / "articles"


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
    # The site's own team (see seed_demo): groups "<team> editors", "<team> medical reviewers" and
    # "<team> site managers", and the Person the team's reviewer account is linked to.
    team: str = ""
    reviewer: str = ""
    # The site's people (name → role, bio) and categories (name → order, description).
    people: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
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

# Authors and reviewers, name → (role, bio), each site's own: the importer finds them by name in the
# hub's site.
HARBORLIGHT_PEOPLE = {
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
}
GARDEN_STATE_PEOPLE = {
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

# Categories, name → (order, description), each site's own.
HARBORLIGHT_CATEGORIES = {
    "Treatment basics": (10, "How at-home ketamine therapy works, who it may suit and what each step involves."),
    "Safety": (20, "How sessions are kept safe, and what to watch for."),
    "Costs and coverage": (30, "What care costs, and how insurance, HSA and FSA funds may help."),
    "Living well": (40, "Preparing for sessions, making sense of them and looking after yourself."),
}
GARDEN_STATE_CATEGORIES = {
    "Getting started": (10, "First appointments, choosing a programme and how telehealth works in New Jersey."),
    "Staying safe": (20, "Blood pressure, other substances and keeping your medicine secure."),
    "Paying for care": (30, "Our monthly fee, insurance questions and planning a budget."),
    "Everyday wellbeing": (40, "Fitting care into daily life, and looking after your mood between sessions."),
}


# --- Harborlight Health: Florida and New Jersey, on localhost --------------------------------
