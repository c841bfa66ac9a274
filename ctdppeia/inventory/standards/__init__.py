"""The inventory in the shapes of other standards: OMB's 2025 federal inventory (CSV), the UK
Algorithmic Transparency Recording Standard (tier 1 and tier 2, JSON) and the Dutch algorithm
register's publication standard v1.0 (JSON).

Each standard is one tuple of ``Target``s, one a field of the standard, each reading one
``EntryView`` (a published entry). A target whose source the entry does not hold yet is made
with ``blank(name, why)``: the export leaves it empty and the crosswalk page says why. When the
entry gains the field, that one line becomes ``copy(name, "the_new_key")`` (or a ``derived``).
Plain data only: no Flask, no database.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ctdppeia.inventory.fields import LABELS, is_withheld

Read = Callable[["EntryView"], Any]
IN_HOUSE = "None: built by the agency"


class EntryView:
    """One published entry as the mappings read it: its public record (``fields.COLUMNS``)
    and the address of its public page."""

    def __init__(self, record: Mapping[str, Any], base_url: str) -> None:
        self.record = record
        self.base_url = base_url.rstrip("/")

    def text(self, key: str) -> str | None:
        value = self.record.get(key)
        if value is None or value == "":
            return None
        return str(value)

    def value(self, key: str) -> Any:
        return self.record.get(key)

    def plain(self, key: str) -> Any:
        """The value, or None when it is withheld: a date, a list or a closed value cannot
        hold "Withheld: <reason>" (the standard's own withheld mark says it instead)."""
        found = self.value(key)
        return None if found == "" or is_withheld(found) else found

    def date(self, key: str) -> str | None:
        found = self.plain(key)
        return str(found)[:10] if found else None

    def month(self, key: str) -> str | None:
        """A date field as year and month (``2026-03``)."""
        found = self.date(key)
        return found[:7] if found else None

    @property
    def withheld(self) -> dict[str, str]:
        found = self.record.get("withheld")
        return dict(found) if isinstance(found, Mapping) else {}

    @property
    def high_impact(self) -> bool:
        return self.value("risk_tier") == "high"

    @property
    def presumed_but_not_high(self) -> bool:
        """The questionnaire gave high and the advisory group set a lower tier, with a reason."""
        return self.value("rules_risk_tier") == "high" and not self.high_impact

    @property
    def entry_url(self) -> str:
        return f"{self.base_url}/ai-inventory/{self.record.get('public_id')}"

    @property
    def built_in_house(self) -> bool:
        vendor = (self.text("vendor") or "").strip()
        return vendor.lower().startswith("none")


@dataclass(frozen=True)
class Target:
    """One field of a standard: where its value comes from (``source``, in words, for the
    crosswalk) and how it is read."""

    name: str
    source: str
    read: Read
    kind: str = "text"  # text | enum | date | month | datetime | list
    values: tuple[str, ...] = ()  # the allowed values of an enum (or of a list's items)
    max_length: int | None = None
    always: bool = False  # the validator makes sure the source is never empty
    source_key: str | None = None  # the entry field copied as it is (its length is checked)
    blank_why: str = ""  # set when no field of the entry holds it yet
    section: str = ""  # the group it sits in, for standards that nest their fields

    @property
    def is_blank(self) -> bool:
        return bool(self.blank_why)


def copy(name: str, key: str, *, max_length: int | None = None, **extra: Any) -> Target:
    """The entry field ``key`` as it is."""
    source = f"`{key}` ({LABELS.get(key, key)})"
    return Target(
        name, source, lambda view: view.text(key), max_length=max_length, source_key=key, **extra
    )


def derived(name: str, source: str, read: Read, **extra: Any) -> Target:
    """A value worked out from the entry (``source`` says how)."""
    return Target(name, source, read, **extra)


def constant(name: str, value: str, why: str, **extra: Any) -> Target:
    return Target(name, f"always “{value}”: {why}", lambda view: value, always=True, **extra)


def blank(name: str, why: str, **extra: Any) -> Target:
    """A field no entry holds yet: left empty, and ``why`` is shown on the crosswalk."""
    return Target(name, "—", lambda view: None, blank_why=why, **extra)


def enum_of(mapping: Mapping[Any, str], key: str) -> Read:
    """A value of the entry field ``key`` through ``mapping`` (None when it has no match)."""
    return lambda view: mapping.get(view.plain(key))


def date_of(name: str, key: str, **extra: Any) -> Target:
    """The entry's date ``key`` (empty when withheld: the date column cannot hold a reason)."""
    source = f"`{key}` ({LABELS.get(key, key)}); empty when withheld"
    return Target(name, source, lambda view: view.date(key), kind="date", **extra)


def mapped(targets: Iterable[Target], view: EntryView, many: frozenset[str]) -> dict[str, Any]:
    """One record of a standard: every target's value, nested by section; a section in
    ``many`` is a list (of one item: the entry has one model, one dataset)."""
    record: dict[str, Any] = {}
    for target in targets:
        value = target.read(view)
        if not target.section:
            record[target.name] = value
            continue
        section = record.setdefault(target.section, [{}] if target.section in many else {})
        (section[0] if target.section in many else section)[target.name] = value
    return record


# Why fields are blank, said once.
NO_TOPIC = "The entry has no topic or policy area."
NO_IMPACTS = (
    "The entry tracks whether the impact assessment is done, not the impacts it found as a "
    "field of their own (they are in the signed assessment it links to)."
)
NO_SUMMARY = "The entry has no separate one-to-three sentence summary."
NO_OUTPUTS = "The entry does not describe the system's outputs on their own."
NO_BENEFITS = "The entry does not state the expected benefits on their own."
NO_CODE = "The entry does not record whether there is custom code or where it is."
NO_TEAM = "The entry names the agency, not a team or an office within it."
NO_DATA_DETAIL = "The entry describes the data in one text; it has no finer data fields."
NO_MODEL_DETAIL = "The entry names the kind of AI; it has no model-level fields."
NO_LAW = "The entry does not cite the law the use rests on."
NOT_HERE = "This is set by the register that receives the record, not by the agency."
