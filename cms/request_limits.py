"""Refuse a public request body larger than any public form needs, before anything reads it.

Django caps a urlencoded body (``DATA_UPLOAD_MAX_MEMORY_SIZE``) only once a view reads it, and streams
the files of a multipart body to disk whatever their size: an anonymous 100 MB upload to the newsletter
signup was read in full. No public endpoint takes files, and the largest public form is a few
kilobytes, so anything over ``PUBLIC_POST_MAX_BYTES`` is answered 413 from its ``Content-Length``
alone. The admin is left out: editors upload images and documents there, each checked by Wagtail's
own limits, and only signed-in users reach its views. A body without a ``Content-Length`` (chunked)
is never read by Django at all.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

from .views import wants_json

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ADMIN_PREFIX = "/admin/"
TOO_LARGE_MESSAGE = "What you sent is much larger than this form accepts, so nothing was saved."


class PublicBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in BODY_METHODS and not request.path.startswith(ADMIN_PREFIX):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0  # Django reads no body it cannot measure
            if length > settings.PUBLIC_POST_MAX_BYTES:
                return too_large(request)
        return self.get_response(request)


def too_large(request):
    if wants_json(request):
        response = JsonResponse({"ok": False, "message": TOO_LARGE_MESSAGE}, status=413)
    else:
        response = HttpResponse(loader.get_template("413.html").render({"message": TOO_LARGE_MESSAGE}), status=413)
    add_never_cache_headers(response)
    return response
