"""gunicorn settings, read automatically when gunicorn starts in this folder."""

import gc
import importlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cms.logs import logging_config
from cms.settings import environment as env

bind = f"0.0.0.0:{env.integer('PORT', 8000, minimum=1)}"
workers = env.integer("WEB_CONCURRENCY", 2, minimum=1)
threads = env.integer("GUNICORN_THREADS", 1, minimum=1)
timeout = env.integer("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never takes a site down. Each worker's limit is drawn
# between max_requests and one and a half times it, so workers that started together do not stop
# together; the app is loaded once in the master (preload_app) and each new worker is forked from it
# ready to serve (see when_ready), instead of importing Django while its share of visitors waits.
max_requests = env.integer("GUNICORN_MAX_REQUESTS", 1000, minimum=0)
max_requests_jitter = max_requests // 2
preload_app = True
# Logs go to stdout, where Docker and the platform collect them: JSON lines like Django's
# (LOG_FORMAT, cms/logs.py), access lines carrying the response's X-Request-ID.
accesslog = "-"
errorlog = "-"
loglevel = env.text("LOG_LEVEL", "info").lower()
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s" request_id=%({x-request-id}o)s'
logconfig_dict = logging_config(
    env.choice("LOG_FORMAT", ("json", "text"), "json"),
    loglevel.upper(),
    loggers={
        "gunicorn.error": {"level": loglevel.upper(), "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
)
# Trust X-Forwarded-* headers only from the proxy in front of us.
forwarded_allow_ips = env.text("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Read the Django settings once in the master, so a missing or malformed
# variable stops start-up with its one-line message instead of every worker
# failing to boot in a loop.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")
importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])


def when_ready(server):
    """In the master, with the app loaded and no worker forked yet.

    Import every URLconf and view now, not on each new worker's first request. Then move everything
    loaded so far out of the garbage collector's sight (gc.freeze): a worker never scans or copies
    those objects, and a recycled one exits in a fraction of the time, so its share of visitors is
    not left waiting for it. Nothing at import opens a database or Redis connection (Django and
    django-redis connect on first use), so no connection is shared across the fork: the master holds
    none, which cms/tests/test_gunicorn.py checks.
    """
    from django.urls import reverse

    reverse("wagtail_serve", args=[""])
    gc.freeze()
