"""Comment periods: working days, today's date in Connecticut, and dates in words.

Plain functions of dates: no Flask, no database.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ctdppeia import words

ZONE = ZoneInfo("America/New_York")


def today(now: datetime | None = None) -> date:
    """Today's date in Connecticut: a period opens and closes on Connecticut days."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(ZONE).date()


def working_days_between(start: date, end: date) -> int:
    """Monday to Friday days after `start`, up to and including `end`."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += day.weekday() < 5
    return days


def add_working_days(start: date, count: int) -> date:
    """The day that is `count` working days after `start`."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def period_problem(
    opens_on: date, closes_on: date, minimum: int, now: date, *, longest: int = 90,
    ahead: int = 180,
) -> str | None:  # fmt: skip
    """What is wrong with a proposed comment period, in words; None when it is fine. The
    period lasts at least `minimum` working days and at most `longest` days, and opens within
    `ahead` days (the dates are bounded before any count, so none runs off the calendar)."""
    if opens_on < now:
        return "The open date cannot be in the past."
    problem = bounds_problem(opens_on, closes_on, now, longest=longest, ahead=ahead)
    if problem is not None:
        return problem
    if working_days_between(opens_on, closes_on) < minimum:
        earliest = words.format_date(add_working_days(opens_on, minimum))
        return (
            f"The board needs at least {minimum} working days (Monday to Friday) to comment. "
            f"With this open date, the earliest close date is {earliest}."
        )
    return None


def bounds_problem(
    opens_on: date, closes_on: date, now: date, *, longest: int, ahead: int
) -> str | None:
    """The bounds every stored period keeps (a past one recorded by the demo data too): it
    closes after it opens, lasts at most `longest` days, and opens within `ahead` days."""
    if (opens_on - now).days > ahead:
        latest = words.format_date(now + timedelta(days=ahead))
        return f"The comment period must open within {ahead} days: by {latest} at the latest."
    if closes_on <= opens_on:
        return "The close date must come after the open date."
    if (closes_on - opens_on).days > longest:
        latest = words.format_date(opens_on + timedelta(days=longest))
        return (
            f"A comment period lasts at most {longest} days. With this open date, the latest "
            f"close date is {latest}."
        )
    return None


def state(opens_on: date, closes_on: date, now: date) -> str:
    """ "soon", "open" or "closed"."""
    if now < opens_on:
        return "soon"
    return "open" if now <= closes_on else "closed"
