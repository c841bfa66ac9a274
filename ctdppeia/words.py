"""Every label and date the application shows, in one place: the pages and the PDF read these.

The templates reach this module as the Jinja global ``words`` (``words.SEVERITY[flag.severity]``)
and through the filters ``word``, ``date``, ``datetime`` and ``when``; the PDF imports it
directly. Nothing here imports Flask or the database.

The words a page shows are marked with ``N_`` (``ctdppeia.translatable``): written here in
English, translated where a page shows them (``{{ _(label) }}``); the PDF keeps the English.
A count is worded through a ``gettext`` translations object (English by default), never with a
plural made by hand.

Times are stored in UTC and shown in Connecticut's time, with the zone: a day reads
"December 7, 2026" and a moment "Dec 7, 2026, 1:36 PM EST" (EDT in summer), everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from gettext import NullTranslations
from zoneinfo import ZoneInfo

from ctdppeia.severity import HIGHEST_FIRST, WORDS
from ctdppeia.translatable import N_

SEVERITY = WORDS
SEVERITY_ORDER = {severity: position for position, severity in enumerate(HIGHEST_FIRST)}
CATEGORY = {
    "privacy": N_("Privacy"),
    "security": N_("Security"),
    "equity": N_("Equity"),
    "legal": N_("Legal"),
    "ai": N_("AI (artificial intelligence)"),
}
RATING = {
    "high": N_("High risk"),
    "medium": N_("Medium risk"),
    "low": N_("Low risk"),
    "info": N_("Information only"),
}
NO_RATING = N_("No flags raised")
NO_RISK_RATING = N_("No risk flags raised")
RECOMMENDATION = {
    "approve": N_("Approve"),
    "approve-with-conditions": N_("Approve with conditions"),
    "return": N_("Return for changes"),
    "deny": N_("Deny"),
}
# The AI advisory group: a member's recommendation, and the chair's decision (no abstaining).
AI_RECOMMENDATION = {
    "approve": N_("Approve"),
    "approve-with-conditions": N_("Approve with conditions"),
    "do-not-approve": N_("Do not approve"),
    "abstain": N_("Abstain"),
}
AI_OUTCOME = {key: label for key, label in AI_RECOMMENDATION.items() if key != "abstain"}
RESPONSE = {
    "mitigation": N_("Mitigation or condition"),
    "accepted-risk": N_("Risk accepted"),
    "not-applicable": N_("Does not apply"),
}
ROUTE = {
    "board": N_("Share with the Resident Advisory Board"),
    "ai-review": N_("Send to the AI advisory group"),
    "high-risk-subcommittee": N_("Send to the High-Risk Use Case Subcommittee"),
}
ROUTE_HEADING = N_("Next step")
KIND = {"data-request": N_("Data request"), "ai-use-case": N_("AI use case")}
REFERENCE_METHOD = {
    "best": "the group with the best rate",
    "largest": "the largest group",
    "named": "the group chosen by the reviewer",
}
REFERENCE_BEST = {
    "favourable": "the group with the highest rate of the outcome",
    "adverse": "the group with the lowest rate of the outcome",
}
DIRECTION = {"favourable": "a good outcome", "adverse": "a bad outcome"}
# What a group's comparison means (keys: ctdppeia.disparity.verdict), and a test's result.
VERDICT = {
    "reference": "Reference group",
    "not-compared": "Not compared",
    "passes": "Passes",
    "watch": "Watch",
    "possible-gap": "Possible gap, too little data",
    "adverse-impact": "Adverse impact",
    "higher-adverse-rate": "Higher rate of the adverse outcome",
    "reference-disadvantaged": "The reference group may be at a disadvantage",
}
TEST = {"fail": "Fails", "pass": "Passes"}

# The columns of an outcome analysis's results table, on the page and in the PDF.
RESULT_COLUMNS = {
    "group": "Group",
    "total": "People",
    "outcome": "With the outcome",
    "rate": "Rate",
    "ratio": "Favorable-rate ratio (95 % CI)",
    "four_fifths": "Four-fifths test",
    "adverse_ratio": "Adverse-rate ratio (95 % CI)",
    "band_test": "1.25 test",
    "z_p": "p-value (z-test)",
    "fisher_p": "p-value (Fisher)",
    "verdict": "Verdict",
}
CHART_TITLE = "Favorable-rate ratio of each group, with the 0.8 line of the four-fifths test"
FOUR_FIFTHS_EXPLAINED = "The four-fifths test uses the favorable-rate ratio: below 0.8 fails."
BAND_EXPLAINED = "The 1.25 test uses the adverse-rate ratio: above 1.25 fails."
CI_EXPLAINED = "95 % CI: the 95 % confidence interval of the ratio (Katz log method)."
CI_CORRECTED = (
    "* A count of 0: the interval's upper end is worked out with 0.5 added to each cell, and "
    "its lower end is 0."
)


def reference_words(method: str, direction: str) -> str:
    """How the reference group was chosen: "the group with the lowest rate of the outcome"."""
    if method == "best":
        return word(REFERENCE_BEST, direction)
    return word(REFERENCE_METHOD, method)


def tests_explained(direction: str) -> str:
    """Which ratio each test uses, for the tests a table shows."""
    if direction == "adverse":
        return f"{FOUR_FIFTHS_EXPLAINED} {BAND_EXPLAINED}"
    return FOUR_FIFTHS_EXPLAINED


def result_columns(direction: str) -> list[str]:
    """The keys of RESULT_COLUMNS a table shows: the adverse-rate columns for adverse outcomes."""
    keys = list(RESULT_COLUMNS)
    if direction != "adverse":
        keys = [key for key in keys if key not in ("adverse_ratio", "band_test")]
    return keys


def ratio_with_interval(ratio: str | None, interval: list[str] | None, corrected: bool) -> str:
    """ "2.29 (1.75 to 2.99)" from the texts of a snapshot; the dash when there is no ratio."""
    if ratio is None:
        return DASH
    if interval is None:
        return ratio
    star = "*" if corrected else ""
    return f"{ratio} ({interval[0]} to {interval[1]}){star}"


NOT_ASKED = N_("Not applicable (not asked)")
NO_ANSWER = N_("No answer")
TOO_FEW = "too few to report"
DASH = "—"
NO_FLAGS = N_("No flags")
EASTERN = ZoneInfo("America/New_York")  # Connecticut's time, with its summer time
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def word(table: Mapping[str, str], code: str | None, default: str = DASH) -> str:
    """The words for ``code`` in ``table``, the code itself if unknown, ``default`` for None."""
    if code is None:
        return default
    return table.get(code, code)


def format_date(value: date | datetime | str | None, default: str = "") -> str:
    """A day as "December 7, 2026" (a moment's day in Eastern time; text is read as ISO 8601)."""
    moment = _moment(value)
    if moment is None:
        return default if value is None or value == "" else str(value)
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"


def format_datetime(value: datetime | str | None, default: str = "") -> str:
    """A moment as "Dec 7, 2026, 1:36 PM EST" in Eastern time (a day without a time as
    "December 7, 2026"). The one wording of a time: pages, emails and the PDF use it."""
    moment = _moment(value)
    if moment is None:
        return default if value is None or value == "" else str(value)
    if not isinstance(moment, datetime) or (isinstance(value, str) and len(value) <= 10):
        return format_date(moment)
    day = f"{MONTHS[moment.month - 1][:3]} {moment.day}, {moment.year}"
    return f"{day}, {format_time(moment)}"


def when(value: str | None, default: str = DASH) -> str:
    """An ISO 8601 time from a snapshot, as :func:`format_datetime` writes it."""
    return format_datetime(value, default)


def date_only(value: str | None, default: str = DASH) -> str:
    """An ISO 8601 time from a snapshot, as :func:`format_date` writes it."""
    return format_date(value, default)


def as_day(value: date | datetime | str | None) -> date | None:
    """The day a value names (a moment's day in Eastern time); None when it names none."""
    moment = _moment(value)
    return moment.date() if isinstance(moment, datetime) else moment


def format_time(value: datetime) -> str:
    """ "1:36 PM EST": the time of day in Eastern time, with the zone in force then (EST or
    EDT). A time without a zone is taken as UTC, as every stored time is."""
    moment = eastern(value)
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment:%M} {half} {moment.tzname()}"


def eastern(value: datetime) -> datetime:
    """The moment in Connecticut's time (a time without a zone is taken as UTC)."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(EASTERN)


def _moment(value: date | datetime | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if len(value) <= 10:  # a day alone: no time, no zone to move it to
            return parsed.date()
        return eastern(parsed)
    if isinstance(value, datetime):
        return eastern(value)
    return value


def flag_counts(severities: Iterable[str]) -> dict[str, int]:
    """How many flags of each severity, most severe first (severities with none are left out)."""
    found = list(severities)
    return {level: found.count(level) for level in SEVERITY_ORDER if level in found}


# "2 high": the count of one severity, in the words of a gettext catalogue.
_SEVERITY_COUNT: dict[str, Callable[[NullTranslations, int], str]] = {
    "high": lambda catalogue, num: catalogue.ngettext("%(num)s high", "%(num)s high", num),
    "medium": lambda catalogue, num: catalogue.ngettext("%(num)s medium", "%(num)s medium", num),
    "low": lambda catalogue, num: catalogue.ngettext("%(num)s low", "%(num)s low", num),
    "info": lambda catalogue, num: catalogue.ngettext(
        "%(num)s for information", "%(num)s for information", num
    ),
}


def flag_count_text(
    counts: Mapping[str, int], gaps: int = 0, translations: NullTranslations | None = None
) -> str:
    """The one wording of a flag count: "26 flags: 3 high, 10 medium, 8 low, 5 for information",
    then, when some are gaps, "; 4 of them to close before approval".

    In English, unless `translations` (a gettext catalogue, such as Flask-Babel's
    `get_translations()`) words it in the page's language; the PDF keeps the English."""
    catalogue = NullTranslations() if translations is None else translations
    total = sum(counts.values())
    if not total:
        return catalogue.gettext(NO_FLAGS)
    severities = ", ".join(
        _SEVERITY_COUNT[level](catalogue, counts[level]) % {"num": counts[level]}
        for level in SEVERITY_ORDER
        if counts.get(level)
    )
    text = catalogue.ngettext(
        "%(num)s flag: %(severities)s", "%(num)s flags: %(severities)s", total
    )
    text %= {"num": total, "severities": severities}
    if not gaps:
        return text
    closing = catalogue.ngettext(
        "%(count)s; %(num)s of them to close before approval",
        "%(count)s; %(num)s of them to close before approval",
        gaps,
    )
    return closing % {"count": text, "num": gaps}


# OMB memo M-25-21's minimum practices for high-impact AI (tracked in ``ctdppeia.practices``).
# key: (paragraph of M-25-21 section 4(b), what the practice asks, OMB 2025 inventory column)
AI_PRACTICES: dict[str, tuple[str, str, str]] = {
    "testing": (
        "4(b)(i)",
        N_("Test the system before use, with plans to reduce risks seen in real use"),
        "hi_testing_conducted",
    ),
    "impact_assessment": (
        "4(b)(ii)",
        N_("Assess the impact before use, and have someone outside the team check it"),
        "hi_assessment_completed",
    ),
    "monitoring": (
        "4(b)(iii)",
        N_("Monitor how it performs and any harm it does, for as long as it is used"),
        "hi_ongoing_monitoring",
    ),
    "training": (
        "4(b)(iv)",
        N_("Train the staff who use it, and check what they know, again and again"),
        "hi_training_established",
    ),
    "oversight": (
        "4(b)(v)",
        N_("Keep people in charge, able to step in, with a fail-safe where it can be done"),
        "hi_failsafe_presence",
    ),
    "appeal": (
        "4(b)(vi)",
        N_("Give people a timely way to have a person review a result and fix it"),
        "hi_appeal_process",
    ),
    "consultation": (
        "4(b)(vii)",
        N_("Consult the people who use it and the public, and act on what they say"),
        "hi_public_consultation",
    ),
}
AI_PRACTICE_KEYS: tuple[str, ...] = tuple(AI_PRACTICES)

AI_PRACTICE_STATUSES: dict[str, str] = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "waived": N_("Waived"),
}
# A practice that no longer stands in the way of deployment.
AI_PRACTICE_SETTLED = ("done", "waived")
