"""The full-page cache: anonymous visitors get stored pages, and every edit shows on the very next request."""

import json
import time
from decimal import Decimal
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail import hooks
from wagtail.contrib.search_promotions.models import Query
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from cms import page_cache, site_cache
from cms.site_cache import forget_process_memories, invalidate_site
from cms.tests.processes import clean_environment, manage
from cms.tests.test_environment import GOOD_KEY, only_line, read_settings
from marketing.models import ReusableCallToAction
from marketing.tests.builders import make_site_settings
from resources.tests.builders import make_article, make_category, make_image, make_person, make_site

FLORIDA = "localhost"
JERSEY = "jersey.localhost"
SECURITY_HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "X-Frame-Options",
    "Cross-Origin-Opener-Policy",
)


def with_every_site_setting(site):
    """Every site setting row exists, as on a live site (a site's first page view would create them)."""
    for model in registry:
        if issubclass(model, BaseSiteSetting):
            model.for_site(site)


@pytest.fixture
def world(db):
    """Two sites; each home shows the offer's price and a saved call to action, Florida has an article."""
    florida, fl_home, fl_hub = make_site(hostname=FLORIDA, title="Harborlight")
    jersey, nj_home, nj_hub = make_site(hostname=JERSEY, title="Garden State", default=False)
    saved_cta = ReusableCallToAction.objects.create(
        site=florida, name="Consultation", heading="Book a free consultation"
    )
    for site, home, price in ((florida, fl_home, "250.00"), (jersey, nj_home, "275.00")):
        make_site_settings(site, starting_price=Decimal(price))
        with_every_site_setting(site)
        home.body = [("call_to_action", {}), ("call_to_action", {"reusable": saved_cta})]
        home.save_revision().publish()
    category = make_category("Safety")
    author = make_person("Dr. Maya Okafor")
    article = make_article(fl_hub, "What to expect", category=category, author=author)
    return SimpleNamespace(
        florida=florida,
        jersey=jersey,
        fl_hub=fl_hub,
        nj_hub=nj_hub,
        article=article,
        category=category,
        author=author,
        saved_cta=saved_cta,
    )


def get(client, url, host=FLORIDA, headers=None, **kwargs):
    return client.get(url, headers={"host": host, **(headers or {})}, **kwargs)


def state(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def text(response) -> str:
    return " ".join(BeautifulSoup(response.content, "html.parser").get_text().split())


def warm(client, url, host=FLORIDA):
    """Visit until the page is served from the cache, as earlier visitors would have."""
    assert state(get(client, url, host)) == "miss"
    response = get(client, url, host)
    assert state(response) == "hit"
    return response


# Hits -------------------------------------------------------------------------------------------


def test_the_second_anonymous_visit_gets_the_same_page_from_the_cache(client, world):
    first = get(client, "/")
    second = get(client, "/")

    assert (first.status_code, state(first)) == (200, "miss")
    assert (second.status_code, state(second)) == (200, "hit")
    assert second.content == first.content
    assert "Starting at $250/month" in text(second)
    assert second["ETag"] == first["ETag"]


def test_a_hit_runs_no_sql(client, world, django_assert_num_queries):
    get(client, world.article.url)

    with django_assert_num_queries(0):
        response = get(client, world.article.url)

    assert state(response) == "hit"
    assert "What to expect" in text(response)


def test_a_miss_reads_the_sites_generation_only_in_the_page_caches_one_round_trip(client, world, monkeypatch):
    warm(client, "/")
    reads = []
    original = site_cache.site_generation
    monkeypatch.setattr(site_cache, "site_generation", lambda site_id: reads.append(site_id) or original(site_id))

    response = get(client, "/resources/")  # another page: a miss

    assert state(response) == "miss"
    assert reads == []  # neither the site lookup nor the settings read it again


def test_a_process_that_just_started_serves_pages_another_one_cached(world, django_assert_num_queries):
    warm(Client(), "/")
    new_worker = Client()
    forget_process_memories()  # what a new process remembers: nothing

    # Which site answers at this host, once per process: the site, its generation, the site again.
    with django_assert_num_queries(2):
        first = get(new_worker, "/")
    with django_assert_num_queries(0):
        second = get(new_worker, "/")

    assert (state(first), state(second)) == ("hit", "hit")


def test_head_is_answered_from_the_get_entry_and_fills_it(client, world):
    page = get(client, "/")
    head = client.head("/", headers={"host": FLORIDA})

    assert (head.status_code, state(head)) == (200, "hit")
    assert head.content == b""
    assert int(head["Content-Length"]) == len(page.content)
    assert head["ETag"] == page["ETag"]

    head_first = client.head(world.article.url, headers={"host": FLORIDA})
    then_get = get(client, world.article.url)
    assert (state(head_first), state(then_get)) == ("miss", "hit")
    assert "What to expect" in text(then_get)


def test_a_hit_carries_the_same_headers_as_the_miss_security_headers_included(client, world):
    miss = get(client, "/", secure=True)
    hit = get(client, "/", secure=True)

    assert (state(miss), state(hit)) == ("miss", "hit")
    for name in SECURITY_HEADERS:
        assert hit[name] == miss[name], name
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    # Every response has its own request id, for the logs; everything else is the stored miss.
    assert hit["X-Request-ID"] != miss["X-Request-ID"]
    per_response = {"X-Page-Cache": "", "X-Request-ID": ""}
    assert {**hit.headers, **per_response} == {**miss.headers, **per_response}


def test_a_cached_page_sets_no_cookie_and_carries_no_csrf_token(client, world):
    miss = get(client, "/")
    hit = get(client, "/")

    for response in (miss, hit):
        assert not response.cookies
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert "data-newsletter-form" in response.content.decode()


# Revalidation -----------------------------------------------------------------------------------


def test_browsers_revalidate_every_time_and_get_304_when_nothing_changed(client, world):
    page = get(client, "/")
    directives = {directive.strip() for directive in page["Cache-Control"].split(",")}
    assert directives == {"public", "max-age=0", "must-revalidate"}
    assert page["ETag"].startswith('"')
    assert "Last-Modified" not in page

    not_modified = get(client, "/", headers={"If-None-Match": page["ETag"]})
    assert (not_modified.status_code, state(not_modified)) == (304, "hit")
    assert not_modified.content == b""
    assert not_modified["ETag"] == page["ETag"]

    invalidate_site(world.florida.pk)  # e.g. another page of the site was published: this one is rendered again
    again = get(client, "/", headers={"If-None-Match": page["ETag"]})
    assert (again.status_code, state(again)) == (304, "miss")

    other = get(client, "/", headers={"If-None-Match": '"something-else"'})
    assert (other.status_code, state(other)) == (200, "hit")
    assert other.content == page.content


# What is never served from the cache ------------------------------------------------------------


def test_signed_in_editors_bypass_the_cache_and_never_fill_it(client, world):
    anonymous_page = warm(client, "/")
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("editor", "editor@example.org", "pw"))

    editors_page = get(editor, "/")
    again = get(client, "/")

    assert state(editors_page) == "bypass"
    assert "userbar" in editors_page.content.decode()
    assert state(again) == "hit"
    assert "userbar" not in again.content.decode()
    assert again.content == anonymous_page.content


@pytest.mark.parametrize(
    "credentials",
    [
        {"cookies": {"sessionid": "abc"}},
        {"cookies": {"messages": "abc"}},
        {"headers": {"Authorization": "Basic eDp5"}},
    ],
    ids=["session cookie", "messages cookie", "Authorization"],
)
def test_requests_with_a_session_messages_or_authorization_bypass_and_store_nothing(world, credentials):
    visitor = Client()
    for name, value in credentials.get("cookies", {}).items():
        visitor.cookies[name] = value

    responses = [get(visitor, "/", headers=credentials.get("headers")) for _ in range(2)]

    assert [(r.status_code, state(r)) for r in responses] == [(200, "bypass"), (200, "bypass")]
    assert state(get(Client(), "/")) == "miss"


@pytest.mark.parametrize("method", ["post", "options", "put"])
def test_only_get_and_head_are_cached(client, world, method):
    warm(client, "/")

    response = getattr(client, method)("/", headers={"host": FLORIDA})

    assert state(response) == "bypass"


@pytest.mark.parametrize(
    "url",
    ["/admin/login/", "/search/?q=expect", "/newsletter/unsubscribe/nonsense/", "/robots.txt", "/sitemap.xml"],
)
def test_other_views_are_never_cached(client, world, url):
    responses = [get(client, url) for _ in range(2)]

    assert [state(response) for response in responses] == ["bypass", "bypass"]


def test_health_checks_are_answered_before_the_page_cache(client, world):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_every_search_is_recorded_for_the_reports_even_when_repeated(client, world):
    for _ in range(3):
        assert get(client, "/search/?q=expect").status_code == 200

    assert Query.get("expect").hits == 3


@pytest.mark.parametrize(("url", "status"), [("/no-such-page/", 404), ("/resources", 301)])
def test_not_found_and_redirects_are_not_cached(client, world, url, status):
    responses = [get(client, url) for _ in range(2)]

    assert [(r.status_code, state(r)) for r in responses] == [(status, "bypass"), (status, "bypass")]


# Query strings ----------------------------------------------------------------------------------


def test_campaign_links_all_get_the_plain_pages_one_entry(client, world):
    first = get(client, "/?utm_source=flood0&utm_campaign=spring&gclid=abc&fbclid=def")
    floods = [get(client, f"/?utm_source=flood{n}") for n in range(1, 200)]
    plain = get(client, "/")

    assert (first.status_code, state(first)) == (200, "miss")
    assert {(response.status_code, state(response)) for response in [*floods, plain]} == {(200, "hit")}
    # Rendered as the plain page: no campaign in its links or its signup form's return address.
    assert plain.content == first.content
    assert b"utm_" not in first.content
    assert b"flood0" not in first.content


@pytest.mark.parametrize(
    "url",
    [
        "/?x=1",
        "/resources/?category=safety&x=1",
        "/resources/?category=safety&category=safety",
        "/resources/?page=999",
        "/resources/?page=abc",
        "/resources/feed/rss/?category=safety",
    ],
)
def test_a_query_the_page_does_not_read_is_answered_but_never_stored(client, world, url):
    responses = [get(client, url) for _ in range(2)]

    assert [(response.status_code, state(response)) for response in responses] == [(200, "bypass")] * 2


def test_hub_filters_and_pages_are_cached_each_under_its_own_entry(client, world):
    safety = warm(client, "/resources/?category=safety")
    first_page = warm(client, "/resources/?page=1")
    hub = warm(client, "/resources/")
    with_campaign = get(client, "/resources/?utm_medium=email&category=safety")

    assert "What to expect" in text(safety)
    assert safety.content != hub.content
    assert first_page["ETag"] != safety["ETag"]
    assert (state(with_campaign), with_campaign.content) == ("hit", safety.content)


def sets_a_cookie(response, request):
    response.set_cookie("seen", "1")


def uses_a_csrf_token(response, request):
    get_token(request)


def is_private(response, request):
    patch_cache_control(response, private=True)


def varies_on_language(response, request):
    patch_vary_headers(response, ["Accept-Language"])


@pytest.mark.parametrize("change", [sets_a_cookie, uses_a_csrf_token, is_private, varies_on_language])
def test_pages_that_are_not_the_same_for_everyone_are_not_cached(client, world, change):
    def serve_then_change(serve):
        def inner(page, request, args, kwargs):
            response = serve(page, request, args, kwargs)
            change(response, request)
            return response

        return inner

    with hooks.register_temporarily("on_serve_page", serve_then_change):
        first, second = get(Client(), "/"), get(Client(), "/")

    assert [state(first), state(second)] == ["bypass", "bypass"]
    if change in (sets_a_cookie, uses_a_csrf_token):
        assert second.cookies  # the second visitor gets a cookie of their own, not a copy without it


def test_a_password_protected_page_is_never_cached(client, world):
    PageViewRestriction.objects.create(page=world.article, restriction_type="password", password="secret")

    responses = [get(client, world.article.url) for _ in range(2)]

    assert [state(r) for r in responses] == ["bypass", "bypass"]
    assert "password" in text(responses[1]).lower()
    assert "Body text of What to expect" not in text(responses[1])


# Hosts and sites --------------------------------------------------------------------------------


def test_each_host_gets_its_own_pages_and_an_unknown_host_never_gets_another_hosts_page(client, world):
    warm(client, "/", FLORIDA)

    jersey = get(client, "/", JERSEY)
    assert state(jersey) == "miss"
    assert "Starting at $275/month" in text(jersey)
    assert state(get(client, "/", JERSEY)) == "hit"
    # No site of its own: Wagtail answers with the default site, rendered for this host.
    assert state(get(client, "/", "unknown.localhost")) == "miss"
    assert state(get(client, "/", "localhost:8000")) == "miss"
    refused = get(client, "/", "attacker.example")
    assert (refused.status_code, state(refused)) == (400, "bypass")


def test_a_deleted_sites_host_stops_getting_its_old_pages(client, world):
    warm(client, "/", JERSEY)

    world.jersey.delete()
    response = get(client, "/", JERSEY)

    assert state(response) == "miss"
    assert "Starting at $250/month" in text(response)  # the default site, Florida, now answers


def test_a_host_moved_to_another_site_stops_getting_its_old_pages(client, world):
    warm(client, "/", JERSEY)

    world.jersey.hostname = "nj.localhost"
    world.jersey.save()

    old_host = get(client, "/", JERSEY)
    new_host = get(client, "/", "nj.localhost")
    assert (state(old_host), state(new_host)) == ("miss", "miss")
    assert "Starting at $250/month" in text(old_host)  # the default site, Florida, now answers
    assert "Starting at $275/month" in text(new_host)


# Every edit shows on the next request -------------------------------------------------------------


def test_a_price_change_shows_on_the_next_request_to_every_page_of_the_site(client, world):
    for url in ("/", world.article.url):
        assert "Starting at $250/month" in text(warm(client, url))
    warm(client, "/", JERSEY)

    make_site_settings(world.florida, starting_price=Decimal("199.00"))

    for url in ("/", world.article.url):
        response = get(client, url)
        assert state(response) == "miss"
        assert "Starting at $199/month" in text(response)
        assert "$250" not in text(response)
    assert state(get(client, "/", JERSEY)) == "hit"


def test_publishing_a_change_shows_at_once_and_keeps_the_other_sites_pages_cached(client, world):
    for url in ("/", "/resources/", world.article.url):
        warm(client, url)
    warm(client, "/", JERSEY)

    world.article.title = "What to expect on the day"
    world.article.save_revision().publish()

    assert "What to expect on the day" in text(get(client, world.article.url))
    assert "What to expect on the day" in text(get(client, "/resources/"))
    assert state(get(client, "/", JERSEY)) == "hit"


def test_an_unpublished_page_disappears_at_once(client, world):
    for url in ("/resources/", world.article.url):
        warm(client, url)

    world.article.unpublish()

    assert get(client, world.article.url).status_code == 404
    assert "What to expect" not in text(get(client, "/resources/"))


def test_a_deleted_page_disappears_at_once(client, world):
    for url in ("/resources/", world.article.url):
        warm(client, url)

    world.article.delete()

    assert get(client, world.article.url).status_code == 404
    assert "What to expect" not in text(get(client, "/resources/"))


def test_a_page_moved_to_another_site_leaves_one_and_joins_the_other_at_once(client, world):
    old_url = world.article.url
    for url in ("/resources/", old_url):
        warm(client, url)
    warm(client, "/resources/", JERSEY)

    world.article.move(world.nj_hub, pos="last-child")

    assert get(client, old_url).status_code != 200
    assert "What to expect" not in text(get(client, "/resources/"))
    assert "What to expect" in text(get(client, "/resources/", JERSEY))


def test_a_saved_call_to_action_edit_shows_on_every_site_at_once(client, world):
    warm(client, "/", FLORIDA)
    warm(client, "/", JERSEY)

    world.saved_cta.heading = "Book a call this week"
    world.saved_cta.save()

    for host in (FLORIDA, JERSEY):
        response = get(client, "/", host)
        assert state(response) == "miss"
        assert "Book a call this week" in text(response)


@pytest.mark.parametrize(
    ("snippet", "new_name"), [("author", "Dr. Maya Okafor-Reyes"), ("category", "Safety at home")]
)
def test_a_person_or_category_edit_shows_on_the_article_at_once(client, world, snippet, new_name):
    assert new_name not in text(warm(client, world.article.url))

    edited = getattr(world, snippet)
    edited.name = new_name
    edited.save()

    response = get(client, world.article.url)
    assert state(response) == "miss"
    assert new_name in text(response)


def test_an_edited_image_shows_at_once_and_a_new_upload_keeps_pages_cached(client, world):
    image = make_image("Sunlit living room")
    world.article.featured_image = image
    world.article.save_revision().publish()
    warm(client, world.article.url)
    warm(client, "/", JERSEY)

    make_image("Not used anywhere yet")
    assert state(get(client, world.article.url)) == "hit"

    image.description = "A sunlit living room with a reading chair"
    image.save()

    response = get(client, world.article.url)
    assert state(response) == "miss"
    hero = BeautifulSoup(response.content, "html.parser").select_one(".article__hero img")
    assert hero["alt"] == "A sunlit living room with a reading chair"
    assert state(get(client, "/", JERSEY)) == "miss"  # an image can show on any site


def test_a_page_cached_while_a_change_commits_is_retired_by_the_commit(
    client, world, django_capture_on_commit_callbacks
):
    warm(client, "/")

    with django_capture_on_commit_callbacks(execute=True):
        make_site_settings(world.florida, starting_price=Decimal("199.00"))
        # Another visitor, before the commit: in production this render could still read the old price.
        warm(client, "/")

    assert state(get(client, "/")) == "miss"


# Settings ---------------------------------------------------------------------------------------


def test_page_cache_seconds_0_turns_the_cache_off(settings, world):
    settings.PAGE_CACHE_SECONDS = 0
    visitor = Client()

    responses = [get(visitor, "/") for _ in range(2)]

    assert all(response.status_code == 200 for response in responses)
    assert ["X-Page-Cache" in response for response in responses] == [False, False]
    assert "Cache-Control" not in responses[1]


def test_pages_are_kept_for_page_cache_seconds(settings, world):
    settings.PAGE_CACHE_SECONDS = 1
    visitor = Client()
    warm(visitor, "/")

    time.sleep(1.1)

    assert state(get(visitor, "/")) == "miss"


def test_a_new_release_never_serves_pages_the_previous_one_cached(world, monkeypatch):
    warm(Client(), "/")

    monkeypatch.setattr(page_cache, "code_version", lambda: "the-next-release")

    assert state(get(Client(), "/")) == "miss"


def test_the_release_changes_with_the_static_files(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    versions = []
    for css in ("site.1a2b.css", "site.3c4d.css"):
        (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": {"css/site.css": f"css/{css}"}}))
        page_cache.code_version.cache_clear()
        versions.append(page_cache.code_version())
    page_cache.code_version.cache_clear()

    assert versions[0] != versions[1]


def test_the_cache_is_on_by_default_only_with_redis():
    assert read_settings(["PAGE_CACHE_SECONDS"], SECRET_KEY=GOOD_KEY) == {"PAGE_CACHE_SECONDS": 0}
    with_redis = read_settings(["PAGE_CACHE_SECONDS"], SECRET_KEY=GOOD_KEY, REDIS_URL="redis://cache.internal:6379/2")
    assert with_redis == {"PAGE_CACHE_SECONDS": 600}
    chosen = read_settings(["PAGE_CACHE_SECONDS"], SECRET_KEY=GOOD_KEY, PAGE_CACHE_SECONDS="120")
    assert chosen == {"PAGE_CACHE_SECONDS": 120}


def test_a_malformed_page_cache_seconds_stops_start_up_with_one_line():
    result = manage("check", env=clean_environment(SECRET_KEY=GOOD_KEY, PAGE_CACHE_SECONDS="ten minutes"))

    assert result.returncode != 0
    assert only_line(result.stderr).startswith("Configuration error: PAGE_CACHE_SECONDS ")


# Privacy ----------------------------------------------------------------------------------------

FEEDS = ("/resources/feed/rss/", "/resources/feed/atom/")


def set_privacy(admin_client, page, restriction_type, **fields):
    """What an editor does in the admin's privacy dialog."""
    response = admin_client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        {"restriction_type": restriction_type, **fields},
        headers={"host": FLORIDA},
    )
    assert response.status_code == 200, response.content[:500]
    assert '"step": "set_privacy_done"' in response.content.decode()


PRIVACY_CHOICES = {
    "password": {"password": "letmein"},
    "login": {},
    "groups": {"groups": "GROUP"},
}


@pytest.mark.parametrize("restriction_type", PRIVACY_CHOICES)
@pytest.mark.parametrize("restricted", ["article", "hub"])
def test_a_page_made_private_in_the_admin_is_no_longer_served_or_listed_from_the_cache(
    client, admin_client, world, restricted, restriction_type
):
    title, body = "What to expect", "Body text of What to expect"
    for url in (world.article.url, "/resources/", *FEEDS):
        warm(client, url)
    fields = dict(PRIVACY_CHOICES[restriction_type])
    if "groups" in fields:
        fields["groups"] = Group.objects.get_or_create(name="Staff only")[0].pk

    set_privacy(admin_client, world.article if restricted == "article" else world.fl_hub, restriction_type, **fields)

    article = get(client, world.article.url)
    assert body not in text(article)
    assert state(article) == "bypass"
    for url in FEEDS:
        assert title not in get(client, url).content.decode()
    hub = get(client, "/resources/")
    assert restricted == "hub" or title not in text(hub)


def test_a_changed_or_removed_restriction_shows_at_once(client, admin_client, world):
    set_privacy(admin_client, world.article, "password", password="letmein")
    warm(client, "/resources/")
    staff = Group.objects.create(name="Staff only")

    set_privacy(admin_client, world.article, "groups", groups=staff.pk)
    assert get(client, world.article.url).status_code == 302  # to the login page
    warm(client, "/resources/")
    set_privacy(admin_client, world.article, "none")

    assert "What to expect" in text(get(client, "/resources/"))
    assert "Body text of What to expect" in text(get(client, world.article.url))


def test_a_groups_change_alone_retires_the_sites_pages(client, world):
    staff = Group.objects.create(name="Staff only")
    restriction = PageViewRestriction.objects.create(page=world.fl_hub, restriction_type="groups")
    warm(client, "/")

    restriction.groups.add(staff)

    assert state(get(client, "/")) == "miss"


def test_a_page_copied_live_shows_in_its_hub_at_once(client, world):
    warm(client, "/resources/")

    world.article.copy(update_attrs={"title": "A live copy", "slug": "a-live-copy"}, keep_live=True)

    assert "A live copy" in text(get(client, "/resources/"))


def test_an_edited_document_retires_every_sites_pages(client, world):
    document = get_document_model().objects.create(title="Intake guide", file=ContentFile(b"%PDF-1.4", "guide.pdf"))
    warm(client, "/", FLORIDA)
    warm(client, "/", JERSEY)

    document.title = "Intake guide, 2027"
    document.save()

    assert state(get(client, "/", FLORIDA)) == "miss"
    assert state(get(client, "/", JERSEY)) == "miss"
