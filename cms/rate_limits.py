"""Rate limits per client address (django-ratelimit), counted in the default cache (Redis in production).

A view is decorated with a ``RateLimit``'s ``decorator`` and answers 429 itself when
``request.limited`` is set, so each endpoint says "too many" in its own words: a page for
a form, JSON for script. The rate is read from settings on every request (``NEWSLETTER_SIGNUP_RATE``
and friends, from the environment); the address is ``cms.client_ip.client_ip`` (settings:
``RATELIMIT_IP_META_KEY``), so behind a trusted proxy each visitor has a count of their own.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit


@dataclass(frozen=True)
class RateLimit:
    group: str  # the counter's name: views sharing a group share a count
    setting: str  # the settings name of the rate, e.g. "10/h"
    method: str | tuple = ALL  # the methods counted
    key: str | Callable = "ip"  # whose count: the client address, or key(group, request)

    def rate(self, group, request) -> str:
        return getattr(settings, self.setting)

    @property
    def decorator(self):
        """Counts every request of ``method`` and sets ``request.limited`` past the rate (never raises)."""
        return ratelimit(group=self.group, key=self.key, rate=self.rate, method=self.method, block=False)

    def usage(self, request, count: bool = False) -> dict | None:
        """This client's count (None when the cache cannot tell, see RATELIMIT_FAIL_OPEN); ``count`` adds one."""
        return get_usage(request, group=self.group, key=self.key, rate=self.rate, method=self.method, increment=count)

    def count(self, request) -> None:
        """For a view that counts only some requests (failures) itself, instead of the decorator."""
        self.usage(request, count=True)

    def used_up(self, request) -> bool:
        """Whether the counted requests have reached the rate: the next one is refused."""
        usage = self.usage(request)
        return bool(usage) and usage["count"] >= usage["limit"]

    def retry_after(self, request) -> int:
        """Seconds until this client's count starts again."""
        usage = self.usage(request)
        return max(1, usage["time_left"]) if usage else 60

    def refuse(self, response, request):
        """``response`` as a 429 with Retry-After that no cache keeps."""
        response.status_code = 429
        response["Retry-After"] = str(self.retry_after(request))
        add_never_cache_headers(response)
        return response

    def refuse_json(self, request, data: dict):
        return self.refuse(JsonResponse(data), request)
