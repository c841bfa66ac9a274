"""Geometry for a horizontal bar chart of impact ratios with the 0.8 line.

Pure numbers and words that a Jinja SVG template and a ReportLab drawing both draw. Positions are
fractions of the plot width (0 = the axis, 1 = the right edge); the scale runs from 0 to
`scale_max` ratio units: 1.25, or more in steps of 0.25 when a ratio is higher, up to 2.5 (longer
bars are clipped and marked). Meaning is never carried by color alone: bars below 0.8 are
hatched and carry the words "below 0.8"; the reference bar is drawn as an outline and says
"reference"; groups without a ratio get no bar and say why.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .report import format_ratio
from .results import AnalysisResult, GroupResult

LINE = 0.8
BASE_MAX = 1.25
CAP = 2.5
STEP = 0.25
LINE_TEXT = "0.8 (four-fifths rule)"
CUT_OFF = "bar cut off"


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

    @property
    def text(self) -> str:
        """The words beside the bar: "0.62 · below 0.8", "3.10 · bar cut off", "no ratio"."""
        if self.pattern == "none":
            return self.marker
        return " · ".join(
            part for part in (self.ratio_text, self.marker, self.clipped_text) if part
        )

    @property
    def clipped_text(self) -> str:
        return CUT_OFF if self.clipped else ""


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
    return chart_of(list(result.groups), result.reference_label)


def chart_of(groups: list[GroupResult], reference_label: str | None) -> Chart:
    """The chart of some groups: the web page draws it from a result, the PDF from the signed
    snapshot's groups (see `group_from_view`), with the same geometry."""
    scale_max = scale_for(g.ratio for g in groups)
    bars = tuple(_bar(group, scale_max) for group in groups)
    return Chart(
        bars=bars,
        scale_max=scale_max,
        line_x=LINE / scale_max,
        line_text=LINE_TEXT,
        ticks=ticks_for(scale_max),
        summary=_summary(reference_label, bars),
    )


def group_from_view(view: Mapping[str, Any]) -> GroupResult:
    """The figures a chart needs, read back from a group of `public_view` (ratios as text)."""
    ratio = _number(view.get("ratio"))
    total = view.get("total")
    return GroupResult(
        label=str(view["label"]),
        total=total or 0,
        outcome=view.get("outcome") or 0,
        rate=None,
        favourable_rate=None,
        ratio=ratio,
        four_fifths_fail=None if view.get("four_fifths") is None else view["four_fifths"] == "fail",
        in_band=None,
        z_p=None,
        fisher_p=None,
        suppressed=bool(view.get("suppressed")),
        is_reference=bool(view.get("is_reference")),
        no_rate=total == 0,
    )


def _number(text: object) -> float | None:
    try:
        return None if text is None else float(str(text))
    except ValueError:
        return None


def scale_for(ratios: Iterable[float | None]) -> float:
    """The right end of the axis: 1.25, or the highest ratio rounded up to 0.25, at most 2.5."""
    top = max((r for r in ratios if r is not None), default=1.0)
    return min(CAP, max(BASE_MAX, math.ceil(top / STEP) * STEP))


def ticks_for(scale_max: float) -> tuple[Tick, ...]:
    """A tick every 0.25 from 0 to scale_max."""
    count = round(scale_max / STEP)
    return tuple(Tick(i / count, f"{i * STEP:.2f}") for i in range(count + 1))


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


def _summary(reference_label: str | None, bars: tuple[Bar, ...]) -> str:
    if reference_label is None:
        return "Impact ratios: no group could be the reference, so no ratios are shown."
    below = [bar.label for bar in bars if bar.below_line]
    shown = sum(1 for bar in bars if bar.pattern != "none")
    text = f"Impact ratios of {shown} groups against {reference_label} (1.00)."
    if below:
        return f"{text} Below the 0.8 line: {', '.join(below)}."
    return f"{text} No group is below the 0.8 line."
