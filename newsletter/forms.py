from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

from .models import normalise_email


class SignupForm(forms.Form):
    """The signup form. Only the address can be wrong; hidden fields fall back quietly instead of erroring."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Honeypot: hidden from people, filled in by bots that fill in every field.
    website = forms.CharField(label="Leave this field empty", required=False)
    source_page = forms.CharField(required=False, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
    consent = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    @property
    def next_url(self) -> str:
        """The local address to go back to; "/" when missing or pointing elsewhere."""
        return safe_next_url(self.data.get("next", ""), self.request)

    @property
    def source_page_id(self) -> int | None:
        """The page id the form claims to be on (unchecked: the view checks it belongs to the site)."""
        value = str(self.data.get("source_page", "")).strip()
        return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def safe_next_url(url: str, request) -> str:
    """``url`` if it points back at this host, otherwise the home page."""
    url = (url or "").strip()
    local = url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return url if url and local else "/"
