"""The inventory's clock, in one place so the tests can fix it (``clock.now``)."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Connecticut's time: a year's inventory is as it stood at the end of December 31 here.
ZONE = ZoneInfo("America/New_York")


def now() -> datetime:
    """The current moment, timezone-aware UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Connecticut."""
    return now().astimezone(ZONE).date()


def year_end(year: int) -> datetime:
    """The first moment after December 31 of ``year`` in Connecticut, in UTC."""
    return datetime(year + 1, 1, 1, tzinfo=ZONE).astimezone(UTC)


def year_of(moment: datetime) -> int:
    """The year a moment falls in, in Connecticut."""
    return moment.astimezone(ZONE).year
