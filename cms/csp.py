"""Content-Security-Policy and Permissions-Policy for every response (django-csp 4).

Public pages get a strict policy (``CONTENT_SECURITY_POLICY`` in settings): scripts and styles
only from this origin, no inline script at all, no ``'unsafe-inline'``, no ``'unsafe-eval'``.

No nonces, by design. Pages are cached for every anonymous visitor with their headers
(cms/page_cache.py), so a nonce drawn for one request would be served again to others: either
the cached header and the cached page disagree, and the page breaks, or every visitor shares a
nonce, which then protects nothing. So ``request.csp_nonce`` does not exist here, and what a page
needs beyond the base policy is named by the page itself while it renders:

- ``{% hashed_style %}…{% endhashed_style %}`` (cms/templatetags/security_tags.py) writes an
  inline ``<style>`` and allows exactly that text by its SHA-256 hash. base.html uses it for the
  brand colours, which differ per site. A hash (not a per-site stylesheet view) costs no extra
  request and cannot drift from the page: the hash is computed from the very text rendered, and
  the header is stored in the page cache together with that body, so a hit replays a matching
  pair. When an editor changes a colour, the setting save bumps the site's cache generation and
  the next render makes a new pair.
- ``{% csp_allow "google_analytics" %}`` adds the sources Google Analytics 4 needs (Google's own
  list for GA4 without a nonce), on the pages of a site that has a measurement ID, and only there.

Both record on the request; ``CSPMiddleware.get_policy_parts`` below adds them to the header. A
template fragment cached with ``{% cache %}`` would skip the recording on a hit: keep these tags
out of cached fragments.

JSON-LD (``<script type="application/ld+json">``) is data, not script: browsers never execute a
script element of an unknown type, so CSP does not check it and needs no hash for it.

Media: images come from this origin, or from the bucket or CDN in front of it when media is on
object storage; ``media_origin`` asks the storage for a URL once and allows that origin.

The admin (``/admin/``) gets ``CONTENT_SECURITY_POLICY_ADMIN``: Wagtail's page editor writes
inline scripts and styles, so ``'unsafe-inline'`` stays there, for logged-in staff only
(``'unsafe-eval'`` is not needed). The login page, where passwords are typed, needs neither and
gets the admin policy with ``script-src 'self'; style-src 'self'``. Page-recorded additions are
never applied to the admin policy: a hash in ``style-src`` would switch ``'unsafe-inline'`` off.

Previews (and "view draft") are different: Wagtail renders the page through the whole middleware
stack again, for a stand-in request to the page's own address (``request.is_dummy``). That inner
response gets the public policy with the page's additions, so an editor sees exactly what
visitors' browsers would allow or block, except ``frame-ancestors 'self'``: the editor's preview
panel frames it. The admin view's own pass leaves a header that is already there alone.

The policy is stored with cached pages; ``policy_fingerprint`` is part of the page cache's key, so a
release or a restart with another policy never serves pages with the old header.
"""

import base64
import functools
import hashlib
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.middleware import PolicyParts
from django.conf import settings
from django.core.files.storage import storages

ADMIN_PREFIX = "/admin/"
# Where staff type passwords: the admin policy without 'unsafe-inline' (these pages need none).
ADMIN_LOGIN_PATHS = {"/admin/login/"}
STRICT_SOURCES = {"script-src": ["'self'"], "style-src": ["'self'"]}
# The sources a page may ask for by name with {% csp_allow %}.
SOURCE_SETS = {
    # https://developers.google.com/tag-platform/security/guides/csp (GA4, no nonce)
    "google_analytics": {
        "script-src": ["https://*.googletagmanager.com"],
        "img-src": ["https://*.google-analytics.com", "https://*.googletagmanager.com"],
        "connect-src": [
            "https://*.google-analytics.com",
            "https://*.analytics.google.com",
            "https://*.googletagmanager.com",
        ],
    },
}
# Powerful browser features no page of these sites uses, switched off for any frame within.
# browsing-topics: a health site's pages must not feed interest profiles (Topics API).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "microphone",
        "payment",
        "usb",
    )
)


def style_hash(css: str) -> str:
    """The CSP source that allows an inline <style> element whose text is exactly ``css``."""
    digest = hashlib.sha256(css.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def allow(request, directive: str, *sources: str) -> None:
    """Let this response's policy allow ``sources`` in ``directive`` (recorded on the request)."""
    if request is None:
        return
    recorded = request.__dict__.setdefault("_csp_additions", {})
    recorded.setdefault(directive, [])
    recorded[directive] += [source for source in sources if source not in recorded[directive]]


def allow_named(request, name: str) -> None:
    for directive, sources in SOURCE_SETS[name].items():
        allow(request, directive, *sources)


def media_origin() -> str:
    """The origin uploaded images are served from, when it is not this site (object storage, CDN); else ""."""
    return _media_origin(repr(settings.STORAGES["default"]))


@functools.cache
def _media_origin(config: str) -> str:
    parts = urlsplit(storages.create_storage(settings.STORAGES["default"]).url("csp-probe.png"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def policy_fingerprint() -> str:
    """What decides the header besides the page: both policies and the media origin."""
    return repr((settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_ADMIN, media_origin()))


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's middleware with the admin's own policy, page-recorded additions, and no nonces.

    Placed below the page cache (see settings.MIDDLEWARE), so the header is stored with the page.
    """

    def process_request(self, request):
        # No request.csp_nonce: a nonce would be cached with the page (see the module docstring).
        return None

    def process_response(self, request, response):
        response = super().process_response(request, response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        parts.nonce = None
        if report_only:
            return parts
        media = media_origin()
        update = {"img-src": [media]} if media else {}
        if request.path_info.startswith(ADMIN_PREFIX):
            admin = settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
            strict = STRICT_SOURCES if request.path_info in ADMIN_LOGIN_PATHS else {}
            return PolicyParts(
                config=parts.config or admin, update=update, replace={**strict, **(parts.replace or {})}
            )
        for additions in (parts.update or {}, getattr(request, "_csp_additions", {})):
            for directive, sources in additions.items():
                update[directive] = [*update.get(directive, []), *sources]
        replace = dict(parts.replace or {})
        if getattr(request, "is_dummy", False):  # a preview, framed by the admin (see the module docstring)
            replace.setdefault("frame-ancestors", ["'self'"])
        return PolicyParts(config=parts.config, update=update, replace=replace)
