"""Error views that must answer without the database."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error

# Raised when the database cannot be reached or its connection broke: the site is
# briefly unavailable, not broken, and the request may simply be sent again.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_MESSAGE = (
    "Sorry, we couldn’t do that just now: the site is having a brief problem. "
    "Nothing you sent was saved. Please try again in a minute."
)


def wants_json(request) -> bool:
    """The enhanced newsletter form (signup.js) and any other client asking for JSON."""
    accepts_json = "application/json" in request.headers.get("Accept", "")
    return accepts_json or request.headers.get("X-Requested-With") == "fetch"


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """handler500: a 503 with Retry-After when the database is unreachable, Django's 500 page otherwise.

    Django calls it for any exception a view or a middleware let through, inside
    the ``except`` that caught it, so the exception is still at hand. Pages,
    the admin and the newsletter signup alike then answer 503 from a template
    that needs no database (``503.html``); the same processes recover by
    themselves once the database answers again (Django reconnects per request).
    """
    if not isinstance(sys.exception(), UNAVAILABLE_ERRORS):
        return django_server_error(request, template_name)
    if wants_json(request):
        response = JsonResponse({"ok": False, "message": UNAVAILABLE_MESSAGE}, status=503)
    else:
        html = loader.get_template("503.html").render({"submitted": request.method == "POST"})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
