"""The analysis as plain data, in two forms.

`to_dict` / `public_view`: strings, ints, bools and None, no floats. This goes into the signed
PDF snapshot and the pages. Rates have 3 decimals, ratios 2, p-values 3 significant digits or
"<0.001". A ratio is given more decimals when 2 would round it onto a threshold from its
failing side (0.796 is "0.796", not "0.80"; 1.2504 is "1.2504"), so the text never contradicts
the verdict beside it. Confidence intervals are two ratios ["0.81", "0.91"].

`to_json`: for machines (the `flask disparity` command). Numbers are numbers at full precision;
the display text sits beside each in a key ending in `_text`.
"""

from typing import Any

from .results import AnalysisResult, DisparityFlag, GroupResult
from .verdict import TEST_WORDS, VERDICT_WORDS

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


def format_interval(interval: tuple[float, float] | None) -> str | None:
    """A confidence interval as words: "0.81 to 0.91"."""
    if interval is None:
        return None
    return f"{interval[0]:.2f} to {interval[1]:.2f}"


def _interval_texts(interval: tuple[float, float] | None) -> list[str] | None:
    return None if interval is None else [f"{interval[0]:.2f}", f"{interval[1]:.2f}"]


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
        "ratio_ci": _interval_texts(group.ratio_ci),
        "adverse_ratio": format_ratio(group.adverse_ratio),
        "adverse_ratio_ci": _interval_texts(group.adverse_ratio_ci),
        "band_test": group.band_test,
        "ci_corrected": group.ci_corrected,
        "severity": group.severity,
        "verdict": group.verdict,
        "verdict_text": VERDICT_WORDS.get(group.verdict or "", None),
    }


def to_json(result: AnalysisResult) -> dict[str, Any]:
    """The analysis for machines: numbers at full precision, display text beside them."""
    data = public_view(result)
    data["groups"] = [_group_json(g) for g in result.groups]
    return data


def _group_json(group: GroupResult) -> dict[str, Any]:
    hide = group.suppressed
    return {
        "label": group.label,
        "total": None if hide else group.total,
        "outcome": None if hide else group.outcome,
        "suppressed": group.suppressed,
        "is_reference": group.is_reference,
        "rate": group.rate,
        "rate_text": format_rate(group.rate),
        "ratio": group.ratio,
        "ratio_text": format_ratio(group.ratio),
        "ratio_ci": _interval_json(group.ratio_ci),
        "ratio_ci_text": format_interval(group.ratio_ci),
        "four_fifths_test": group.four_fifths_test,
        "four_fifths_test_text": TEST_WORDS.get(group.four_fifths_test or ""),
        "adverse_ratio": group.adverse_ratio,
        "adverse_ratio_text": format_ratio(group.adverse_ratio),
        "adverse_ratio_ci": _interval_json(group.adverse_ratio_ci),
        "adverse_ratio_ci_text": format_interval(group.adverse_ratio_ci),
        "band_test": group.band_test,
        "band_test_text": TEST_WORDS.get(group.band_test or ""),
        "ci_corrected": group.ci_corrected,
        "in_band": group.in_band,
        "z_p": group.z_p,
        "z_p_text": format_p(group.z_p),
        "fisher_p": group.fisher_p,
        "fisher_p_text": format_p(group.fisher_p),
        "severity": group.severity,
        "verdict": group.verdict,
        "verdict_text": VERDICT_WORDS.get(group.verdict or ""),
    }


def _interval_json(interval: tuple[float, float] | None) -> dict[str, float] | None:
    return None if interval is None else {"low": interval[0], "high": interval[1], "level": 0.95}


def _flag_dict(flag: DisparityFlag) -> dict[str, str]:
    return {
        "id": flag.id,
        "severity": flag.severity,
        "category": flag.category,
        "title": flag.title,
        "detail": flag.detail,
    }
