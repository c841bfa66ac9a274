"""Outcome analyses: one table and one impact-ratio chart per analysis."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from .charts import impact_ratio_chart
from .markup import plain
from .page import heading
from .styles import FRAME_WIDTH, grid_table_style, styles
from .words import DASH, DIRECTION, REFERENCE_METHOD, SEVERITY, TOO_FEW, word

HEADER = (
    "Group",
    "People",
    "With the outcome",
    "Rate",
    "Impact ratio",
    "Four-fifths rule",
    "p-value (z-test)",
    "p-value (Fisher)",
)
WIDTHS = (1.6, 0.65, 0.8, 0.6, 0.7, 0.95, 0.8, 0.8)
FOUR_FIFTHS = {"fail": "Fails (below 0.8)", "pass": "Passes"}

EXPLAINER = (
    "The impact ratio is a group's rate divided by the reference group's rate. A ratio below "
    "0.8 fails the four-fifths rule of thumb and needs a closer look. A small p-value (below "
    "0.05) means the difference is unlikely to be chance alone. A dash means the number could "
    "not be worked out."
)


def analyses(snapshot: Mapping[str, Any]) -> list[Flowable]:
    """The outcome analyses part; empty when the review has none."""
    items = snapshot["analyses"]
    if not items:
        return []
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(2.5 * inch),
        heading("Outcome analyses", s.h1, "analyses", outline="Outcome analyses"),
        Paragraph(EXPLAINER, s.body),
    ]
    for index, analysis in enumerate(items):
        story += _analysis(analysis, index)
    return story


def _analysis(analysis: Mapping[str, Any], index: int) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [
        KeepTogether(
            [
                heading(plain(analysis["title"]), s.h2, f"analysis-{index}", level=1),
                Paragraph(_intro(analysis), s.body),
                Spacer(1, 6),
                _table(analysis),
            ]
        ),
        Spacer(1, 8),
        KeepTogether(
            [
                Paragraph("Impact ratio of each group", s.cell_bold),
                impact_ratio_chart(analysis["groups"], FRAME_WIDTH),
            ]
        ),
    ]
    if analysis["flags"]:
        story.append(Paragraph("Flags from this analysis", s.prompt))
    for flag in analysis["flags"]:
        severity = plain(word(SEVERITY, flag["severity"]))
        text = f"<b>{severity} — {plain(flag['title'])}:</b> {plain(flag['detail'])}"
        story.append(Paragraph(text, s.answer))
    return story


def _intro(analysis: Mapping[str, Any]) -> str:
    outcome = plain(analysis["outcome_label"])
    direction = word(DIRECTION, analysis["direction"])
    method = word(REFERENCE_METHOD, analysis["reference_method"])
    return (
        f"Outcome counted: “{outcome}” ({direction}). "
        f"Each group is compared with the reference group, <b>{plain(analysis['reference_label'])}"
        f"</b> ({plain(method)}). To protect privacy, groups with fewer than "
        f"{analysis['min_cell']} people show “{TOO_FEW}” and no numbers."
    )


def _table(analysis: Mapping[str, Any]) -> Table:
    s = styles()
    rows: list[list[Any]] = [[Paragraph(h, s.cell_bold) for h in HEADER]]
    spans: list[int] = []
    for group in analysis["groups"]:
        if group["suppressed"]:
            spans.append(len(rows))
        rows.append(_row(group))
    table = Table(
        rows,
        colWidths=[w * inch for w in WIDTHS],
        repeatRows=1,
        splitInRow=1,
        style=grid_table_style(),
        hAlign="LEFT",
    )
    for row in spans:
        table.setStyle([("SPAN", (1, row), (-1, row))])
    return table


def _row(group: Mapping[str, Any]) -> list[Any]:
    s = styles()
    label = plain(group["label"])
    if group["is_reference"]:
        label = f"<b>{label}</b> (reference)"
    if group["suppressed"]:
        return [Paragraph(label, s.cell), Paragraph(f"<i>{TOO_FEW}</i>", s.cell)] + [""] * 6
    values = (
        _count(group["total"]),
        _count(group["outcome"]),
        _percent(group["rate"]),
        _text(group["ratio"]),
        word(FOUR_FIFTHS, group["four_fifths"]),
        _text(group["z_p"]),
        _text(group["fisher_p"]),
    )
    return [Paragraph(label, s.cell)] + [Paragraph(plain(v), s.cell) for v in values]


def _count(value: int | None) -> str:
    return DASH if value is None else f"{value:,}"


def _text(value: str | None) -> str:
    return DASH if value is None else value


def _percent(value: str | None) -> str:
    if value is None:
        return DASH
    try:
        return f"{Decimal(value) * 100:.1f}%"
    except InvalidOperation:
        return value
