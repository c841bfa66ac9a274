"""Reading the inventory: the latest published version of each system as of a moment, as
public records and inventory documents (plain dicts, the shape the schema describes)."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select

from ctdppeia.extensions import db
from ctdppeia.inventory import clock
from ctdppeia.inventory.fields import SCHEMA_VERSION, changes, iso_moment, public_record
from ctdppeia.models import InventoryCurrent, InventoryEntryVersion

TITLE = "Connecticut state AI inventory"
# The shape of a system's inventory id, checked before any query.
PUBLIC_ID = re.compile(r"CT-[A-Z0-9]{2,16}-[0-9]{4,8}")
# Versions read at a time while the files are written.
STREAM_BATCH = 500


def latest_query(before: datetime | None = None) -> Select[InventoryEntryVersion]:
    """The newest version of every published system (published before ``before``, if given),
    as a query without an order. Today's are the versions ``InventoryCurrent`` points at; a
    past moment's are found from every version published before it."""
    if before is None:
        return current_query()
    newest = select(
        InventoryEntryVersion.use_case_id, func.max(InventoryEntryVersion.version).label("last")
    )
    newest = newest.where(InventoryEntryVersion.published_at < before)
    newest_sub = newest.group_by(InventoryEntryVersion.use_case_id).subquery()
    return select(InventoryEntryVersion).join(
        newest_sub,
        (InventoryEntryVersion.use_case_id == newest_sub.c.use_case_id)
        & (InventoryEntryVersion.version == newest_sub.c.last),
    )


def current_query() -> Select[InventoryEntryVersion]:
    """Today's version of every published system, as a query without an order; filter and
    sort it by the columns of ``InventoryCurrent``."""
    return select(InventoryEntryVersion).join(
        InventoryCurrent, InventoryCurrent.version_id == InventoryEntryVersion.id
    )


def latest_versions(before: datetime | None = None) -> list[InventoryEntryVersion]:
    """The newest version of every published system (published before ``before``, if given),
    ordered by inventory id."""
    query = latest_query(before).order_by(InventoryEntryVersion.public_id)
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


def current_parts() -> tuple[dict[str, Any], Iterator[dict[str, Any]]]:
    """The inventory now, as its document with no systems yet and the systems (every
    published one, retired ones included, latest version), read from the database only as
    they are written out."""
    return document([], clock.now(), None, None), _current_records(clock.today())


def _current_records(today: date) -> Iterator[dict[str, Any]]:
    query = latest_query().order_by(InventoryEntryVersion.public_id)
    for version in db.session.scalars(query.execution_options(yield_per=STREAM_BATCH)):
        yield record_of(version, today)


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
