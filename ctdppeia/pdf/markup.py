"""Safe ReportLab paragraphs from user text, in time that grows in step with the text.

User text is never interpreted as markup: :func:`plain` escapes it. Markdown takes the web's
path: :func:`markdown_flowables` renders it with the same renderer as the pages
(Python-Markdown, then cleaned by nh3 with an allowlist) and turns that HTML into paragraphs
with :class:`_HtmlBlocks`, which knows only the allowed tags: paragraphs, headings (bold),
bullet and numbered lists, bold, italic, code (as plain text), links (``text (address)``),
quotes, preformatted text and line breaks.

ReportLab lays out a paragraph that runs over a page again for each page it spans, so one long
paragraph costs time that grows with the square of its length. Every paragraph made here is
therefore cut into pieces of at most CHUNK characters, at a sentence end or a space.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from ctdppeia.questionnaire.markdown import render_markdown

CHUNK = 1_500  # characters of text in one Paragraph at most (about a third of a page)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SENTENCE_END = re.compile("[.!?;:][)\"'\u201d\u2019]?\\s")
_SPACES = re.compile(r"\s+")
_TAG_OF = {"strong": "b", "b": "b", "em": "i", "i": "i"}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

Run = tuple[str, tuple[str, ...]]  # a piece of text and the inline tags around it ("b", "i")


def clean(text: str) -> str:
    """Drop control characters (other than newline and tab) and turn tabs into spaces."""
    return _CONTROL.sub("", text).replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n")


def plain(text: str | None) -> str:
    """Escape plain user text for a Paragraph; newlines become line breaks."""
    return escape(clean(text or "")).replace("\n", "<br/>")


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph from trusted markup; if ReportLab rejects it, the text is shown escaped."""
    try:
        return Paragraph(markup, style)
    except ValueError:
        return Paragraph(escape(markup), style)


def cut_point(text: str, room: int) -> int:
    """Where to cut ``text`` so the first part has at most ``room`` characters.

    The last sentence end in the second half of the room, else the last space there, else
    ``room`` itself: every piece but the last is at least half the room, so cutting a text
    into pieces takes time in step with its length.
    """
    if len(text) <= room:
        return len(text)
    half = room // 2
    window = text[half:room]
    ends = [m.end() for m in _SENTENCE_END.finditer(window)]
    if ends:
        return half + ends[-1]
    space = window.rfind(" ")
    return half + space + 1 if space >= 0 else room


def pieces(text: str, size: int = CHUNK) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters (see :func:`cut_point`)."""
    found = []
    while len(text) > size:
        cut = cut_point(text, size)
        found.append(text[:cut])
        text = text[cut:]
    return [*found, text] if text else found


def text_flowables(text: str, style: ParagraphStyle) -> list[Flowable]:
    """Plain user text as one Paragraph per line (long lines cut into pieces), with a little
    space at blank lines."""
    flowables: list[Flowable] = []
    for index, block in enumerate(re.split(r"\n[ \t]*\n", clean(text).strip("\n"))):
        if index:
            flowables.append(Spacer(1, 4))
        for line in block.split("\n"):
            flowables += [Paragraph(escape(part), style) for part in pieces(line) or [""]]
    return flowables


def labelled_flowables(label: str, text: str, style: ParagraphStyle) -> list[Flowable]:
    """``<b>label</b> text`` for plain user text: the label starts the first paragraph."""
    flowables = text_flowables(text, style)
    first = flowables[0] if flowables else None
    if isinstance(first, Paragraph):
        flowables[0] = Paragraph(f"<b>{label}</b> {escape(first.getPlainText())}", style)
    else:
        flowables.insert(0, Paragraph(f"<b>{label}</b>", style))
    return flowables


def markdown_flowables(text: str, body: ParagraphStyle, bullet: ParagraphStyle) -> list[Flowable]:
    """Markdown as the web shows it (rendered and sanitized), as Paragraphs of safe markup."""
    return html_flowables(render_markdown(_CONTROL.sub("", text)), body, bullet)


def html_flowables(html: str, body: ParagraphStyle, bullet: ParagraphStyle) -> list[Flowable]:
    """Sanitized HTML (the allowlist of questionnaire.markdown) as Paragraphs."""
    parser = _HtmlBlocks()
    parser.feed(html)
    parser.close()
    flowables: list[Flowable] = []
    for block in parser.blocks:
        flowables += block.flowables(body, bullet)
    return flowables


class _Block:
    """One paragraph, heading, list item, quote or preformatted block."""

    def __init__(self, kind: str, bullet: str = "", depth: int = 0) -> None:
        self.kind = kind
        self.bullet = bullet
        self.depth = depth
        self.runs: list[Run] = []

    def add(self, text: str, tags: tuple[str, ...]) -> None:
        if text:
            self.runs.append((text, tags))

    def flowables(self, body: ParagraphStyle, bullet: ParagraphStyle) -> list[Flowable]:
        groups = _chunk_runs(self.runs)
        if not groups:
            return []
        style = body if self.kind in ("para", "heading", "pre") else bullet
        if self.depth > 1:
            style = ParagraphStyle(f"{style.name}-{self.depth}", style, leftIndent=16 * self.depth)
        wrap = ("<b>", "</b>") if self.kind == "heading" else ("", "")
        made: list[Flowable] = []
        for index, runs in enumerate(groups):
            markup = wrap[0] + "".join(_markup(run) for run in runs) + wrap[1]
            if index == 0 and self.kind == "item":
                made.append(Paragraph(markup, style, bulletText=self.bullet))
            else:
                made.append(paragraph(markup, style))
        return made


def _markup(run: Run) -> str:
    text, tags = run
    if text == "\n":
        return "<br/>"
    opening = "".join(f"<{tag}>" for tag in tags)
    closing = "".join(f"</{tag}>" for tag in reversed(tags))
    return f"{opening}{escape(text)}{closing}"


def _chunk_runs(runs: list[Run]) -> list[list[Run]]:
    """Group runs into Paragraph-sized pieces of at most CHUNK characters of text."""
    groups: list[list[Run]] = [[]]
    size = 0
    for text, tags in runs:
        while size + len(text) > CHUNK:
            cut = cut_point(text, CHUNK - size) if size < CHUNK // 2 else 0
            if cut:
                groups[-1].append((text[:cut], tags))
                text = text[cut:]
            groups.append([])
            size = 0
        if text:
            groups[-1].append((text, tags))
            size += len(text)
    return [group for group in groups if any(text.strip() for text, _ in group)]


class _HtmlBlocks(HTMLParser):
    """Collects the blocks of sanitized HTML; unknown tags are ignored, their text kept."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.current: _Block | None = None
        self.inline: list[str] = []
        self.lists: list[list[bool | int]] = []  # [ordered?, count] for each open list
        self.quotes = 0
        self.pre = 0
        self.link: tuple[str, int] | None = None  # href, characters of link text so far

    def _start(self, kind: str, bullet: str = "") -> _Block:
        self.current = _Block(kind, bullet, len(self.lists) + self.quotes)
        self.blocks.append(self.current)
        return self.current

    def _block(self) -> _Block:
        """The block text goes into (a new paragraph after a block ended)."""
        if self.current is None:
            indented = self.lists or self.quotes
            return self._start("pre" if self.pre else "quote" if indented else "para")
        return self.current

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _TAG_OF:
            self.inline.append(_TAG_OF[tag])
        elif tag == "br":
            self._block().add("\n", ())
        elif tag == "a":
            self.link = (dict(attrs).get("href") or "", 0)
        elif tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
            self.current = None
        elif tag == "li":
            kind = self.lists[-1] if self.lists else [False, 0]
            kind[1] = int(kind[1]) + 1
            self._start("item", f"{kind[1]}." if kind[0] else "•")
        elif tag == "p":
            if not (self.current and self.current.kind == "item" and not self.current.runs):
                self.current = None
        elif tag in _HEADINGS:
            self._start("heading")
        elif tag == "blockquote":
            self.quotes += 1
            self.current = None
        elif tag == "pre":
            self.pre += 1
            self._start("pre")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _TAG_OF and self.inline:
            self.inline.pop()
        elif tag == "a" and self.link is not None:
            self._end_link()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.current = None
        elif tag == "blockquote" and self.quotes:
            self.quotes -= 1
            self.current = None
        elif tag == "pre" and self.pre:
            self.pre -= 1
            self.current = None
        elif tag in ("p", "li") or tag in _HEADINGS:
            self.current = None

    def _end_link(self) -> None:
        href, length = self.link or ("", 0)
        self.link = None
        text = "".join(t for t, _ in self._block().runs[-length:]) if length else ""
        if href and href != text.strip() and href != f"mailto:{text.strip()}":
            self._block().add(f" ({href})", ())

    def handle_data(self, data: str) -> None:
        if self.pre:
            lines = data.split("\n")
            for index, line in enumerate(lines):
                if index:
                    self._block().add("\n", ())
                self._block().add(line, tuple(self.inline))
            return
        text = _SPACES.sub(" ", data)
        if self.current is None and not text.strip():
            return
        self._block().add(text, tuple(self.inline))
        if self.link is not None and text:
            self.link = (self.link[0], self.link[1] + 1)
