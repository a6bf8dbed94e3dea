"""Template tags that let a page's Content-Security-Policy allow exactly what the page includes (cms/csp.py)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from cms import csp

register = template.Library()


@register.tag
def hashed_style(parser, token):
    """``{% hashed_style %}css{% endhashed_style %}``: an inline <style> allowed by the hash of its text.

    The text is rendered with autoescaping as usual, so a value cannot close the element.
    """
    nodelist = parser.parse(("endhashed_style",))
    parser.delete_first_token()
    return HashedStyleNode(nodelist)


class HashedStyleNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        css = self.nodelist.render(context)
        csp.allow(context.get("request"), "style-src", csp.style_hash(css))
        return format_html("<style>{}</style>", mark_safe(css))  # noqa: S308 - rendered (escaped) template text  # nosec B308, B703


@register.simple_tag(takes_context=True)
def csp_allow(context, name: str) -> str:
    """``{% csp_allow "google_analytics" %}``: this page's policy allows the sources named in cms.csp.SOURCE_SETS."""
    csp.allow_named(context.get("request"), name)
    return ""


@register.filter
def whole_minutes(delta) -> int:
    """A timedelta in whole minutes, rounded up (the lockout page's cool-off)."""
    return -(-int(delta.total_seconds()) // 60) if delta else 0
