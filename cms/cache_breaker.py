"""A circuit breaker for Redis: after one failure, each process skips Redis for ``CACHE_BACKOFF_SECONDS``.

Why: a Redis that hangs (paused, swapping, a network black hole) rather than refusing connections
makes every cache call wait ``SOCKET_TIMEOUT``; a page makes several (the page cache, the site's
generation, rate limits, renditions), so each request waited several seconds and two sync workers
served a handful of requests a minute. With the breaker, the first call that fails or times out
opens the circuit and every later call, in that request and the next ones, fails at once without
touching the network, so a request spends at most about one socket timeout on the cache. After the
back-off the next call tries Redis again: if it answers, the cache is back; if not, the back-off
starts again.

Where: on the redis-py connection (``CONNECTION_POOL_CLASS`` in ``CACHES``), the one place every
cache call goes through: django-redis's commands and pipelines, django-ratelimit's counters,
Wagtail's renditions, ``get_redis_connection()``. A skipped call raises redis's ``ConnectionError``,
as a Redis that is down does, so django-redis's ``IGNORE_EXCEPTIONS`` gives the same answers as in an
outage: a skipped read is a miss, a skipped write is dropped. django-redis's ``Exception ignored``
record is left out for skipped calls (``SkippedCallFilter``): the failure that opened the circuit is
logged once, as a warning.

No retries: redis-py's connections retry nothing unless told to, and this pool says so explicitly,
so a change of that default cannot multiply the wait.
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django_redis import get_redis_connection
from django_redis.cache import RedisCache
from redis import Connection, ConnectionPool
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError, RedisError, TimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
SKIPPED = "skipped (circuit open)"


class CacheSkipped(ConnectionError):
    """Not sent: Redis failed less than ``CACHE_BACKOFF_SECONDS`` ago in this process."""


class CircuitBreaker:
    def __init__(self):
        self.open_until = 0.0  # time.monotonic() until which Redis is skipped

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def check(self) -> None:
        if self.is_open():
            raise CacheSkipped("Redis is skipped after a failure; it is tried again after the back-off")

    def trip(self, error: Exception) -> None:
        seconds = settings.CACHE_BACKOFF_SECONDS
        if not self.is_open():
            logger.warning("Redis failed (%r): the cache is skipped for %s s", error, seconds)
        self.open_until = time.monotonic() + seconds

    def reset(self) -> None:
        self.open_until = 0.0

    def call(self, method, *args, **kwargs):
        self.check()
        try:
            return method(*args, **kwargs)
        except CacheSkipped:
            raise
        except (ConnectionError, TimeoutError) as error:
            self.trip(error)
            raise


# One per process: gunicorn's workers each learn for themselves that Redis is gone.
breaker = CircuitBreaker()


class CircuitBreakingConnection:
    """Mixed into the connection class redis-py picks for the URL (TCP, TLS or a Unix socket)."""

    def connect(self):
        return breaker.call(super().connect)

    def send_packed_command(self, command, check_health=True):
        return breaker.call(super().send_packed_command, command, check_health)

    def read_response(self, *args, **kwargs):
        return breaker.call(super().read_response, *args, **kwargs)


@functools.cache
def circuit_breaking(connection_class: type) -> type:
    return type(f"CircuitBreaking{connection_class.__name__}", (CircuitBreakingConnection, connection_class), {})


class CircuitBreakingConnectionPool(ConnectionPool):
    """django-redis's ``CONNECTION_POOL_CLASS``: connections that go through the breaker and never retry."""

    def __init__(self, connection_class=Connection, **kwargs):
        kwargs.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(connection_class=circuit_breaking(connection_class), **kwargs)


class SkippedCallFilter(logging.Filter):
    """Drops django-redis's ``Exception ignored`` for calls the breaker skipped (one per call)."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(getattr(error, "__cause__", None), CacheSkipped)


def cache_state() -> str:
    """For ``/healthz``: ``ok``, ``unavailable`` (a PING failed now) or ``skipped (circuit open)``."""
    if not isinstance(caches["default"], RedisCache):
        return OK  # the memory of this process
    if breaker.is_open():
        return SKIPPED
    try:
        get_redis_connection("default").ping()
    except RedisError:
        return UNAVAILABLE
    return OK
