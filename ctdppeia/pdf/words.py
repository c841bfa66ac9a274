"""Plain-language words for the codes in a snapshot, and date formatting."""

from __future__ import annotations

from datetime import UTC, datetime

from ctdppeia.severity import HIGHEST_FIRST, WORDS

SEVERITY = WORDS
SEVERITY_ORDER = {severity: position for position, severity in enumerate(HIGHEST_FIRST)}
CATEGORY = {
    "privacy": "Privacy",
    "security": "Security",
    "equity": "Equity",
    "legal": "Legal",
    "ai": "AI (artificial intelligence)",
}
RATING = {
    "high": "High risk",
    "medium": "Medium risk",
    "low": "Low risk",
    "info": "Information only",
}
RECOMMENDATION = {
    "approve": "Approve",
    "approve-with-conditions": "Approve with conditions",
    "return": "Return to the requester for changes",
    "deny": "Deny",
}
RESPONSE = {
    "mitigation": "Risk reduced (mitigation)",
    "accepted-risk": "Risk accepted",
    "not-applicable": "Does not apply",
}
ROUTE = {
    "board": "Resident Advisory Board",
    "ai-review": "AI advisory group",
    "high-risk-subcommittee": "High-Risk Use Case Subcommittee",
}
KIND = {"data-request": "Data request", "ai-use-case": "AI use case"}
REFERENCE_METHOD = {
    "best": "the group with the best rate",
    "largest": "the largest group",
    "named": "chosen by the reviewer",
}
DIRECTION = {"favourable": "a good outcome", "adverse": "a bad outcome"}

NOT_ASKED = "Not applicable (not asked)"
NO_ANSWER = "No answer"
TOO_FEW = "too few to report"
DASH = "—"
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


def word(table: dict[str, str], code: str | None, default: str = DASH) -> str:
    """Return the words for ``code``, the code itself if unknown, or ``default`` for None."""
    if code is None:
        return default
    return table.get(code, code)


def when(value: str | None, default: str = DASH) -> str:
    """Format an ISO 8601 time as ``November 2, 2026, 14:03 UTC`` (dates without a time too)."""
    if not value:
        return default
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    day = f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year}"
    if len(value) <= 10:
        return day
    zone = " UTC" if moment.tzinfo is not None else ""
    return f"{day}, {moment:%H:%M}{zone}"


def date_only(value: str | None, default: str = DASH) -> str:
    """Format an ISO 8601 time as ``November 2, 2026``."""
    text = when(value, default)
    return text.rsplit(",", 1)[0] if text.count(",") == 2 else text
