"""Typed readers for settings that come from environment variables.

A missing or malformed value stops start-up with one line that names the
variable (a ``SystemExit``), so an operator never has to read a traceback from
deep inside Django to find a typo in their deployment.
"""

import os
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


def word_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    value = raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


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
