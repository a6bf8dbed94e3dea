"""A developer's laptop (``make run``): DEBUG on unless DEBUG=0 is set."""

import os

os.environ.setdefault("DEBUG", "1")
# Plain log lines in the terminal rather than JSON.
os.environ.setdefault("LOG_FORMAT", "text")

from .base import *  # noqa: F403

# Sign-up confirmations and password resets go to the terminal.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
