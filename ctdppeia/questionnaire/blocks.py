"""First pass over a questionnaire file: front matter, headings, flag blocks and text lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctdppeia.questionnaire.errors import ErrorList

_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\s`]*)")
_HEADING = re.compile(r" {0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*")

_ID_BLOCK = re.compile(r"\{#[^{}]*\}[ \t]*$")
_DEEP_HEADING = (
    "only # (section) and ## (question) headings take {#id ...}; use ## for a question, "
    "or remove the braces to keep this heading as part of the text"
)

Line = tuple[int, str]  # (line number, text)


@dataclass
class Heading:
    level: int
    line: int
    text: str  # everything after the #s
    col: int  # column of `text` in the line
    body: list[Line] = field(default_factory=list)


@dataclass
class FlagBlock:
    line: int  # the opening fence
    lines: list[str]


@dataclass
class Scan:
    lines: list[str]
    front_matter: tuple[int, list[str]] | None = None  # first line number, lines
    headings: list[Heading] = field(default_factory=list)
    flags: list[FlagBlock] = field(default_factory=list)
    preamble: list[Line] = field(default_factory=list)  # text before the first heading

    def add_text(self, number: int, text: str) -> None:
        target = self.headings[-1].body if self.headings else self.preamble
        target.append((number, text))


def split_lines(text: str) -> list[str]:
    """The file's lines, as an editor numbers them (line 1 is index 0)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines


def scan(text: str, errors: ErrorList) -> Scan:
    result = Scan(split_lines(text))
    start = _front_matter(result, errors)
    if start is not None:
        _body(result, start, errors)
    return result


def _front_matter(result: Scan, errors: ErrorList) -> int | None:
    """Record the front matter; return the index where the body starts (None: give up)."""
    lines = result.lines
    if not lines or lines[0].rstrip() != "---":
        errors.add(
            1,
            1,
            "the file must start with front matter: a line of three dashes (---), the lines "
            "id, title, version, subject and summary, and another line of three dashes",
        )
        return 0
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            result.front_matter = (2, lines[1:index])
            return index + 1
    errors.add(1, 1, "the front matter is never closed: add a line of three dashes (---) after it")
    return None


def _body(result: Scan, start: int, errors: ErrorList) -> None:
    lines = result.lines
    index = start
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        if fence and not (fence["fence"][0] == "`" and "`" in line[fence.end("fence") :]):
            index = _fenced(result, index, fence, errors)
            continue
        heading = _HEADING.fullmatch(line)
        if heading and len(heading["marks"]) <= 2:
            text = heading["text"] or ""
            col = heading.start("text") + 1 if heading["text"] is not None else len(line) + 1
            result.headings.append(Heading(len(heading["marks"]), index + 1, text, col))
        else:
            if heading and _ID_BLOCK.search(line):
                errors.add(index + 1, 1, _DEEP_HEADING)
            result.add_text(index + 1, line)
        index += 1


def _fenced(result: Scan, index: int, fence: re.Match[str], errors: ErrorList) -> int:
    """Handle a fenced block opening at `index`; return the index after its closing fence."""
    lines = result.lines
    marks = fence["fence"]
    closing = re.compile(rf" {{0,3}}{re.escape(marks[0])}{{{len(marks)},}}[ \t]*")
    end = next((i for i in range(index + 1, len(lines)) if closing.fullmatch(lines[i])), None)
    if end is None:
        errors.add(
            index + 1,
            fence.start("fence") + 1,
            f"this block opened with {marks} is never closed: add a line with {marks} after it",
        )
        return len(lines)
    if fence["info"] == "flag":
        result.flags.append(FlagBlock(index + 1, lines[index + 1 : end]))
    else:
        for number in range(index, end + 1):
            result.add_text(number + 1, lines[number])
    return end + 1
