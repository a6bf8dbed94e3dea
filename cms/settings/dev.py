"""A developer's laptop (``make run``): DEBUG on unless DEBUG=0 is set."""

import os

os.environ.setdefault("DEBUG", "1")
# Plain log lines in the terminal rather than JSON.
os.environ.setdefault("LOG_FORMAT", "text")

from .base import *  # noqa: F403

# E-mail goes through the worker like in production, which prints it to the terminal.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
