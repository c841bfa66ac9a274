"""The one source of labels and dates: the same words whatever the caller."""

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from babel.support import Translations

import ctdppeia
from ctdppeia import words
from ctdppeia.pdf import words as pdf_words
from ctdppeia.reviews import display
from ctdppeia.web import format_date, format_datetime

TRANSLATIONS = Path(ctdppeia.__file__).parent / "translations"


def test_dates_read_month_day_year_in_eastern_time_everywhere() -> None:
    moment = datetime(2026, 12, 7, 18, 36, tzinfo=UTC)
    assert words.format_date(date(2026, 11, 2)) == "November 2, 2026"
    assert words.format_datetime(moment) == "Dec 7, 2026, 1:36 PM EST"
    assert format_date(date(2026, 11, 2)) == "November 2, 2026"
    assert format_datetime(moment) == "Dec 7, 2026, 1:36 PM EST"
    assert words.when("2026-12-07T18:36:00Z") == "Dec 7, 2026, 1:36 PM EST"
    assert words.when("2026-11-02") == "November 2, 2026"
    assert words.date_only("2026-12-07T18:36:00Z") == "December 7, 2026"
    assert words.when(None) == words.DASH and words.when("not a date") == "not a date"


def test_a_time_without_a_zone_is_read_as_utc() -> None:
    assert words.format_datetime(datetime(2026, 12, 7, 18, 36)) == "Dec 7, 2026, 1:36 PM EST"
    assert words.when("2026-12-07T18:36:00") == "Dec 7, 2026, 1:36 PM EST"


def test_times_in_another_zone_are_moved_to_eastern_time() -> None:
    pacific = timezone(timedelta(hours=-8))
    assert words.format_datetime(datetime(2026, 11, 2, 22, 30, tzinfo=pacific)) == (
        "Nov 3, 2026, 1:30 AM EST"
    )


def test_midnight_and_noon_read_as_twelve() -> None:
    assert words.format_time(datetime(2026, 12, 7, 5, 0, tzinfo=UTC)) == "12:00 AM EST"
    assert words.format_time(datetime(2026, 12, 7, 17, 5, tzinfo=UTC)) == "12:05 PM EST"


def test_summer_time_ends_on_the_first_sunday_of_november() -> None:
    before = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 1:30 AM, the first time
    after = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)  # 1:30 AM again, an hour later
    assert words.format_datetime(before) == "Nov 1, 2026, 1:30 AM EDT"
    assert words.format_datetime(after) == "Nov 1, 2026, 1:30 AM EST"


def test_summer_time_starts_on_the_second_sunday_of_march() -> None:
    assert words.format_datetime(datetime(2026, 3, 8, 6, 59, tzinfo=UTC)) == (
        "Mar 8, 2026, 1:59 AM EST"
    )
    assert words.format_datetime(datetime(2026, 3, 8, 7, 0, tzinfo=UTC)) == (
        "Mar 8, 2026, 3:00 AM EDT"
    )
    assert words.when("2026-07-04T16:00:00Z") == "Jul 4, 2026, 12:00 PM EDT"


def test_the_day_of_a_moment_is_its_day_in_connecticut() -> None:
    late_evening = datetime(2026, 11, 3, 3, 30, tzinfo=UTC)  # 10:30 PM on November 2
    assert words.format_date(late_evening) == "November 2, 2026"
    assert words.as_day(late_evening) == date(2026, 11, 2)
    assert words.date_only("2026-07-01T02:00:00Z") == "June 30, 2026"


def test_flag_count_wording() -> None:
    assert words.flag_count_text({}) == "No flags"
    assert words.flag_count_text({"high": 1}) == "1 flag: 1 high"
    counts = words.flag_counts(["low", "high", "info", "high", "medium", "low"])
    assert list(counts) == ["high", "medium", "low", "info"]
    assert words.flag_count_text(counts) == "6 flags: 2 high, 1 medium, 2 low, 1 for information"
    assert (
        words.flag_count_text({"low": 1}, gaps=1)
        == "1 flag: 1 low; 1 of them to close before approval"
    )
    assert words.flag_count_text(counts, gaps=4) == (
        "6 flags: 2 high, 1 medium, 2 low, 1 for information; 4 of them to close before approval"
    )


def test_flag_count_wording_in_a_catalogue_language() -> None:
    """A page passes its catalogue: each count takes the language's own plural forms."""
    spanish = Translations.load(TRANSLATIONS, ["es"])
    assert words.flag_count_text({}, translations=spanish) == "Sin alertas"
    assert words.flag_count_text({"high": 1}, translations=spanish) == "1 alerta: 1 alta"
    counts = {"high": 3, "medium": 10, "low": 1, "info": 5}
    assert words.flag_count_text(counts, 4, spanish) == (
        "19 alertas: 3 altas, 10 medias, 1 baja, 5 informativas; "
        "4 de ellas se deben resolver antes de aprobar"
    )
    assert words.flag_count_text({"info": 1}, 1, spanish) == (
        "1 alerta: 1 informativa; 1 de ellas se debe resolver antes de aprobar"
    )


def test_web_and_pdf_share_the_tables() -> None:
    assert pdf_words.RECOMMENDATION is words.RECOMMENDATION
    assert pdf_words.RESPONSE is words.RESPONSE
    assert display.ROUTE_WORDS is words.ROUTE is pdf_words.ROUTE
    assert words.RECOMMENDATION["return"] == "Return for changes"
    assert words.RESPONSE["mitigation"] == "Mitigation or condition"
