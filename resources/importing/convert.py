"""Article bodies from Markdown (markdown-it-py tokens) or HTML (BeautifulSoup), as StreamField blocks."""

from __future__ import annotations

import re
from html import escape

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from markdown_it import MarkdownIt
from markdown_it.token import Token

HEADING_MAX = 120
QUOTE_MAX = 600
ATTRIBUTION_MAX = 120

# Link targets kept in rich text; anything else keeps its text and loses the link.
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


class ArticleImportError(Exception):
    """A file, or the command's arguments, cannot be imported; the message says why."""


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _shorten(text: str, limit: int) -> str:
    text = _collapse(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def _safe_href(href: str | None) -> str | None:
    href = (href or "").strip()
    if href.lower().startswith(SAFE_SCHEMES) or href.startswith(("/", "#")):
        return href
    return None


class _BodyBuilder:
    """Collects headings, quotes and rich text, merging rich text between them into one block."""

    def __init__(self, warnings: list[str]):
        self.blocks: list[dict] = []
        self.warnings = warnings
        self._html: list[str] = []
        self._inline: list[str] = []

    def add_inline(self, html: str) -> None:
        """Loose inline content (text, links) not yet inside a paragraph."""
        self._inline.append(html)

    def add_html(self, html: str) -> None:
        self._flush_inline()
        self._html.append(html)

    def _flush_inline(self) -> None:
        html = "".join(self._inline).strip()
        self._inline = []
        if html:
            self._html.append(f"<p>{html}</p>")

    def flush(self) -> None:
        self._flush_inline()
        html = "".join(self._html).strip()
        self._html = []
        if html:
            self.blocks.append({"type": "paragraph", "value": html})

    def heading(self, text: str, tag: str) -> None:
        self.flush()
        text = _collapse(text)
        if not text:
            return
        if len(text) > HEADING_MAX:
            raise ArticleImportError(f"heading longer than {HEADING_MAX} characters: “{text[:60]}…”")
        level = "h2" if tag in ("h1", "h2") else "h3"
        self.blocks.append({"type": "heading", "value": {"text": text, "level": level, "anchor": ""}})

    def quote(self, text: str) -> None:
        """A quote block; a last line starting with a dash ("— A patient in Tampa") is its attribution."""
        self.flush()
        paragraphs = [[line.strip() for line in p.splitlines() if line.strip()] for p in text.split("\n\n")]
        paragraphs = [lines for lines in paragraphs if lines]
        attribution = ""
        has_text_before = len(paragraphs) > 1 or (paragraphs and len(paragraphs[-1]) > 1)
        if has_text_before and (match := re.match(r"^(?:—|–|--|-)\s*(\S.*)$", paragraphs[-1][-1])):
            attribution = match[1]
            paragraphs[-1].pop()
        quote = "\n\n".join(" ".join(lines) for lines in paragraphs if lines)
        if not quote:
            return
        if len(quote) > QUOTE_MAX:
            raise ArticleImportError(f"quote longer than {QUOTE_MAX} characters: “{quote[:60]}…”")
        if len(attribution) > ATTRIBUTION_MAX:
            raise ArticleImportError(f"quote attribution longer than {ATTRIBUTION_MAX} characters")
        self.blocks.append({"type": "quote", "value": {"quote": quote, "attribution": attribution}})

    def result(self) -> list[dict]:
        self.flush()
        return self.blocks


def _markdown_parser() -> MarkdownIt:
    # CommonMark, with raw HTML shown as text rather than passed through.
    return MarkdownIt("commonmark", {"html": False})


def _md_inline_html(children: list[Token], warnings: list[str]) -> str:
    out: list[str] = []
    links: list[bool] = []
    for token in children:
        kind = token.type
        if kind in ("text", "code_inline"):
            out.append(escape(token.content, quote=False))
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("<br/>")
        elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
            tag = "b" if kind.startswith("strong") else "i"
            out.append(f"<{tag}>" if kind.endswith("_open") else f"</{tag}>")
        elif kind == "link_open":
            href = _safe_href(token.attrGet("href"))
            if href is None:
                warnings.append(f"link to “{token.attrGet('href')}” dropped (only web, mail and /site links)")
            else:
                out.append(f'<a href="{escape(href)}">')
            links.append(href is not None)
        elif kind == "link_close":
            if links.pop():
                out.append("</a>")
        elif kind == "image":
            warnings.append(f"image “{token.attrGet('src')}” in the body skipped (add it in the CMS)")
    return "".join(out)


def _md_inline_text(children: list[Token]) -> str:
    parts = []
    for token in children:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def _closing_index(tokens: list[Token], start: int) -> int:
    """The index of the token closing the one at ``start`` (same nesting level)."""
    level = tokens[start].level
    close = tokens[start].type.replace("_open", "_close")
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == close and tokens[index].level == level:
            return index
    return len(tokens) - 1


def markdown_to_blocks(text: str, *, title: str = "", warnings: list[str] | None = None) -> list[dict]:
    """Markdown → the raw stream data of an article body.

    ``#``/``##`` become H2 heading blocks and deeper headings H3; blockquotes become quote blocks;
    paragraphs, lists, links, bold and italic between them become one rich-text block. A leading
    ``# heading`` repeating ``title`` is dropped.
    """
    warnings = [] if warnings is None else warnings
    tokens = _markdown_parser().parse(text)
    builder = _BodyBuilder(warnings)
    list_items: list[int] = []  # paragraphs seen in each open list item
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("heading_open", "blockquote_open") and list_items:
            # Inside a list item these stay part of the item's text.
            if kind == "heading_open":
                builder.add_html(escape(_md_inline_text(tokens[index + 1].children or []), quote=False))
                index = _closing_index(tokens, index) + 1
            else:
                index += 1
            continue
        if kind == "heading_open":
            heading = _md_inline_text(tokens[index + 1].children or [])
            is_title = index == 0 and token.tag == "h1" and _collapse(heading).lower() == _collapse(title).lower()
            if not is_title:
                builder.heading(heading, token.tag)
            index = _closing_index(tokens, index) + 1
            continue
        if kind == "blockquote_open":
            end = _closing_index(tokens, index)
            paragraphs = [_md_inline_text(t.children or []) for t in tokens[index:end] if t.type == "inline"]
            builder.quote("\n\n".join(paragraphs))
            index = end + 1
            continue
        if kind in ("bullet_list_open", "ordered_list_open"):
            builder.add_html("<ul>" if kind == "bullet_list_open" else "<ol>")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            builder.add_html("</ul>" if kind == "bullet_list_close" else "</ol>")
        elif kind == "list_item_open":
            builder.add_html("<li>")
            list_items.append(0)
        elif kind == "list_item_close":
            builder.add_html("</li>")
            list_items.pop()
        elif kind == "paragraph_open":
            if list_items:
                # No <p> inside list items; a second paragraph starts on a new line.
                if list_items[-1]:
                    builder.add_html("<br/>")
                list_items[-1] += 1
            else:
                builder.add_html("<p>")
        elif kind == "paragraph_close":
            if not list_items:
                builder.add_html("</p>")
        elif kind == "inline":
            builder.add_html(_md_inline_html(token.children or [], warnings))
        elif kind in ("fence", "code_block"):
            code = escape(token.content.rstrip("\n"), quote=False).replace("\n", "<br/>")
            builder.add_html(f"<p>{code}</p>")
        # hr and anything else: nothing to keep.
        index += 1
    return builder.result()


# Elements whose content is never article text.
HTML_DROP = {
    "head",
    "title",
    "meta",
    "link",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "form",
    "button",
    "input",
    "select",
    "textarea",
    "svg",
    "canvas",
    "nav",
    "footer",
}
HTML_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
HTML_INLINE = {
    "a",
    "abbr",
    "b",
    "br",
    "cite",
    "code",
    "del",
    "dfn",
    "em",
    "i",
    "ins",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
}


def _html_inline(node: Tag, warnings: list[str]) -> str:
    return "".join(_html_inline_node(child, warnings) for child in node.children)


def _html_inline_node(node, warnings: list[str]) -> str:
    if isinstance(node, PreformattedString):  # comments, doctype, CDATA
        return ""
    if isinstance(node, NavigableString):
        return escape(re.sub(r"\s+", " ", str(node)), quote=False)
    if not isinstance(node, Tag) or node.name in HTML_DROP:
        return ""
    name = node.name
    if name == "br":
        return "<br/>"
    if name == "img":
        warnings.append(f"image “{node.get('src', '')}” in the body skipped (add it in the CMS)")
        return ""
    inner = _html_inline(node, warnings)
    if name in ("b", "strong"):
        return f"<b>{inner}</b>" if inner.strip() else inner
    if name in ("i", "em"):
        return f"<i>{inner}</i>" if inner.strip() else inner
    if name == "a":
        href = _safe_href(node.get("href"))
        if href and inner.strip():
            return f'<a href="{escape(href)}">{inner}</a>'
        if node.get("href") and not href:
            warnings.append(f"link to “{node.get('href')}” dropped (only web, mail and /site links)")
        return inner
    if name in ("ul", "ol"):
        return _html_list(node, warnings)
    if name == "p":
        return f" {inner} "
    return inner


def _html_list(node: Tag, warnings: list[str]) -> str:
    items = []
    for item in node.find_all("li", recursive=False):
        parts: list[str] = []
        for child in item.children:
            if isinstance(child, Tag) and child.name == "p":
                text = _html_inline(child, warnings).strip()
                if text:
                    parts.append(("<br/>" if parts else "") + text)
            else:
                parts.append(_html_inline_node(child, warnings))
        html = "".join(parts).strip()
        if html:
            items.append(f"<li>{html}</li>")
    return f"<{node.name}>{''.join(items)}</{node.name}>" if items else ""


def _walk_html(node: Tag, builder: _BodyBuilder) -> None:
    for child in node.children:
        if isinstance(child, PreformattedString):
            continue
        if isinstance(child, NavigableString):
            if str(child).strip():
                builder.add_inline(escape(_collapse(str(child)), quote=False) + " ")
            continue
        if not isinstance(child, Tag) or child.name in HTML_DROP:
            continue
        name = child.name
        if name in HTML_HEADINGS:
            builder.heading(child.get_text(" "), name)
        elif name == "p":
            html = _html_inline(child, builder.warnings).strip()
            if html:
                builder.add_html(f"<p>{html}</p>")
        elif name in ("ul", "ol"):
            builder.add_html(_html_list(child, builder.warnings))
        elif name == "blockquote":
            paragraphs = child.find_all("p") or [child]
            builder.quote("\n\n".join(_collapse(p.get_text(" ")) for p in paragraphs))
        elif name == "pre":
            code = escape(child.get_text().rstrip("\n"), quote=False).replace("\n", "<br/>")
            builder.add_html(f"<p>{code}</p>")
        elif name in HTML_INLINE:
            builder.add_inline(_html_inline_node(child, builder.warnings))
        elif name == "img":
            _html_inline_node(child, builder.warnings)
        elif name == "table":
            builder.warnings.append("a table in the body skipped (add it in the CMS with the table block)")
        elif name == "hr":
            builder.add_html("")
        else:  # div, section, article, main, header, footer, figure…: look inside
            builder.add_html("")
            _walk_html(child, builder)
            builder.add_html("")


def html_to_blocks(html: str | Tag, *, warnings: list[str] | None = None) -> list[dict]:
    """HTML → the raw stream data of an article body, split into heading and rich-text blocks at h2/h3."""
    warnings = [] if warnings is None else warnings
    node = BeautifulSoup(html, "html.parser") if isinstance(html, str) else html
    builder = _BodyBuilder(warnings)
    _walk_html(node, builder)
    return builder.result()


def _first_paragraph_text(blocks: list[dict]) -> str:
    for block in blocks:
        if block["type"] == "paragraph":
            paragraph = BeautifulSoup(block["value"], "html.parser").find("p")
            if paragraph and paragraph.get_text(strip=True):
                return _collapse(paragraph.get_text(" "))
    return ""


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------
