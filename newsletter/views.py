"""Signing up (with or without JavaScript) and unsubscribing."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import is_same_domain
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from cms import site_settings, sites
from cms.rate_limits import RateLimit

from .forms import SignupForm
from .models import NewsletterSettings, Subscriber

ANCHOR = "newsletter"
# Every POST counts, valid or not: NEWSLETTER_SIGNUP_RATE per client address (cms/rate_limits.py).
SIGNUP_LIMIT = RateLimit("newsletter.signup", "NEWSLETTER_SIGNUP_RATE", method="POST")


def wants_json(request) -> bool:
    """True for the enhanced form in signup.js (and any client asking for JSON)."""
    accepts_json = "application/json" in request.headers.get("Accept", "")
    return accepts_json or request.headers.get("X-Requested-With") == "fetch"


@csrf_exempt
@require_POST
@SIGNUP_LIMIT.decorator
def subscribe(request):
    """Put an address on this site's list.

    The form is on every page, and pages are cached for every visitor alike
    (cms/page_cache.py), so it cannot carry a per-visitor CSRF token. Instead of
    the token this view checks where the form was sent from: the browser's
    ``Origin`` header (or, when a browser sends none, the origin of ``Referer``)
    must be this request's own scheme and host, or one of CSRF_TRUSTED_ORIGINS;
    the honeypot still turns away bots that fill in every field.

    What a cross-site attacker cannot do: make a visitor's browser sign up from
    another site's page, hidden form or script. Browsers set ``Origin`` (and
    ``Referer``) themselves, pages cannot forge them, and a cross-site POST
    always names its own origin, so it gets the 403 and nothing is stored. Nor
    can they read any answer, pick the site (the host decides), or change the
    consent text recorded (it is signed).
    What they still can do: post the form from their own machine with any
    headers they like, as anyone can by typing into the form. The token would
    not stop that either: it only proves that the visitor's own browser, with
    its cookies, sent the form, and this view uses no cookies or login at all.

    Past NEWSLETTER_SIGNUP_RATE posts from one address, nothing is read or stored and the
    answer is a 429: a page for the plain form, JSON for signup.js.
    """
    if request.limited:
        return too_many_signups(request)
    if not sent_from_this_site(request):
        return render(request, "newsletter/signup_refused.html", status=403)
    # The site always comes from the host name, never from the form.
    site = sites.find_for_request(request)
    if site is None:
        raise Http404("No site answers at this address.")
    newsletter = site_settings.for_site(NewsletterSettings, site)
    form = SignupForm(request.POST, request=request)

    if form.is_spam:
        # Looks exactly like a success so bots learn nothing; nothing is stored.
        return signed_up(request, form, newsletter)
    if not form.is_valid():
        return invalid(request, form)

    next_url = form.next_url
    Subscriber.sign_up(
        site=site,
        email=form.cleaned_data["email"],
        consent_text=newsletter.consent_from_signed(form.cleaned_data["consent"]),
        source_page=source_page_on(site, form.source_page_id),
        source_url=request.build_absolute_uri(next_url),
    )
    # The same answer whether the address is new or already listed, so the
    # form does not reveal who is subscribed.
    return signed_up(request, form, newsletter)


def too_many_signups(request):
    minutes = -(-SIGNUP_LIMIT.retry_after(request) // 60)
    message = (
        "We've had too many sign-ups from your network just now, so we haven't added this address. "
        f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
    if wants_json(request):
        return SIGNUP_LIMIT.refuse_json(request, {"ok": False, "message": message})
    response = render(request, "newsletter/signup_limited.html", {"message": message})
    return SIGNUP_LIMIT.refuse(response, request)


def sent_from_this_site(request) -> bool:
    """True when the browser says the form was sent from a page of this host or of a trusted origin."""
    origin = request.headers.get("Origin")
    if origin is None:
        try:
            referer = urlsplit(request.headers.get("Referer", ""))
        except ValueError:
            return False
        if not (referer.scheme and referer.netloc):
            return False
        origin = f"{referer.scheme}://{referer.netloc}"
    if origin == f"{request.scheme}://{request.get_host()}":
        return True
    try:
        scheme, host = urlsplit(origin)[:2]
    except ValueError:
        return False
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        if "*" in trusted:  # https://*.example.org, as in Django's own CSRF check
            trusted_scheme, trusted_host = urlsplit(trusted)[:2]
            if scheme == trusted_scheme and is_same_domain(host, trusted_host.lstrip("*")):
                return True
        elif origin == trusted:
            return True
    return False


def source_page_on(site, page_id):
    """The page the form was on, only if it belongs to this site."""
    if page_id is None:
        return None
    return Page.objects.descendant_of(site.root_page, inclusive=True).filter(pk=page_id).first()


def signed_up(request, form, newsletter):
    if wants_json(request):
        return JsonResponse({"ok": True, "message": newsletter.success_message})
    messages.success(request, newsletter.success_message, extra_tags=ANCHOR)
    back = form.next_url.split("#", 1)[0]
    return HttpResponseRedirect(f"{back}#{ANCHOR}", status=303)


def invalid(request, form):
    if wants_json(request):
        errors = {field: [str(error) for error in errors] for field, errors in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    return render(request, "newsletter/signup_page.html", {"newsletter_form": form}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks for confirmation (mail scanners follow links); only the button's POST unsubscribes."""
    subscriber = Subscriber.from_unsubscribe_token(token)
    site = sites.find_for_request(request)
    # A link works only on the site whose list it is: another site's host would show that site's
    # branding around this subscriber's address, and say which lists the address is on.
    if subscriber is None or site is None or subscriber.site_id != site.pk:
        return render(request, "newsletter/unsubscribe.html", {"state": "invalid"}, status=400)
    if request.method == "POST":
        if subscriber.is_subscribed:
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["unsubscribed_at"])
        return render(request, "newsletter/unsubscribe.html", {"state": "done", "subscriber": subscriber})
    return render(request, "newsletter/unsubscribe.html", {"state": "confirm", "subscriber": subscriber})
