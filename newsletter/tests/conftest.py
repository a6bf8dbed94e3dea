import re

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory

from resources.tests.builders import make_article, make_site

SUBSCRIBE_URL = "/newsletter/subscribe/"


class BrowserClient(Client):
    """A test client that, like a browser, names the page's origin (scheme and host) on every POST."""

    def request(self, **request):
        if request.get("REQUEST_METHOD") == "POST" and "HTTP_ORIGIN" not in request:
            host = request.get("HTTP_HOST", "testserver")
            request["HTTP_ORIGIN"] = f"{request.get('wsgi.url_scheme', 'http')}://{host}"
        return super().request(**request)


@pytest.fixture
def client():
    """Posts the signup form the way a browser does from one of the site's own pages (see views.subscribe)."""
    return BrowserClient()


@pytest.fixture
def site(db):
    """One site, the default: the test client's "testserver" host lands on it."""
    site, _home, hub = make_site(hostname="localhost", title="Harbor Light")
    site.article = make_article(hub, "What to expect")
    return site


def render_signup_form(request, **context) -> str:
    return render_to_string("newsletter/includes/signup_form.html", context, request=request)


def signed_consent(html: str) -> str:
    return re.search(r'name="consent" value="([^"]+)"', html).group(1)


@pytest.fixture
def form_data(site):
    """What the form on the article sends when a visitor types an address."""
    request = RequestFactory().get(site.article.url)
    html = render_signup_form(request, page=site.article)
    return {
        "email": "  Jane.Doe@Example.ORG ",
        "website": "",
        "source_page": str(site.article.pk),
        "next": site.article.url,
        "consent": signed_consent(html),
    }
