"""What a visitor meets on any site: the home page, error pages and security headers."""

import io
from unittest import mock

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site

from home.models import HomePage
from marketing.models import SiteSettings


def html(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_seed_demo_builds_the_site_and_running_it_again_changes_nothing(db):
    call_command("seed_demo", "--admin-password", "first-password", stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert (site.hostname, site.port) == ("localhost", 8000)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser

    def snapshot():
        return (
            list(Page.objects.values_list("id", "path", "title", "live", "latest_revision_id")),
            list(Site.objects.values_list("id", "hostname", "port", "root_page_id", "site_name")),
            list(get_user_model().objects.values_list("id", "username", "password")),
            Revision.objects.count(),
            list(SiteSettings.objects.order_by("pk").values()),
            Image.objects.count(),
        )

    before = snapshot()
    call_command("seed_demo", "--admin-password", "another-password", stdout=io.StringIO())
    assert snapshot() == before


def test_seed_demo_creates_no_account_unless_asked(db):
    call_command("seed_demo", stdout=io.StringIO())
    assert not get_user_model().objects.exists()


def test_home_page_renders_title_introduction_and_landmarks(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == "At-home ketamine therapy, guided by physicians"
    assert "Florida and New Jersey" in page.select_one(".lead").get_text()
    assert page.select_one("a.skip-link")["href"] == "#main"
    assert page.find("main", id="main")
    assert page.find("meta", attrs={"name": "viewport"})
    # The editor's SEO title wins over "page title | site name".
    assert page.title.get_text() == "Harborlight Health: at-home ketamine therapy"


def test_unknown_path_gets_the_branded_404(client, demo_site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = html(response)
    assert page.h1.get_text(strip=True) == "We can’t find that page"
    assert page.find("meta", attrs={"name": "robots", "content": "noindex"})


def test_unknown_host_gets_a_400(client, demo_site):
    response = client.get("/", headers={"host": "attacker.example"})
    assert response.status_code == 400
    assert "We couldn’t understand that request" in response.content.decode()


def test_500_page_renders_with_the_database_down(rf: RequestFactory):
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=OperationalError("down")):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_admin_lives_at_admin_only(client, demo_site):
    login = client.get("/admin/login/")
    assert login.status_code == 200
    assert html(login).find("input", attrs={"name": "username"})
    assert client.get("/django-admin/").status_code == 404


def test_security_headers_on_public_pages(client, demo_site):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_admin_may_frame_itself_for_previews(client, demo_site):
    assert client.get("/admin/login/")["X-Frame-Options"] == "SAMEORIGIN"


def test_plain_http_is_redirected_to_https_when_enabled(client, demo_site, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/resources/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/resources/?page=2"


def test_session_and_csrf_cookies_are_secure_and_http_only(client, demo_site):
    response = client.get("/admin/login/", secure=True)
    csrf = response.cookies["csrftoken"]
    assert csrf["secure"]
    assert csrf["httponly"]
