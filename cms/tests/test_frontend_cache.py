"""CDN purge (wagtail.contrib.frontend_cache), configured from the environment.

The settings are proven in fresh interpreters; the purges with Wagtail's HTTP
backend pointed at a small server in this process that records each PURGE.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.apps import apps
from wagtail.contrib.frontend_cache import signal_handlers
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from cms.settings import environment
from cms.tests.processes import clean_environment, manage
from cms.tests.test_environment import GOOD_KEY, only_line, read_settings
from marketing.models import SiteSettings
from resources.tests.builders import make_article, make_person, make_site

APP = "wagtail.contrib.frontend_cache"


class PurgeRecorder(BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def purge_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.purged = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def frontend_cache(purge_server, settings, monkeypatch):
    """The settings' WAGTAILFRONTENDCACHE for an HTTP purger, and Wagtail's app switched on as INSTALLED_APPS would."""
    monkeypatch.setenv("FRONTEND_CACHE_BACKEND", "http")
    monkeypatch.setenv("FRONTEND_CACHE_PURGE_URL", f"http://127.0.0.1:{purge_server.server_port}")
    settings.WAGTAILFRONTENDCACHE = environment.frontend_cache()
    # What the app's ready() does; undone afterwards so other tests purge nothing.
    signal_handlers.register_signal_handlers()
    yield purge_server.purged
    for model in apps.get_models():
        if issubclass(model, Page):
            page_published.disconnect(signal_handlers.page_published_signal_handler, sender=model)
            page_unpublished.disconnect(signal_handlers.page_unpublished_signal_handler, sender=model)


@pytest.fixture
def two_sites(db):
    fl = make_site("localhost", title="Harborlight Health")
    nj = make_site("nj.localhost", title="Garden State Ketamine Care", default=False)
    return fl, nj


def paths(purged, host):
    return {path for purged_host, path in purged if purged_host == host}


# The settings, read at import in a fresh interpreter


def test_no_frontend_cache_by_default():
    values = read_settings(["WAGTAILFRONTENDCACHE", "INSTALLED_APPS"], SECRET_KEY=GOOD_KEY)
    assert values["WAGTAILFRONTENDCACHE"] == {}
    assert APP not in values["INSTALLED_APPS"]


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"FRONTEND_CACHE_BACKEND": "cloudflare", "CLOUDFLARE_BEARER_TOKEN": "tok", "CLOUDFLARE_ZONEID": "zone"},
            {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
                "BEARER_TOKEN": "tok",
                "ZONEID": "zone",
            },
        ),
        (
            {"FRONTEND_CACHE_BACKEND": "CloudFront", "CLOUDFRONT_DISTRIBUTION_ID": "E2EXAMPLE"},
            {"BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend", "DISTRIBUTION_ID": "E2EXAMPLE"},
        ),
        (
            {
                "FRONTEND_CACHE_BACKEND": "http",
                "FRONTEND_CACHE_PURGE_URL": "http://varnish:6081",
                "FRONTEND_CACHE_HOSTNAMES": "www.harborlight.example, nj.harborlight.example",
            },
            {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": "http://varnish:6081",
                "HOSTNAMES": ["www.harborlight.example", "nj.harborlight.example"],
            },
        ),
    ],
    ids=["cloudflare", "cloudfront", "http"],
)
def test_backend_is_built_from_the_environment(environ, expected):
    values = read_settings(["WAGTAILFRONTENDCACHE", "INSTALLED_APPS"], SECRET_KEY=GOOD_KEY, **environ)
    assert values["WAGTAILFRONTENDCACHE"] == {"default": expected}
    assert APP in values["INSTALLED_APPS"]


@pytest.mark.parametrize(
    ("environ", "line"),
    [
        (
            {"FRONTEND_CACHE_BACKEND": "cloudflare", "CLOUDFLARE_ZONEID": "zone"},
            "CLOUDFLARE_BEARER_TOKEN is required when FRONTEND_CACHE_BACKEND is cloudflare.",
        ),
        (
            {"FRONTEND_CACHE_BACKEND": "cloudflare", "CLOUDFLARE_BEARER_TOKEN": "tok"},
            "CLOUDFLARE_ZONEID is required when FRONTEND_CACHE_BACKEND is cloudflare.",
        ),
        (
            {"FRONTEND_CACHE_BACKEND": "cloudfront"},
            "CLOUDFRONT_DISTRIBUTION_ID is required when FRONTEND_CACHE_BACKEND is cloudfront.",
        ),
        (
            {"FRONTEND_CACHE_BACKEND": "http"},
            "FRONTEND_CACHE_PURGE_URL is required when FRONTEND_CACHE_BACKEND is http.",
        ),
        (
            {"FRONTEND_CACHE_BACKEND": "http", "FRONTEND_CACHE_PURGE_URL": "varnish:6081"},
            "FRONTEND_CACHE_PURGE_URL must be a URL starting with http:// or https://, not 'varnish:6081'.",
        ),
        (
            {"FRONTEND_CACHE_BACKEND": "varnish"},
            "FRONTEND_CACHE_BACKEND must be one of cloudflare, cloudfront, http, not 'varnish'.",
        ),
        (
            {"CLOUDFLARE_ZONEID": "zone"},
            "CLOUDFLARE_ZONEID is set but FRONTEND_CACHE_BACKEND is not: nothing would be purged.",
        ),
    ],
    ids=["no-token", "no-zone", "no-distribution", "no-purge-url", "bad-purge-url", "unknown-backend", "no-backend"],
)
def test_incomplete_frontend_cache_stops_start_up_with_one_line(environ, line):
    result = manage("check", env=clean_environment(SECRET_KEY=GOOD_KEY, **environ))
    assert result.returncode != 0
    assert only_line(result.stderr) == f"Configuration error: {line}"


# Purges, recorded by a local HTTP purger


def test_publishing_an_article_purges_it_and_the_pages_that_list_it(
    two_sites, frontend_cache, django_capture_on_commit_callbacks
):
    (_, _, fl_hub), _ = two_sites
    frontend_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        make_article(fl_hub, "What to expect")

    assert paths(frontend_cache, "localhost") == {"/resources/what-to-expect/", "/resources/", "/"}
    assert paths(frontend_cache, "nj.localhost") == set()


def test_unpublishing_an_article_purges_it(two_sites, frontend_cache, django_capture_on_commit_callbacks):
    (_, _, fl_hub), _ = two_sites
    article = make_article(fl_hub, "What to expect")
    frontend_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    assert "/resources/what-to-expect/" in paths(frontend_cache, "localhost")


def test_saving_site_settings_purges_every_page_of_that_site_only(
    two_sites, frontend_cache, django_capture_on_commit_callbacks
):
    (fl, _, fl_hub), (_, _, nj_hub) = two_sites
    make_article(fl_hub, "What to expect")
    make_article(fl_hub, "Draft article", live=False)
    make_article(nj_hub, "New Jersey coverage")
    frontend_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        settings = SiteSettings.for_site(fl)
        settings.brand_name = "Harborlight Health"
        settings.save()

    assert paths(frontend_cache, "localhost") == {"/", "/resources/", "/resources/what-to-expect/"}
    assert {host for host, _ in frontend_cache} == {"localhost"}


def test_saving_a_snippet_purges_every_site(two_sites, frontend_cache, django_capture_on_commit_callbacks):
    frontend_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        make_person()

    assert paths(frontend_cache, "localhost") == {"/", "/resources/"}
    assert paths(frontend_cache, "nj.localhost") == {"/", "/resources/"}


def test_making_an_article_private_purges_it_and_its_sites_listings(
    two_sites, frontend_cache, django_capture_on_commit_callbacks
):
    (_, _, fl_hub), _ = two_sites
    article = make_article(fl_hub, "What to expect")
    frontend_cache.clear()

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type="login")

    assert paths(frontend_cache, "localhost") == {"/", "/resources/", "/resources/what-to-expect/"}
    assert {host for host, _ in frontend_cache} == {"localhost"}


def test_nothing_is_purged_without_a_frontend_cache(
    two_sites, purge_server, settings, django_capture_on_commit_callbacks
):
    (fl, _, fl_hub), _ = two_sites
    settings.WAGTAILFRONTENDCACHE = {}

    with django_capture_on_commit_callbacks(execute=True):
        make_article(fl_hub, "What to expect")
        SiteSettings.for_site(fl).save()
        make_person()

    assert purge_server.purged == []
