"""Reading the inventory: the latest published version of each system as of a moment, as
public records and inventory documents (plain dicts, the shape the schema describes)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.inventory import clock
from ctdppeia.inventory.fields import SCHEMA_VERSION, changes, iso_moment, public_record
from ctdppeia.models import InventoryEntryVersion

TITLE = "Connecticut state AI inventory"


def latest_versions(before: datetime | None = None) -> list[InventoryEntryVersion]:
    """The newest version of every published system (published before ``before``, if given),
    ordered by inventory id."""
    newest = select(
        InventoryEntryVersion.use_case_id, func.max(InventoryEntryVersion.version).label("last")
    )
    if before is not None:
        newest = newest.where(InventoryEntryVersion.published_at < before)
    newest_sub = newest.group_by(InventoryEntryVersion.use_case_id).subquery()
    query = (
        select(InventoryEntryVersion)
        .join(
            newest_sub,
            (InventoryEntryVersion.use_case_id == newest_sub.c.use_case_id)
            & (InventoryEntryVersion.version == newest_sub.c.last),
        )
        .order_by(InventoryEntryVersion.public_id)
    )
    return list(db.session.scalars(query))


def versions_of(public_id: str) -> list[InventoryEntryVersion]:
    """Every published version of one system, oldest first (empty for an unknown id)."""
    query = (
        select(InventoryEntryVersion)
        .where(InventoryEntryVersion.public_id == public_id)
        .order_by(InventoryEntryVersion.version)
    )
    return list(db.session.scalars(query))


def record_of(version: InventoryEntryVersion, today: date) -> dict[str, Any]:
    return public_record(
        version.public_id, version.version, version.published_at, version.fields, today
    )


def document(
    records: list[dict[str, Any]], as_of: datetime, year: int | None, frozen_at: datetime | None
) -> dict[str, Any]:
    """An inventory document: what the JSON file holds and the CSV's rows come from."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": TITLE if year is None else f"{TITLE}, {year}",
        "year": year,
        "as_of": iso_moment(as_of),
        "frozen_at": iso_moment(frozen_at) if frozen_at is not None else None,
        "systems": records,
    }


def current_document() -> dict[str, Any]:
    """The inventory now: every published system, retired ones included, latest version."""
    today = clock.today()
    records = [record_of(version, today) for version in latest_versions()]
    return document(records, clock.now(), None, None)


@dataclass(frozen=True)
class HistoryItem:
    """One published version of a system and the fields it changed from the one before."""

    record: dict[str, Any]
    changed: list[str]


def history(versions: list[InventoryEntryVersion], today: date) -> list[HistoryItem]:
    """Every version, newest first, each with what it changed."""
    items = []
    previous: dict[str, Any] | None = None
    for version in versions:
        items.append(HistoryItem(record_of(version, today), changes(previous, version.fields)))
        previous = version.fields
    return list(reversed(items))
