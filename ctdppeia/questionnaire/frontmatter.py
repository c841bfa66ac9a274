"""The front matter: id, title, version, subject, summary, the optional ratings, and the
optional keys of the "About this questionnaire" page (about, sources, maintained-by,
changes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctdppeia.questionnaire.condparse import ID_RE
from ctdppeia.questionnaire.errors import ErrorList
from ctdppeia.questionnaire.model import SEVERITIES, SUBJECTS
from ctdppeia.questionnaire.yamlblocks import (
    YamlBlock,
    check_keys,
    choice_value,
    load_block,
    text_value,
)

REQUIRED = {
    "id": "dppeia",
    "title": "Data Protection, Privacy + Equity Impact Assessment",
    "version": "2026.1",
    "subject": "data-request",
    "summary": "One paragraph, shown on the start page.",
}
OWNER = "the front matter"
ABOUT_TEXTS = {"about": "about", "maintained-by": "maintained_by", "changes": "changes"}
OPTIONAL = ("ratings", *ABOUT_TEXTS, "sources")


@dataclass
class FrontMatter:
    id: str = ""
    title: str = ""
    version: str = ""
    subject: str = ""
    summary: str = ""
    ratings: dict[str, str] = field(default_factory=dict)
    obligations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    about: str = ""  # markdown: what the questionnaire is and rests on
    sources: tuple[str, ...] = ()
    maintained_by: str = ""
    changes: str = ""  # how to propose a change


def read_front_matter(lines: list[str], errors: ErrorList) -> FrontMatter:
    """Read the front matter (its text starts on line 2, after the opening ---)."""
    block = YamlBlock(OWNER, anchor=1, first_line=2, lines=lines)
    result = FrontMatter()
    if not load_block(block, errors):
        return result
    check_keys(block, errors, REQUIRED, OPTIONAL, OWNER)
    for key in ("title", "version", "summary"):
        setattr(result, key, text_value(block, key, errors, OWNER) or "")
    for key, name in ABOUT_TEXTS.items():
        setattr(result, name, text_value(block, key, errors, OWNER) or "")
    result.sources = _read_sources(block, errors)
    result.subject = choice_value(block, "subject", SUBJECTS, errors, OWNER) or ""
    result.id = _read_id(block, errors)
    result.ratings, result.obligations = _read_ratings(block, errors)
    return result


def _read_id(block: YamlBlock, errors: ErrorList) -> str:
    text = text_value(block, "id", errors, OWNER)
    if text is None:
        return ""
    if not ID_RE.fullmatch(text):
        line, col, _ = block.value_col("id", text)
        errors.add(
            line,
            col,
            f"the questionnaire id '{text}' is not valid: an id starts with a letter, "
            "then letters, digits, - or _",
        )
    return text


def _read_sources(block: YamlBlock, errors: ErrorList) -> tuple[str, ...]:
    """The optional `sources`: a list of texts, one per line starting with '- '."""
    if "sources" not in block.data:
        return ()
    items = block.data["sources"]
    if not isinstance(items, list) or not items:
        errors.add(
            block.line_of("sources"),
            1,
            "'sources' must be a list of texts, one per line starting with '- ', "
            "or written as [first, second]",
        )
        return ()
    found = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, str) and item.strip():
            found.append(item.strip())
        else:
            message = f"source {number} must be a short text, not empty, a list or a mapping"
            errors.add(block.line_of("sources"), 1, message)
    return tuple(found)


RATING_HINT = (
    "write 'severity: what it means', or 'meaning:' and 'obligations:' indented under the "
    "severity, for example '    obligations: [A person makes every final decision]'"
)


def _read_ratings(
    block: YamlBlock, errors: ErrorList
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """(severity -> meaning, severity -> obligations) from the optional `ratings` key."""
    if "ratings" not in block.data:
        return {}, {}
    ratings = block.data["ratings"]
    start = block.line_of("ratings")
    if not isinstance(ratings, dict):
        errors.add(
            start,
            1,
            "'ratings' must be followed by indented lines of the form 'severity: what it "
            "means', for example '  high: Needs conditions before approval'",
        )
        return {}, {}
    meanings: dict[str, str] = {}
    obligations: dict[str, tuple[str, ...]] = {}
    for key, entry in ratings.items():
        line = _nested_line(block, str(key), start)
        if key not in SEVERITIES:
            errors.add(
                line,
                1,
                f"'{key}' under ratings is not a severity; use {', '.join(SEVERITIES)}",
            )
            continue
        meaning, duties = _read_rating(block, str(key), entry, line, errors)
        if meaning is not None:
            meanings[key] = meaning
        if duties:
            obligations[key] = duties
    return meanings, obligations


def _read_rating(
    block: YamlBlock, key: str, entry: object, line: int, errors: ErrorList
) -> tuple[str | None, tuple[str, ...]]:
    """One rating: a text, or a mapping with `meaning` and an `obligations` list."""
    if isinstance(entry, str):
        if entry.strip():
            return entry.strip(), ()
        errors.add(line, 1, f"the rating '{key}' needs a short text saying what it means")
        return None, ()
    if not isinstance(entry, dict):
        errors.add(line, 1, f"the rating '{key}' must be a text or a mapping; {RATING_HINT}")
        return None, ()
    for extra in entry:
        if extra not in ("meaning", "obligations"):
            where = _nested_line(block, str(extra), line)
            errors.add(
                where,
                1,
                f"unknown key '{extra}' under the rating '{key}'; the keys are meaning and "
                "obligations",
            )
    meaning = entry.get("meaning")
    if not isinstance(meaning, str) or not meaning.strip():
        where = _nested_line(block, "meaning", line)
        message = f"the rating '{key}' needs a 'meaning': a short text saying what it means"
        errors.add(where, 1, message)
        meaning = None
    duties = _read_obligations(block, key, entry, line, errors)
    return (meaning.strip() if meaning else None), duties


def _read_obligations(
    block: YamlBlock, key: str, entry: dict[str, object], line: int, errors: ErrorList
) -> tuple[str, ...]:
    if "obligations" not in entry:
        return ()
    items = entry["obligations"]
    where = _nested_line(block, "obligations", line)
    if not isinstance(items, list) or not items:
        errors.add(
            where,
            1,
            f"'obligations' of the rating '{key}' must be a list of texts, one per line "
            "starting with '- ', or written as [first, second]",
        )
        return ()
    result = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, str) and item.strip():
            result.append(item.strip())
        else:
            errors.add(
                where,
                1,
                f"obligation {number} of the rating '{key}' must be a short text, not empty, "
                "a list or a mapping",
            )
    return tuple(result)


def _nested_line(block: YamlBlock, key: str, after: int) -> int:
    """The line of an indented `key:` below line `after` (or `after` itself)."""
    pattern = re.compile(rf"[ \t]+{re.escape(key)}[ \t]*:")
    for offset, raw in enumerate(block.lines[after - block.first_line + 1 :]):
        if pattern.match(raw):
            return after + 1 + offset
    return after
