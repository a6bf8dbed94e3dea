"""The signup form include that pages, blocks and the footer render."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from newsletter.models import NewsletterSettings
from resources.tests.builders import make_site

from .conftest import render_signup_form

pytestmark = pytest.mark.django_db

STATIC = Path(__file__).resolve().parent.parent / "static" / "newsletter"


def tag(html: str, pattern: str) -> str:
    return re.search(pattern, html).group(0)


def test_the_form_shows_this_sites_settings_and_everything_it_needs(site):
    newsletter = NewsletterSettings.for_site(site)
    newsletter.heading = "Notes from the clinic"
    newsletter.blurb = "One email a month."
    newsletter.save()

    html = render_signup_form(RequestFactory().get(site.article.url), page=site.article)

    assert '<section class="newsletter" id="newsletter" aria-labelledby="newsletter-title">' in html
    assert '<h2 class="newsletter__title" id="newsletter-title">Notes from the clinic</h2>' in html
    assert "One email a month." in html
    assert 'action="/newsletter/subscribe/"' in html
    assert 'method="post"' in html
    # No per-visitor token: the pages it is on are cached for everyone (see test_origin_check.py).
    assert "csrfmiddlewaretoken" not in html
    assert f'name="next" value="{site.article.url}"' in html
    assert f'name="source_page" value="{site.article.pk}"' in html
    assert '<label for="newsletter-email">Email address</label>' in html
    email = tag(html, r'<input type="email"[^>]*>')
    for attribute in ('name="email"', 'autocomplete="email"', "required", 'id="newsletter-email"'):
        assert attribute in email
    assert "aria-invalid" not in email
    consent = "I agree to receive occasional emails from Harbor Light. Unsubscribe at any time."
    assert f'<p class="newsletter__consent" id="newsletter-consent">{consent}</p>' in html
    button = (
        '<button type="submit" class="newsletter__button" aria-describedby="newsletter-consent">Subscribe</button>'
    )
    assert button in html
    assert '<p class="newsletter__status" role="status" aria-live="polite"></p>' in html
    assert '<script src="/static/newsletter/signup.js" defer></script>' in html
    # The form's stylesheet is linked once, from base.html's <head>.
    base = (Path(__file__).resolve().parents[2] / "cms" / "templates" / "base.html").read_text()
    assert "{% static 'newsletter/newsletter.css' %}" in base


def test_the_honeypot_is_hidden_from_people_and_from_autofill(site):
    html = render_signup_form(RequestFactory().get("/"))

    assert '<div class="visually-hidden" aria-hidden="true">' in html
    assert '<label for="newsletter-website">Leave this field empty</label>' in html
    honeypot = tag(html, r'<input type="text"[^>]*name="website"[^>]*>')
    for attribute in ('tabindex="-1"', 'autocomplete="off"', 'class="visually-hidden"'):
        assert attribute in honeypot
    assert "required" not in honeypot


def test_without_a_page_no_source_page_is_sent(site):
    html = render_signup_form(RequestFactory().get("/search/?q=dose"))

    assert 'name="source_page"' not in html
    assert 'name="next" value="/search/?q=dose"' in html


def test_each_site_shows_its_own_settings(db):
    make_site(hostname="florida.localhost", title="Florida", default=True)
    jersey, *_ = make_site(hostname="jersey.localhost", title="New Jersey", default=False)
    newsletter = NewsletterSettings.for_site(jersey)
    newsletter.heading = "Jersey news"
    newsletter.save()

    florida_html = render_signup_form(RequestFactory().get("/", HTTP_HOST="florida.localhost"))
    jersey_html = render_signup_form(RequestFactory().get("/", HTTP_HOST="jersey.localhost"))

    assert "Get our newsletter" in florida_html
    assert "emails from Florida." in florida_html
    assert "Jersey news" in jersey_html
    assert "emails from New Jersey." in jersey_html


def test_editors_text_with_braces_is_shown_as_typed(site):
    newsletter = NewsletterSettings.for_site(site)
    newsletter.consent_text = "Emails from {site} {sometimes} <b>{}</b>."
    newsletter.save()

    html = render_signup_form(RequestFactory().get("/"))

    assert "Emails from Harbor Light {sometimes} &lt;b&gt;{}&lt;/b&gt;." in html


def test_a_second_copy_on_one_page_gets_ids_of_its_own(site):
    html = render_signup_form(RequestFactory().get("/"), newsletter_id="newsletter-footer")

    assert 'id="newsletter-footer"' in html
    assert 'aria-labelledby="newsletter-footer-title"' in html
    assert '<label for="newsletter-footer-email">' in html
    assert 'id="newsletter"' not in html


def test_the_script_is_small_and_framework_free():
    script = (STATIC / "signup.js").read_text()

    # Small on its own; tests/test_page_weight.py holds all first-party JavaScript to 10 KB gzipped.
    assert len(script.encode()) < 3072
    assert "X-Requested-With" in script
    assert "fetch" in script
    assert "import " not in script
    assert "require(" not in script


def test_the_styles_use_the_site_palette_and_touch_sized_controls():
    css = (STATIC / "newsletter.css").read_text()

    assert "var(--color-brand)" in css
    assert "var(--space)" in css
    assert "var(--radius)" in css
    assert css.count("min-height: 44px") >= 2
    assert ":focus-visible" in css
