"""A horizontal bar chart of impact ratios, drawn with ReportLab graphics.

The geometry is the web page's (``ctdppeia.disparity.chart``): the same axis end, ticks every
0.25, bar lengths as fractions of the plot, the 0.8 line, and the same words beside each bar
("below 0.8", "reference", "bar cut off", "too few to report"). Bars below 0.8 are striped, so
the chart does not rely on color. The same numbers are always in the table next to the chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from ctdppeia.disparity.chart import Bar, Chart, chart_of, group_from_view

from .fonts import BOLD, REGULAR, register_fonts
from .styles import ACCENT, INK, MUTED, RULE

ROW = 18
BAR = 11
TOP = 14
AXIS = 26
LABEL_FONT = 7.5
LIGHT = "#c9d6e8"
WHITE = "#ffffff"


def impact_ratio_chart(groups: Sequence[Mapping[str, Any]], width: float) -> Drawing:
    """Return a Drawing with one labeled bar per group and a dashed line at 0.8."""
    register_fonts()
    reference = next((str(g["label"]) for g in groups if g.get("is_reference")), None)
    chart = chart_of([group_from_view(g) for g in groups], reference)
    label_width = min(width * 0.3, _widest_label(chart) + 6)
    plot_x = label_width + 4
    plot_width = width - plot_x - 120
    height = TOP + ROW * len(chart.bars) + AXIS
    drawing = Drawing(width, height)
    for index, bar in enumerate(chart.bars):
        y = height - TOP - ROW * (index + 1) + (ROW - BAR) / 2
        _bar_row(drawing, bar, y, label_width, (plot_x, plot_width))
    _axis(drawing, chart, plot_x, plot_width, height)
    return drawing


def _widest_label(chart: Chart) -> float:
    widths = [stringWidth(bar.label, REGULAR, LABEL_FONT) for bar in chart.bars]
    return max(widths, default=40)


def _bar_row(
    drawing: Drawing, bar: Bar, y: float, label_width: float, plot: tuple[float, float]
) -> None:
    """One row: the group label, its bar, and the bar's words just right of it."""
    plot_x, plot_width = plot
    drawing.add(_text(label_width, y + 2, _fit(bar.label, label_width), INK, anchor="end"))
    if bar.pattern == "none":
        drawing.add(_text(plot_x + 4, y + 2, bar.text, MUTED))
        return
    length = max(bar.width * plot_width, 0.5)
    fill = {"hatched": LIGHT, "outline": WHITE}.get(bar.pattern, ACCENT)
    # types-reportlab gives Rect's **kw the type of the whole keyword dict, not of each value
    bar_rect = Rect(plot_x, y, length, BAR, fillColor=fill, strokeColor=ACCENT, strokeWidth=0.6)  # type: ignore[arg-type]
    drawing.add(bar_rect)
    if bar.pattern == "hatched":
        _stripes(drawing, plot_x, y, length)
    drawing.add(_text(plot_x + length + 4, y + 2, bar.text, INK, bold=bar.below_line))


def _stripes(drawing: Drawing, x: float, y: float, length: float) -> None:
    """Vertical hatching inside a bar, so 'below 0.8' does not depend on color."""
    step = 3.0
    position = x + step
    while position < x + length - 0.5:
        drawing.add(_line(position, y + 1, position, y + BAR - 1, ACCENT))
        position += step


def _axis(drawing: Drawing, chart: Chart, plot_x: float, plot_width: float, height: float) -> None:
    """The axes, the chart's ticks, and the dashed 0.8 line with its label."""
    base = AXIS - 10
    drawing.add(_line(plot_x, base, plot_x, height - TOP + 2, RULE))
    drawing.add(_line(plot_x, base, plot_x + plot_width, base, RULE))
    for tick in chart.ticks:
        x = plot_x + tick.x * plot_width
        drawing.add(_line(x, base, x, base - 3, RULE))
        drawing.add(_text(x, base - 11, tick.text, MUTED, size=6.5, anchor="middle"))
    x = plot_x + chart.line_x * plot_width
    drawing.add(_line(x, base, x, height - 2, INK, width=1, dash=[3, 2]))
    drawing.add(_text(x + 3, height - 7, chart.line_text, INK, size=6.5, bold=True))


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
    anchor: Literal["start", "middle", "end"] = "start",
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
