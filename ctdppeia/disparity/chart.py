"""Geometry for a horizontal bar chart of impact ratios with the 0.8 line.

Pure numbers and words that a Jinja SVG template and a ReportLab drawing both draw. Positions are
fractions of the plot width (0 = the axis, 1 = the right edge); the scale runs from 0 to
`scale_max` ratio units: 1.25, or more in steps of 0.25 when a ratio is higher, up to 2.5 (longer
bars are clipped and marked). Meaning is never carried by colour alone: bars below 0.8 are
hatched and carry the words "below 0.8"; the reference bar is drawn as an outline and says
"reference"; groups without a ratio get no bar and say why.
"""

import math
from dataclasses import dataclass

from .report import format_ratio
from .results import AnalysisResult, GroupResult

LINE = 0.8
BASE_MAX = 1.25
CAP = 2.5
STEP = 0.25


@dataclass(frozen=True)
class Bar:
    """One group's bar. `pattern` is "hatched", "solid", "outline" or "none"."""

    label: str
    ratio_text: str
    x: float
    width: float
    below_line: bool
    pattern: str
    marker: str
    is_reference: bool
    clipped: bool


@dataclass(frozen=True)
class Tick:
    """An axis tick at fraction x of the plot width."""

    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    """The whole chart; `summary` is its text alternative."""

    bars: tuple[Bar, ...]
    scale_max: float
    line_x: float
    line_text: str
    ticks: tuple[Tick, ...]
    summary: str


def bar_chart(result: AnalysisResult) -> Chart:
    """The bars, the 0.8 line, the ticks and a one-paragraph summary for a result."""
    ratios = [g.ratio for g in result.groups if g.ratio is not None]
    top = max(ratios, default=1.0)
    scale_max = min(CAP, max(BASE_MAX, math.ceil(top / STEP) * STEP))
    bars = tuple(_bar(group, scale_max) for group in result.groups)
    count = round(scale_max / STEP)
    ticks = tuple(Tick(i / count, f"{i * STEP:.2f}") for i in range(count + 1))
    return Chart(
        bars=bars,
        scale_max=scale_max,
        line_x=LINE / scale_max,
        line_text="0.8 (four-fifths rule)",
        ticks=ticks,
        summary=_summary(result, bars),
    )


def _bar(group: GroupResult, scale_max: float) -> Bar:
    if group.ratio is None:
        why = "too few to report" if group.suppressed else "no ratio"
        why = "no one counted" if group.no_rate else why
        return Bar(group.label, why, 0.0, 0.0, False, "none", why, group.is_reference, False)
    below = bool(group.four_fifths_fail)
    if group.is_reference:
        pattern, marker = "outline", "reference"
    else:
        pattern, marker = ("hatched", "below 0.8") if below else ("solid", "")
    width = min(group.ratio, scale_max) / scale_max
    text = format_ratio(group.ratio) or ""
    clipped = group.ratio > scale_max
    return Bar(group.label, text, 0.0, width, below, pattern, marker, group.is_reference, clipped)


def _summary(result: AnalysisResult, bars: tuple[Bar, ...]) -> str:
    if result.reference_label is None:
        return "Impact ratios: no group could be the reference, so no ratios are shown."
    below = [bar.label for bar in bars if bar.below_line]
    shown = sum(1 for bar in bars if bar.pattern != "none")
    text = f"Impact ratios of {shown} groups against {result.reference_label} (1.00)."
    if below:
        return f"{text} Below the 0.8 line: {', '.join(below)}."
    return f"{text} No group is below the 0.8 line."
