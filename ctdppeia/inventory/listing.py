"""The public list: its filters (agency, year, status and tier, read from the query string)
and its pages, most recently changed first.

A value the list does not know is ignored (the list shows every system for that filter); a
year without an inventory answers 404, and a page key the list did not make 400. The inventory
today is paged in the database (keyset pages, as the request list); a past year's inventory
is one frozen document, paged in memory with a key of the same kind
(``<published_at>_<public_id>``).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, select

from ctdppeia import keyset
from ctdppeia.extensions import db
from ctdppeia.inventory import clock, register, years
from ctdppeia.inventory.fields import STATUSES, TIERS
from ctdppeia.models import InventoryCurrent, InventoryEntryVersion

RECORD_KEY = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)_(CT-[A-Z0-9]{2,16}-[0-9]{4,8})")


@dataclass(frozen=True)
class Filters:
    agency: str = ""
    year: int | None = None
    status: str = ""
    tier: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> "Filters":
        year_text = (args.get("year") or "").strip()
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
        if year_text and year is None:
            year = 0  # not a year: the page answers 404
        return cls(
            agency=(args.get("agency") or "").strip().upper()[:16],
            year=year,
            status=args.get("status", "") if args.get("status") in STATUSES else "",
            tier=args.get("tier", "") if args.get("tier") in TIERS else "",
        )

    @property
    def any(self) -> bool:
        return bool(self.agency or self.year or self.status or self.tier)


def _conditions(chosen: Filters) -> list[ColumnElement[bool]]:
    wanted = [
        (InventoryCurrent.agency_code, chosen.agency),
        (InventoryCurrent.status, chosen.status),
        (InventoryCurrent.risk_tier, chosen.tier),
    ]
    return [column == value for column, value in wanted if value]


def current_page(
    chosen: Filters, older: str | None, newer: str | None, per_page: int, today: date
) -> keyset.KeysetPage:
    """A page of today's inventory (the latest version of each system), most recently
    changed first, as public records."""
    query = register.current_query().where(*_conditions(chosen))
    # Sorted by InventoryCurrent.published_at (a copy of the version's, on the index the page
    # walks) and the version's id, which the key of each row reads from the version.
    page = keyset.paginate(
        query,
        InventoryCurrent.published_at,
        InventoryEntryVersion.id,
        older=older,
        newer=newer,
        per_page=per_page,
    )
    return replace(page, items=[register.record_of(item, today) for item in page.items])


def current_agencies() -> list[tuple[str, str]]:
    """The agencies of today's inventory, for the filter: (code, name), by name."""
    query = select(InventoryCurrent.agency_code, InventoryCurrent.agency_name).distinct()
    return sorted(((code, name) for code, name in db.session.execute(query)), key=lambda a: a[1])


def records_page(
    systems: list[dict[str, Any]], older: str | None, newer: str | None, per_page: int
) -> keyset.KeysetPage:
    """A page of a frozen year's records, most recently changed first, found by the key of
    the record next to it (a key of another shape raises keyset.PageKeyError)."""
    ordered = sorted(systems, key=_sort_key, reverse=True)
    older_key, newer_key = _parse(older), _parse(newer)
    if newer_key is not None and older_key is None:
        before = [record for record in ordered if _sort_key(record) > newer_key]
        items, more_newer, more_older = before[-per_page:], len(before) > per_page, True
    else:
        after = [r for r in ordered if older_key is None or _sort_key(r) < older_key]
        items, more_newer = after[:per_page], older_key is not None
        more_older = len(after) > per_page
    return keyset.KeysetPage(
        items,
        older=_text(items[-1]) if items and more_older else None,
        newer=_text(items[0]) if items and more_newer else None,
        total=len(ordered),
        capped=False,
    )


def _sort_key(record: dict[str, Any]) -> tuple[str, str]:
    return (record["published_at"], record["public_id"])


def _text(record: dict[str, Any]) -> str:
    return "_".join(_sort_key(record))


def _parse(text: str | None) -> tuple[str, str] | None:
    if not text:
        return None
    found = RECORD_KEY.fullmatch(text.strip())
    if found is None:
        raise keyset.PageKeyError(text)
    return (found.group(1), found.group(2))


def apply(chosen: Filters, systems: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        system
        for system in systems
        if (not chosen.agency or system["agency_code"] == chosen.agency)
        and (not chosen.status or system["status"] == chosen.status)
        and (not chosen.tier or system["risk_tier"] == chosen.tier)
    ]


@dataclass(frozen=True)
class Options:
    agencies: list[tuple[str, str]]
    years: list[int]
    statuses: dict[str, str]
    tiers: dict[str, str]


def agencies_of(systems: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """The agencies of a year's records, for the filter: (code, name), by name."""
    return sorted({(s["agency_code"], s["agency_name"]) for s in systems}, key=lambda a: a[1])


def options(agencies: list[tuple[str, str]], known_years: list[int]) -> Options:
    return Options(agencies, known_years, STATUSES, TIERS)


def listed(
    chosen: Filters, older: str | None, newer: str | None, per_page: int
) -> tuple[keyset.KeysetPage, Options] | None:
    """The page of systems the filters choose and the filter options; None when the year
    chosen has no inventory."""
    known_years = years.available_years()
    if chosen.year is None:
        page = current_page(chosen, older, newer, per_page, clock.today())
        return page, options(current_agencies(), known_years)
    document = years.year_document(chosen.year)
    if document is None:
        return None
    systems = document["systems"]
    page = records_page(apply(chosen, systems), older, newer, per_page)
    return page, options(agencies_of(systems), known_years)
