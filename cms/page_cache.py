"""Full-page cache for anonymous GET and HEAD requests of Wagtail pages.

Why not wagtail-cache: it keys pages by URL alone and clears the whole cache
whenever a page is published. Here every key holds its site's generation from
``cms.site_cache``, so publishing a page, or saving a setting or snippet,
retires exactly the pages of the sites it shows on, in O(1) and without finding
them, while another site's pages stay cached; and no extra dependency is needed,
only Django's cache framework (Redis in production, see ``CACHES``).

Cached: 200 responses of Wagtail's page view (``wagtail_serve``) to GET and HEAD
requests without a session cookie, a messages cookie or an Authorization
header. A HEAD is answered from the GET entry, and a HEAD miss fills it.
``X-Page-Cache`` says ``hit`` or ``miss`` on those, ``bypass`` on every other
request that reaches this middleware.

Never cached, because they are other views: the admin and its previews,
search (every query is recorded for the editors' reports), the newsletter
endpoints, documents, media, robots.txt and the sitemap; ``/healthz`` is
answered before this middleware. Nor responses that set a cookie (every page
that used a CSRF token does), have a ``Cache-Control`` of private, no-store or
no-cache (restricted pages), vary on anything but ``Cookie``, or have a status
other than 200. 404s are not cached: any path answers 404, so caching them would
let anyone push real pages out of the cache with made-up addresses, and
Wagtail gives up early on them. Redirects (APPEND_SLASH, Wagtail's redirects)
are cheap and rare.

``Vary: Cookie`` on cached pages comes from the session being read (the
Wagtail user bar, messages). Only the session and messages cookies change a
page, and requests carrying them always bypass; hits never touch the session.

Query strings: campaign parameters (``CAMPAIGN_PARAMETERS``: utm_* and the ad
networks' click ids, which analytics scripts read in the browser) never change a page,
so they are taken off the request before it renders and left out of the key: a
campaign link gets the plain URL's entry, and a page stored from one never carries its
parameters in links or forms. Any other parameter makes an entry only if the page
rendered declares that it changes the content (``canonical_query_parameters``, the
same names that stay in its canonical URL: the Resources hub's ``category``, ``tag``
and ``page``), each given once; a page answers made-up values of those with a 404 or
an uncacheable page (a page number past the end). Any other query is rendered and
answered ``bypass``, never stored, so made-up parameters cannot fill the cache.

A key is release + site + ``scheme://host port`` + path + the remaining query
parameters, sorted; the entry holds the site's generation it was rendered under, and a
hit needs it to equal the current one. Both are read in one round trip
(``get_many``, an MGET on Redis), so a hit costs one cache read and touches
neither the database nor the session. The site comes from the host: a miss
resolves it with ``cms.sites.find_for_request`` (Wagtail's lookup, which its page
view makes anyway, remembered by the process while the site is unchanged), and the generation it
stores is the one read before the page rendered, so a page rendered while an
editor publishes is stored as the old generation and never served. Each
process remembers host -> site once it has looked it up (two queries for the
first request of a host: ``cms/sites.py``), and which paths are pages (URL resolving, a fixed
answer per path for a given release). An entry for a host exists only if a
render for that very host chose that site, and every change to a ``Site`` row
bumps the generations, so an unknown or re-pointed host can only miss, never
get another host's page.

Placement: after SecurityMiddleware and WhiteNoise, before SessionMiddleware.
Hits skip sessions, CSRF, auth and messages; a miss is stored after every
middleware below has added its headers (X-Frame-Options, Vary,
Content-Security-Policy, Permissions-Policy), and SecurityMiddleware adds HSTS,
nosniff, Referrer-Policy and COOP to hits and misses alike. The stored
Content-Security-Policy matches the stored body because it holds hashes of what
the page contains and no per-request nonce (cms/csp.py); the policy settings are
part of the release in every key, so a changed policy never replays an old header.

Revalidation: a strong ETag (MD5 of the body) is stored with the page, and
``Cache-Control: public, max-age=0, must-revalidate`` makes browsers ask every
time: a 304 when nothing changed, the new price on the very next request when
something did. No ``s-maxage``: a CDN that is not purged would keep serving an
old price. No ``Last-Modified``: a page also shows settings and snippets, so no
single date says when it changed, and dates in whole seconds could answer 304
for a price changed within the same second as the copy the browser holds.

``PAGE_CACHE_SECONDS`` is how long a page is kept; 0 removes this middleware.
"""

import functools
import hashlib
from pathlib import Path
from urllib.parse import urlencode

import django
import wagtail
from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, MiddlewareNotUsed
from django.http import HttpResponse, QueryDict
from django.utils.cache import cc_delim_re, get_conditional_response, patch_cache_control, set_response_etag

from . import csp, sites
from .site_cache import generation_key, note_generation, request_generation
from .sites import is_page_path

HEADER = "X-Page-Cache"
CACHEABLE_METHODS = {"GET", "HEAD"}
PRIVATE_DIRECTIVES = {"private", "no-store", "no-cache"}
# Campaign and click-tracking parameters: read by analytics in the browser, never by a page.
CAMPAIGN_PREFIXES = ("utm_",)
CAMPAIGN_PARAMETERS = frozenset(
    {
        "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "gad_source",  # Google Ads
        "fbclid",  # Meta
        "msclkid",  # Microsoft Advertising
        "twclid", "ttclid", "li_fat_id", "igshid", "yclid",  # X, TikTok, LinkedIn, Instagram, Yandex
        "mc_cid", "mc_eid",  # Mailchimp
        "_hsenc", "_hsmi", "mkt_tok",  # HubSpot, Marketo
        "_ga", "_gl",  # Google Analytics cross-domain linking
        "srsltid",  # Google Merchant
    }
)  # fmt: skip
# Host names are checked against ALLOWED_HOSTS first, but a wildcard there
# allows any number of them: forget them all rather than grow without end.
MAX_REMEMBERED_HOSTS = 1000


@functools.cache
def code_version() -> str:
    """A digest of what decides how pages look: the project's code and templates, the static files'
    manifest, Django's and Wagtail's versions, the Content-Security-Policy settings. Part of every key,
    so a new release never serves pages the previous one cached (old markup, links to hashed static
    files the new image no longer has, an old policy header)."""
    digest = hashlib.sha256(f"django {django.__version__} wagtail {wagtail.__version__}".encode())
    base = Path(settings.BASE_DIR)
    for app in sorted(apps.get_app_configs(), key=lambda app: app.label):
        folder = Path(app.path)
        if folder.parent != base:  # Django, Wagtail and other installed packages: their version counts
            continue
        for path in sorted([*folder.rglob("*.py"), *folder.rglob("*.html")]):
            digest.update(str(path.relative_to(base)).encode())
            digest.update(path.read_bytes())
    digest.update(csp.policy_fingerprint().encode())
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


class PageCacheMiddleware:
    def __init__(self, get_response):
        if settings.PAGE_CACHE_SECONDS <= 0:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.seconds = settings.PAGE_CACHE_SECONDS
        self.personal_cookies = (settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name)
        self.release = code_version()
        self.site_ids: dict[str, int] = {}  # address (scheme, host, port) -> site id, as last looked up

    def __call__(self, request):
        address = self.cacheable_address(request)
        if address is None:
            return self.bypass(request)

        site_id = self.site_ids.get(address)
        if site_id is None:  # this process has not seen the host yet: one query
            site_id = self.find_site(request, address)
            if site_id is None:  # no site at all yet
                return self.bypass(request)
        query = page_query(request)
        key = self.key(site_id, address, request, query)
        found = cache.get_many([generation_key(site_id), key])  # one round trip: see the module docstring
        generation, entry = found.get(generation_key(site_id)), found.get(key)
        if entry is not None and generation is not None and entry[0] == generation:
            return self.hit(request, entry)

        # A miss. The site lookup and the site's settings reuse the generation just read.
        if generation is not None:
            note_generation(request, site_id, generation)
        # Check that the host still reaches the site remembered for it (cms.sites: the lookup
        # Wagtail's page view makes anyway, remembered while the site is unchanged).
        actual_site_id = self.find_site(request, address)
        if actual_site_id is None:
            return self.bypass(request)
        if actual_site_id != site_id:
            key = self.key(actual_site_id, address, request, query)
        # The generation as first read, before the page renders (see the module docstring); if it was
        # not cached yet (or evicted), this starts one.
        return self.miss(request, key, request_generation(request, actual_site_id), query)

    def find_site(self, request, address) -> int | None:
        site = sites.find_for_request(request)
        if site is None:
            return None
        if self.site_ids.get(address) != site.pk:
            if len(self.site_ids) >= MAX_REMEMBERED_HOSTS:
                self.site_ids.clear()
            self.site_ids[address] = site.pk
        return site.pk

    def cacheable_address(self, request) -> str | None:
        """Where an anonymous GET or HEAD of a Wagtail page is sent; None for every other request."""
        if request.method not in CACHEABLE_METHODS or "HTTP_AUTHORIZATION" in request.META:
            return None
        if any(request.COOKIES.get(name) for name in self.personal_cookies):  # an emptied cookie is no cookie
            return None
        if not is_page_path(request.path_info):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # answered below with a 400
        return f"{request.scheme}://{host} {request.get_port()}"

    def key(self, site_id: int, address: str, request, query: list[tuple[str, str]]) -> str:
        where = hashlib.sha256(f"{address} {request.path} {urlencode(sorted(query))}".encode()).hexdigest()
        return f"page:{self.release}:{site_id}:{where}"

    def bypass(self, request):
        response = self.get_response(request)
        response.headers[HEADER] = "bypass"
        return response

    def hit(self, request, entry):
        _generation, content, headers = entry
        response = get_conditional_response(
            request, etag=dict(headers).get("ETag"), response=HttpResponse(content, headers=headers)
        )
        response.headers[HEADER] = "hit"
        return response

    def miss(self, request, key, generation: int, query: list[tuple[str, str]]):
        response = self.get_response(request)
        if not storable(response) or not varies_only_as_declared(response, query):
            response.headers[HEADER] = "bypass"
            return response
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        set_response_etag(response)
        cache.set(key, (generation, response.content, list(response.items())), self.seconds)
        response = get_conditional_response(request, etag=response.get("ETag"), response=response)
        response.headers[HEADER] = "miss"
        return response


def storable(response) -> bool:
    """True for a complete 200 page that is the same for every anonymous visitor."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        part.split("=", 1)[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if directives & PRIVATE_DIRECTIVES:
        return False
    varies = {name.strip().lower() for name in cc_delim_re.split(response.get("Vary", ""))} - {""}
    return varies <= {"cookie"}


def is_campaign_parameter(name: str) -> bool:
    return name in CAMPAIGN_PARAMETERS or name.startswith(CAMPAIGN_PREFIXES)


def page_query(request) -> list[tuple[str, str]]:
    """The query parameters but campaign ones, which are also taken off the request, so the page
    renders as for the plain URL (links, forms and canonical URL without them)."""
    items = [(name, value) for name, values in request.GET.lists() for value in values]
    query = [(name, value) for name, value in items if not is_campaign_parameter(name)]
    if len(query) < len(items):
        request.META["QUERY_STRING"] = urlencode(query)
        request.GET = QueryDict(request.META["QUERY_STRING"])
    return query


def varies_only_as_declared(response, query: list[tuple[str, str]]) -> bool:
    """True when every query parameter is one the page rendered reads (each given once)."""
    if not query:
        return True
    page = (getattr(response, "context_data", None) or {}).get("page")
    names = [name for name, _ in query]
    return len(set(names)) == len(names) and set(names) <= set(getattr(page, "canonical_query_parameters", ()))
