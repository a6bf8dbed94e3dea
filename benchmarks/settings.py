"""Settings for ``make bench`` only: production settings plus the baseline view and a query counter.

Nothing here is deployed: ``DJANGO_SETTINGS_MODULE=benchmarks.settings`` is set by
benchmarks/site_benchmark.py alone.
"""

from django.core.exceptions import ImproperlyConfigured

from cms.settings.production import *  # noqa: F403
from cms.settings.production import DEBUG, MIDDLEWARE

if DEBUG:
    raise ImproperlyConfigured("The benchmark measures production behaviour: run it with DEBUG=0.")

ROOT_URLCONF = "benchmarks.urls"
# Outermost, so it counts every statement of a request, the page cache's and the sessions' included.
MIDDLEWARE = ["benchmarks.middleware.QueryCountMiddleware", *MIDDLEWARE]
