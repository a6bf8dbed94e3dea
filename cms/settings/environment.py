"""Typed readers for settings that come from environment variables.

A missing or malformed value stops start-up with one line that names the
variable (a ``SystemExit``), so an operator never has to read a traceback from
deep inside Django to find a typo in their deployment.
"""

import ipaddress
import os
import re
import sys
from urllib.parse import urlsplit

import dj_database_url

# Every name read through this module, so tests can prove that the README
# table and docker-compose.yml speak only of variables the settings know.
NAMES_READ: set[str] = set()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def stop(name: str, problem: str) -> None:
    sys.exit(f"Configuration error: {name} {problem}")


def raw(name: str) -> str | None:
    NAMES_READ.add(name)
    value = os.environ.get(name)
    return None if value is None else value.strip()


def text(name: str, default: str = "") -> str:
    value = raw(name)
    return default if value is None or value == "" else value


def required_text(name: str, why: str) -> str:
    value = raw(name)
    if not value:
        stop(name, f"is required {why}.")
    return value


def flag(name: str, default: bool) -> bool:
    value = raw(name)
    if value is None:
        return default
    word = value.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    stop(name, f"must be 1 or 0 (true/false), not {value!r}.")


def integer(name: str, default: int, minimum: int = 0) -> int:
    value = raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        stop(name, f"must be a whole number of at least {minimum}, not {value!r}.")
    return number


def fraction(name: str, default: float) -> float:
    """A number from 0 to 1, such as a sampling rate."""
    value = raw(name)
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is None or not 0 <= number <= 1:
        stop(name, f"must be a number from 0 to 1, not {value!r}.")
    return number


def word_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def network_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated IP addresses or networks (CIDR), or ``*`` for any, as gunicorn reads them."""
    entries = word_list(name, default)
    for entry in entries:
        if entry == "*":
            continue
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            stop(name, f"must list IP addresses or networks such as 10.0.0.0/8 (or *), not {entry!r}.")
    return entries


RATE = re.compile(r"^[1-9][0-9]*/([1-9][0-9]*)?[smhd]$")


def rate(name: str, default: str) -> str:
    """A rate limit such as 10/h: a count, a slash, and s, m, h or d (optionally a number of them: 5/15m)."""
    value = text(name, default)
    if not RATE.match(value):
        stop(name, f"must be a rate such as 10/h or 120/m, not {value!r}.")
    return value


def url(name: str, default: str = "", schemes: tuple[str, ...] = ("http", "https")) -> str:
    value = text(name, default)
    if value:
        parts = urlsplit(value)
        if parts.scheme not in schemes or not (parts.netloc or parts.path):
            stop(name, f"must be a URL starting with {' or '.join(s + '://' for s in schemes)}, not {value!r}.")
    return value


def origin_list(name: str) -> list[str]:
    origins = word_list(name, [])
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            stop(name, f"must list origins such as https://example.org, not {origin!r}.")
    return origins


def database(name: str, default: str) -> dict:
    value = text(name, default)
    try:
        config = dj_database_url.parse(value, conn_max_age=600, conn_health_checks=True)
    except (ValueError, KeyError, TypeError) as error:
        stop(name, f"is not a database URL this project understands ({error}): {value!r}.")
    if not config.get("ENGINE"):
        stop(name, f"names no database engine: {value!r}.")
    return config


def choice(name: str, choices: tuple[str, ...], default: str = "") -> str:
    value = text(name, default).lower()
    if value not in choices:
        stop(name, f"must be one of {', '.join(c for c in choices if c)}, not {value!r}.")
    return value


def host(name: str) -> str:
    """A host name with an optional port and path, such as media.example.org; no scheme."""
    value = text(name)
    if value and ("://" in value or not urlsplit(f"//{value}").hostname):
        stop(name, f"must be a host name such as media.example.org (no https://), not {value!r}.")
    return value


def only_with(names: tuple[str, ...], switch: str, why: str) -> None:
    """Stop when a companion variable is set but the variable that switches its feature on is not."""
    for name in names:
        if text(name):
            stop(name, f"is set but {switch} is not: {why}.")


def redis_cache(location: str, socket_timeout: float = 1) -> dict:
    """A CACHES entry for Redis (django-redis) that degrades to no cache, never to errors or waits."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": socket_timeout,
            "SOCKET_TIMEOUT": socket_timeout,
            # A Redis outage degrades to uncached pages, never to errors.
            "IGNORE_EXCEPTIONS": True,
            # A Redis that hangs costs a request one socket timeout, not one per cache call: after a
            # failure each process skips Redis for CACHE_BACKOFF_SECONDS (cms/cache_breaker.py).
            "CONNECTION_POOL_CLASS": "cms.cache_breaker.CircuitBreakingConnectionPool",
        },
        "KEY_PREFIX": "cms",
    }


S3_STORAGE = "storages.backends.s3.S3Storage"
S3_COMPANIONS = ("AWS_S3_ENDPOINT_URL", "AWS_S3_REGION_NAME", "AWS_S3_CUSTOM_DOMAIN", "AWS_S3_ADDRESSING_STYLE")


def media_storage() -> dict:
    """STORAGES["default"]: S3-compatible object storage when a bucket is named, else MEDIA_ROOT.

    Shared by every web container when it is a bucket. The names are
    django-storages' own; credentials are not settings at all: boto3 reads
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or an instance role) itself.
    """
    bucket = text("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        only_with(S3_COMPANIONS, "AWS_STORAGE_BUCKET_NAME", "media would stay on the local disk")
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    optional = {
        # Blank for AWS itself; e.g. https://<account>.r2.cloudflarestorage.com or http://minio:9000.
        "endpoint_url": url("AWS_S3_ENDPOINT_URL"),
        "region_name": text("AWS_S3_REGION_NAME"),
        "addressing_style": choice("AWS_S3_ADDRESSING_STYLE", ("", "auto", "path", "virtual")),
        # A CDN (or the bucket's public host) in front of the media: URLs in pages use it.
        "custom_domain": host("AWS_S3_CUSTOM_DOMAIN"),
    }
    return {
        "BACKEND": S3_STORAGE,
        "OPTIONS": {
            "bucket_name": bucket,
            **{option: value for option, value in optional.items() if value},
            # Public media: plain URLs, cacheable by browsers and CDNs, never expiring signatures.
            "querystring_auth": False,
            # The bucket's policy decides who may read, not a per-object ACL.
            "default_acl": None,
            # Two containers uploading "photo.jpg" keep two files.
            "file_overwrite": False,
            # Uploads and renditions get fresh names, so a day's caching is safe.
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }


FRONTEND_CACHE_BACKENDS = {
    "cloudflare": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
    "cloudfront": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
    "http": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
}
FRONTEND_CACHE_COMPANIONS = (
    "CLOUDFLARE_BEARER_TOKEN",
    "CLOUDFLARE_ZONEID",
    "CLOUDFRONT_DISTRIBUTION_ID",
    "FRONTEND_CACHE_PURGE_URL",
    "FRONTEND_CACHE_HOSTNAMES",
)


def frontend_cache() -> dict:
    """WAGTAILFRONTENDCACHE: the CDN or caching proxy to purge when content changes ({} for none)."""
    backend = choice("FRONTEND_CACHE_BACKEND", ("", *FRONTEND_CACHE_BACKENDS))
    if not backend:
        only_with(FRONTEND_CACHE_COMPANIONS, "FRONTEND_CACHE_BACKEND", "nothing would be purged")
        return {}
    why = f"when FRONTEND_CACHE_BACKEND is {backend}"
    config = {"BACKEND": FRONTEND_CACHE_BACKENDS[backend]}
    if backend == "cloudflare":
        config["BEARER_TOKEN"] = required_text("CLOUDFLARE_BEARER_TOKEN", why)
        config["ZONEID"] = required_text("CLOUDFLARE_ZONEID", why)
    elif backend == "cloudfront":
        # Credentials come from boto3's own chain, as for media.
        config["DISTRIBUTION_ID"] = required_text("CLOUDFRONT_DISTRIBUTION_ID", why)
    else:
        required_text("FRONTEND_CACHE_PURGE_URL", why)
        config["LOCATION"] = url("FRONTEND_CACHE_PURGE_URL")
    hostnames = word_list("FRONTEND_CACHE_HOSTNAMES", [])
    if hostnames:
        # Only these sites sit behind this cache; the others are never purged.
        config["HOSTNAMES"] = hostnames
    return {"default": config}
