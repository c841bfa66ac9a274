"""Reading a heading's `{#id type=... required board show-if="..." prefill=... min=... max=...}`
block."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from ctdppeia.questionnaire.blocks import Heading
from ctdppeia.questionnaire.condparse import ID_RE
from ctdppeia.questionnaire.errors import ErrorList
from ctdppeia.questionnaire.model import TYPES

_BLOCK = re.compile(r"\{((?:[^{}\"']|\"[^\"]*\"|'[^']*')*)\}[ \t]*$")
_ATTR = re.compile(
    r"""[ \t]*(?:
        \#(?P<id>[^\s{}]*)
      | (?P<key>[A-Za-z][A-Za-z0-9_-]*)(?:=(?P<value>"[^"]*"|'[^']*'|[^\s"'{}]*))?
      | (?P<bad>[^ \t]+))""",  # not \S: a control character or a no-break space is read too
    re.VERBOSE,
)
SWITCHES = ("required", "board")
KEYED = ("type", "show-if", "prefill", "min", "max")
ATTRIBUTES_HELP = 'write #id, type=..., required, board or show-if="..."'
TYPES_HELP = "use yesno, choice, multi, text, longtext, number or date"


@dataclass
class HeadingInfo:
    """What a heading says; columns are 1-based positions in the file's line."""

    level: int
    line: int
    title: str
    block_col: int = 1  # the opening brace
    id: str | None = None
    type: str | None = None
    required: bool = False
    board: bool = False
    show_if: str | None = None
    prefill: str | None = None  # the subject field that pre-fills the answer
    min: int | float | None = None  # bounds of a number answer
    max: int | float | None = None
    # attribute name -> its column; "type=", "show-if=" ... -> the column of their value
    cols: dict[str, int] = field(default_factory=dict)

    def col(self, name: str) -> int:
        return self.cols.get(name, self.block_col)


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def read_heading(heading: Heading, errors: ErrorList) -> HeadingInfo:
    block = _BLOCK.search(heading.text)
    title_end = block.start() if block else len(heading.text)
    info = HeadingInfo(heading.level, heading.line, heading.text[:title_end].strip())
    if block is None:
        _no_block(heading, info, errors)
        return info
    info.block_col = heading.col + block.start()
    if not info.title:
        errors.add(heading.line, heading.col, "this heading has no text before the braces")
    _read_attributes(block[1], heading.col + block.start(1), info, errors)
    _check_kind(info, errors)
    return info


def _no_block(heading: Heading, info: HeadingInfo, errors: ErrorList) -> None:
    col = heading.col + len(heading.text.rstrip())
    if heading.text.rstrip().endswith("}"):
        col -= 1
        message = "cannot read the braces at the end of this heading; check that quotes are closed"
    elif heading.level == 1:
        message = f"the section heading '{info.title}' needs an id at the end, like {{#planning}}"
    else:
        message = (
            f"the question heading '{info.title}' needs an id and a type at the end, "
            "like {#P1 type=yesno}"
        )
    errors.add(heading.line, col, message)


def _read_attributes(block: str, col0: int, info: HeadingInfo, errors: ErrorList) -> None:
    """Read the attributes; `col0` is the file column of the block's first character."""
    seen: set[str] = set()
    pos = 0
    while block[pos:].strip():
        match = _ATTR.match(block, pos)
        assert match is not None  # the last alternative matches any non-space text
        pos = match.end()
        name = "id" if match["id"] is not None else match["key"]
        group = "id" if match["id"] is not None else "key" if name else "bad"
        col = col0 + match.start(group)
        if name is None:
            errors.add(
                info.line, col, f"cannot read '{match['bad']}' in the braces; {ATTRIBUTES_HELP}"
            )
        elif name in seen:
            errors.add(info.line, col, f"'{name}' is written twice in this heading")
        else:
            seen.add(name)
            _attribute(name, match, col, info, errors)


def _attribute(
    name: str, match: re.Match[str], col: int, info: HeadingInfo, errors: ErrorList
) -> None:
    value = match["value"]
    info.cols[name] = col
    if name == "id":
        info.id = match["id"]
        if not ID_RE.fullmatch(info.id):
            errors.add(
                info.line,
                col,
                f"'{info.id}' is not a valid id: an id starts with a letter, "
                "then letters, digits, - or _",
            )
    elif name in SWITCHES:
        if value is not None:
            errors.add(
                info.line, col, f"'{name}' is a switch and takes no value: write just {name}"
            )
        setattr(info, name, True)
    elif name in KEYED:
        _keyed(name, value, col + len(name) + 1, info, errors)
    else:
        hint = did_you_mean(name, ["id", *SWITCHES, *KEYED])
        errors.add(info.line, col, f"unknown attribute '{name}'{hint}; {ATTRIBUTES_HELP}")


def _keyed(name: str, value: str | None, col: int, info: HeadingInfo, errors: ErrorList) -> None:
    quoted = value is not None and value[:1] in ("'", '"')
    text = value[1:-1] if quoted and value else value
    if not text or not text.strip():
        example = _EXAMPLES[name]
        errors.add(info.line, col - len(name) - 1, f"'{name}' needs a value, like {example}")
        return
    info.cols[f"{name}="] = col + quoted
    if name == "type":
        info.type = text
    elif name == "show-if":
        info.show_if = text
    elif name == "prefill":
        _prefill(text, col + quoted, info, errors)
    else:
        _bound(name, text, col + quoted, info, errors)


_EXAMPLES = {
    "type": "type=yesno",
    "show-if": 'show-if="P1 = yes"',
    "prefill": "prefill=purpose",
    "min": "min=0",
    "max": "max=10",
}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def _prefill(text: str, col: int, info: HeadingInfo, errors: ErrorList) -> None:
    if _SLUG.fullmatch(text):
        info.prefill = text
        return
    errors.add(
        info.line,
        col,
        f"'{text}' is not a field name: prefill= takes a name in lower case letters, digits "
        "and -, like prefill=purpose",
    )


def _bound(name: str, text: str, col: int, info: HeadingInfo, errors: ErrorList) -> None:
    if _NUMBER.fullmatch(text):
        setattr(info, name, float(text) if "." in text else int(text))
        return
    errors.add(info.line, col, f"{name}= takes a number, like {_EXAMPLES[name]}, not '{text}'")


def _check_kind(info: HeadingInfo, errors: ErrorList) -> None:
    if info.level == 1:
        for name in (*KEYED, *SWITCHES):
            if name in info.cols and name != "show-if":
                errors.add(info.line, info.col(name), _question_only(name))
        if info.id is None:
            errors.add(
                info.line,
                info.block_col,
                "this section heading has no id: add one, like {#planning}",
            )
        return
    if info.id is None:
        errors.add(
            info.line,
            info.block_col,
            "this question heading has no id: add one, like {#P1 type=yesno}",
        )
    if info.type is None and "type" not in info.cols:  # (an empty type= is reported already)
        errors.add(
            info.line,
            info.block_col,
            f"question '{info.id or info.title}' has no type: {TYPES_HELP}",
        )
    elif info.type is not None and info.type not in TYPES:
        hint = did_you_mean(info.type, TYPES)
        errors.add(info.line, info.col("type="), f"unknown type '{info.type}'{hint}; {TYPES_HELP}")
    _check_bounds(info, errors)


def _check_bounds(info: HeadingInfo, errors: ErrorList) -> None:
    """min= and max= belong on number questions, and min may not be above max."""
    named = [name for name in ("min", "max") if name in info.cols]
    if named and info.type is not None and info.type != "number":
        for name in named:
            errors.add(
                info.line,
                info.col(name),
                f"'{name}' only works on number questions, and question "
                f"'{info.id or info.title}' is type={info.type}",
            )
    elif info.min is not None and info.max is not None and info.min > info.max:
        errors.add(
            info.line,
            info.col("max="),
            f"max={info.max} is below min={info.min}: the smallest allowed answer must not be "
            "above the largest",
        )


def _question_only(name: str) -> str:
    return (
        "a section heading takes only an id and a show-if, like "
        '{#planning show-if="P0 = no"}; '
        f"'{name}' belongs on a ## question heading"
    )
