"""Reading ```flag blocks."""

from __future__ import annotations

from dataclasses import dataclass

from ctdppeia.questionnaire.blocks import FlagBlock
from ctdppeia.questionnaire.conditions import Condition
from ctdppeia.questionnaire.condparse import ID_RE, ConditionSyntaxError, parse_condition_text
from ctdppeia.questionnaire.errors import ErrorList
from ctdppeia.questionnaire.model import CATEGORIES, KINDS, ROUTES, SEVERITIES, Flag
from ctdppeia.questionnaire.yamlblocks import (
    YamlBlock,
    check_keys,
    choice_value,
    load_block,
    text_value,
)

REQUIRED = {
    "id": "no-legal-basis",
    "severity": "high",
    "category": "legal",
    "title": "No law allows this sharing",
    "when": "P8 includes none",
    "advice": "What the reviewer should ask or do.",
}

OPTIONAL = ("route", "kind", "basis", "resident", "replaces")


@dataclass(frozen=True)
class Place:
    """Where a condition's text sits in the file; `exact` when offsets map to columns."""

    line: int
    col: int
    exact: bool = True

    def at(self, offset: int) -> tuple[int, int]:
        return self.line, self.col + offset if self.exact else self.col


@dataclass
class RawFlag:
    """A flag as read; fields are None where the block had a problem."""

    line: int
    id: str | None
    severity: str | None
    category: str | None
    title: str | None
    when: Condition | None
    when_text: str | None
    when_place: Place
    advice: str | None
    route: str | None
    kind: str | None = None
    basis: str | None = None
    resident: str | None = None
    replaces: tuple[str, ...] = ()
    replaces_line: int = 0

    def build(self) -> Flag:
        """The Flag (only called when the file had no errors, so nothing is None)."""
        assert self.id and self.severity and self.category and self.title and self.advice
        assert self.when is not None and self.when_text is not None
        return Flag(
            id=self.id,
            severity=self.severity,
            category=self.category,
            title=self.title,
            when=self.when,
            when_text=self.when_text,
            advice=self.advice,
            route=self.route,
            line=self.line,
            kind=self.kind or "risk",
            basis=self.basis,
            resident=self.resident,
            replaces=self.replaces,
        )


def read_flags(blocks: list[FlagBlock], errors: ErrorList) -> list[RawFlag]:
    flags: list[RawFlag] = []
    first_line: dict[str, int] = {}
    for block in blocks:
        flag = read_flag(block, errors)
        if flag is None or flag.id is None:
            continue
        if flag.id in first_line:
            errors.add(
                flag.line,
                1,
                f"the flag id '{flag.id}' is already used by the flag on line "
                f"{first_line[flag.id]}",
            )
        else:
            first_line[flag.id] = flag.line
        flags.append(flag)
    return flags


def read_flag(fenced: FlagBlock, errors: ErrorList) -> RawFlag | None:
    block = YamlBlock("this flag block", fenced.line, fenced.line + 1, fenced.lines)
    if not load_block(block, errors):
        return None
    fid = text_value(block, "id", errors, "this flag block")
    owner = f"flag '{fid}'" if fid else "this flag block"
    check_keys(block, errors, REQUIRED, OPTIONAL, owner)
    if fid and not ID_RE.fullmatch(fid):
        line, col, _ = block.value_col("id", fid)
        errors.add(
            line,
            col,
            f"the flag id '{fid}' is not valid: an id starts with a letter, "
            "then letters, digits, - or _",
        )
    when_text = text_value(block, "when", errors, owner)
    place = Place(*block.value_col("when", when_text or ""))
    return RawFlag(
        line=fenced.line,
        id=fid,
        severity=choice_value(block, "severity", SEVERITIES, errors, owner),
        category=choice_value(block, "category", CATEGORIES, errors, owner),
        title=text_value(block, "title", errors, owner),
        when=_condition(when_text, place, owner, errors),
        when_text=when_text,
        when_place=place,
        advice=text_value(block, "advice", errors, owner),
        route=choice_value(block, "route", ROUTES, errors, owner),
        kind=choice_value(block, "kind", KINDS, errors, owner),
        basis=text_value(block, "basis", errors, owner),
        resident=text_value(block, "resident", errors, owner),
        replaces=_replaces(block, errors, owner),
        replaces_line=block.line_of("replaces"),
    )


def _replaces(block: YamlBlock, errors: ErrorList, owner: str) -> tuple[str, ...]:
    """The ids under `replaces`: one id, or a list of them."""
    value = block.data.get("replaces")
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) and item.strip() for item in items):
        errors.add(
            block.line_of("replaces"),
            1,
            f"'replaces' in {owner} must be a flag id or a list of flag ids, "
            "like [small-cells, no-suppression-plan]",
        )
        return ()
    return tuple(item.strip() for item in items)


def _condition(text: str | None, place: Place, owner: str, errors: ErrorList) -> Condition | None:
    if text is None:
        return None
    return parse_at(text, place, f"the condition of {owner}", errors)


def parse_at(text: str, place: Place, owner: str, errors: ErrorList) -> Condition | None:
    """Parse a condition found at `place`; on a syntax error, report it and return None."""
    try:
        return parse_condition_text(text)
    except ConditionSyntaxError as error:
        errors.add(*place.at(error.pos), f"{owner} cannot be read: {error.message}")
        return None
