"""Title, description, canonical URL, robots, Open Graph and Twitter tags, read from the rendered HTML."""

from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from marketing.models import SiteSettings
from resources.tests.builders import make_image
from seo.tests.world import (
    COLOURS,
    PAGE_KINDS,
    PAGES,
    SITES,
    fresh,
    is_absolute_on,
    page_url,
    render,
    render_page,
    same_colour,
    served_image,
)

pytestmark = pytest.mark.django_db


def expected_title(tree, kind):
    page = tree.page(kind)
    return page.seo_title or f"{page.title} | {tree.site.site_name}"


def expected_description(tree, kind):
    page = tree.page(kind)
    return page.summary if kind == "article" else page.introduction


def expected_image(tree, kind):
    """The colour of the image shown: own image first (featured or hero), then the site's default from
    Settings → SEO; the jersey site has no default."""
    if kind == "article":
        return COLOURS["featured"]
    if tree.key == "jersey":
        return COLOURS["hero"] if kind == "landing" else None
    return COLOURS["default"]


def assert_shows(client, url, host, colour):
    """The address is absolute, on the site's host, and serves that image at the size social networks show."""
    assert is_absolute_on(url, host), url
    size, found = served_image(client, url, host)
    assert size == (1200, 630)
    assert same_colour(found, colour), (url, found, colour)


@pytest.mark.parametrize(("site", "kind"), PAGES)
def test_title_description_canonical_and_language(client, world, site, kind):
    tree = world.site(site)
    page = render_page(client, tree, kind)
    assert len(page.soup.find_all("title")) == 1
    assert page.title == expected_title(tree, kind)
    assert page.meta("description") == [expected_description(tree, kind)]
    # Absolute, on the site's own host, the page's own address.
    assert page.canonical == f"http://{tree.host}{page_url(tree.page(kind))}"
    assert page.soup.html["lang"] in ("en", "en-US", "en-us")
    assert page.robots == []


@pytest.mark.parametrize(("site", "kind"), PAGES)
def test_open_graph_and_twitter_tags_match_the_page(client, world, site, kind):
    tree = world.site(site)
    page = render_page(client, tree, kind)
    og = page.opengraph
    assert og["og:title"] == page.title
    assert og["og:description"] == expected_description(tree, kind)
    assert og["og:url"] == page.canonical
    assert og["og:site_name"] == tree.site.site_name
    assert og["@type"] == ("article" if kind == "article" else "website")
    assert page.meta("twitter:card") == ["summary_large_image" if kind == "article" else "summary"]
    assert page.meta("twitter:title") == [page.title]
    assert page.meta("twitter:description") == [expected_description(tree, kind)]

    colour = expected_image(tree, kind)
    if colour is None:
        # No image anywhere: no image tags at all, rather than empty ones.
        assert "og:image" not in og
        assert page.soup.find("meta", attrs={"property": "og:image"}) is None
        assert page.meta("twitter:image") == []
        return
    assert page.og("og:image") == page.meta("twitter:image")
    [image_url] = page.og("og:image")
    assert_shows(client, image_url, tree.host, colour)


@pytest.mark.parametrize("site", SITES)
def test_article_open_graph_dates_section_and_tags(client, world, site):
    tree = world.site(site)
    article = tree.reviewed_article
    page = render_page(client, tree, "article")
    assert page.opengraph["@type"] == "article"
    [published] = page.og("article:published_time")
    [modified] = page.og("article:modified_time")
    assert datetime.fromisoformat(published) == article.first_published_at
    assert datetime.fromisoformat(modified) == article.last_published_at
    assert page.og("article:section") == ([article.category.name] if article.category else [])
    assert sorted(page.og("article:tag")) == ["At home", "Safety"]
    assert page.og("article:author") == ["Sam Rivera"]


def test_pages_that_are_not_articles_carry_no_article_tags(client, world):
    for kind in ("home", "hub", "landing"):
        page = render_page(client, world.main, kind)
        assert not [key for key in page.opengraph if key.startswith("article:")], kind


def test_editor_overrides_win_over_every_fallback(client, world):
    article = fresh(world.main.reviewed_article)
    own_image = make_image("Share card", size=(1400, 800), colour=COLOURS["own"])
    article.seo_title = "Ketamine at home: a session, step by step"
    article.search_description = "From check-in to recovery: what happens in a supervised session at home."
    article.og_image = own_image
    article.save_revision().publish()

    page = render(client, page_url(article), world.main.host)
    assert page.title == "Ketamine at home: a session, step by step"
    assert page.opengraph["og:title"] == page.meta("twitter:title")[0] == page.title
    assert page.meta("description") == [article.search_description]
    assert page.opengraph["og:description"] == article.search_description
    assert page.one("MedicalWebPage")["description"] == article.search_description
    [image_url] = page.og("og:image")
    assert_shows(client, image_url, world.main.host, COLOURS["own"])
    assert page.meta("twitter:image") == [image_url]
    assert page.one("MedicalWebPage")["image"] == [image_url]


def test_search_description_wins_over_a_landing_page_introduction(client, world):
    landing = fresh(world.main.landing)
    landing.search_description = "Ketamine therapy at home anywhere in Florida, from $250 a month."
    landing.save_revision().publish()
    page = render(client, page_url(landing), world.main.host)
    assert page.meta("description") == [landing.search_description]
    assert page.opengraph["og:description"] == landing.search_description


def test_article_without_its_own_image_uses_the_site_default_image(client, world):
    # The main site's plain article has no featured image; Settings → SEO has a default image.
    page = render_page(client, world.main, "plain-article")
    [image_url] = page.og("og:image")
    assert_shows(client, image_url, world.main.host, COLOURS["default"])
    assert page.one("Article")["image"] == [image_url]
    # The other site has no default image: its plain article names none.
    page = render_page(client, world.jersey, "plain-article")
    assert "og:image" not in page.opengraph
    assert "image" not in page.one("Article")


@pytest.mark.parametrize(
    ("query", "canonical_query"),
    [
        ("", ""),
        ("?page=1", ""),
        ("?page=2", "?page=2"),
        ("?utm_source=newsletter&utm_medium=email", ""),
        ("?page=2&utm_source=newsletter", "?page=2"),
        ("?category=treatment-basics", "?category=treatment-basics"),
        ("?category=treatment-basics&page=1&utm_campaign=spring", "?category=treatment-basics"),
        ("?tag=safety", "?tag=safety"),
    ],
)
def test_hub_canonical_keeps_only_parameters_that_change_the_content(
    client, world, monkeypatch, query, canonical_query
):
    # One article a page, so the hub really has a second page.
    monkeypatch.setattr("resources.models.ARTICLES_PER_PAGE", 1)
    page = render_page(client, world.main, "hub", query)
    assert page.canonical == f"http://{world.main.host}/resources/{canonical_query}"
    assert page.opengraph["og:url"] == page.canonical


def test_canonical_url_set_by_the_editor_is_used(client, world):
    landing = fresh(world.jersey.landing)
    landing.canonical_url = "https://www.example.org/new-jersey-ketamine/"
    landing.save_revision().publish()
    page = render(client, page_url(landing), world.jersey.host)
    assert page.canonical == "https://www.example.org/new-jersey-ketamine/"
    assert page.opengraph["og:url"] == page.canonical


def test_noindex_page_says_noindex(client, world):
    page = render(client, page_url(world.noindex_page), world.main.host)
    assert page.robots == ["noindex"]


@pytest.mark.parametrize("site", SITES)
def test_discouraging_search_engines_makes_every_page_of_that_site_noindex(client, world, site):
    discouraged = world.site(site)
    other = world.jersey if site == "main" else world.main
    SiteSettings.objects.filter(pk=discouraged.settings.pk).update(discourage_search_engines=True)
    for kind in [*PAGE_KINDS, "plain-article"]:
        assert render_page(client, discouraged, kind).robots == ["noindex"], kind
        assert render_page(client, other, kind).robots == [], kind


def test_canonical_names_the_page_of_articles_actually_shown(client):
    from resources.tests.builders import make_article, make_site

    _, _, hub = make_site("canon.localhost", title="Canon", default=False)
    for n in range(13):
        make_article(hub, f"Article {n}")

    def canonical(query):
        response = client.get(f"/resources/{query}", headers={"host": "canon.localhost"})
        return BeautifulSoup(response.content, "html.parser").find("link", rel="canonical")["href"]

    assert canonical("?page=2") == "http://canon.localhost/resources/?page=2"
    assert canonical("?page=99") == "http://canon.localhost/resources/?page=2"
    assert canonical("?page=abc") == "http://canon.localhost/resources/"
    assert canonical("?page=01&utm_source=mail") == "http://canon.localhost/resources/"
