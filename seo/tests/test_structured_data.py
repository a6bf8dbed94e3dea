"""schema.org JSON-LD, extracted from the rendered pages with extruct."""

from collections import Counter
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest

from seo.tests.world import FAQ_ANSWERS, LAST_REVIEWED, PAGES, SITES, is_absolute_on, page_url, render_page

pytestmark = pytest.mark.django_db

# Properties whose values are addresses; every one must be absolute and on the page's own host.
URL_PROPERTIES = {"url", "@id", "item", "image", "logo", "urlTemplate"}


def addresses(data):
    """Every (property, address) pair anywhere in a JSON-LD value."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in URL_PROPERTIES and isinstance(value, str):
                yield key, value
            elif key in URL_PROPERTIES and isinstance(value, list) and all(isinstance(v, str) for v in value):
                yield from ((key, item) for item in value)
            else:
                yield from addresses(value)
    elif isinstance(data, list):
        for item in data:
            yield from addresses(item)


EXPECTED_TYPES = {
    "home": ["MedicalBusiness", "WebSite"],
    "hub": ["BreadcrumbList"],
    "article": ["BreadcrumbList", "MedicalWebPage", "FAQPage"],
    "plain-article": ["BreadcrumbList", "Article"],
    "landing": ["BreadcrumbList"],
}


@pytest.mark.parametrize(
    ("site", "kind"), [*PAGES, *(pytest.param(s, "plain-article", id=f"{s}-plain") for s in SITES)]
)
def test_one_block_per_type_with_absolute_addresses_on_the_own_host(client, world, site, kind):
    tree = world.site(site)
    page = render_page(client, tree, kind)
    types = [item["@type"] for item in page.json_ld]
    assert sorted(types) == sorted(EXPECTED_TYPES[kind])
    assert not [t for t, count in Counter(types).items() if count > 1]
    assert page.html.count('type="application/ld+json"') == len(EXPECTED_TYPES[kind])
    for item in page.json_ld:
        assert item["@context"] in ("https://schema.org", "http://schema.org")
    found = list(addresses(page.json_ld))
    assert found
    for key, url in found:
        assert is_absolute_on(url, tree.host), (key, url)


@pytest.mark.parametrize("site", SITES)
def test_home_page_describes_the_clinic_and_its_search(client, world, site):
    tree = world.site(site)
    page = render_page(client, tree, "home")
    clinic = page.one("MedicalBusiness")
    assert clinic["name"] == tree.settings.brand_name
    assert clinic["url"] == tree.root
    # From Settings → Site settings → Coverage, one State per area served.
    assert clinic["areaServed"] == [{"@type": "State", "name": state} for state in tree.states]

    website = page.one("WebSite")
    assert website["url"] == tree.root
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    template = action["target"]["urlTemplate"]
    assert template == f"{tree.root}search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    # The template leads to the site's own search page.
    search = urlsplit(template.replace("{search_term_string}", "ketamine"))
    assert search.query == "q=ketamine"
    assert client.get(f"{search.path}?{search.query}", headers={"host": search.hostname}).status_code == 200


def test_brand_logo_is_an_absolute_image_of_the_site(client, world):
    page = render_page(client, world.main, "home")
    logo = page.one("MedicalBusiness")["logo"]
    assert is_absolute_on(logo, world.main.host)
    assert client.get(urlsplit(logo).path, headers={"host": world.main.host}).status_code == 200
    article = render_page(client, world.main, "article").one("MedicalWebPage")
    assert article["publisher"]["logo"] == {"@type": "ImageObject", "url": logo}


@pytest.mark.parametrize(("site", "kind"), [(s, k) for s in SITES for k in ("hub", "article", "landing")])
def test_breadcrumbs_on_every_page_below_home(client, world, site, kind):
    tree = world.site(site)
    page = render_page(client, tree, kind)
    crumbs = page.one("BreadcrumbList")["itemListElement"]
    origin = f"http://{tree.host}"
    expected = [("Home", tree.root)]
    if kind == "article":
        expected.append(("Resources", origin + page_url(tree.hub)))
    expected.append((tree.page(kind).title, page.canonical))
    assert [(crumb["name"], crumb["item"]) for crumb in crumbs] == expected
    assert [crumb["position"] for crumb in crumbs] == list(range(1, len(expected) + 1))
    assert {crumb["@type"] for crumb in crumbs} == {"ListItem"}


@pytest.mark.parametrize("site", SITES)
def test_reviewed_article_is_a_medical_web_page(client, world, site):
    tree = world.site(site)
    article = tree.reviewed_article
    page = render_page(client, tree, "article")
    assert page.of_type("Article") == []
    data = page.one("MedicalWebPage")
    assert data["headline"] == article.title
    assert data["description"] == article.summary
    assert data["url"] == page.canonical
    assert data["mainEntityOfPage"]["@id"] == page.canonical
    assert data["image"] == page.og("og:image")
    assert datetime.fromisoformat(data["datePublished"]) == article.first_published_at
    assert datetime.fromisoformat(data["dateModified"]) == article.last_published_at
    assert data["dateModified"] != data["datePublished"]
    assert data["author"] == {"@type": "Person", "name": "Sam Rivera", "jobTitle": "Health writer"}
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr. Maya Okafor",
        "jobTitle": "Board-certified psychiatrist",
    }
    assert date.fromisoformat(data["lastReviewed"]) == LAST_REVIEWED
    assert data["audience"]["@type"] == "MedicalAudience"
    assert data["audience"]["audienceType"]
    assert data["about"]["@type"]
    assert data["about"]["name"]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == tree.settings.brand_name
    assert data["publisher"]["url"] == tree.root


@pytest.mark.parametrize("site", SITES)
def test_article_without_reviewer_is_an_article(client, world, site):
    tree = world.site(site)
    article = tree.plain_article
    page = render_page(client, tree, "plain-article")
    assert page.of_type("MedicalWebPage") == []
    data = page.one("Article")
    assert data["headline"] == article.title
    assert data["description"] == article.summary
    assert datetime.fromisoformat(data["datePublished"]) == article.first_published_at
    assert datetime.fromisoformat(data["dateModified"]) == article.last_published_at
    assert data["publisher"]["name"] == tree.settings.brand_name
    for reviewed_only in ("reviewedBy", "lastReviewed", "audience"):
        assert reviewed_only not in data
    if article.author:
        assert data["author"] == {"@type": "Person", "name": "Sam Rivera", "jobTitle": "Health writer"}


@pytest.mark.parametrize("site", SITES)
def test_faq_page_matches_the_questions_and_answers_readers_see(client, world, site):
    tree = world.site(site)
    page = render_page(client, tree, "article")
    questions = page.one("FAQPage")["mainEntity"]
    assert [(q["@type"], q["acceptedAnswer"]["@type"]) for q in questions] == [("Question", "Answer")] * 2
    structured = {q["name"]: q["acceptedAnswer"]["text"] for q in questions}
    assert structured == FAQ_ANSWERS
    # The same questions and answers a reader sees on the page, as plain text.
    visible = {
        item.summary.get_text(strip=True): " ".join(item.select_one(".faq__answer").get_text(" ").split())
        for item in page.soup.select(".faq__item")
    }
    assert visible == structured
