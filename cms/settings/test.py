"""The test run: fast, hermetic, and close to production where it matters."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 50)

from .base import *  # noqa: F403
from .base import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests call views over plain HTTP with the test client.
SECURE_SSL_REDIRECT = False
# The test run does not need collectstatic before rendering a template.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", ".localhost"]
# whitenoise reads STATIC_ROOT at start-up; the tests never collect into it.
STATIC_ROOT = BASE_DIR / "data" / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
# The page cache and remembered site settings are on, as in production (base turns it off without Redis:
# the test run is one process, where the memory cache is shared by every request).
PAGE_CACHE_SECONDS = 600
SITE_SETTINGS_CACHE = True
# Tasks run at once in the test process, as the code that enqueues them waits for its commit
# (background.backend.enqueue); the worker's own tests use the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND
PREPARE_PUBLISHED_PAGES = False
