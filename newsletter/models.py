"""Newsletter settings per site and the people who signed up on each site."""

from django.core import signing
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, HelpPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

CONSENT_SALT = "newsletter.consent"
UNSUBSCRIBE_SALT = "newsletter.unsubscribe"
SITE_PLACEHOLDER = "{site}"


def normalise_email(value: str) -> str:
    """One spelling per address, so the same person never appears twice on a site."""
    return value.strip().lower()


@register_setting(icon="mail")
class NewsletterSettings(BaseSiteSetting):
    """What the signup form says on one site; each site has its own copy."""

    select_related = ["site"]

    heading = models.CharField(
        max_length=120,
        default="Get our newsletter",
        help_text="The title above the signup form, e.g. “Get our newsletter”.",
    )
    blurb = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences under the title saying what people will receive and how often. "
        "Leave empty to show no text.",
    )
    success_message = models.CharField(
        max_length=200,
        default="Thanks! You're on the list.",
        help_text="Shown after someone signs up, and also when the address was already on the list.",
    )
    consent_text = models.CharField(
        max_length=500,
        default="I agree to receive occasional emails from {site}. Unsubscribe at any time.",
        help_text="Shown next to the Subscribe button: pressing the button means agreeing to this text. "
        "{site} is replaced by the site name. The exact text each person saw is kept with their "
        "signup, so changing it here does not change what earlier subscribers agreed to.",
    )

    panels = [
        HelpPanel(
            content="This form appears on every article and at the bottom of every page of this site. "
            "Subscribers are listed under <strong>Subscribers</strong> in the menu."
        ),
        FieldPanel("heading"),
        FieldPanel("blurb"),
        FieldPanel("consent_text"),
        FieldPanel("success_message"),
    ]

    class Meta:
        verbose_name = "Newsletter"

    @property
    def consent_text_shown(self) -> str:
        """The consent text with the site's name filled in, exactly as visitors read it."""
        name = self.site.site_name or self.site.hostname
        # str.replace, not str.format: editors may type other braces.
        return self.consent_text.replace(SITE_PLACEHOLDER, name)

    @property
    def signed_consent(self) -> str:
        """The shown consent text, signed for this site, for the form to send back with the address.

        Without a timestamp (``signing.dumps`` adds one): the same text always gives the same value, so a
        page rendered again is the same to the byte and browsers keep getting 304 for it.
        """
        return signing.Signer(salt=CONSENT_SALT).sign_object({"site": self.site_id, "text": self.consent_text_shown})

    def consent_from_signed(self, value: str) -> str:
        """The text a visitor saw, from the form's signed value; the current text if that cannot be trusted."""
        try:
            data = signing.Signer(salt=CONSENT_SALT).unsign_object(value)
        except signing.BadSignature:
            return self.consent_text_shown
        if not isinstance(data, dict) or data.get("site") != self.site_id or not isinstance(data.get("text"), str):
            return self.consent_text_shown
        return data["text"]


class Subscriber(models.Model):
    """One e-mail address that agreed to receive one site's newsletter."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="newsletter_subscribers",
        help_text="The site the person signed up on.",
    )
    email = models.EmailField(max_length=254, help_text="Stored in lower case.")
    consent_text = models.TextField(help_text="The exact consent text the person saw when signing up.")
    consented_at = models.DateTimeField(help_text="When the person signed up (or last signed up again).")
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The page the form was on, if it still exists.",
    )
    source_url = models.CharField(max_length=500, blank=True, help_text="The address of the page the form was on.")
    unsubscribed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person unsubscribed. Set a date to stop sending to them, e.g. when they ask by "
        "phone or e-mail; clear it only if they sign up again.",
    )

    class Meta:
        ordering = ["-consented_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["site", "email"], name="newsletter_one_signup_per_site")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    @classmethod
    def sign_up(cls, *, site, email, consent_text, source_page=None, source_url="") -> None:
        """Put ``email`` on ``site``'s list: a new row, nothing for a current subscriber, a fresh consent
        for someone who had unsubscribed."""
        email = normalise_email(email)
        fresh_consent = {
            "consent_text": consent_text,
            "consented_at": timezone.now(),
            "source_page": source_page,
            "source_url": source_url[: cls._meta.get_field("source_url").max_length],
            "unsubscribed_at": None,
        }
        try:
            with transaction.atomic():
                subscriber, created = cls.objects.get_or_create(site=site, email=email, defaults=fresh_consent)
        except IntegrityError:
            return  # The same address arrived twice at once; the other request stored it.
        if not created and not subscriber.is_subscribed:
            for field, value in fresh_consent.items():
                setattr(subscriber, field, value)
            subscriber.save(update_fields=list(fresh_consent))

    @property
    def is_subscribed(self) -> bool:
        return self.unsubscribed_at is None

    def status(self) -> str:
        return "Subscribed" if self.is_subscribed else "Unsubscribed"

    status.short_description = "Status"
    status.admin_order_field = "unsubscribed_at"

    def unsubscribe_token(self) -> str:
        return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(str(self.pk))

    def unsubscribe_url(self) -> str:
        """The path of this subscriber's unsubscribe link (prefix it with the site's root URL in e-mails)."""
        return reverse("newsletter:unsubscribe", args=[self.unsubscribe_token()])

    @classmethod
    def from_unsubscribe_token(cls, token: str) -> "Subscriber | None":
        try:
            pk = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return cls.objects.filter(pk=int(pk)).first() if pk.isascii() and pk.isdigit() else None
