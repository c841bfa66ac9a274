"""Optimistic version checks for forms that change one row (a data request, an analysis).

The form carries the row's `version` as a hidden field. Saving compares it with the stored
one; when someone saved in between, the fields this person did not change (their typed value still
matches the fingerprint the form carried, `base_<field>`) take what is stored now; if a field
both changed still differs, nothing is saved and `StaleEdit` lists, field by field, what is
stored now next to what the person typed. The page answers 409, keeps the typed input
and carries the new version, so the next save (after a look) goes through. The same rule as
review sections (`ctdppeia.reviews.services.save_section`).

`claim_version` moves the version on with one conditional UPDATE, so two saves that both read
the same version cannot both win (PostgreSQL makes the second wait, then finds no row).
"""

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent


@dataclass(frozen=True)
class Difference:
    """One field whose stored value differs from what was typed."""

    label: str
    saved: str
    typed: str


@dataclass(eq=False)
class StaleEdit(Exception):
    """The row changed since the form was loaded; nothing was saved."""

    current_version: int
    differences: list[Difference] = field(default_factory=list)
    by: str = ""  # who saved last, when known
    at: datetime | None = None


def words(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "(none)"
    return str(value)


def differences(
    saved: Mapping[str, Any], typed: Mapping[str, Any], labels: Mapping[str, str]
) -> list[Difference]:
    """The fields (in the order of `labels`) whose saved and typed values differ."""
    return [
        Difference(label, words(saved.get(key)), words(typed.get(key)))
        for key, label in labels.items()
        if words(saved.get(key)) != words(typed.get(key))
    ]


BASE = "base_"  # the hidden inputs: a fingerprint of each value the form showed


def fingerprint(value: Any) -> str:
    """A short hash of a value as the comparison reads it (empty values all alike)."""
    return hashlib.sha256(words(value).encode()).hexdigest()[:16]


def fingerprints(values: Mapping[str, Any]) -> dict[str, str]:
    return {key: fingerprint(value) for key, value in values.items()}


def posted_bases(posted: Mapping[str, str], keys: Iterable[str]) -> dict[str, str]:
    """The fingerprints a posted form carried back (fields without one left out)."""
    found = {key: posted.get(BASE + key) for key in keys}
    return {key: mark for key, mark in found.items() if mark}


def untouched(typed: Mapping[str, Any], bases: Mapping[str, str]) -> set[str]:
    """The fields whose typed value is still the one the form showed: not changed here."""
    return {key for key, value in typed.items() if bases.get(key) == fingerprint(value)}


def claim_version(model: Any, row_id: int, loaded_version: int) -> bool:
    """Move the row from `loaded_version` to the next; False when it had moved already."""
    statement = (
        update(model)
        .where(model.id == row_id, model.version == loaded_version)
        .values(version=loaded_version + 1)
        .execution_options(synchronize_session=False)
    )
    # an UPDATE's result is a CursorResult, which has rowcount; execute() is typed as any result
    claimed = db.session.execute(statement).rowcount == 1  # type: ignore[attr-defined]
    if claimed:
        row = db.session.get(model, row_id)
        set_committed_value(row, "version", loaded_version + 1)  # keep the session in step
    return claimed


def set_version(form: Any, version: int) -> None:
    """Make a form carry another version (after a refused save), keeping what was typed."""
    form.version.data = version
    form.version.raw_data = [str(version)]


def last_saved(object_type: str, object_id: int, actions: tuple[str, ...]) -> tuple[str, Any]:
    """Who saved the object last, and when, from the audit log ("" and None when unknown)."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
        .where(AuditEvent.action.in_(actions))
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    event = db.session.scalar(query)
    if event is None or event.actor is None:
        return "", None
    return event.actor.name, event.at
