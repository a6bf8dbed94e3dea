"""Security headers: a strict Content-Security-Policy on public pages (also when they come from the page
cache), the admin's own policy, Permissions-Policy, COOP, HSTS and cookie flags."""

import base64
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cms.tests.processes import clean_environment, manage
from cms.tests.test_environment import GOOD_KEY, only_line, read_settings
from cms.tests.test_page_cache import with_every_site_setting
from marketing.models import SiteSettings
from resources.tests.builders import make_article, make_site

pytestmark = pytest.mark.django_db

JERSEY = "jersey.localhost"


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


def inline_styles(response) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", response.content.decode(), flags=re.S)


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture
def sites(db):
    florida, _, hub = make_site(title="Harborlight")
    jersey, _, _ = make_site(hostname=JERSEY, title="Garden State", default=False)
    for site, colour in ((florida, "#6a1b9a"), (jersey, "#00695c")):
        with_every_site_setting(site)
        brand = SiteSettings.for_site(site)
        brand.primary_colour = colour
        brand.save()
    florida.article = make_article(hub, "What to expect")
    return florida, jersey


def test_a_public_page_allows_only_its_own_scripts_and_its_own_brand_style(client, sites):
    florida, _ = sites
    response = client.get(florida.article.url)

    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    [style] = inline_styles(response)
    assert "--color-brand: #6a1b9a" in style
    # Exactly the one inline <style> of the page is allowed, by its hash; nothing else inline.
    assert directives["style-src"] == ["'self'", sha256_source(style)]
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert "nonce-" not in header
    assert "googletagmanager" not in header  # no measurement ID, no analytics
    # JSON-LD blocks are data, not script: they need no source in the policy.
    assert '<script type="application/ld+json">' in response.content.decode()


def test_a_cache_hit_carries_the_policy_that_matches_its_own_body(client, sites):
    florida, _ = sites
    miss = client.get(florida.article.url)
    hit = client.get(florida.article.url)

    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit["Content-Security-Policy"] == miss["Content-Security-Policy"]
    assert hit["Permissions-Policy"] == miss["Permissions-Policy"]
    [style] = inline_styles(hit)
    assert sha256_source(style) in policy(hit)["style-src"]


def test_each_site_and_each_colour_change_gets_a_matching_hash(client, sites):
    florida, _ = sites
    fl_page = client.get("/")
    nj_page = client.get("/", HTTP_HOST=JERSEY)
    assert policy(fl_page)["style-src"] != policy(nj_page)["style-src"]
    assert sha256_source(inline_styles(nj_page)[0]) in policy(nj_page)["style-src"]

    brand = SiteSettings.for_site(florida)
    brand.primary_colour = "#123456"
    brand.save()
    changed = client.get("/")

    assert changed["X-Page-Cache"] == "miss"
    [style] = inline_styles(changed)
    assert "#123456" in style
    assert policy(changed)["style-src"] == ["'self'", sha256_source(style)]


def test_google_analytics_hosts_are_allowed_only_on_the_site_with_a_measurement_id(client, sites):
    florida, _ = sites
    brand = SiteSettings.for_site(florida)
    brand.analytics_measurement_id = "G-TEST1234"
    brand.save()

    with_analytics = policy(client.get("/"))
    without = policy(client.get("/", HTTP_HOST=JERSEY))

    assert with_analytics["script-src"] == ["'self'", "https://*.googletagmanager.com"]
    assert "https://*.google-analytics.com" in with_analytics["connect-src"]
    assert "https://*.google-analytics.com" in with_analytics["img-src"]
    assert without["script-src"] == ["'self'"]
    assert without["connect-src"] == ["'self'"]


def test_powerful_features_are_off_and_the_window_is_isolated(client, sites):
    response = client.get("/", secure=True)

    features = {item.strip() for item in response["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "browsing-topics=()"} <= features
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_media_on_a_cdn_is_allowed_as_an_image_source(client, sites, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "clinic-media", "custom_domain": "media.example.org"},
        },
    }
    florida, _ = sites

    assert policy(client.get(florida.article.url))["img-src"] == ["'self'", "https://media.example.org"]


def test_the_admin_has_its_own_policy_and_the_page_editor_loads_under_it(client, sites):
    florida, _ = sites
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert policy(login)["script-src"] == ["'self'"]  # where passwords are typed: nothing inline
    assert policy(login)["style-src"] == ["'self'"]

    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))
    editor = client.get(f"/admin/pages/{florida.article.pk}/edit/")

    assert editor.status_code == 200
    assert 'id="id_title"' in editor.content.decode()
    directives = policy(editor)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["frame-ancestors"] == ["'self'"]  # page previews frame the admin's own pages
    assert "Permissions-Policy" in editor


def test_a_preview_gets_the_public_policy_and_may_be_framed_by_the_admin(client, sites):
    florida, _ = sites
    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))

    draft = client.get(f"/admin/pages/{florida.article.pk}/view_draft/")

    assert draft.status_code == 200
    directives = policy(draft)
    # What visitors' browsers would allow or block, so the editor sees the same …
    assert directives["script-src"] == ["'self'"]
    [style] = inline_styles(draft)
    assert directives["style-src"] == ["'self'", sha256_source(style)]
    # … but the editor's preview panel may frame it.
    assert directives["frame-ancestors"] == ["'self'"]


def test_login_cookies_are_secure_and_not_readable_by_script(sites):
    get_user_model().objects.create_superuser("editor", "editor@example.org", "correct-horse-battery")
    browser = Client(enforce_csrf_checks=True)
    form = browser.get("/admin/login/", secure=True)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode()).group(1)

    response = browser.post(
        "/admin/login/",
        {"username": "editor", "password": "correct-horse-battery", "csrfmiddlewaretoken": token},
        secure=True,
        HTTP_REFERER="https://testserver/admin/login/",
    )

    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name


def test_report_uri_and_rates_come_from_the_environment():
    values = read_settings(
        ["CONTENT_SECURITY_POLICY", "NEWSLETTER_SIGNUP_RATE", "SEARCH_SUGGEST_RATE"],
        SECRET_KEY=GOOD_KEY,
        CSP_REPORT_URI="https://reports.example.org/csp",
        NEWSLETTER_SIGNUP_RATE="5/h",
        SEARCH_SUGGEST_RATE="60/m",
    )
    assert values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["report-uri"] == ["https://reports.example.org/csp"]
    assert (values["NEWSLETTER_SIGNUP_RATE"], values["SEARCH_SUGGEST_RATE"]) == ("5/h", "60/m")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FORWARDED_ALLOW_IPS", "proxy.internal"),
        ("NEWSLETTER_SIGNUP_RATE", "lots"),
        ("SEARCH_SUGGEST_RATE", "10/0m"),
        ("LOGIN_FAILURE_LIMIT", "0"),
        ("CSP_REPORT_URI", "reports.example.org"),
    ],
)
def test_a_malformed_security_setting_stops_start_up_naming_the_variable(name, value):
    result = manage("check", env=clean_environment(SECRET_KEY=GOOD_KEY, **{name: value}))
    assert result.returncode != 0
    assert only_line(result.stderr).startswith(f"Configuration error: {name} ")
