"""The one check every inventory entry passes before it is published, and that any batch of
entries (a file, a fixture, the whole inventory) can be put through.

It reads public records (``fields.COLUMNS``) and names every problem by row and field: blank
required fields, spaces at either end, internal links that lead nowhere, leftover redaction
marks, duplicate or reused inventory ids, values outside their list, text over a limit (the
tightest of the standards the entry is exported to), badly written dates and dates out of
order, fields required only when the stage or the tier asks for them, withheld fields without
a reason (or that may not be withheld), and Spanish texts too hard to read. The fields, their
kinds, values, limits and rules are ``fields.RECORD``'s. Plain data only: internal links are
checked by the ``resolves`` function passed in.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from textstat.textstat import textstatistics

from ctdppeia import limits
from ctdppeia.inventory.fields import (
    ACTIVE,
    ALWAYS,
    APP,
    BY_KEY,
    DECISION,
    HIGH_DEPLOYED,
    LABELS,
    RECORD,
    SPANISH,
    STATUTORY,
    TIER_CHANGED,
    WITHHELD_PREFIX,
    WITHHOLDABLE,
)
from ctdppeia.inventory.schema import PUBLIC_ID
from ctdppeia.inventory.standards import Target, atrs, dutch, omb

Record = Mapping[str, Any]
Resolves = Callable[[str], bool]


@dataclass(frozen=True, order=True)
class Problem:
    row: int  # the entry's position in the batch, from 0
    field: str
    code: str  # blank | spaces | link | redaction | duplicate_id | reused_id | enum | length
    #            | format | date_order | withheld | reading
    message: str

    def described(self) -> str:
        return f"Entry {self.row + 1}, {label_of(self.field)}: {self.message}"


def label_of(field: str) -> str:
    """A field's label; a withheld field's reason is named after the field."""
    withheld = field.removeprefix(WITHHOLD)
    if withheld != field:
        return f"Reason to withhold: {LABELS.get(withheld, withheld)}"
    return LABELS.get(field, field)


WITHHOLD = "withhold_"  # a withheld field's reason, as the publish form names it
WITHHOLD_REASON_MAX = 500
SPANISH_EASE_MINIMUM = 60  # Fernández Huerta, about grade 8 or below
SPANISH_MIN_WORDS = 8  # a reading formula needs sentences; shorter text is not scored
_SPANISH = textstatistics()  # its own instance: set_lang on the module's would change English
_SPANISH.set_lang("es")


EXPORTS: tuple[tuple[str, tuple[Target, ...]], ...] = (
    (omb.TITLE, omb.COLUMNS),
    (atrs.TIER_1_TITLE, atrs.TIER_1),
    (atrs.TIER_2_TITLE, atrs.TIER_2),
    (dutch.TITLE, dutch.FIELDS),
)
CONTACT = (
    "Enter a public contact: a team email address. OMB's inventory, the UK standard and the "
    "Dutch register all ask for one."
)
# Fields required only sometimes (``Field.required``), with what to do when they are blank.
NEEDED = {
    ACTIVE: "Enter the date the system was first used: a pilot or deployed system has one.",
    TIER_CHANGED: (
        "Say why the tier differs from the one the questionnaire gave: the public sees both."
    ),
    HIGH_DEPLOYED: (
        "Name the official who accepted the remaining risk: a deployed high-impact use has one "
        "(OMB M-25-21)."
    ),
}
BLANK_MESSAGES = {**STATUTORY, **DECISION, "public_contact": CONTACT}


def _required() -> frozenset[str]:
    """The law's fields, the decision's, every field the record always needs, and every field
    an export always fills."""
    promised = {t.source_key for _, targets in EXPORTS for t in targets if t.always}
    always = {field.key for field in RECORD if field.required == ALWAYS}
    return frozenset({*STATUTORY, *DECISION, *always, *(key for key in promised if key)})


REQUIRED = _required()
MADE_BY_APP = frozenset(field.key for field in RECORD if field.source == APP)
SOMETIMES = {field.key: field.required for field in RECORD if field.required in NEEDED}


def _asks_for(rule: str, record: Record) -> bool:
    """Whether the entry's stage and tiers make a field of ``rule`` required."""
    stage, tier = record.get("development_stage"), record.get("risk_tier")
    rules_tier = record.get("rules_risk_tier")
    return {
        ACTIVE: stage in ("pilot", "deployed"),
        TIER_CHANGED: bool(rules_tier) and rules_tier != tier,
        HIGH_DEPLOYED: tier == "high" and stage == "deployed",
    }[rule]


FORM_LIMITS = {"name": limits.NAME, "vendor": limits.NAME, "ai_technique": limits.NAME}
FORM_LIMITS["public_contact"] = limits.NAME


def _limits() -> dict[str, tuple[int, str]]:
    """Each text field's limit: the form's, or a standard's tighter one (and which)."""
    found: dict[str, tuple[int, str]] = {
        key: (FORM_LIMITS.get(key, limits.LONG_TEXT), "the inventory's own limit")
        for key, field in BY_KEY.items()
        if field.kind == "text"
    }
    for title, targets in EXPORTS:
        for target in targets:
            key, limit = target.source_key, target.max_length
            if key in found and limit is not None and limit < found[key][0]:
                found[key] = (limit, f"{title} allows {limit} in “{target.name}”")
    return found


LIMITS = _limits()
REDACTION = re.compile(
    r"(?i:\[\s*(?:redacted|withheld|removed)\s*\])|\bX{3,}\b|[█▇▆▅■▮]+|\(b\)\s?\(\d\)"
)
LINK = re.compile(r"https?://[^\s<>\"')\]]+|(?<![^\s(])/[A-Za-z0-9][\w\-.~%/]*")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# (earlier, later, the field named, its message) for dates that must not run backwards.
DATE_ORDER = (
    ("decision_date", "next_review_date", "next_review_date",
     "The next review must be on or after the decision date."),
    ("decision_date", "retired_on", "retired_on",
     "The system cannot retire before the advisory group's decision."),
    ("decision_date", "last_change", "decision_date",
     "The decision date is after the day this version is published."),
    ("date_first_used", "last_change", "date_first_used",
     "The date first used cannot be in the future."),
    ("date_first_used", "retired_on", "retired_on",
     "The system cannot retire before it was first used."),
)  # fmt: skip


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def internal_links(text: str, base_url: str) -> list[str]:
    """The links in ``text`` to this site: root-relative paths and addresses under
    ``base_url`` (other sites' links are not checked)."""
    base = base_url.rstrip("/")
    found = []
    for match in LINK.finditer(text):
        link = match.group().rstrip(".,;:!?")
        if link.startswith("/") or link == base or link.startswith(base + "/"):
            found.append(link)
    return found


def _text_problems(
    row: int, key: str, text: str, base_url: str, resolves: Resolves | None
) -> Iterator[Problem]:
    if text != text.strip():
        yield Problem(row, key, "spaces", "Remove the spaces at the start or the end.")
    for mark in dict.fromkeys(match.group() for match in REDACTION.finditer(text)):
        message = f"Remove the leftover redaction mark “{mark}”: write what the public may read."
        yield Problem(row, key, "redaction", message)
    links = internal_links(text, base_url) if resolves is not None else []
    for link in links:
        if resolves is not None and not resolves(link):
            yield Problem(row, key, "link", f"The link {link} leads to no public page here.")
    limit = LIMITS.get(key)
    if limit is not None and len(text.strip()) > limit[0]:
        message = f"Shorten it to {limit[0]} characters ({len(text.strip())} now): {limit[1]}."
        yield Problem(row, key, "length", message)


def text_problems(
    key: str, text: str, base_url: str = "", resolves: Resolves | None = None
) -> list[Problem]:
    """The problems of one text on its own (a retirement's reason, say)."""
    return list(_text_problems(0, key, text, base_url, resolves))


def _value_problem(row: int, key: str, value: Any) -> Problem | None:
    field = BY_KEY.get(key)
    kind = field.kind if field is not None else "text"
    if kind == "enum" and field is not None and value not in (field.values or {}):
        allowed = ", ".join(field.values or {})
        return Problem(row, key, "enum", f"“{value}” is not one of: {allowed}.")
    if kind == "boolean" and not isinstance(value, bool):
        return Problem(row, key, "enum", f"“{value}” is not true or false.")
    if kind == "date" and not _iso_date(value):
        return Problem(row, key, "format", "Write the date as year-month-day: 2026-03-01.")
    if key == "public_id" and not re.fullmatch(PUBLIC_ID["pattern"], str(value)):
        return Problem(row, key, "format", "An inventory ID looks like CT-DSS-0001.")
    if key == "public_contact" and not EMAIL.match(str(value).strip()):
        return Problem(row, key, "format", "Give an email address, such as ai.help@ct.gov.")
    return None


def _iso_date(value: Any) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)))


def record_problems(
    row: int, record: Record, base_url: str = "", resolves: Resolves | None = None
) -> list[Problem]:
    """Every problem of one entry, on its own (ids across entries: ``validate``)."""
    withheld = _withheld(record)
    found = list(_withheld_problems(row, withheld))
    sometimes = [key for key, rule in SOMETIMES.items() if _asks_for(rule, record)]
    for key in dict.fromkeys([*record, *sorted(REQUIRED - set(record)), *sometimes]):
        value = record.get(key)
        if key in withheld:
            continue  # the reason stands in for the value: checked above
        if _is_blank(value):
            if key in REQUIRED or key in sometimes:
                message = BLANK_MESSAGES.get(key) or _sometimes_message(key)
                found.append(Problem(row, key, "blank", message))
            continue
        if isinstance(value, str):
            typed = resolves if key not in MADE_BY_APP else None  # the app's own links hold
            found.extend(_text_problems(row, key, value, base_url, typed))
        problem = _value_problem(row, key, value)
        if problem is not None:
            found.append(problem)
    faulty = {p.field for p in found}
    return found + _date_problems(row, record, faulty) + _reading_problems(row, record, faulty)


def _sometimes_message(key: str) -> str:
    rule = SOMETIMES.get(key)
    return NEEDED[rule] if rule is not None else "Fill this in: every export needs it."


def _withheld(record: Record) -> dict[str, str]:
    found = record.get("withheld")
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, Mapping) else {}


def _withheld_problems(row: int, withheld: Mapping[str, str]) -> Iterator[Problem]:
    """A withheld field must be one that may be withheld, with a reason (OMB: withhold only
    what cannot be released, and say why) that fits where the value would be."""
    for key, reason in withheld.items():
        name, room = WITHHOLD + key, _reason_room(key)
        if key not in WITHHOLDABLE:
            yield Problem(row, name, "withheld", "This field cannot be withheld.")
        elif not reason.strip():
            message = "Give the reason this field is withheld: the public reads it."
            yield Problem(row, name, "withheld", message)
        elif len(reason.strip()) > room:
            message = f"Shorten the reason to {room} characters or fewer."
            yield Problem(row, name, "length", message)


def _reason_room(key: str) -> int:
    """The longest reason: "Withheld: <reason>" must fit the field's own limit too."""
    limit = LIMITS.get(key)
    if limit is None:
        return WITHHOLD_REASON_MAX
    return min(WITHHOLD_REASON_MAX, limit[0] - len(WITHHELD_PREFIX))


def spanish_reading_ease(text: str) -> float | None:
    """The Fernández Huerta reading ease of a Spanish text (None when there is no text)."""
    return round(float(_SPANISH.fernandez_huerta(text)), 1) if text.strip() else None


def _reading_problems(row: int, record: Record, faulty: set[str]) -> list[Problem]:
    """Each Spanish text of 8 or more words must read at about grade 8 or below."""
    found = []
    for key in SPANISH.values():
        text = record.get(key)
        if key in faulty or not isinstance(text, str) or len(text.split()) < SPANISH_MIN_WORDS:
            continue
        ease = spanish_reading_ease(text)
        if ease is not None and ease < SPANISH_EASE_MINIMUM:
            message = (
                f"This Spanish text is hard to read (Fernández Huerta reading ease {ease:g}; "
                f"{SPANISH_EASE_MINIMUM} or more is needed). Use shorter sentences and words."
            )
            found.append(Problem(row, key, "reading", message))
    return found


def _date_problems(row: int, record: Record, faulty: set[str]) -> list[Problem]:
    found = []
    for earlier, later, named, message in DATE_ORDER:
        first, then = record.get(earlier), record.get(later)
        if earlier in faulty or later in faulty or not _iso_date(str(first or "")[:10]):
            continue
        if not _iso_date(str(then or "")[:10]):
            continue
        if str(then)[:10] < str(first)[:10]:
            found.append(Problem(row, named, "date_order", message))
    return found


def id_problems(
    records: Sequence[Record], systems: Sequence[str], owners: Mapping[str, str]
) -> list[Problem]:
    """An id on two entries of the batch, or one that belonged to another system."""
    rows: dict[str, list[int]] = defaultdict(list)
    for row, record in enumerate(records):
        if not _is_blank(record.get("public_id")):
            rows[str(record["public_id"])].append(row)
    found = []
    for public_id, where in rows.items():
        for row in where:
            if len(where) > 1:
                others = ", ".join(str(other + 1) for other in where if other != row)
                message = f"{public_id} is also the ID of entry {others}. Each system has its own."
                found.append(Problem(row, "public_id", "duplicate_id", message))
            owner = owners.get(public_id)
            if owner is not None and owner != systems[row]:
                message = f"{public_id} belonged to another system. An ID is never used again."
                found.append(Problem(row, "public_id", "reused_id", message))
    return found


def validate(
    records: Sequence[Record],
    *,
    systems: Sequence[str] | None = None,
    owners: Mapping[str, str] | None = None,
    base_url: str = "",
    resolves: Resolves | None = None,
) -> list[Problem]:
    """Every problem of a batch of entries, sorted by row and field.

    ``systems`` names the system of each row (by default each row its own); ``owners`` maps
    the ids already given out to the system that holds each; ``resolves`` says whether an
    internal link (a path or an address under ``base_url``) leads to a public page."""
    named = list(systems) if systems is not None else [f"row {n}" for n in range(len(records))]
    found = [
        p for row, r in enumerate(records) for p in record_problems(row, r, base_url, resolves)
    ]
    found += id_problems(records, named, owners or {})
    return sorted(found)


def by_field(problems: Sequence[Problem]) -> dict[str, str]:
    """One entry's problems as one message a field (what the publish form shows)."""
    messages: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        messages[problem.field].append(problem.message)
    return {key: " ".join(found) for key, found in messages.items()}
