"""Whatever a visitor or a bot sends to any public address, the site answers 2xx, 3xx or 4xx, never a 5xx,
and a request it turns away writes nothing.

Hypothesis throws any text (NUL, control characters, other scripts, huge numbers, bytes that are not
UTF-8) at every form field and query parameter a visitor can reach: the hub's filters and pages, an
article, the feeds, the sitemap, search and suggest, the newsletter signup (with and without the JSON
the signup script asks for, always from the site's own Origin) and the unsubscribe link. The test
client raises any exception a view lets through, so a 500 fails the test with its traceback. The same
tests run on SQLite and on PostgreSQL, which refuses NUL characters in text.
See search/tests/test_bad_input.py for the hand-picked search queries.
"""

import re
from urllib.parse import quote, quote_from_bytes

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from newsletter.models import Subscriber, normalise_email
from resources.tests.builders import make_article, make_category, make_site

pytestmark = pytest.mark.django_db

ORIGIN = "http://testserver"  # the test client's host: a signup sent from the site's own pages
AS_SIGNUP_JS = {"Accept": "application/json", "X-Requested-With": "fetch"}
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\n\r",
    "%00",
    "../../etc/passwd",
    "'; DROP TABLE newsletter_subscriber; --",
    "<script>alert(1)</script>",
    "-1",
    "0",
    "1e309",
    "99999999999999999999999999",
    "NaN",
    "😀" * 50,
    "x" * 2000,
    "//evil.example/",
    "javascript:alert(1)",
    "http://evil.example/",
]
answers = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

text = st.text(max_size=200)  # any code point but surrogates: NUL, controls, every script
value = st.one_of(text, st.sampled_from(NASTY), st.integers(min_value=-(10**30), max_value=10**30).map(str))
values = st.one_of(value, st.lists(value, min_size=2, max_size=3))  # a parameter given more than once
raw_query = st.binary(max_size=120).map(quote_from_bytes)  # percent-escapes of bytes that are not UTF-8


def parameters(*names: str):
    """Some of ``names`` and maybe a made-up one, each with any value."""
    return st.dictionaries(st.one_of(st.sampled_from(names), text), values, max_size=len(names) + 1)


@pytest.fixture
def library(db):
    """A site with a hub, categories, tags and articles: every filter has something to match or miss."""
    site, home, hub = make_site(hostname="localhost", title="Harbor Light")
    basics, safety = make_category("Treatment basics"), make_category("Safety", order=1)
    articles = [
        make_article(hub, "What to expect", category=basics, tags=["first-session", "preparation"]),
        make_article(hub, "Blood pressure checks", category=safety, tags=["safety"]),
        make_article(hub, "Paying for treatment", category=basics, tags=["cost"]),
    ]
    return {"site": site, "home": home, "hub": hub, "article": articles[0]}


def assert_calm(response):
    assert 200 <= response.status_code < 500, (response.status_code, response.content[:500])


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/resources/", ("category", "tag", "page")),
        ("/resources/what-to-expect/", ("category", "page", "utm_source")),
        ("/resources/feed/rss/", ("category", "tag", "page")),
        ("/resources/feed/atom/", ("category", "tag", "page")),
        ("/sitemap.xml", ("p", "page")),
        ("/", ("page", "q")),
    ],
)
@answers
@given(params=parameters("category", "tag", "page", "p"), raw=st.one_of(st.none(), raw_query))
def test_pages_feeds_and_sitemap_answer_any_query_calmly(client, library, path, names, params, raw):
    assert_calm(client.get(path, params))
    if raw is not None:
        assert_calm(client.get(f"{path}?{names[0]}={raw}"))


@answers
@given(params=parameters("q", "category", "page"), raw=st.one_of(st.none(), raw_query))
def test_search_and_suggest_answer_any_query_calmly(client, library, settings, params, raw):
    settings.SEARCH_RATE = settings.SEARCH_SUGGEST_RATE = "1000000/m"  # one test client sends every example
    assert_calm(client.get("/search/", params))
    assert_calm(client.get("/search/suggest/", {"q": params.get("q", "")}))
    if raw is not None:
        assert_calm(client.get(f"/search/?q={raw}&page={raw}"))
        suggest = client.get(f"/search/suggest/?q={raw}")
        assert_calm(suggest)
        assert isinstance(suggest.json()["results"], list)


def signed_consent(library) -> str:
    """The consent the form on a page carries (signed by the site), for examples that send it intact."""
    request = RequestFactory().get(library["article"].url)
    html = render_to_string("newsletter/includes/signup_form.html", {"page": library["article"]}, request=request)
    return re.search(r'name="consent" value="([^"]+)"', html).group(1)


def signed_up(response) -> bool:
    """What the visitor is told: signed up (JSON ok, or the form's redirect back), or not."""
    if response.status_code == 303:
        return True
    if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
        return response.json().get("ok") is True
    return False


def subscribers() -> set[tuple]:
    return set(Subscriber.objects.values_list("email", "site_id", "consent_text", "unsubscribed_at"))


@settings(answers, max_examples=80)
@given(
    fields=st.fixed_dictionaries(
        # An address that may well be valid most of the time, so that many examples are accepted too.
        {"email": st.one_of(st.emails(), st.emails(), st.just("  Jane.Doe@Example.ORG "), value)},
        optional={
            "website": st.one_of(st.just(""), value),
            "source_page": st.one_of(value, st.integers(min_value=-5, max_value=10**6).map(str)),
            "next": value,
            "consent": st.one_of(value, st.just("SIGNED")),
        },
    ),
    extra=st.dictionaries(text, value, max_size=2),
    javascript=st.booleans(),
)
def test_a_signup_with_any_fields_answers_calmly_and_stores_only_what_it_accepted(
    client, library, settings, fields, extra, javascript
):
    settings.NEWSLETTER_SIGNUP_RATE = "1000000/h"  # one test client sends every example
    if fields.get("consent") == "SIGNED":
        fields["consent"] = signed_consent(library)
    headers = {"Origin": ORIGIN, **(AS_SIGNUP_JS if javascript else {})}
    before = subscribers()

    response = client.post("/newsletter/subscribe/", {**extra, **fields}, headers=headers)

    assert_calm(response)
    event(f"signup answered {response.status_code}")
    after = subscribers()
    if not signed_up(response):
        assert after == before
    else:
        added = after - before
        assert len(added) <= 1  # none for the honeypot or an address already on the list
        assert {email for email, *_ in added} <= {normalise_email(fields["email"])}
        assert {site for _, site, *_ in added} <= {library["site"].pk}


@answers
@given(token=st.one_of(text, st.sampled_from(NASTY)), method=st.sampled_from(["get", "post"]))
def test_an_unsubscribe_link_with_any_token_answers_calmly_and_changes_nothing(client, library, token, method):
    Subscriber.sign_up(site=library["site"], email="reader@example.org", consent_text="I agree.")
    real_token = Subscriber.objects.get(email="reader@example.org").unsubscribe_token()
    before = subscribers()

    # Made up, and a real link with something added or its last character replaced.
    for made_up in {token, real_token + (token or "x"), real_token[:-1] + token} - {real_token}:
        response = getattr(client, method)(f"/newsletter/unsubscribe/{quote(made_up, safe='')}/")
        assert_calm(response)
    assert subscribers() == before
