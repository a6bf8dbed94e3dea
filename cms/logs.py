"""Structured logs on stdout, each record carrying the id of the request it belongs to.

``RequestIdMiddleware`` (cms/middleware.py) sets the id for the duration of a
request; ``RequestIdFilter`` puts it on every record as ``request_id`` ("-"
outside a request); ``JsonFormatter`` writes one JSON object per line, and
``TextFormatter`` a plain line ending in ``request_id=…`` for a developer's
terminal (``LOG_FORMAT``). gunicorn.conf.py uses the same formatters for
gunicorn's own logs, where an access record takes the id from the response's
``X-Request-ID`` header (the request is over by the time gunicorn logs it).

This module imports nothing from Django: gunicorn's master process loads it
before any settings exist.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

HEADER = "X-Request-ID"
# What an id from a proxy may look like: short, printable, no spaces or quotes,
# so it can never break a log line or smuggle text into one.
VALID_ID = re.compile(r"[A-Za-z0-9._:@+=/-]{1,128}")
NO_REQUEST = "-"

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NO_REQUEST)

# Attributes every LogRecord has; anything else on a record was passed with ``extra=``.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "taskName"}
# gunicorn access-log atoms (see gunicorn.glogging.Logger.atoms) and the field names they get.
ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "h": "remote_addr",
    "a": "user_agent",
    "f": "referer",
}


def new_request_id() -> str:
    return uuid.uuid4().hex


def valid_request_id(value: str | None) -> bool:
    return bool(value) and VALID_ID.fullmatch(value) is not None


def request_id_of(record) -> str:
    """The id of the request a record belongs to; "-" for none."""
    if getattr(record, "request_id", None):
        return record.request_id
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        # Logged once the response is sent: the id is in its X-Request-ID header.
        value = dict.get(record.args, f"{{{HEADER.lower()}}}o")
        return value if valid_request_id(value) else NO_REQUEST
    # django.request's "Not Found: …" is logged after the middleware has returned, with the request.
    from_request = getattr(getattr(record, "request", None), "request_id", None)
    return from_request or current_request_id.get()


class RequestIdFilter(logging.Filter):
    """Put the id of the request a record belongs to on it as ``request_id``."""

    def filter(self, record):
        record.request_id = request_id_of(record)
        return True


def utc_time(record) -> str:
    """When a record was made, in UTC: Django sets the process's local time zone to TIME_ZONE once its
    settings load, and gunicorn's master logs before that, so local times would mix two zones."""
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request_id, then any extras."""

    def format(self, record):
        entry = {
            "time": utc_time(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": request_id_of(record),
            "process": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = {key: dict.get(record.args, key) for key in ACCESS_FIELDS}
            entry["message"] = f"{atoms['m']} {atoms['U']} {atoms['s']}"
            for atom, field in ACCESS_FIELDS.items():
                value = atoms[atom]
                if isinstance(value, str):  # gunicorn escapes quotes for its own format
                    value = value.replace('\\"', '"')
                if field in ("status", "bytes", "duration_ms"):
                    value = int(value) if str(value).isdigit() else None
                entry[field] = value
        else:
            entry["message"] = record.getMessage()
            for key, value in vars(record).items():
                if key not in STANDARD_ATTRIBUTES and not key.startswith("_"):
                    entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """``time LEVEL logger message request_id=…``: the plain format, for reading in a terminal."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s request_id=%(request_id)s")

    def format(self, record):
        record.request_id = request_id_of(record)
        return super().format(record)

    def formatTime(self, record, datefmt=None):
        return utc_time(record)


FORMATTERS = {"json": JsonFormatter, "text": TextFormatter}


def logging_config(log_format: str, level: str, loggers: dict | None = None, filters: dict | None = None) -> dict:
    """A ``dictConfig`` sending every record to stdout in ``log_format`` with its request id."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}, **(filters or {})},
        "formatters": {"structured": {"()": FORMATTERS[log_format]}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "structured",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": loggers or {},
    }
