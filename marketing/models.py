from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from cms.site_owned import SiteOwned, SiteOwnedForm

from .blocks import (
    BILLING_PERIODS,
    AreaListBlock,
    FooterColumnsBlock,
    InclusionsBlock,
    NavigationLinksBlock,
    SocialProfilesBlock,
)

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hex digits, e.g. #1f5f6b.")
measurement_id = RegexValidator(r"^G-[A-Z0-9]{4,20}$", "A Google Analytics 4 measurement ID looks like G-XXXXXXX.")
PERIOD_WORDS = {"month": "month", "week": "week", "year": "year", "session": "session"}


def format_price(amount: Decimal) -> str:
    """$250 rather than $250.00; $249.50 keeps its cents."""
    return f"${amount:,.0f}" if amount == amount.to_integral_value() else f"${amount:,.2f}"


@register_setting(icon="cog", order=100)
class SiteSettings(BaseSiteSetting):
    """Everything that makes one site its own brand: shown on every page of that site."""

    # Brand
    brand_name = models.CharField(max_length=80, help_text="Shown in the header, page titles and footer.")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A wide logo on a transparent background; shown 40 pixels tall.",
    )
    favicon = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A square image of at least 180 × 180 pixels.",
    )
    primary_colour = models.CharField(
        max_length=7, default="#1f5f6b", validators=[hex_colour], help_text="Header, links and highlights."
    )
    accent_colour = models.CharField(
        max_length=7,
        default="#b34e12",
        validators=[hex_colour],
        help_text="Buttons. Must keep white text readable (contrast 4.5:1 or more).",
    )
    social_profiles = StreamField(
        SocialProfilesBlock(), blank=True, help_text="The clinic's social network profiles, linked in the footer."
    )

    # Contact
    phone = models.CharField(max_length=30, blank=True, help_text="As visitors should dial it, e.g. (800) 555-0134.")
    email = models.EmailField(blank=True, help_text="Where patients can write to the care team.")
    hours = models.CharField(max_length=120, blank=True, help_text="e.g. Monday to Friday, 8am to 8pm Eastern.")

    # Offer
    starting_price = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("250.00"), help_text="The lowest price, in US dollars."
    )
    price_currency = models.CharField(max_length=3, default="USD", editable=False)
    billing_period = models.CharField(
        max_length=10, choices=BILLING_PERIODS, default="month", help_text="What the starting price pays for."
    )
    inclusions = StreamField(
        InclusionsBlock(), blank=True, help_text="What every plan includes, e.g. “Board-certified physician”."
    )
    cta_label = models.CharField(
        max_length=40,
        default="Book a consultation",
        verbose_name="call-to-action label",
        help_text="The main button's text on every page of this site, e.g. “Book a consultation”.",
    )
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="call-to-action page",
        help_text="Where the main button leads on this site…",
    )
    cta_url = models.URLField(blank=True, verbose_name="call-to-action URL", help_text="…or an address elsewhere.")

    # Coverage
    coverage = StreamField(AreaListBlock(), blank=True, help_text="Each state served, with its counties.")

    # Compliance
    disclaimer = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="The medical disclaimer shown on every article and in the footer.",
    )

    # Navigation
    header_links = StreamField(NavigationLinksBlock(), blank=True, help_text="The main menu, in order.")
    footer_columns = StreamField(FooterColumnsBlock(), blank=True, help_text="Up to four columns of links.")

    # Search engines
    discourage_search_engines = models.BooleanField(
        default=False,
        help_text="For a staging or unfinished site: robots.txt turns every search engine away and every page "
        "says 'noindex'. Untick when the site goes live.",
    )

    # Analytics
    analytics_measurement_id = models.CharField(
        max_length=24,
        blank=True,
        validators=[measurement_id],
        verbose_name="measurement ID",
        help_text="Google Analytics 4 ID (G-…). Leave blank and no analytics code is loaded.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("brand_name"),
                    FieldRowPanel([FieldPanel("logo"), FieldPanel("favicon")]),
                    FieldRowPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")]),
                    FieldPanel("social_profiles"),
                ],
                heading="Brand",
            ),
            ObjectList([FieldPanel("phone"), FieldPanel("email"), FieldPanel("hours")], heading="Contact"),
            ObjectList(
                [
                    HelpPanel(
                        content="The starting price and button appear wherever a call to action or pricing block "
                        "is left blank, on every page of this site."
                    ),
                    FieldRowPanel([FieldPanel("starting_price"), FieldPanel("billing_period")]),
                    FieldPanel("inclusions"),
                    MultiFieldPanel(
                        [FieldPanel("cta_label"), FieldPanel("cta_page"), FieldPanel("cta_url")],
                        heading="Main call to action",
                    ),
                ],
                heading="Offer",
            ),
            ObjectList([FieldPanel("coverage")], heading="Coverage"),
            ObjectList([FieldPanel("disclaimer")], heading="Compliance"),
            ObjectList([FieldPanel("header_links"), FieldPanel("footer_columns")], heading="Navigation"),
            ObjectList([FieldPanel("discourage_search_engines")], heading="Search engines"),
            ObjectList([FieldPanel("analytics_measurement_id")], heading="Analytics"),
        ]
    )

    select_related = ["logo", "favicon", "cta_page"]

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def clean(self):
        super().clean()
        if self.cta_page and self.cta_url:
            raise ValidationError({"cta_url": "Choose a page or type a URL, not both."})

    @property
    def starting_price_text(self) -> str:
        return f"Starting at {format_price(self.starting_price)}/{PERIOD_WORDS[self.billing_period]}"

    @cached_property
    def areas(self) -> list[dict]:
        return [
            {
                "state": area.value["state"],
                "county_count": area.value["county_count"],
                "all_counties": area.value["all_counties"],
                "counties": [line.strip() for line in area.value["counties"].splitlines() if line.strip()],
            }
            for area in self.coverage
        ]

    @property
    def coverage_sentence(self) -> str:
        """e.g. 'Available in Florida (all 67 counties) and New Jersey (all 21 counties).'"""
        parts = []
        for area in self.areas:
            count = area["county_count"]
            noun = "county" if count == 1 else "counties"
            parts.append(f"{area['state']} ({'all ' if area['all_counties'] else ''}{count} {noun})")
        if not parts:
            return ""
        joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
        return f"Available in {joined}."


class ReusableCallToAction(index.Indexed, SiteOwned):
    """A call to action of one site, written once and placed on many of its pages: editing it updates them all."""

    name = models.CharField(max_length=80, help_text="For editors only, e.g. “Spring consultation”.")
    eyebrow = models.CharField(max_length=60, blank=True, help_text="Optional: a short line above the heading.")
    heading = models.CharField(max_length=120, blank=True, help_text="Blank shows the site's starting price.")
    text = models.TextField(max_length=300, blank=True, help_text="Optional: one or two sentences under the heading.")
    button_label = models.CharField(max_length=40, blank=True, help_text="Blank uses the site's button label.")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="page",
        help_text="The page the button leads to, on the site showing it.",
    )
    link_url = models.URLField(blank=True, verbose_name="URL", help_text="Only for addresses outside the site.")

    base_form_class = SiteOwnedForm
    panels = [
        FieldPanel("site"),
        FieldPanel("name"),
        FieldPanel("eyebrow"),
        FieldPanel("heading"),
        FieldPanel("text"),
        FieldPanel("button_label"),
        MultiFieldPanel(
            [FieldPanel("link_page"), FieldPanel("link_url")],
            heading="Link",
            help_text="A page or a URL; leave both blank to use the site's main call-to-action target.",
        ),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("heading"),
        index.FilterField("site"),
    ]

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="marketing_cta_name_per_site")]
        verbose_name = "saved call to action"
        verbose_name_plural = "saved calls to action"

    def __str__(self):
        return self.name

    def clean(self):
        if self.link_page and self.link_url:
            raise ValidationError({"link_url": "Choose a page or type a URL, not both."})
