"""Error reports to Sentry, on only when SENTRY_DSN is set.

What is sent: unhandled exceptions in views and middleware (DjangoIntegration)
and records logged at ERROR, each tagged with the request id that is also in
the logs and the ``X-Request-ID`` header. What is not: personal data (no
cookies, user names, IP addresses or request bodies: ``send_default_pii`` is
off), performance traces unless SENTRY_TRACES_SAMPLE_RATE is above 0, and the
cache's "Exception ignored" records during a Redis outage (one per cache call:
they stay in the logs, where the site, still serving, goes on working).
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger

# Logged by django-redis for each cache call that fails while Redis is down (IGNORE_EXCEPTIONS).
QUIET_LOGGERS = ("django_redis.cache",)


def start(dsn: str, *, environment: str, traces_sample_rate: float) -> bool:
    """Initialise the SDK when a DSN is given; answer whether reports are now sent."""
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        # None, not 0: no tracing at all (0 would still start and propagate traces).
        traces_sample_rate=traces_sample_rate or None,
    )
    for name in QUIET_LOGGERS:
        ignore_logger(name)
    return True
