"""A horizontal bar chart of impact ratios, drawn with ReportLab graphics.

Each group gets one bar whose length is its impact ratio. A dashed line marks 0.8 (the
four-fifths rule of thumb). Bars below 0.8 are striped and their label says "below 0.8", so
the chart does not rely on colour; suppressed groups get no bar, only the words
"too few to report". The same numbers are always in the table printed next to the chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import BOLD, REGULAR, register_fonts
from .styles import ACCENT, INK, MUTED, RULE
from .words import TOO_FEW

THRESHOLD = Decimal("0.8")
ROW = 18
BAR = 11
TOP = 14
AXIS = 26
LABEL_FONT = 7.5
LIGHT = "#c9d6e8"


def ratio_of(group: Mapping[str, Any]) -> Decimal | None:
    """The group's impact ratio as a Decimal, or None when missing or unreadable."""
    try:
        return Decimal(group["ratio"]) if group.get("ratio") is not None else None
    except InvalidOperation:
        return None


def impact_ratio_chart(groups: Sequence[Mapping[str, Any]], width: float) -> Drawing:
    """Return a Drawing with one labelled bar per group and a dashed line at 0.8."""
    register_fonts()
    label_width = min(width * 0.3, _widest_label(groups) + 6)
    plot_x = label_width + 4
    plot_width = width - plot_x - 92
    top = max((r for g in groups if (r := ratio_of(g)) is not None), default=Decimal(1))
    scale = float(max(Decimal("1.25"), top * Decimal("1.1")))
    height = TOP + ROW * len(groups) + AXIS
    drawing = Drawing(width, height)
    for index, group in enumerate(groups):
        y = height - TOP - ROW * (index + 1) + (ROW - BAR) / 2
        _group_row(drawing, group, y, label_width, (plot_x, plot_width), scale)
    _axis(drawing, plot_x, plot_width, scale, height)
    return drawing


def _widest_label(groups: Sequence[Mapping[str, Any]]) -> float:
    return max((stringWidth(str(g["label"]), REGULAR, LABEL_FONT) for g in groups), default=40)


def _group_row(
    drawing: Drawing,
    group: Mapping[str, Any],
    y: float,
    label_width: float,
    plot: tuple[float, float],
    scale: float,
) -> None:
    """One row: the group label, its bar, and its ratio in a column right of the plot."""
    plot_x, plot_width = plot
    label = _fit(str(group["label"]), label_width)
    drawing.add(_text(label_width, y + 2, label, INK, anchor="end"))
    ratio = ratio_of(group)
    if group.get("suppressed") or ratio is None:
        text = TOO_FEW if group.get("suppressed") else "no ratio"
        drawing.add(_text(plot_x + 4, y + 2, text, MUTED))
        return
    length = min(max(float(ratio) * plot_width / scale, 0.5), plot_width)
    below = ratio < THRESHOLD
    fill = LIGHT if below else ACCENT
    drawing.add(Rect(plot_x, y, length, BAR, fillColor=fill, strokeColor=ACCENT, strokeWidth=0.6))
    if below:
        _stripes(drawing, plot_x, y, length)
    drawing.add(_text(plot_x + plot_width + 8, y + 2, _ratio_label(group, ratio), INK, bold=below))


def _ratio_label(group: Mapping[str, Any], ratio: Decimal) -> str:
    text = f"{group['ratio']}"
    if group.get("is_reference"):
        return f"{text} (reference)"
    if ratio < THRESHOLD:
        return f"{text} below 0.8"
    return text


def _stripes(drawing: Drawing, x: float, y: float, length: float) -> None:
    """Vertical hatching inside a bar, so 'below 0.8' does not depend on colour."""
    step = 3.0
    position = x + step
    while position < x + length - 0.5:
        drawing.add(_line(position, y + 1, position, y + BAR - 1, ACCENT))
        position += step


def _axis(drawing: Drawing, plot_x: float, plot_width: float, scale: float, height: float) -> None:
    """The axes, ticks every 0.2, and the dashed 0.8 line with its label."""
    base = AXIS - 10
    unit = plot_width / scale
    drawing.add(_line(plot_x, base, plot_x, height - TOP + 2, RULE))
    drawing.add(_line(plot_x, base, plot_x + plot_width, base, RULE))
    tick = Decimal("0")
    while float(tick) <= scale + 1e-9:
        x = plot_x + float(tick) * unit
        drawing.add(_line(x, base, x, base - 3, RULE))
        drawing.add(_text(x, base - 11, f"{tick:.1f}", MUTED, size=6.5, anchor="middle"))
        tick += Decimal("0.2")
    x = plot_x + float(THRESHOLD) * unit
    drawing.add(_line(x, base, x, height - 2, INK, width=1, dash=[3, 2]))
    drawing.add(_text(x + 3, height - 7, "0.8 line (four-fifths rule)", INK, size=6.5, bold=True))


def _line(
    x1: float, y1: float, x2: float, y2: float, colour: Any, width: float = 0.6, dash: Any = None
) -> Line:
    return Line(x1, y1, x2, y2, strokeColor=colour, strokeWidth=width, strokeDashArray=dash)


def _text(
    x: float,
    y: float,
    text: str,
    colour: Any,
    *,
    bold: bool = False,
    size: float = LABEL_FONT,
    anchor: str = "start",
) -> String:
    font = BOLD if bold else REGULAR
    return String(x, y, text, fontName=font, fontSize=size, textAnchor=anchor, fillColor=colour)


def _fit(text: str, width: float) -> str:
    """Shorten ``text`` with an ellipsis until it fits in ``width`` points."""
    if stringWidth(text, REGULAR, LABEL_FONT) <= width:
        return text
    while text and stringWidth(text + "…", REGULAR, LABEL_FONT) > width:
        text = text[:-1]
    return text + "…"
