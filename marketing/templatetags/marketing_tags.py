from django import template

from marketing.blocks import link_href, resolve_call_to_action, site_settings
from marketing.models import format_price

register = template.Library()


@register.filter
def price(amount) -> str:
    return format_price(amount)


@register.inclusion_tag("marketing/blocks/call_to_action.html", takes_context=True)
def site_call_to_action(context):
    """The site's default call to action, built from its offer settings."""
    return {"cta": resolve_call_to_action({}, site_settings(context), context.get("request"))}


@register.simple_tag(takes_context=True)
def site_cta_link(context) -> dict:
    settings = site_settings(context)
    if settings is None:
        return {"href": "", "label": ""}
    return {
        "href": link_href(settings.cta_page, settings.cta_url, context.get("request")),
        "label": settings.cta_label,
    }


@register.simple_tag(takes_context=True)
def plan_link(context, plan) -> dict:
    """A plan's own button, falling back to the site's main call to action."""
    fallback = site_cta_link(context)
    link = plan.get("link")
    href = link.href(context.get("request")) if link else ""
    return {"href": href or fallback["href"], "label": plan.get("button_label") or fallback["label"]}


@register.filter(name="link_href")
def link_href_filter(link, request=None) -> str:
    """``{{ link|link_href:request }}``: a LinkBlock value's URL as seen from this site."""
    return link.href(request) if link else ""
