"""Page weight budgets: what a visitor downloads, compressed as the server sends it.

- No JavaScript framework; every stylesheet and script is our own, hand-written.
- All first-party CSS under 20 KB and all first-party JS under 10 KB, gzipped.
- An article page's HTML under 40 KB gzipped.
- Nothing render-blocking from another host; fonts are the system's.

"First-party" files are those collectstatic gathers from this repository (``static/``
and our apps' ``static/`` folders), not Wagtail's admin assets. Each file is
gzipped on its own at level 6, as nginx and whitenoise send it, and the sizes are
added up: the worst case of a visitor fetching every file.
"""

import gzip
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from wagtail.models import Site

from marketing.models import SiteSettings
from resources.models import ArticlePage
from resources.tests.builders import make_site

# The module's fixture builds the demo in the test database: make sure one is set up.
pytestmark = pytest.mark.django_db

KB = 1024
CSS_BUDGET = 20 * KB
JS_BUDGET = 10 * KB
ARTICLE_HTML_BUDGET = 40 * KB
GZIP_LEVEL = 6

HOSTS = {"localhost:8000", "nj.localhost:8000"}  # the two demo sites
PAGES = ("/", "/resources/")  # and every article
FRAMEWORKS = re.compile(r"react|vue|angular|jquery|alpine|htmx|svelte|preact|lit-element|stimulus", re.IGNORECASE)
# <script type> values a browser runs; anything else (application/ld+json) is data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
FONT_FILE = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|#|$)", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""", re.IGNORECASE)
CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'");\s]+)""", re.IGNORECASE)


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def first_party_static(suffix: str) -> dict[str, bytes]:
    """Every file collectstatic would serve from this repository, by its static path."""
    repository = Path(settings.BASE_DIR).resolve()
    environment = Path(settings.BASE_DIR, ".venv").resolve()
    files = {}
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore_patterns=[]):
            source = Path(storage.path(path)).resolve()
            if not source.is_relative_to(repository) or source.is_relative_to(environment):
                continue  # Wagtail's admin, wagtail-seo and other installed packages
            if path.endswith(suffix):
                files.setdefault(path, source.read_bytes())
    return files


def describe(sizes: dict[str, int]) -> str:
    return ", ".join(f"{path} {size:,} B" for path, size in sorted(sizes.items()))


def test_first_party_files_are_found():
    css, js = first_party_static(".css"), first_party_static(".js")
    assert "css/site.css" in css
    assert "js/search-suggest.js" in js
    assert not any(path.startswith(("wagtailadmin/", "wagtailimages/")) for path in {*css, *js})


def test_css_under_20_kb_compressed():
    sizes = {path: gzipped_size(data) for path, data in first_party_static(".css").items()}
    total = sum(sizes.values())
    assert total < CSS_BUDGET, f"CSS is {total:,} B gzipped (budget {CSS_BUDGET:,} B): {describe(sizes)}"


def test_js_under_10_kb_compressed_and_no_framework():
    files = first_party_static(".js")
    sizes = {path: gzipped_size(data) for path, data in files.items()}
    total = sum(sizes.values())
    assert total < JS_BUDGET, f"JS is {total:,} B gzipped (budget {JS_BUDGET:,} B): {describe(sizes)}"
    assert not [path for path in files if FRAMEWORKS.search(Path(path).name)]


def test_css_loads_nothing_from_other_hosts():
    for path, data in first_party_static(".css").items():
        css = data.decode()
        for url in CSS_IMPORT.findall(css) + CSS_URL.findall(css):
            assert is_same_origin(url, host=""), f"{path} loads {url}"
        for rule in re.findall(r"@font-face\s*{[^}]*}", css, re.IGNORECASE):
            assert all(is_same_origin(url, host="") for url in CSS_URL.findall(rule)), f"{path}: {rule}"


def is_same_origin(url: str, host: str) -> bool:
    """A relative URL, a path, or an absolute URL on the page's own host."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("data", "blob"):
        return True
    return parts.scheme in ("", "http", "https") and parts.netloc in ("", host)


def outside_requests(page: BeautifulSoup, host: str) -> list[str]:
    """Scripts, stylesheets, preloads and fonts the page would fetch from another host."""
    urls = [script["src"] for script in page.find_all("script", src=True)]
    for link in page.find_all("link", href=True):
        rel = {value.lower() for value in link.get("rel", [])}
        fetched = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon"}
        if rel & fetched or FONT_FILE.search(link["href"]):
            urls.append(link["href"])
    for style in page.find_all("style"):
        urls += CSS_IMPORT.findall(style.get_text()) + CSS_URL.findall(style.get_text())
    return [url for url in dict.fromkeys(urls) if not is_same_origin(url, host)]


def blocking_head_scripts(page: BeautifulSoup) -> list[str]:
    """Scripts in <head> that stop the parser: neither defer, async nor a module."""
    blocking = []
    for script in page.head.find_all("script"):
        kind = (script.get("type") or "").strip().lower()
        if kind not in SCRIPT_TYPES:
            continue  # a data block such as JSON-LD: never run, never blocks
        if kind == "module" or (script.get("src") and (script.has_attr("defer") or script.has_attr("async"))):
            continue
        blocking.append(str(script)[:120])
    return blocking


@pytest.fixture(scope="module")
def demo_pages(django_db_setup, django_db_blocker, tmp_path_factory) -> dict[tuple[str, str], bytes]:
    """The demo's home pages, hubs and every article, rendered once for the module: {(host, path): HTML}.

    Built in a transaction rolled back at the end, so no test sees it in the database.
    """
    pages = {}
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        cache.clear()  # no page an earlier test cached under the same site and generation
        call_command("seed_demo", stdout=io.StringIO())
        client = Client()
        for site in Site.objects.order_by("pk"):
            host = f"{site.hostname}:{site.port}"
            articles = ArticlePage.objects.live().descendant_of(site.root_page).order_by("path")
            for path in (*PAGES, *(article.relative_url(site) for article in articles)):
                response = client.get(path, headers={"host": host})
                assert response.status_code == 200, (host, path)
                pages[(host, path)] = response.content
        transaction.set_rollback(True)
    assert {host for host, _ in pages} == set(HOSTS)
    return pages


def test_article_html_under_40_kb_compressed(demo_pages):
    articles = {key: html for key, html in demo_pages.items() if key[1] not in PAGES}
    assert len(articles) == 24
    sizes = {key: gzipped_size(html) for key, html in articles.items()}
    (host, path), largest = max(sizes.items(), key=lambda item: item[1])
    # The largest is a realistic article: several kinds of block, related articles, a CTA, the newsletter form.
    page = BeautifulSoup(articles[(host, path)], "html.parser")
    assert page.select(".related .card"), path
    assert page.select(".cta"), path
    assert page.select("form.newsletter__form"), path
    assert len({tag.name for tag in page.select(".article__body > *")}) >= 4, path
    assert largest < ARTICLE_HTML_BUDGET, (
        f"The largest article page, {host}{path}, is {largest:,} B gzipped "
        f"({len(articles[(host, path)]):,} B raw); budget {ARTICLE_HTML_BUDGET:,} B"
    )


def test_pages_fetch_nothing_from_other_hosts(demo_pages):
    for (host, path), html in demo_pages.items():
        page = BeautifulSoup(html, "html.parser")
        assert outside_requests(page, host) == [], (host, path)
        scripts = [script["src"] for script in page.find_all("script", src=True)]
        assert not [src for src in scripts if FRAMEWORKS.search(urlsplit(src).path)], (host, path)


def test_no_script_blocks_rendering(demo_pages):
    for (host, path), html in demo_pages.items():
        assert blocking_head_scripts(BeautifulSoup(html, "html.parser")) == [], (host, path)


def test_with_analytics_on_the_one_outside_script_is_async(client, db):
    """A site that turns analytics on loads Google's script, asynchronously: it never blocks rendering."""
    site, _, _ = make_site()
    SiteSettings.objects.create(site=site, brand_name="Clinic", analytics_measurement_id="G-TEST1234")
    page = BeautifulSoup(client.get("/", headers={"host": "localhost"}).content, "html.parser")
    outside = outside_requests(page, "localhost")
    assert [urlsplit(url).netloc for url in outside] == ["www.googletagmanager.com"]
    assert page.head.find("script", src=outside[0]).has_attr("async")
    assert blocking_head_scripts(page) == []


def test_the_checks_catch_outside_fonts_styles_and_blocking_scripts():
    page = BeautifulSoup(
        """<html><head>
        <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Inter">
        <link rel="preload" as="font" href="//cdn.example/inter.woff2" crossorigin>
        <link rel="stylesheet" href="/static/css/site.css">
        <style>@import url("https://cdn.example/theme.css");
        @font-face { src: url(https://cdn.example/a.woff2); }</style>
        <script src="/static/js/app.js"></script>
        <script>window.x = 1;</script>
        <script type="application/ld+json">{}</script>
        <script defer src="/static/js/ok.js"></script>
        <script type="module" src="/static/js/ok.mjs"></script>
        </head><body><script src="https://cdn.example/jquery.min.js"></script></body></html>""",
        "html.parser",
    )
    assert outside_requests(page, "localhost:8000") == [
        "https://cdn.example/jquery.min.js",
        "https://fonts.googleapis.com/css2?family=Inter",
        "//cdn.example/inter.woff2",
        "https://cdn.example/theme.css",
        "https://cdn.example/a.woff2",
    ]
    assert len(blocking_head_scripts(page)) == 2  # the plain external script and the inline one
    assert is_same_origin("http://localhost:8000/static/x.css", "localhost:8000")
    assert not is_same_origin("http://localhost.evil:8000/x.css", "localhost:8000")
