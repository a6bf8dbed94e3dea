import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage, LandingPage
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


class FakeVideoFinder(EmbedFinder):
    """Answers for any URL without the network, as a real oEmbed provider would."""

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "A short explainer video",
            "type": "video",
            "html": '<iframe title="A short explainer video" src="https://video.example/embed/1"></iframe>',
            "width": 640,
            "height": 360,
        }


class PageTreeRules(WagtailPageTestCase):
    def test_hub_only_under_a_home_page(self):
        self.assertAllowedParentPageTypes(ResourcesIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(HomePage, {ResourcesIndexPage, LandingPage})

    def test_articles_only_in_a_hub(self):
        self.assertAllowedParentPageTypes(ArticlePage, {ResourcesIndexPage})
        self.assertAllowedSubpageTypes(ArticlePage, set())
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertCanNotCreateAt(Page, ArticlePage)


def words(count: int) -> str:
    return " ".join(["word"] * count)


@pytest.mark.parametrize(
    ("word_count", "minutes"),
    [(0, 1), (1, 1), (200, 1), (201, 2), (1000, 5), (1001, 6)],
)
def test_reading_time_from_body_words(db, word_count, minutes):
    _, _, hub = make_site()
    body = [paragraph(words(word_count))] if word_count else []
    article = make_article(hub, "Timing", body=body)
    assert article.reading_time == minutes


def test_reading_time_counts_text_in_every_block(db):
    _, _, hub = make_site()
    body = [
        ("heading", {"text": words(100), "level": "h2", "anchor": ""}),
        ("faq", {"title": "", "items": [{"question": words(100), "answer": f"<p>{words(100)}</p>"}]}),
        ("callout", {"style": "note", "title": "", "text": f"<p>{words(100)}</p>"}),
    ]
    article = make_article(hub, "Mixed", body=body)
    assert article.reading_time == 2  # 400 words


def described_image(title, alt_text):
    """An image as ImageBlock hands it to templates: with its alt text for this use."""
    image = make_image(title)
    image.contextual_alt_text = alt_text
    image.decorative = False
    return image


@pytest.fixture
def full_article(db, settings):
    settings.WAGTAILEMBEDS_FINDERS = [{"class": "resources.tests.test_article_page.FakeVideoFinder"}]
    _, _, hub = make_site()
    author = make_person()
    reviewer = make_person("Dr. Luis Romero", "Board-certified psychiatrist")
    body = [
        ("heading", {"text": "How it works", "level": "h2", "anchor": ""}),
        paragraph('Sessions happen <b>at home</b> with a <a href="https://example.org/">sitter</a>.'),
        ("heading", {"text": "Preparing the room", "level": "h3", "anchor": "room"}),
        ("quote", {"quote": "It felt calm.", "attribution": "A patient in Tampa"}),
        ("callout", {"style": "warning", "title": "", "text": "<p>Do not drive after a session.</p>"}),
        ("image", {"image": described_image("Calm room", "A calm room"), "caption": "A quiet space helps."}),
        ("embed", "https://video.example/watch/1"),
        (
            "table",
            {
                "data": [["Week", "Sessions"], ["1", "2"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Typical schedule",
            },
        ),
        ("heading", {"text": "Safety", "level": "h2", "anchor": ""}),
        (
            "faq",
            {"title": "Questions", "items": [{"question": "Is it safe?", "answer": "<p>With screening, yes.</p>"}]},
        ),
        (
            "references",
            {
                "items": [
                    {
                        "title": "A review",
                        "publication": "A journal",
                        "year": 2024,
                        "url": "https://example.org/review",
                    }
                ]
            },
        ),
    ]
    article = make_article(
        hub,
        "What to expect from at-home ketamine therapy",
        body=body,
        category=make_category(),
        tags=["first steps", "safety"],
        author=author,
        medical_reviewer=reviewer,
        last_reviewed=days_ago(10).date(),
        image=make_image("Hero"),
        featured_image_alt="Sunlit living room",
        published=days_ago(30),
    )
    return article


def test_article_shows_everything_in_order(client, full_article):
    response = client.get(full_article.url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    text = " ".join(page.get_text().split())

    back = page.select_one(".article__back a")
    assert back.get_text(strip=True) == "← Back to Resources"
    assert back["href"] == "/resources/"
    crumbs = [a.get_text(strip=True) for a in page.select(".breadcrumb a")]
    assert crumbs == ["Home", "Resources", full_article.title]
    assert "Treatment basics" in page.select_one(".article__eyebrow").get_text()
    assert "1 min read" in page.select_one(".article__eyebrow").get_text()
    assert page.h1.get_text(strip=True) == full_article.title
    assert "By Dr. Maya Okafor, Physician" in text
    assert "Medically reviewed by Dr. Luis Romero, Board-certified psychiatrist" in text
    # The page shows dates in the site's time zone, which is a day behind UTC for its first hours.
    published_on = timezone.localdate(days_ago(30))
    assert page.select_one(".byline__dates time")["datetime"].startswith(str(published_on))

    hero = page.select_one(".article__hero img")
    assert hero["alt"] == "Sunlit living room"
    assert hero["fetchpriority"] == "high"
    assert hero["loading"] == "eager"
    assert hero["width"]
    assert hero["height"]
    sources = page.select(".article__hero picture source")
    assert {source["type"] for source in sources} >= {"image/avif", "image/webp"}
    assert all("srcset" in source.attrs for source in sources)

    # Order: header, hero, body, tags.
    main_text = " ".join(page.main.get_text().split())
    order = [main_text.index(s) for s in ("Back to Resources", full_article.title, "How it works", "Typical schedule")]
    assert order == sorted(order)
    assert [a.get_text() for a in page.select(".tags a")] == ["first steps", "safety"]


def test_every_body_block_renders(client, full_article):
    page = BeautifulSoup(client.get(full_article.url).content, "html.parser")
    body = page.select_one(".article__body")
    assert body.find("h2", id="how-it-works").get_text() == "How it works"
    assert body.find("h3", id="room").get_text() == "Preparing the room"
    assert [a["href"] for a in body.select(".toc a")] == ["#how-it-works", "#safety"]
    assert body.select_one(".rich-text b").get_text() == "at home"
    assert body.select_one(".quote blockquote").get_text(strip=True) == "It felt calm."
    assert "A patient in Tampa" in body.select_one(".quote figcaption").get_text()
    assert body.select_one(".callout--warning[role=note]").get_text(" ", strip=True).startswith("Safety warning")
    figure_image = body.select_one(".figure img")
    assert (figure_image["alt"], figure_image["loading"]) == ("A calm room", "lazy")
    assert body.select_one(".figure figcaption").get_text() == "A quiet space helps."
    assert body.select_one(".embed iframe")["title"] == "A short explainer video"
    assert body.select_one(".table-scroll table caption").get_text(strip=True) == "Typical schedule"
    assert [th.get_text(strip=True) for th in body.select(".table-scroll thead th")] == ["Week", "Sessions"]
    assert body.select_one(".faq details summary").get_text(strip=True) == "Is it safe?"
    reference = body.select_one(".references li")
    assert reference.a["href"] == "https://example.org/review"
    assert "A journal" in reference.get_text()
    assert "(2024)" in reference.get_text()


def test_author_name_links_to_their_profile_when_given(client, full_article):
    full_article.author.profile_url = "https://example.org/dr-okafor"
    full_article.author.save()
    page = BeautifulSoup(client.get(full_article.url).content, "html.parser")
    assert page.select_one(".byline__person a[rel=author]")["href"] == "https://example.org/dr-okafor"


def test_summary_is_the_default_meta_description(client, full_article):
    page = BeautifulSoup(client.get(full_article.url).content, "html.parser")
    assert page.find("meta", attrs={"name": "description"})["content"] == full_article.summary


def test_decorative_featured_image_has_empty_alt(client, full_article):
    full_article.featured_image_is_decorative = True
    full_article.save_revision().publish()
    page = BeautifulSoup(client.get(full_article.url).content, "html.parser")
    assert page.select_one(".article__hero img")["alt"] == ""
