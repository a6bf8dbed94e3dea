"""gunicorn settings, read automatically when gunicorn starts in this folder."""

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
# Recycle workers now and then so a slow leak never takes a site down.
max_requests = 1000
max_requests_jitter = 100
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
