"""Each year's inventory, frozen as it stood at the end of 31 December (Connecticut time).

A year is frozen by ``flask --app ctdppeia inventory freeze YEAR``, or on the first request for
it once the year is over, whichever comes first. Either way the document is computed from the
published versions as of the year's end, so it does not matter when the freezing happens:
a version published after 31 December never enters that year. Once stored, a frozen year
cannot change (database triggers refuse UPDATE and DELETE).
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ctdppeia import audit
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.inventory import clock
from ctdppeia.inventory.register import document, latest_versions, record_of
from ctdppeia.models import InventoryEntryVersion, InventoryYear, User


class YearNotOver(ValueError):
    """The year has not ended yet, so it cannot be frozen."""


def first_year() -> int | None:
    """The year the first entry was published, or None when nothing is published."""
    first = db.session.scalar(select(func.min(InventoryEntryVersion.published_at)))
    return clock.year_of(first) if first is not None else None


def available_years() -> list[int]:
    """The years whose inventory can be downloaded: frozen, or over since something was
    published. Newest first."""
    frozen = set(db.session.scalars(select(InventoryYear.year)))
    first = first_year()
    current = clock.year_of(clock.now())
    over = set(range(first, current)) if first is not None else set()
    return sorted(frozen | over, reverse=True)


def year_records(year: int) -> list[dict[str, Any]]:
    """The systems of ``year`` as they stood at its end: every system published by then,
    except one retired before the year began (a system retired during the year stays in it)."""
    end, start = clock.year_end(year), clock.year_end(year - 1)
    day_after = date(year, 12, 31) + timedelta(days=1)
    before_year = {version.use_case_id: version for version in latest_versions(start)}
    records = []
    for version in latest_versions(end):
        earlier = before_year.get(version.use_case_id)
        if earlier is not None and earlier.fields.get("status") == "retired":
            continue
        records.append(record_of(version, day_after))
    return records


def freeze(actor: User | None, year: int) -> InventoryYear:
    """Store ``year``'s inventory for good (or return it, when already frozen)."""
    existing = db.session.get(InventoryYear, year)
    if existing is not None:
        return existing
    if clock.now() < clock.year_end(year):
        raise YearNotOver(f"{year} is not over yet: a year is frozen after 31 December.")
    frozen_at = clock.now()
    content = document(year_records(year), clock.year_end(year), year, frozen_at)
    row = InventoryYear(year=year, frozen_at=frozen_at, document=content)
    try:
        with transaction():
            db.session.add(row)
            audit.record(actor, "inventory.freeze", row, summary=f"Froze the {year} AI inventory")
    except IntegrityError:  # frozen at the same moment by another request (rolled back)
        # the row the other request has just committed
        return db.session.get(InventoryYear, year)  # type: ignore[return-value]
    return row


def year_document(year: int) -> dict[str, Any] | None:
    """A year's frozen document, freezing it on first request; None when there is none."""
    if year not in available_years():
        return None
    return freeze(None, year).document


def freeze_last_year() -> str:
    """The scheduled job `inventory-freeze`: freeze the year that ended, unless it is frozen
    or nothing was published by its end (safe to run any day, on any host)."""
    year = clock.today().year - 1
    if db.session.get(InventoryYear, year) is not None:
        return f"{year} was frozen already"
    if year not in available_years():
        return f"{year} has nothing published"
    frozen = freeze(None, year)
    return f"froze {year}: {len(frozen.document['systems'])} systems"
