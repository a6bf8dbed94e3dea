from django.http import HttpResponse
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from cms import site_settings, sites
from marketing.models import SiteSettings

ALLOW_LISTED = """User-agent: *
Disallow: /admin/
Disallow: /search/
Disallow: /newsletter/

Sitemap: {sitemap}
"""

DISCOURAGED = """# This site asks search engines not to index it (Settings → Site settings → Search engines).
User-agent: *
Disallow: /
"""


def discouraged(request) -> bool:
    if sites.find_for_request(request) is None:
        return False
    return site_settings.for_request(SiteSettings, request).discourage_search_engines


@require_safe
def robots_txt(request):
    if discouraged(request):
        body = DISCOURAGED
    else:
        body = ALLOW_LISTED.format(sitemap=request.build_absolute_uri("/sitemap.xml"))
    return HttpResponse(body, content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request):
    """Wagtail's sitemap of this host's site: empty while the site discourages search engines."""
    if discouraged(request):
        return HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n',
            content_type="application/xml",
        )
    return wagtail_sitemap(request)
