"""Wagtail's page password form, with wrong passwords throttled per client address and protected page.

Without it, a password could be guessed as fast as the server answers (60 tries in 0.8 s). The count is
django-ratelimit's, as for the other rate limits (cms/rate_limits.py), but only wrong passwords add to it:
after PAGE_PASSWORD_FAILURE_RATE of them the form answers 429, to the right password too, until the
period ends. It is kept per restriction (one password protects a page and its subtree), so naming
another page under the same protection in the address does not start a fresh count.
"""

from django.shortcuts import render
from wagtail import views as wagtail_views

from cms.client_ip import client_ip
from cms.rate_limits import RateLimit


def client_and_restriction(group, request) -> str:
    return f"{client_ip(request)}/{request.resolver_match.kwargs['page_view_restriction_id']}"


WRONG_PASSWORDS = RateLimit("page.password", "PAGE_PASSWORD_FAILURE_RATE", method="POST", key=client_and_restriction)


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's view (same URL and name); it redirects on the right password, else shows the form again."""
    if WRONG_PASSWORDS.used_up(request):
        minutes = -(-WRONG_PASSWORDS.retry_after(request) // 60)
        response = render(request, "page_password_throttled.html", {"minutes": minutes})
        return WRONG_PASSWORDS.refuse(response, request)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if request.method == "POST" and response.status_code != 302:
        WRONG_PASSWORDS.count(request)
    return response
