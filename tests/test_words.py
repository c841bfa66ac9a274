"""The one source of labels and dates: the same words whatever the caller."""

from datetime import UTC, date, datetime, timedelta, timezone

from ctdppeia import words
from ctdppeia.pdf import words as pdf_words
from ctdppeia.reviews import display
from ctdppeia.web import format_date, format_datetime


def test_dates_read_day_month_year_everywhere() -> None:
    moment = datetime(2026, 11, 2, 14, 3, tzinfo=UTC)
    assert words.format_date(date(2026, 11, 2)) == "2 November 2026"
    assert words.format_datetime(moment) == "2 November 2026, 14:03 UTC"
    assert format_date(date(2026, 11, 2)) == "2 November 2026"
    assert format_datetime(moment) == "2 November 2026, 14:03 UTC"
    assert words.when("2026-11-02T14:03:00Z") == "2 November 2026, 14:03 UTC"
    assert words.when("2026-11-02") == "2 November 2026"
    assert words.date_only("2026-11-02T14:03:00Z") == "2 November 2026"
    assert words.when(None) == words.DASH and words.when("not a date") == "not a date"


def test_times_are_shown_in_utc() -> None:
    eastern = timezone(timedelta(hours=-5))
    assert words.format_datetime(datetime(2026, 11, 2, 22, 30, tzinfo=eastern)) == (
        "3 November 2026, 03:30 UTC"
    )


def test_flag_count_wording() -> None:
    assert words.flag_count_text({}) == "No flags"
    assert words.flag_count_text({"high": 1}) == "1 flag: 1 high"
    counts = words.flag_counts(["low", "high", "info", "high", "medium", "low"])
    assert list(counts) == ["high", "medium", "low", "info"]
    assert words.flag_count_text(counts) == "6 flags: 2 high, 1 medium, 2 low, 1 for information"


def test_web_and_pdf_share_the_tables() -> None:
    assert pdf_words.RECOMMENDATION is words.RECOMMENDATION
    assert pdf_words.RESPONSE is words.RESPONSE
    assert display.ROUTE_WORDS is words.ROUTE is pdf_words.ROUTE
    assert words.RECOMMENDATION["return"] == "Return for changes"
    assert words.RESPONSE["mitigation"] == "Mitigation or condition"
