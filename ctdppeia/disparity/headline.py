"""The result of an outcome analysis in one plain sentence, said before any statistics.

It names the compared group furthest from the reference and says how far, in the words a
resident would use: "The group “Black” was 2.3 times as likely as the group “Asian” to have
the outcome “Chronically absent” (23.0% against 10.0%)." For a good outcome the group that has
it least often is named, with how much less often. Groups too few to report are never named.
"""

from .report import format_ratio
from .results import ADVERSE, AnalysisResult, GroupResult

CLOSE = 0.1  # within 10% of the reference's rate: "close"


def headline(result: AnalysisResult, outcome: str) -> str:
    """One sentence with the largest gap, or why there is none to tell."""
    reference = result.reference
    if reference is None or reference.rate is None:
        return "No group could be compared: no group was large enough to be the reference group."
    compared = [g for g in result.groups if _shown(g) and g.rate is not None]
    if not compared:
        return "No other group could be compared with the reference group: they are too small."
    if result.direction == ADVERSE:
        return _adverse(compared, reference, outcome)
    return _favourable(compared, reference, outcome)


def _shown(group: GroupResult) -> bool:
    return not (group.is_reference or group.suppressed or group.no_rate)


def _adverse(compared: list[GroupResult], reference: GroupResult, outcome: str) -> str:
    worst = max(compared, key=lambda g: g.rate or 0.0)
    rates = _rates(worst, reference)
    if not reference.rate:
        return (
            f"The group “{worst.label}” had the outcome “{outcome}” {rates}, "
            f"while no one in the group “{reference.label}” had it."
        )
    times = (worst.rate or 0.0) / reference.rate
    if times <= 1 + CLOSE:
        return _close(reference, outcome, rates, worst)
    return (
        f"The group “{worst.label}” was {times:.1f} times as likely as the group "
        f"“{reference.label}” to have the outcome “{outcome}” {rates}."
    )


def _favourable(compared: list[GroupResult], reference: GroupResult, outcome: str) -> str:
    worst = min(compared, key=lambda g: g.rate or 0.0)
    rates = _rates(worst, reference)
    times = (worst.rate or 0.0) / reference.rate if reference.rate else 1.0
    if times >= 1 - CLOSE:
        return _close(reference, outcome, rates, worst)
    return (
        f"The group “{worst.label}” had the outcome “{outcome}” {format_ratio(times)} times as "
        f"often as the group “{reference.label}” {rates}."
    )


def _close(reference: GroupResult, outcome: str, rates: str, furthest: GroupResult) -> str:
    return (
        f"Every group shown had the outcome “{outcome}” at a rate close to the group "
        f"“{reference.label}”: the furthest, “{furthest.label}”, {rates.strip('()')}."
    )


def _rates(group: GroupResult, reference: GroupResult) -> str:
    return f"({_percent(group.rate)} against {_percent(reference.rate)})"


def _percent(rate: float | None) -> str:
    return f"{(rate or 0.0) * 100:.1f}%"
