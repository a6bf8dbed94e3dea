"""Signing up (with or without JavaScript) and unsubscribing."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page, Site

from .forms import SignupForm
from .models import NewsletterSettings, Subscriber

ANCHOR = "newsletter"


def wants_json(request) -> bool:
    """True for the enhanced form in signup.js (and any client asking for JSON)."""
    accepts_json = "application/json" in request.headers.get("Accept", "")
    return accepts_json or request.headers.get("X-Requested-With") == "fetch"


@require_POST
def subscribe(request):
    # The site always comes from the host name, never from the form.
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site answers at this address.")
    newsletter = NewsletterSettings.for_site(site)
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
    if subscriber is None:
        return render(request, "newsletter/unsubscribe.html", {"state": "invalid"}, status=400)
    if request.method == "POST":
        if subscriber.is_subscribed:
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["unsubscribed_at"])
        return render(request, "newsletter/unsubscribe.html", {"state": "done", "subscriber": subscriber})
    return render(request, "newsletter/unsubscribe.html", {"state": "confirm", "subscriber": subscriber})
