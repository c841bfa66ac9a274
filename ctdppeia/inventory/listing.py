"""The filters of the public list: agency, year, status and tier, read from the query string.
A value the list does not know is ignored (the list shows every system for that filter); a
year without an inventory answers 404."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ctdppeia.inventory import register, years
from ctdppeia.inventory.fields import STATUSES, TIERS


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


def document_for(year: int | None) -> dict[str, Any] | None:
    """The current inventory, or a year's frozen one (None when that year has none)."""
    return register.current_document() if year is None else years.year_document(year)


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


def options(systems: list[dict[str, Any]], known_years: list[int]) -> Options:
    agencies = sorted({(s["agency_code"], s["agency_name"]) for s in systems}, key=lambda a: a[1])
    return Options(agencies, known_years, STATUSES, TIERS)
