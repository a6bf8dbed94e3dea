"""Settings shared by every environment; each value comes from the environment.

The README lists every variable read here. ``production`` is the default
module; ``dev`` and ``test`` adjust only what a developer's laptop or the test
run needs.
"""

from datetime import timedelta
from pathlib import Path

from cms import logs, sentry

from . import environment as env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
DATA_DIR = BASE_DIR / "data"

DEBUG = env.flag("DEBUG", default=False)

if DEBUG:
    # Only ever used on a developer's machine: production refuses to start
    # without a key of its own (see below).
    SECRET_KEY = env.text("SECRET_KEY", "django-insecure-local-development-only")
else:
    SECRET_KEY = env.required_text("SECRET_KEY", "when DEBUG is off (set a long random value)")

# Local names by default, so a bare start on a laptop answers; a deployment
# lists its domains.
ALLOWED_HOSTS = env.word_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", ".localhost"])
CSRF_TRUSTED_ORIGINS = env.origin_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "resources",
    "marketing",
    "newsletter",
    "search",
    "seo",
    "cms",
    "background",
    "wagtailseo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Content-Security-Policy (cms/csp.py) and admin login throttling (see Security below).
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so every log record of a request, /healthz included, carries its id.
    "cms.middleware.RequestIdMiddleware",
    # Next, so load balancers and Docker's HEALTHCHECK reach it over plain
    # HTTP on any host name, and so it never touches sessions or caches.
    "cms.middleware.HealthCheckMiddleware",
    # Before anything reads a request's body: an oversized public POST is refused unread.
    "cms.request_limits.PublicBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and auth, so a hit skips them; after SecurityMiddleware,
    # so hits get its headers too (see cms/page_cache.py).
    "cms.page_cache.PageCacheMiddleware",
    # Below the page cache, so the policy is stored with each page and replayed on hits
    # (it holds hashes, never nonces: cms/csp.py).
    "cms.csp.CSPMiddleware",
    # Below the page cache, so hits never wait for it (cms/sites.py).
    "cms.sites.RememberedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After XFrameOptionsMiddleware, so its header on admin responses wins.
    "cms.middleware.AdminFramingMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.site_settings.settings",
                "background.context_processors.worker_warning",
            ],
        },
    },
]

# Database: SQLite in the checkout's data folder unless DATABASE_URL says otherwise.
DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}")}
# PostgreSQL: each connection plans a statement it has run five times once, then reuses the plan
# (psycopg's automatic prepared statements, which need server-side parameter binding). Wagtail's page
# queries join many tables and took longer to plan than to run. A pooler in transaction mode
# (PgBouncer) cannot keep them: DATABASE_PREPARED_STATEMENTS=0 there.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.flag(
    "DATABASE_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
# SQLite allows one writer at a time, and several gunicorn workers write. A transaction that began
# reading and then writes cannot wait for the lock (SQLite answers "database is locked" at once), so
# every transaction takes the write lock when it begins (IMMEDIATE) and waits up to SQLITE_BUSY_SECONDS
# for it. WAL lets readers go on while one request writes; synchronous=NORMAL is safe in WAL mode.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=env.integer("SQLITE_BUSY_SECONDS", 20, minimum=1),
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else memory local to each process.
REDIS_URL = env.url("REDIS_URL", schemes=("redis", "rediss", "unix"))
CACHES = {
    "default": env.redis_cache(REDIS_URL)
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# django-redis logs each cache error it ignores (kept out of Sentry: cms/sentry.py).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# After a Redis failure each process skips Redis for this long, then tries again (cms/cache_breaker.py).
CACHE_BACKOFF_SECONDS = env.integer("CACHE_BACKOFF_SECONDS", 15, minimum=1)

# Full-page cache for anonymous visitors (cms/page_cache.py): seconds a page is
# kept; 0 turns it off. Off by default without Redis: every process would keep
# its own pages and generations, so a publish handled by one gunicorn worker
# would leave the other workers serving the old page.
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 600 if REDIS_URL else 0)
# Site settings read once per site generation in each process (cms/site_settings.py); off without
# Redis for the same reason.
SITE_SETTINGS_CACHE = env.flag("SITE_SETTINGS_CACHE", bool(REDIS_URL))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The clinic serves Florida and New Jersey, both on Eastern time.
TIME_ZONE = env.text("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# Static files: hashed names, compressed, served by whitenoise with
# far-future cache headers (whitenoise marks hashed files immutable).
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.text("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Media: MEDIA_ROOT on this machine, or S3-compatible object storage shared by
# every web container when AWS_STORAGE_BUCKET_NAME is set (see environment.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(BASE_DIR / "media")))
# `manage.py backup` writes a timestamped folder here (database dump and media archive).
BACKUP_DIR = Path(env.text("BACKUP_DIR", str(BASE_DIR / "backups")))
STORAGES = {
    "default": env.media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600

# Security. Every default below is the strict one; DEBUG loosens what a
# laptop without TLS needs.
SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.flag("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Keep the X-Request-ID the proxy in front sets (cms.middleware.RequestIdMiddleware); else make one.
TRUST_X_REQUEST_ID = env.flag("TRUST_X_REQUEST_ID", default=False)
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The header alone enrols nothing: a domain joins browsers' preload list only
# when its owner submits it. SECURE_HSTS_PRELOAD=0 drops the directive.
SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Off only for a plain-HTTP trial such as docker-compose on localhost.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env.flag("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# The visitor's address for rate limits and login throttling (cms/client_ip.py): the peers whose
# X-Forwarded-For is believed. The same variable tells gunicorn whose X-Forwarded-Proto to believe.
TRUSTED_PROXIES = env.network_list("FORWARDED_ALLOW_IPS", ["127.0.0.1"])

# Content-Security-Policy (django-csp; the design, without nonces, is in cms/csp.py). Public pages:
# scripts and styles from this origin only; a page adds the hash of its brand-colour <style> and,
# on sites with a measurement ID, Google Analytics' hosts; media on object storage adds its origin.
CONTENT_SECURITY_POLICY_REPORT_URI = env.url("CSP_REPORT_URI")
EMBED_FRAME_SOURCES = ["https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": EMBED_FRAME_SOURCES,
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": [CONTENT_SECURITY_POLICY_REPORT_URI] if CONTENT_SECURITY_POLICY_REPORT_URI else None,
    }
}
# The Wagtail admin (/admin/, previews included): its editor writes inline scripts and styles.
# Its login page needs neither and keeps script-src and style-src 'self' (cms/csp.py).
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # The dashboard's notice of a new Wagtail release.
        "connect-src": ["'self'", "https://releases.wagtail.org"],
        # data: and blob: for previews of images being uploaded and the focal point chooser.
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        # Page previews are framed by the admin itself.
        "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Editors' e-mail addresses are not sent to Gravatar for avatars (and img-src stays 'self').
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Admin login throttling (django-axes): LOGIN_FAILURE_LIMIT failed logins for one user name from one
# address lock that pair out for LOGIN_COOLOFF_MINUTES after the last failure (429 and the page
# cms/templates/lockout.html); other users and addresses can still log in. A success resets the count.
AUTHENTICATION_BACKENDS = [
    "cms.auth.WebLoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "cms.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_HTTP_RESPONSE_CODE = 429

# Rate limits per client address (django-ratelimit), counted in the default cache: shared by every
# process through Redis; without REDIS_URL each process counts alone. A cache outage lets requests
# through rather than refusing everyone. Rates are "count/period", the period s, m, h or d.
NEWSLETTER_SIGNUP_RATE = env.rate("NEWSLETTER_SIGNUP_RATE", "10/h")
SEARCH_SUGGEST_RATE = env.rate("SEARCH_SUGGEST_RATE", "120/m")
SEARCH_RATE = env.rate("SEARCH_RATE", "60/m")
# How long the search reports remember searches (manage.py prune_search_history forgets older ones);
# Wagtail's popular searches report reads its daily counts for the same period.
SEARCH_HISTORY_DAYS = env.integer("SEARCH_HISTORY_DAYS", 90, minimum=1)
WAGTAILSEARCH_HITS_MAX_AGE = SEARCH_HISTORY_DAYS
# Wrong page passwords per client address and protected page; past it the right one waits too (cms/page_passwords.py).
PAGE_PASSWORD_FAILURE_RATE = env.rate("PAGE_PASSWORD_FAILURE_RATE", "5/15m")
RATELIMIT_IP_META_KEY = "cms.client_ip.client_ip"
RATELIMIT_FAIL_OPEN = True

# E-mail: sent by the worker (background/mail.py), through SMTP when EMAIL_HOST is set, otherwise
# printed to the worker's log.
EMAIL_HOST = env.text("EMAIL_HOST")
EMAIL_BACKEND = "background.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env.integer("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env.text("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.text("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.flag("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logs: stdout, one JSON object per line (LOG_FORMAT=text for plain lines), each with the id of
# its request (cms/logs.py); gunicorn.conf.py formats gunicorn's own logs the same way.
LOG_FORMAT = env.choice("LOG_FORMAT", ("json", "text"), "json")
LOGGING = logs.logging_config(
    LOG_FORMAT,
    env.text("LOG_LEVEL", "INFO").upper(),
    loggers={
        # Background task bookkeeping (search index updates) is noise at INFO.
        "django_tasks": {"level": "WARNING"},
        # One "Exception ignored" for each cache call skipped while Redis is skipped would flood the log.
        "django_redis.cache": {"filters": ["cache_skipped"]},
    },
    filters={"cache_skipped": {"()": "cms.cache_breaker.SkippedCallFilter"}},
)

# Errors reported to Sentry when SENTRY_DSN is set (cms/sentry.py); nothing is sent otherwise.
SENTRY_DSN = env.url("SENTRY_DSN")
SENTRY_ENVIRONMENT = env.text("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = env.fraction("SENTRY_TRACES_SAMPLE_RATE", 0.0)
sentry.start(SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)

# Wagtail
WAGTAIL_SITE_NAME = env.text("WAGTAIL_SITE_NAME", "Clinic CMS")
WAGTAILADMIN_BASE_URL = env.url("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The dashboard lists articles last reviewed by a clinician more than this many months ago (cms/dashboard.py).
MEDICAL_REVIEW_MONTHS = env.integer("MEDICAL_REVIEW_MONTHS", 12, minimum=1)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Uploaded images: raster formats only (an SVG can carry script), checked by content as well as
# by name; at most IMAGE_MAX_UPLOAD_MB megabytes and 50 million pixels (a small file that decodes to
# a huge bitmap would otherwise take a worker's memory when renditions are made). The form refuses
# even what Pillow takes for a decompression bomb with that message (cms/image_forms.py),
# and pages leave out an image stored over the limit rather than decode it (cms/images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.ImageForm"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env.integer("IMAGE_MAX_UPLOAD_MB", 10, minimum=1) * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
# Documents: office formats and plain text, never HTML, SVG or programs. Always served through
# Wagtail's view, also from object storage, so collection privacy applies and every file goes out
# as a download (Content-Disposition: attachment, none inline) with nosniff and a CSP that blocks
# anything embedded in it; /media/ does not serve the documents folder (cms/urls.py).
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAIL_I18N_ENABLED = False
# Moving or renaming a published page leaves a permanent redirect from its old address.
WAGTAILREDIRECTS_AUTO_CREATE = True
WAGTAILSEO_SEP = "|"
# CDN or caching proxy purged on publish (Wagtail) and on setting and snippet
# saves (cms/cdn_purge.py); FRONTEND_CACHE_BACKEND switches it on.
WAGTAILFRONTENDCACHE = env.frontend_cache()
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The largest body a public (non-admin) POST may send; larger ones get a 413 unread (cms/request_limits.py).
PUBLIC_POST_MAX_BYTES = env.integer("PUBLIC_POST_MAX_BYTES", 64 * 1024, minimum=1024)

# Background work (README, Background work): tasks are rows of the project's database, run by
# `manage.py worker` (background/worker.py), which also enqueues the periodic jobs below.
TASKS = {"default": {"BACKEND": "background.backend.QueueBackend"}}
# Name -> the task (no arguments) and how often, in seconds, it is enqueued; once per period whatever
# the number of workers.
BACKGROUND_SCHEDULE = {
    "publish-scheduled-pages": {"task": "background.tasks.publish_scheduled_pages", "every": 60},
    "prune-search-history": {"task": "search.tasks.prune_search_history", "every": 60 * 60},
    "prune-finished-tasks": {"task": "background.tasks.prune_finished_tasks", "every": 24 * 60 * 60},
}
# A failing task runs again after TASK_RETRY_SECONDS, doubled each time, up to TASK_MAX_ATTEMPTS runs.
TASK_MAX_ATTEMPTS = env.integer("TASK_MAX_ATTEMPTS", 5, minimum=1)
TASK_RETRY_SECONDS = env.integer("TASK_RETRY_SECONDS", 30, minimum=1)
TASK_RESULTS_KEEP_DAYS = env.integer("TASK_RESULTS_KEEP_DAYS", 14, minimum=1)
# Each worker's heartbeat; a task whose worker has been silent for WORKER_LOST_SECONDS runs again.
WORKER_HEARTBEAT_SECONDS = env.integer("WORKER_HEARTBEAT_SECONDS", 15, minimum=1)
WORKER_LOST_SECONDS = env.integer("WORKER_LOST_SECONDS", 120, minimum=2)
# No heartbeat for this long: the admin banner and /healthz say the worker is not running.
WORKER_STALE_MINUTES = 5
# Render each published page once in the worker, so its image renditions exist before visitors ask.
PREPARE_PUBLISHED_PAGES = True
