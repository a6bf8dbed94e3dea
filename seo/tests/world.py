"""Two sites with every kind of page the SEO rules speak about, and helpers that read rendered output."""

import datetime
import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import extruct
import pytest
from bs4 import BeautifulSoup
from PIL import Image as PillowImage
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction, Site
from wagtailseo.models import SeoSettings

from home.models import HomePage, LandingPage
from marketing.models import SiteSettings
from marketing.tests.builders import NEW_JERSEY, make_site_settings
from resources.models import ArticlePage, ResourcesIndexPage
from resources.tests.builders import (
    days_ago,
    make_article,
    make_category,
    make_image,
    make_person,
    make_site,
    paragraph,
)

MAIN_HOST = "localhost"
JERSEY_HOST = "jersey.localhost"

FAQ_ITEMS = [
    {
        "question": "Do I need a referral?",
        "answer": "<p>No. A physician sees you <b>first</b> &amp; writes your plan.</p><p>Bring a photo ID.</p>",
    },
    {"question": "Is it safe at home?", "answer": "<p>Sessions are <i>monitored</i> by your care team.</p>"},
]
FAQ = ("faq", {"title": "Frequently asked questions", "items": FAQ_ITEMS})
# What a reader sees of each answer, and what search engines should be told.
FAQ_ANSWERS = {
    "Do I need a referral?": "No. A physician sees you first & writes your plan. Bring a photo ID.",
    "Is it safe at home?": "Sessions are monitored by your care team.",
}
LAST_REVIEWED = datetime.date(2025, 3, 14)
# Each test image is one plain colour, so the image an address serves tells which image it is.
COLOURS = {
    "featured": (31, 95, 107),
    "hero": (214, 120, 40),
    "default": (120, 40, 160),
    "own": (200, 30, 30),
}


@dataclass
class SiteTree:
    key: str
    site: Site
    settings: SiteSettings
    home: HomePage
    hub: ResourcesIndexPage
    landing: LandingPage
    reviewed_article: ArticlePage
    plain_article: ArticlePage
    states: list[str]

    @property
    def host(self) -> str:
        return self.site.hostname

    @property
    def root(self) -> str:
        return f"http://{self.site.hostname}/"

    def page(self, kind: str) -> Page:
        return {
            "home": self.home,
            "hub": self.hub,
            "article": self.reviewed_article,
            "plain-article": self.plain_article,
            "landing": self.landing,
        }[kind]


@dataclass
class World:
    main: SiteTree
    jersey: SiteTree
    draft: ArticlePage
    private_article: ArticlePage
    noindex_page: LandingPage
    default_image: Image
    featured_image: Image
    hero_image: Image

    def site(self, key: str) -> SiteTree:
        return {"main": self.main, "jersey": self.jersey}[key]


def make_landing(parent, title, slug, **fields) -> LandingPage:
    landing = LandingPage(title=title, slug=slug, body=[paragraph(f"About {title}.")], **fields)
    parent.add_child(instance=landing)
    landing.save_revision().publish()
    return landing


def make_reviewed_article(hub, title, *, reviewer, **fields) -> ArticlePage:
    article = make_article(
        hub,
        title,
        body=[paragraph("Your care team checks in before every session."), FAQ],
        tags=["Safety", "At home"],
        published=days_ago(30),
        medical_reviewer=reviewer,
        last_reviewed=LAST_REVIEWED,
        **fields,
    )
    # Published a month ago and updated since: the modified time differs from the published time.
    ArticlePage.objects.filter(pk=article.pk).update(last_published_at=days_ago(2))
    article.refresh_from_db()
    return article


def build_world() -> World:
    featured_image = make_image("Calm room", size=(1600, 900), colour=COLOURS["featured"])
    hero_image = make_image("Jersey shore", size=(1600, 900), colour=COLOURS["hero"])
    default_image = make_image("Harborlight default", size=(1200, 630), colour=COLOURS["default"])

    # The main site: Harborlight Health on localhost, serving Florida and New Jersey, with a default image.
    site, home, hub = make_site(MAIN_HOST, title="Harborlight")
    # People and categories belong to a site: each site has its own.
    author = make_person("Sam Rivera", "Health writer", site=site)
    reviewer = make_person("Dr. Maya Okafor", "Board-certified psychiatrist", site=site)
    category = make_category("Treatment basics", site=site)
    settings = make_site_settings(site, brand_name="Harborlight Health", logo=make_image("Logo", size=(480, 120)))
    home.introduction = "Physician-led ketamine therapy at home in Florida and New Jersey."
    home.seo_title = "Harborlight Health: at-home ketamine therapy"
    home.save_revision().publish()
    SeoSettings.objects.update_or_create(site=site, defaults={"og_image_default": default_image})
    reviewed = make_reviewed_article(
        hub,
        "What a ketamine session at home looks like",
        summary="A step-by-step look at a supervised session, from check-in to recovery.",
        category=category,
        author=author,
        reviewer=reviewer,
        image=featured_image,
    )
    plain = make_article(
        hub,
        "Paying for treatment",
        summary="What a month of care costs and what it includes.",
        author=author,
        category=category,
        published=days_ago(10),
    )
    draft = make_article(hub, "Unpublished draft", live=False)
    private = make_article(hub, "Staff-only notes", author=author)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    landing = make_landing(
        home, "Ketamine therapy in Florida", "florida", introduction="Physician-led care anywhere in Florida."
    )
    noindex_page = make_landing(
        home, "Spring campaign", "spring-campaign", introduction="Only for our e-mail campaign.", noindex=True
    )
    main = SiteTree("main", site, settings, home, hub, landing, reviewed, plain, ["Florida", "New Jersey"])

    # The second site: Garden State Ketamine Care on jersey.localhost, New Jersey only, no default image.
    site, home, hub = make_site(JERSEY_HOST, title="Garden State", default=False)
    author = make_person("Sam Rivera", "Health writer", site=site)
    reviewer = make_person("Dr. Maya Okafor", "Board-certified psychiatrist", site=site)
    settings = make_site_settings(site, brand_name="Garden State Ketamine Care", coverage=[("area", NEW_JERSEY)])
    home.introduction = "At-home ketamine therapy across New Jersey."
    home.save_revision().publish()
    reviewed = make_reviewed_article(
        hub,
        "Preparing for your first session",
        summary="What to do the day before, and on the day, of your first session.",
        author=author,
        reviewer=reviewer,
        image=featured_image,
    )
    plain = make_article(
        hub, "Getting started in New Jersey", summary="Your first week of care in New Jersey.", published=days_ago(5)
    )
    landing = make_landing(
        home,
        "Ketamine therapy in New Jersey",
        "new-jersey",
        introduction="Care in all 21 counties.",
        hero_image=hero_image,
    )
    jersey = SiteTree("jersey", site, settings, home, hub, landing, reviewed, plain, ["New Jersey"])

    return World(
        main=main,
        jersey=jersey,
        draft=draft,
        private_article=private,
        noindex_page=noindex_page,
        default_image=default_image,
        featured_image=featured_image,
        hero_image=hero_image,
    )


@dataclass
class Rendered:
    """One page as a crawler sees it: the HTML, its JSON-LD and its Open Graph properties."""

    url: str
    html: str
    soup: BeautifulSoup
    json_ld: list[dict]
    opengraph: dict

    def meta(self, name: str) -> list[str]:
        return [tag.get("content", "") for tag in self.soup.find_all("meta", attrs={"name": name})]

    def og(self, prop: str) -> list[str]:
        """Every value of an Open Graph property, as extruct parsed it."""
        value = self.opengraph.get(prop, [])
        return value if isinstance(value, list) else [value]

    def of_type(self, schema_type: str) -> list[dict]:
        return [item for item in self.json_ld if item.get("@type") == schema_type]

    def one(self, schema_type: str) -> dict:
        items = self.of_type(schema_type)
        assert len(items) == 1, f"expected one {schema_type} on {self.url}, found {len(items)}"
        return items[0]

    @property
    def canonical(self) -> str:
        links = self.soup.find_all("link", rel="canonical")
        assert len(links) == 1, f"expected one canonical link on {self.url}"
        return links[0]["href"]

    @property
    def title(self) -> str:
        return self.soup.title.get_text()

    @property
    def robots(self) -> list[str]:
        return self.meta("robots")


def render(client, url: str, host: str) -> Rendered:
    response = client.get(url, headers={"host": host})
    assert response.status_code == 200, f"{host}{url} answered {response.status_code}"
    html = response.content.decode()
    base_url = f"http://{host}{url}"
    # with_og_array keeps every value of a repeated property (article:tag), not just the first.
    data = extruct.extract(
        html, base_url=base_url, syntaxes=["json-ld", "opengraph"], uniform=True, with_og_array=True
    )
    opengraph = data["opengraph"]
    assert len(opengraph) <= 1
    return Rendered(
        url=base_url,
        html=html,
        soup=BeautifulSoup(html, "html.parser"),
        json_ld=data["json-ld"],
        opengraph=opengraph[0] if opengraph else {},
    )


def is_absolute_on(url: str, host: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname == host


def served_image(client, url: str, host: str) -> tuple[tuple[int, int], tuple[int, int, int]]:
    """The size and colour (at its centre) of the image an address serves."""
    response = client.get(urlsplit(url).path, headers={"host": host})
    assert response.status_code == 200, url
    image = PillowImage.open(io.BytesIO(b"".join(response.streaming_content))).convert("RGB")
    return image.size, image.getpixel((image.width // 2, image.height // 2))


def same_colour(found, expected) -> bool:
    # JPEG is lossy: a plain colour comes back a few steps off.
    return all(abs(a - b) <= 6 for a, b in zip(found, expected, strict=True))


def page_url(page: Page) -> str:
    """The page's path on its own site."""
    return page.specific.get_url_parts()[2]


SITES = ["main", "jersey"]
PAGE_KINDS = ["home", "hub", "article", "landing"]
# Every page kind the rules are checked on, on both sites: ids like "jersey-article".
PAGES = [pytest.param(site, kind, id=f"{site}-{kind}") for site in SITES for kind in PAGE_KINDS]


def render_page(client, tree: SiteTree, kind: str, query: str = "") -> Rendered:
    return render(client, page_url(tree.page(kind)) + query, tree.host)


def fresh(page: Page) -> Page:
    """The page as the database has it now: tests that change pages never touch the module's shared objects."""
    return Page.objects.get(pk=page.pk).specific
