import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATHS = {"/healthz", "/healthz/"}


class HealthCheckMiddleware:
    """Answer ``/healthz`` before host validation, HTTPS redirects and sessions.

    Load balancers and Docker's HEALTHCHECK call it over plain HTTP on an
    internal address; it reads ``SELECT 1`` and writes nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in HEALTH_PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return JsonResponse({"error": "method not allowed"}, status=405, headers={"Allow": "GET, HEAD"})
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except DatabaseError as error:
            logger.warning("Health check: database unreachable: %s", error)
            # Drop the broken connection so the next request opens a fresh one.
            connection.close()
            response = JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
        else:
            response = JsonResponse({"status": "ok", "database": "ok"})
        add_never_cache_headers(response)
        return response


class AdminFramingMiddleware:
    """Let the admin frame itself (page previews) while public pages stay ``DENY``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response
