"""Markdown to safe HTML, for questionnaire text and for anything users type.

Raw HTML in the input is never passed through: it is shown as text. The result is then
cleaned with an allowlist, so only simple formatting and http(s)/mailto links survive.

Python-Markdown's time grows faster than the text for some inputs (many '[' especially).
So that no text can tie up the server, a text with many brackets is rendered without links,
and a very long text is shown as plain paragraphs.
"""

from __future__ import annotations

import html
import re
import threading

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = frozenset(
    {"p", "ul", "ol", "li", "strong", "em", "a", "code", "pre", "blockquote"}
    | {"h3", "h4", "h5", "h6", "br"}
)
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
MAX_BRACKETS = 20  # more '[' than this: no links
MAX_CHARS = 10_000  # longer than this: plain paragraphs
_LINK_PATTERNS = (
    "reference",
    "link",
    "image_link",
    "image_reference",
    "short_reference",
    "short_image_ref",
)

# Text without these characters, and without lines starting as below, has no markdown syntax:
# it is only paragraphs, which are rendered without Python-Markdown (the slow part of loading).
_SYNTAX_CHARACTERS = frozenset("\\`*_[]<>&#!|~=+\t")
_SYNTAX_LINE_START = re.compile(r"[ \t]|[-*+>]|[0-9]+\.")

# A help-text paragraph that starts with "Source:" or "Sources:" names where a prompt comes
# from. Reviewers see it; the Resident Advisory Board does not (see `without_sources`).
_SOURCE_PARAGRAPH = re.compile(r"\s*<p>\s*Sources?:.*?</p>", re.DOTALL | re.IGNORECASE)

_local = threading.local()


def _converter(links: bool) -> markdown_lib.Markdown:
    """One Markdown instance per thread and kind (instances are not thread-safe)."""
    name = "with_links" if links else "without_links"
    converter = getattr(_local, name, None)
    if converter is None:
        converter = markdown_lib.Markdown(extensions=["fenced_code", "sane_lists"])
        converter.preprocessors.deregister("html_block")
        converter.inlinePatterns.deregister("html")
        for pattern in () if links else _LINK_PATTERNS:
            converter.inlinePatterns.deregister(pattern)
        setattr(_local, name, converter)
    return converter


def render_markdown(text: str) -> str:
    """Render untrusted markdown to sanitized HTML ('' for blank text)."""
    if not text.strip():
        return ""
    if len(text) > MAX_CHARS:
        return _clean(_plain(text))
    paragraphs = _only_paragraphs(text)
    if paragraphs is not None:
        return _clean(paragraphs)
    links = text.count("[") <= MAX_BRACKETS
    try:
        rendered = _converter(links).reset().convert(text)
    except RecursionError:  # absurdly deep nesting, like "1. " repeated thousands of times
        _local.__dict__.clear()
        rendered = _plain(text)
    return _clean(rendered)


def _clean(html_text: str) -> str:
    return nh3.clean(
        html_text,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


def _only_paragraphs(text: str) -> str | None:
    """The HTML of a text that is only paragraphs of plain words; None if it may hold syntax."""
    if not _SYNTAX_CHARACTERS.isdisjoint(text):
        return None
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            paragraphs.append([])
        elif _SYNTAX_LINE_START.match(line) or line.endswith("  ") or not line.isprintable():
            return None
        else:
            paragraphs[-1].append(line)
    return "\n".join(
        f"<p>{html.escape(chr(10).join(lines), quote=False)}</p>" for lines in paragraphs if lines
    )


def _plain(text: str) -> str:
    """The text as escaped paragraphs, with no formatting."""
    paragraphs = (part.strip() for part in text.split("\n\n"))
    return "\n".join(f"<p>{html.escape(part)}</p>" for part in paragraphs if part)


def without_sources(html_text: str) -> str:
    """Rendered help text without its "Source:" paragraphs: the text residents see."""
    return _SOURCE_PARAGRAPH.sub("", html_text).strip()
