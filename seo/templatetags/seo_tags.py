import json
from urllib.parse import urlencode

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from wagtail.models import Site

from cms import site_settings
from marketing.models import SiteSettings
from seo import structured_data

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the <script> element.
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's own absolute URL, keeping only the query parameters that change its content."""
    page, request = context.get("page"), context.get("request")
    if page.canonical_url:
        return page.canonical_url
    url = page.get_full_url(request)
    if request is None:
        return url
    values = {name: request.GET.get(name) for name in page.canonical_query_parameters}
    if "page" in values:
        # The page actually shown: ?page=abc or ?page=999 show page 1 or the last page.
        shown = context.get("page_number")
        values["page"] = str(shown) if shown and shown > 1 else None
    kept = [(name, value) for name, value in values.items() if value]
    return f"{url}?{urlencode(kept)}" if kept else url


@register.simple_tag(takes_context=True)
def robots_noindex(context) -> bool:
    """True when this page, or its whole site, asks search engines to stay away."""
    page = context.get("page")
    request = context.get("request")
    if page is not None and getattr(page, "noindex", False):
        return True
    if request is None or Site.find_for_request(request) is None:
        return False
    return site_settings.for_request(SiteSettings, request).discourage_search_engines


@register.simple_tag(takes_context=True)
def structured_data_scripts(context) -> str:
    """One <script type="application/ld+json"> per schema.org type that applies to this page."""
    page, request = context.get("page"), context.get("request")
    site = Site.find_for_request(request) if request else None
    if page is None or site is None:
        return ""
    brand = site_settings.for_request(SiteSettings, request)
    blocks = []
    if page.depth == 2:
        blocks += [structured_data.organization(site, brand, request), structured_data.website(site, brand)]
    blocks.append(structured_data.breadcrumbs(page, site, request))
    if hasattr(page, "medical_reviewer"):
        blocks += [structured_data.article(page, site, brand, request), structured_data.faq_page(page)]
    # <, > and & are \u-escaped, so no value can close the script element.
    payloads = [json.dumps(data, ensure_ascii=False).translate(JSON_ESCAPES) for data in blocks if data]
    scripts = [mark_safe(payload) for payload in payloads]  # noqa: S308 - escaped above  # nosec B308, B703
    return format_html_join("\n", '<script type="application/ld+json">{}</script>', ((script,) for script in scripts))
