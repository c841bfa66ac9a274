"""Safe ReportLab paragraph markup from user text.

User text is never interpreted as markup: :func:`plain` escapes it. :func:`markdown_flowables`
is a small markdown converter for the purpose text. It knows paragraphs, headings (shown
bold), bullet and numbered lists, ``**bold**``, ``*italic*``, ``code`` and links (shown as
``text (address)``); everything else, raw HTML included, comes out literally.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BULLET = re.compile(r"^\s{0,3}([-*+]|\d{1,3}[.)])\s+(.*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_QUOTE = re.compile(r"^\s{0,3}>\s?(.*)$")
_INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\[(?P<text>[^\]\n]+)\]\((?P<url>[^)\s]+)\)"
    r"|<(?P<auto>https?://[^>\s]+)>"
    r"|(?P<mark>\*\*|\*|(?<![0-9A-Za-z])__?|__?(?![0-9A-Za-z]))"
)
_TAGS = {"**": "b", "__": "b", "*": "i", "_": "i"}


def clean(text: str) -> str:
    """Drop control characters (other than newline and tab) and turn tabs into spaces."""
    return _CONTROL.sub("", text).replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n")


def plain(text: str | None) -> str:
    """Escape plain user text for a Paragraph; newlines become line breaks."""
    return escape(clean(text or "")).replace("\n", "<br/>")


def text_flowables(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Plain user text as one Paragraph per line, with a little space at blank lines.

    Short paragraphs keep page splitting cheap, however long the text.
    """
    flowables: list[Flowable] = []
    for index, block in enumerate(re.split(r"\n[ \t]*\n", clean(text).strip("\n"))):
        if index:
            flowables.append(Spacer(1, 4))
        flowables += [Paragraph(plain(line), style) for line in block.split("\n")]
    return flowables


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from trusted markup; if ReportLab rejects it, the text is shown escaped."""
    try:
        return Paragraph(markup, style)
    except ValueError:
        return Paragraph(escape(markup), style)


def inline(text: str) -> str:
    """Convert one block of markdown text to safe inline markup."""
    tokens = _tokens(clean(text))
    pairs = _pair(tokens)
    out: list[str] = []
    for index, (kind, value) in enumerate(tokens):
        if kind == "mark" and index in pairs:
            tag = _TAGS[value]
            out.append(f"<{tag}>" if pairs[index] else f"</{tag}>")
        else:
            out.append(escape(value))
    return "".join(out)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    position = 0
    for match in _INLINE.finditer(text):
        tokens.append(("text", text[position : match.start()]))
        tokens.append(_token(match, text))
        position = match.end()
    tokens.append(("text", text[position:]))
    return [t for t in tokens if t[1]]


def _token(match: re.Match[str], text: str) -> tuple[str, str]:
    if match.group("code") is not None:
        return ("text", match.group("code"))
    if match.group("url") is not None:
        return ("text", f"{match.group('text')} ({match.group('url')})")
    if match.group("auto") is not None:
        return ("text", match.group("auto"))
    before = text[match.start() - 1] if match.start() else " "
    after = text[match.end()] if match.end() < len(text) else " "
    mark = match.group("mark")
    flank = ("o" if not after.isspace() else "") + ("c" if not before.isspace() else "")
    return ("mark", f"{mark}\x00{flank}")


def _pair(tokens: list[tuple[str, str]]) -> dict[int, bool]:
    """Match emphasis markers; returns {token index: True for opener, False for closer}.

    Only the innermost open marker can be closed, so the tags are always well nested;
    markers left unmatched stay as literal text.
    """
    stack: list[tuple[int, str]] = []
    pairs: dict[int, bool] = {}
    for index, (kind, value) in enumerate(tokens):
        if kind != "mark":
            continue
        mark, flank = value.split("\x00")
        tokens[index] = ("mark", mark)
        if "c" in flank and stack and stack[-1][1] == mark:
            opener, _ = stack.pop()
            pairs[opener], pairs[index] = True, False
        elif "o" in flank and mark not in (m for _, m in stack):
            stack.append((index, mark))
    return pairs


def markdown_flowables(text: str, body: ParagraphStyle, bullet: ParagraphStyle) -> list[Flowable]:
    """Render markdown ``text`` as a list of Paragraphs built only from safe markup."""
    flowables: list[Flowable] = []
    for kind, marker, content in _blocks(clean(text)):
        markup = inline(content)
        if kind == "heading":
            flowables.append(paragraph(f"<b>{markup}</b>", body))
        elif kind == "item":
            bullet_text = "•" if marker in "-*+" else escape(marker)
            flowables.append(Paragraph(markup, bullet, bulletText=bullet_text))
        elif kind == "quote":
            flowables.append(Paragraph(markup, bullet))
        else:
            flowables.append(Paragraph(markup, body))
    return flowables


def _blocks(text: str) -> list[tuple[str, str, str]]:
    """Split markdown into (kind, list marker, text) blocks: para, heading, item or quote."""
    blocks: list[tuple[str, str, str]] = []
    current: list[str] | None = None
    for line in text.split("\n"):
        block = _line_block(line)
        if not line.strip():
            current = None
        elif block is not None:
            blocks.append(block)
            current = None if block[0] == "heading" else [block[2]]
        elif current is not None:
            current.append(line.strip())
            kind, marker, _ = blocks[-1]
            blocks[-1] = (kind, marker, " ".join(current))
        else:
            current = [line.strip()]
            blocks.append(("para", "", line.strip()))
    return blocks


def _line_block(line: str) -> tuple[str, str, str] | None:
    if match := _HEADING.match(line):
        return ("heading", "", match.group(1))
    if match := _BULLET.match(line):
        return ("item", match.group(1), match.group(2))
    if match := _QUOTE.match(line):
        return ("quote", "", match.group(1))
    return None
