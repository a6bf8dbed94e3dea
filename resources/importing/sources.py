"""Reading article files: front matter, encodings, and the ``ArticleData`` they describe."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from bs4.dammit import EncodingDetector
from django.utils.text import slugify
from frontmatter.default_handlers import YAMLHandler

from resources.models import ArticlePage

from .convert import (
    ArticleImportError,
    _collapse,
    _first_paragraph_text,
    _shorten,
    html_to_blocks,
    markdown_to_blocks,
)

TAG_MAX = 100

MARKDOWN_SUFFIXES = (".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = MARKDOWN_SUFFIXES + HTML_SUFFIXES

FRONT_MATTER_KEYS = {
    "title",
    "summary",
    "slug",
    "category",
    "author",
    "author_role",
    "reviewer",
    "reviewer_role",
    "date",
    "last_reviewed",
    "tags",
    "image",
    "image_alt",
}

# Limits of the fields and blocks the importer fills, checked early for a clear message.
SUMMARY_MAX = ArticlePage._meta.get_field("summary").max_length


@dataclass
class ArticleData:
    """One article as read from a file, before it touches the database."""

    title: str
    slug: str
    summary: str
    body: list[dict]
    category: str = ""
    author: str = ""
    author_role: str = ""
    reviewer: str = ""
    reviewer_role: str = ""
    date: datetime.date | None = None
    last_reviewed: datetime.date | None = None
    tags: list[str] = field(default_factory=list)
    image: Path | None = None
    image_alt: str = ""
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Body blocks
# --------------------------------------------------------------------------------------------


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files to import: files as given, folders' *.md, *.markdown and *.html files sorted by name."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(
                    child
                    for child in path.iterdir()
                    if child.is_file() and child.suffix.lower() in SUFFIXES and not child.name.startswith(".")
                )
            )
        else:
            files.append(path)
    if not files:
        raise ArticleImportError(f"No .md, .markdown or .html files in {', '.join(map(str, paths))}.")
    return files


def parse_file(path: Path) -> ArticleData:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ArticleImportError(f"not a Markdown or HTML file (expected {', '.join(SUFFIXES)})")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ArticleImportError("no such file") from None
    except OSError as error:
        raise ArticleImportError(f"cannot read the file: {error.strerror or error}") from None
    if suffix in MARKDOWN_SUFFIXES:
        return parse_markdown(_decode_text(raw), base_dir=path.parent)
    return parse_html(raw)


def _decode_text(raw: bytes, encoding: str | None = None) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    encoding = encoding or "utf-8"
    if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
        encoding = "utf-8-sig"
    try:
        return raw.decode(encoding)
    except LookupError:
        raise ArticleImportError(f"unknown encoding “{encoding}”; save the file as UTF-8") from None
    except UnicodeDecodeError:
        described = "UTF-8" if encoding == "utf-8-sig" else encoding
        raise ArticleImportError(
            f"unknown encoding: the file is not valid {described} text; save it as UTF-8"
        ) from None


def _split_front_matter(text: str) -> tuple[dict, str]:
    handler = YAMLHandler()
    stripped = text.lstrip()
    first_line = text[: len(text) - len(stripped)].count("\n") + 1
    if not handler.detect(stripped):
        return {}, text
    try:
        front, content = handler.split(stripped)
    except ValueError:
        raise ArticleImportError("broken front matter: no closing --- line") from None
    try:
        metadata = handler.load(front)
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or _collapse(str(error))
        mark = getattr(error, "problem_mark", None)
        where = f" (line {first_line + mark.line})" if mark is not None else ""
        raise ArticleImportError(f"broken front matter: {problem}{where}") from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise ArticleImportError("broken front matter: expected “key: value” lines")
    return metadata, content


def _meta_text(metadata: dict, key: str) -> str:
    value = metadata.get(key)
    if value is None:
        return ""
    if isinstance(value, dict | list):
        raise ArticleImportError(f"“{key}” in the front matter must be text")
    return _collapse(str(value))


def _meta_date(metadata: dict, key: str) -> datetime.date | None:
    value = metadata.get(key)
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ArticleImportError(f"“{key}” must be a date like 2025-03-14, not “{value}”") from None


def _meta_tags(metadata: dict) -> list[str]:
    value = metadata.get("tags")
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or any(isinstance(tag, dict | list) for tag in value):
        raise ArticleImportError("“tags” must be a list, e.g. [sleep, anxiety]")
    tags: list[str] = []
    for tag in value:
        name = _collapse(str(tag))
        if len(name) > TAG_MAX:
            raise ArticleImportError(f"tag longer than {TAG_MAX} characters: “{name[:40]}…”")
        if name and name.lower() not in (t.lower() for t in tags):
            tags.append(name)
    return tags


def _make_slug(title: str, given: str = "") -> str:
    slug = given or slugify(title)
    if not slug:
        raise ArticleImportError("cannot make a slug from the title; add “slug” to the front matter")
    return slug


def parse_markdown(text: str, *, base_dir: Path) -> ArticleData:
    metadata, content = _split_front_matter(text)
    warnings = [f"unknown front matter key “{key}” ignored" for key in sorted(set(metadata) - FRONT_MATTER_KEYS)]
    title = _meta_text(metadata, "title")
    if not title:
        raise ArticleImportError("no title: add “title: …” to the front matter")
    body = markdown_to_blocks(content, title=title, warnings=warnings)
    summary = _meta_text(metadata, "summary") or _shorten(_first_paragraph_text(body), SUMMARY_MAX)
    if not summary:
        raise ArticleImportError("no summary: add “summary: …” to the front matter")
    if len(summary) > SUMMARY_MAX:
        raise ArticleImportError(f"summary longer than {SUMMARY_MAX} characters ({len(summary)})")
    image = _meta_text(metadata, "image")
    return ArticleData(
        title=title,
        slug=_make_slug(title, _meta_text(metadata, "slug")),
        summary=summary,
        body=body,
        category=_meta_text(metadata, "category"),
        author=_meta_text(metadata, "author"),
        author_role=_meta_text(metadata, "author_role"),
        reviewer=_meta_text(metadata, "reviewer"),
        reviewer_role=_meta_text(metadata, "reviewer_role"),
        date=_meta_date(metadata, "date"),
        last_reviewed=_meta_date(metadata, "last_reviewed"),
        tags=_meta_tags(metadata),
        image=(base_dir / image) if image else None,
        image_alt=_meta_text(metadata, "image_alt"),
        warnings=warnings,
    )


def parse_html(raw: bytes) -> ArticleData:
    declared = EncodingDetector.find_declared_encoding(raw, is_html=True)
    soup = BeautifulSoup(_decode_text(raw, declared), "html.parser")
    body = soup.body or soup
    h1 = body.find("h1")
    h1_text = _collapse(h1.get_text(" ")) if h1 else ""
    title = _collapse(soup.title.get_text(" ")) if soup.title else ""
    title = title or h1_text
    if not title:
        raise ArticleImportError("no title: add a <title> or an <h1>")
    if h1 and h1_text.lower() == title.lower():
        h1.decompose()
    description = soup.find("meta", attrs={"name": lambda name: (name or "").lower() == "description"})
    summary = _collapse(description.get("content", "")) if description else ""
    warnings: list[str] = []
    blocks = html_to_blocks(body, warnings=warnings)
    summary = summary or _shorten(_first_paragraph_text(blocks), SUMMARY_MAX)
    if not summary:
        raise ArticleImportError('no summary: add <meta name="description" content="…"> or a first paragraph')
    summary = _shorten(summary, SUMMARY_MAX)  # descriptions written for search engines can run long
    return ArticleData(title=title, slug=_make_slug(title), summary=summary, body=blocks, warnings=warnings)


# --------------------------------------------------------------------------------------------
# Database
# --------------------------------------------------------------------------------------------
