"""A Redis that hangs costs a request one socket timeout, then is skipped for the back-off (cms/cache_breaker.py).

The hung Redis here is a socket that accepts connections and never answers: what a paused
(``kill -STOP``) Redis looks like to a client. The same with gunicorn and a real redis-server that
is paused and resumed is in test_outages.py.
"""

import logging
import socket
import time

import pytest
from django.core.cache import cache
from django.test import Client

from cms.settings.environment import redis_cache
from resources.tests.builders import make_site

SOCKET_TIMEOUT = 1.0


@pytest.fixture
def site(db):
    """Built, and its home page rendered once, before the cache hangs: publishing bumps the site's
    generation in the cache, and a process's first render is slow (templates compiled)."""
    built = make_site(hostname="localhost", title="Harbor Light")
    assert Client().get("/").status_code == 200
    return built


@pytest.fixture
def hung_redis(settings):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(64)
        port = listener.getsockname()[1]
        settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{port}/0", socket_timeout=SOCKET_TIMEOUT)}
        settings.CACHE_BACKOFF_SECONDS = 1
        yield


def timed(call, *args, **kwargs):
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def test_a_hung_redis_costs_a_page_one_socket_timeout_and_later_requests_skip_it(site, hung_redis, caplog):
    visitor = Client()

    with caplog.at_level(logging.WARNING):
        first, first_seconds = timed(visitor.get, "/")
        later = [timed(visitor.get, "/") for _ in range(5)]
        health = visitor.get("/healthz")

    # The page makes several cache calls; only the first waits for Redis.
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    assert SOCKET_TIMEOUT <= first_seconds < 2 * SOCKET_TIMEOUT
    assert [response.status_code for response, _ in later] == [200] * 5
    assert [response["X-Page-Cache"] for response, _ in later] == ["miss"] * 5
    assert max(seconds for _, seconds in later) < SOCKET_TIMEOUT
    # Still 200: pages are served, uncached.
    assert (health.status_code, health.json()["cache"]) == (200, "skipped (circuit open)")
    # One warning for the failure, one "Exception ignored" for the one call that met it; none for the skipped ones.
    warnings = [record.getMessage() for record in caplog.records if record.name == "cms.cache_breaker"]
    assert len(warnings) == 1
    assert "the cache is skipped for 1 s" in warnings[0]
    assert len([record for record in caplog.records if record.name == "django_redis.cache"]) == 1


@pytest.mark.django_db
def test_skipped_reads_are_misses_and_skipped_writes_are_dropped(hung_redis):
    assert cache.get("generation", "default") == "default"  # waits once, and opens the circuit

    answers, seconds = timed(
        lambda: [
            cache.get("generation", "default"),
            cache.get_many(["a", "b"]),
            cache.set("a", 1),
            cache.add("b", 1),
            cache.incr("counter"),
            cache.get_or_set("c", 3),
        ]
    )

    assert answers == ["default", {}, None, None, None, 3]
    assert seconds < 0.1


@pytest.mark.django_db
def test_after_the_back_off_redis_is_tried_again(hung_redis, client):
    assert client.get("/healthz").json()["cache"] == "unavailable"  # a PING that timed out
    assert client.get("/healthz").json()["cache"] == "skipped (circuit open)"

    time.sleep(1.1)  # CACHE_BACKOFF_SECONDS

    health, seconds = timed(client.get, "/healthz")
    assert health.json()["cache"] == "unavailable"
    assert seconds >= SOCKET_TIMEOUT  # Redis was asked again
    assert client.get("/healthz").json()["cache"] == "skipped (circuit open)"
