import logging

import sentry_sdk
from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

from background.health import worker_state

from .cache_breaker import cache_state
from .logs import HEADER as REQUEST_ID_HEADER
from .logs import current_request_id, new_request_id, valid_request_id

logger = logging.getLogger(__name__)

HEALTH_PATHS = {"/healthz", "/healthz/"}


class RequestIdMiddleware:
    """Give every request an id: in every log record, in Sentry's reports and in the ``X-Request-ID`` header.

    The proxy's ``X-Request-ID`` is kept when ``TRUST_X_REQUEST_ID`` says a proxy
    in front sets it (and it is a short, printable token); otherwise a new one is made,
    so a visitor cannot choose the id their requests are logged under.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.trust_header = settings.TRUST_X_REQUEST_ID

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER)
        request_id = incoming if self.trust_header and valid_request_id(incoming) else new_request_id()
        request.request_id = request_id
        token = current_request_id.set(request_id)
        sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class HealthCheckMiddleware:
    """Answer ``/healthz`` before host validation, HTTPS redirects and sessions.

    Load balancers and Docker's HEALTHCHECK call it over plain HTTP on an
    internal address; it reads ``SELECT 1`` and writes nothing. It also says whether
    the cache answers a PING (``cms.cache_breaker.cache_state``), but stays 200 without
    it: pages are served uncached then, so taking the container out would not help.
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
            response = JsonResponse(
                {"status": "unavailable", "database": "unreachable", "cache": cache_state()}, status=503
            )
        else:
            # Pages still serve without the cache, and a stopped worker only delays e-mail and
            # scheduled pages: neither turns the check into a 503.
            response = JsonResponse(
                {"status": "ok", "database": "ok", "cache": cache_state(), "worker": worker_state()}
            )
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
