"""Conversion blocks for any page: call to action, pricing, coverage, disclaimer, newsletter.

Blank fields fall back to the current site's settings at render time, so one
edit of a price or a coverage list changes every page that relies on it.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from cms.site_settings import for_request as site_setting_for_request

MARKETING_GROUP = "Marketing"
BILLING_PERIODS = [("month", "per month"), ("week", "per week"), ("year", "per year"), ("session", "per session")]


def link_href(page, url: str, request=None) -> str:
    """A page's URL as seen from the current request's site, or the typed URL."""
    if page:
        return page.get_url(request) or ""
    return url or ""


class LinkValue(blocks.StructValue):
    def href(self, request=None) -> str:
        return link_href(self.get("page"), self.get("url"), request)

    def text(self) -> str:
        page = self.get("page")
        return self.get("label") or (page.title if page else "")


class LinkBlock(blocks.StructBlock):
    """A link to a page of this site or to a URL: exactly one of the two."""

    label = blocks.CharBlock(required=False, max_length=60, help_text="Blank uses the page's title.")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, label="URL", help_text="Only for addresses outside this site.")

    class Meta:
        icon = "link"
        value_class = LinkValue
        form_classname = "link-block"
        description = "A link to a page of this site or to another address."

    def clean(self, value):
        value = super().clean(value)
        chose_page, typed_url = bool(value.get("page")), bool(value.get("url"))
        if chose_page and typed_url:
            message = "Choose a page or type a URL, not both."
            raise ValidationError(message, params={"url": ErrorList([message])})
        if self.required and not (chose_page or typed_url):
            message = "Choose a page or type a URL."
            raise ValidationError(message, params={"page": ErrorList([message])})
        return value


def site_settings(context):
    """The current site's marketing settings, from the template context's request."""
    from .models import SiteSettings  # models import blocks

    request = context.get("request") if context else None
    return site_setting_for_request(SiteSettings, request) if request is not None else None


class CallToActionBlock(blocks.StructBlock):
    reusable = SnippetChooserBlock(
        "marketing.ReusableCallToAction",
        required=False,
        label="Saved call to action",
        help_text="Pick a saved one to show it everywhere it is used; edit it once under Snippets. "
        "Fields filled in below override it on this page only.",
    )
    eyebrow = blocks.CharBlock(required=False, max_length=60, help_text="A short line above the heading.")
    heading = blocks.CharBlock(required=False, max_length=120, help_text="Blank shows the site's starting price.")
    text = blocks.TextBlock(required=False, max_length=300)
    button_label = blocks.CharBlock(required=False, max_length=40, help_text="Blank uses the site's button label.")
    link = LinkBlock(required=False, help_text="Blank uses the site's main call-to-action target.")

    class Meta:
        icon = "pick"
        label = "Call to action"
        group = MARKETING_GROUP
        template = "marketing/blocks/call_to_action.html"
        description = "A heading and a button; blank fields use the site's offer settings."
        preview_value = {"eyebrow": "Ready when you are", "heading": "Start with a free consultation"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context["cta"] = resolve_call_to_action(value, site_settings(parent_context), request)
        return context


def resolve_call_to_action(value, settings, request=None) -> dict:
    """Page fields first, then the saved snippet, then the site's offer settings."""
    snippet = value.get("reusable") if value else None
    link = value.get("link") if value else None
    resolved = {}
    for field in ("eyebrow", "heading", "text", "button_label"):
        resolved[field] = (value.get(field) if value else "") or (getattr(snippet, field, "") if snippet else "")
    href = link.href(request) if link else ""
    if not href and snippet:
        href = link_href(snippet.link_page, snippet.link_url, request)
    if settings:
        resolved["heading"] = resolved["heading"] or settings.starting_price_text
        resolved["button_label"] = resolved["button_label"] or settings.cta_label
        href = href or link_href(settings.cta_page, settings.cta_url, request)
    resolved["href"] = href
    return resolved


class PlanBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=60, help_text="e.g. 'Monthly care'.")
    price = blocks.DecimalBlock(min_value=0, decimal_places=2, help_text="In US dollars.")
    period = blocks.ChoiceBlock(choices=BILLING_PERIODS, default="month", search_index=False)
    inclusions = blocks.ListBlock(blocks.CharBlock(max_length=120), min_num=0, label="What's included")
    button_label = blocks.CharBlock(required=False, max_length=40, help_text="Blank uses the site's button label.")
    link = LinkBlock(required=False, help_text="Blank uses the site's main call-to-action target.")

    class Meta:
        icon = "tag"
        label = "Plan"


class PricingBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, default="Pricing")
    plans = blocks.ListBlock(
        PlanBlock(),
        min_num=0,
        help_text="Leave empty to show the site's starting price and inclusions from its settings.",
    )

    class Meta:
        icon = "tag"
        label = "Pricing"
        group = MARKETING_GROUP
        template = "marketing/blocks/pricing.html"
        description = "Plan cards; by default the site's starting price, e.g. “Starting at $250/month”."
        preview_value = {"heading": "Simple monthly pricing", "plans": []}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        settings = site_settings(parent_context)
        context["site_offer"] = settings if settings and not value.get("plans") else None
        return context


class AreaBlock(blocks.StructBlock):
    state = blocks.CharBlock(max_length=40, help_text="e.g. Florida")
    county_count = blocks.IntegerBlock(min_value=1, help_text="How many counties are served, e.g. 67.")
    all_counties = blocks.BooleanBlock(required=False, default=True, help_text="Every county of the state.")
    counties = blocks.TextBlock(
        required=False, help_text="Optional: the counties served, one per line, shown in an expandable list."
    )

    class Meta:
        icon = "site"
        label = "State"
        description = "One state served, with how many of its counties."


class CoverageBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120, default="Where we provide care")
    show_county_lists = blocks.BooleanBlock(
        required=False, default=False, help_text="Let visitors expand each state's list of counties."
    )

    class Meta:
        icon = "site"
        label = "Coverage areas"
        group = MARKETING_GROUP
        template = "marketing/blocks/coverage.html"
        description = "The states and counties served, from the site's coverage settings."
        preview_value = {"heading": "Where we provide care"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["site_settings"] = site_settings(parent_context)
        return context


class DisclaimerBlock(blocks.StaticBlock):
    class Meta:
        icon = "warning"
        label = "Medical disclaimer"
        group = MARKETING_GROUP
        template = "marketing/blocks/disclaimer.html"
        admin_text = "Shows the site's medical disclaimer, edited in Settings → Site settings → Compliance."
        description = "The site's medical disclaimer."
        preview_value = None  # No fields: the preview shows the current site's disclaimer.


class NewsletterSignupBlock(blocks.StaticBlock):
    class Meta:
        icon = "mail"
        label = "Newsletter signup"
        group = MARKETING_GROUP
        template = "marketing/blocks/newsletter_signup.html"
        admin_text = "Shows the newsletter signup form, edited in Settings → Newsletter settings."
        description = "The newsletter signup form."
        preview_value = None  # No fields: the preview shows the current site's form.


class MarketingBlocks(blocks.StreamBlock):
    """The marketing blocks, for any page's StreamField."""

    call_to_action = CallToActionBlock()
    pricing = PricingBlock()
    coverage = CoverageBlock()
    disclaimer = DisclaimerBlock()
    newsletter_signup = NewsletterSignupBlock()


class AreaListBlock(blocks.StreamBlock):
    area = AreaBlock()


class NavigationLinksBlock(blocks.StreamBlock):
    link = LinkBlock()


class FooterColumnBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=40, help_text="e.g. 'Care' or 'About us'.")
    links = blocks.ListBlock(LinkBlock())

    class Meta:
        icon = "list-ul"
        label = "Column"
        description = "A heading and its links in the footer."


class FooterColumnsBlock(blocks.StreamBlock):
    column = FooterColumnBlock()

    class Meta:
        max_num = 4


SOCIAL_NETWORKS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("x", "X"),
    ("tiktok", "TikTok"),
]


class SocialProfileBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(choices=SOCIAL_NETWORKS)
    url = blocks.URLBlock(label="URL", help_text="The profile's full address, e.g. https://www.instagram.com/…")

    class Meta:
        icon = "link-external"
        label = "Profile"
        description = "The clinic's profile on a social network, linked in the footer."


class SocialProfilesBlock(blocks.StreamBlock):
    profile = SocialProfileBlock()


class InclusionsBlock(blocks.StreamBlock):
    inclusion = blocks.CharBlock(max_length=120, icon="tick", label="Inclusion")
