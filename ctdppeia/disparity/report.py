"""The analysis as a plain dict of strings, ints, bools and None: no floats.

This dict goes into the signed PDF snapshot and the CLI output. Rates have 3 decimals, ratios 2,
p-values 3 significant digits or "<0.001". A ratio is given more decimals when 2 would round it
onto a threshold from its failing side (0.796 is "0.796", not "0.80"; 1.2504 is "1.2504"), so the
text never contradicts the verdict beside it.
"""

from typing import Any

from .results import AnalysisResult, DisparityFlag, GroupResult

# (threshold, +1 when the rule fails above it, -1 when it fails below it)
THRESHOLDS = ((0.8, -1), (0.9, -1), (1.25, 1))


def format_rate(rate: float | None) -> str | None:
    """A rate with 3 decimals, e.g. "0.300"."""
    return None if rate is None else f"{rate:.3f}"


def format_ratio(ratio: float | None) -> str | None:
    """A ratio with 2 decimals, or more when 2 would round it onto a threshold."""
    if ratio is None:
        return None
    for places in range(2, 7):
        text = f"{ratio:.{places}f}"
        if not any(_hides_side(ratio, text, t, side, places) for t, side in THRESHOLDS):
            return text
    return text


def _hides_side(ratio: float, text: str, threshold: float, side: int, places: int) -> bool:
    """True when text reads as the threshold though the ratio is on its failing side."""
    return text == f"{threshold:.{places}f}" and (ratio - threshold) * side > 0


def format_p(p: float | None) -> str | None:
    """A p-value with 3 significant digits, or "<0.001"."""
    if p is None:
        return None
    if p < 0.001:
        return "<0.001"
    return f"{p:#.3g}"


def to_dict(result: AnalysisResult, include_suppressed_counts: bool = False) -> dict[str, Any]:
    """The analysis as plain data; suppressed groups' counts are None unless asked for."""
    return {
        "direction": result.direction,
        "reference_method": result.reference_method,
        "reference_label": result.reference_label,
        "min_cell": result.min_cell,
        "groups": [_group_dict(g, include_suppressed_counts) for g in result.groups],
        "flags": [_flag_dict(flag) for flag in result.flags],
    }


def public_view(result: AnalysisResult) -> dict[str, Any]:
    """The dict for anything that leaves the reviewer's hands: suppressed counts hidden."""
    return to_dict(result, include_suppressed_counts=False)


def _group_dict(group: GroupResult, include_suppressed_counts: bool) -> dict[str, Any]:
    hide = group.suppressed and not include_suppressed_counts
    verdict = group.four_fifths_fail
    return {
        "label": group.label,
        "total": None if hide else group.total,
        "outcome": None if hide else group.outcome,
        "rate": format_rate(group.rate),
        "ratio": format_ratio(group.ratio),
        "z_p": format_p(group.z_p),
        "fisher_p": format_p(group.fisher_p),
        "four_fifths": None if verdict is None else ("fail" if verdict else "pass"),
        "in_band": group.in_band,
        "suppressed": group.suppressed,
        "is_reference": group.is_reference,
    }


def _flag_dict(flag: DisparityFlag) -> dict[str, str]:
    return {
        "id": flag.id,
        "severity": flag.severity,
        "category": flag.category,
        "title": flag.title,
        "detail": flag.detail,
    }
