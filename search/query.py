"""Visitor input made safe to search with, and search terms marked in result text."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_LENGTH = 200
# Quotes, brackets and operators mean nothing to a visitor's plain-text search.
SYNTAX = re.compile(r"""["'`*:()\[\]{}<>\\^~|&!+=]""")
OPERATOR_WORDS = {"and", "or", "not"}


def clean_query(raw: str) -> str:
    """Printable text, single spaces, at most MAX_QUERY_LENGTH characters."""
    printable = "".join(character if character.isprintable() else " " for character in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH].strip()


def search_terms(query: str) -> list[str]:
    """The words to search for: no query syntax, no bare operators."""
    words = SYNTAX.sub(" ", query).split()
    return [word for word in words if word.lower() not in OPERATOR_WORDS]


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` HTML-escaped, with every word starting with a search term wrapped in <mark>."""
    escaped = escape(text)
    usable = sorted({escape(term) for term in terms if len(term) > 1}, key=len, reverse=True)
    if not usable:
        return mark_safe(escaped)  # noqa: S308 - escaped above  # nosec B308, B703
    pattern = re.compile(r"\b(" + "|".join(re.escape(term) for term in usable) + r")", re.IGNORECASE)
    marked = pattern.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked)  # noqa: S308 - escaped above  # nosec B308, B703
