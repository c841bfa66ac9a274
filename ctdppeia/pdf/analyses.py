"""Outcome analyses: one table and one impact-ratio chart per analysis."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from ctdppeia.words import (
    BAND_EXPLAINED,
    CHART_TITLE,
    CI_CORRECTED,
    CI_EXPLAINED,
    DASH,
    DIRECTION,
    FOUR_FIFTHS_EXPLAINED,
    RESULT_COLUMNS,
    SEVERITY,
    TEST,
    TOO_FEW,
    ratio_with_interval,
    reference_words,
    result_columns,
    word,
)

from .charts import impact_ratio_chart
from .markup import plain
from .page import heading
from .styles import FRAME_WIDTH, grid_table_style, styles

# Relative column widths; the table always fills the frame.
WEIGHTS = {
    "group": 1.6,
    "total": 0.8,
    "outcome": 0.9,
    "rate": 0.7,
    "ratio": 1.3,
    "four_fifths": 0.9,
    "adverse_ratio": 1.3,
    "band_test": 0.7,
    "z_p": 0.8,
    "fisher_p": 0.8,
    "verdict": 1.6,
}
RATIO_KEYS = ("ratio", "four_fifths", "adverse_ratio", "band_test")

EXPLAINER = (
    "The favorable-rate ratio is a group's rate of the good outcome (for a bad outcome, of "
    "avoiding it) divided by the reference group's. The adverse-rate ratio, for bad outcomes, "
    "divides the rates of the bad outcome. "
    f"{FOUR_FIFTHS_EXPLAINED} {BAND_EXPLAINED} {CI_EXPLAINED} "
    "A small p-value (below 0.05) means the difference is unlikely to be chance alone. The "
    "verdict is the same as the flag the analysis raises. A dash means the number could not be "
    "worked out."
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
                *_table(analysis),
            ]
        ),
        Spacer(1, 8),
        KeepTogether(
            [
                Paragraph(CHART_TITLE, s.cell_bold),
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
    method = reference_words(analysis["reference_method"], analysis["direction"])
    return (
        f"Outcome counted: “{outcome}” ({direction}). "
        f"Each group is compared with the reference group, <b>{plain(analysis['reference_label'])}"
        f"</b> ({plain(method)}). To protect privacy, groups with fewer than "
        f"{analysis['min_cell']} people show “{TOO_FEW}” and no numbers."
    )


def _table(analysis: Mapping[str, Any]) -> list[Flowable]:
    """The page's results table, in two parts so that it fits the width of the page: the
    counts, p-values and verdict, then the ratios and their tests."""
    keys = result_columns(analysis["direction"])
    counts = [k for k in keys if k not in RATIO_KEYS]
    ratios = ["group", *(k for k in keys if k in RATIO_KEYS)]
    story: list[Flowable] = [_part(analysis, counts), Spacer(1, 4), _part(analysis, ratios)]
    if any(group.get("ci_corrected") for group in analysis["groups"]):
        story.append(Paragraph(plain(CI_CORRECTED), styles().muted))
    return story


def _part(analysis: Mapping[str, Any], keys: list[str]) -> Table:
    s = styles()
    rows: list[list[Any]] = [[Paragraph(RESULT_COLUMNS[k], s.cell_bold) for k in keys]]
    spans: list[int] = []
    for group in analysis["groups"]:
        if group["suppressed"]:
            spans.append(len(rows))
        rows.append(_row(group, keys))
    unit = FRAME_WIDTH / sum(WEIGHTS[k] for k in keys)
    table = Table(
        rows,
        colWidths=[WEIGHTS[k] * unit for k in keys],
        repeatRows=1,
        splitInRow=1,
        style=grid_table_style(),
        hAlign="LEFT",
    )
    for row in spans:
        table.setStyle([("SPAN", (1, row), (-1, row))])
    return table


def _row(group: Mapping[str, Any], keys: list[str]) -> list[Any]:
    s = styles()
    label = plain(group["label"])
    if group["is_reference"]:
        label = f"<b>{label}</b> (reference)"
    if group["suppressed"]:
        blanks = [""] * (len(keys) - 2)
        return [Paragraph(label, s.cell), Paragraph(f"<i>{TOO_FEW}</i>", s.cell), *blanks]
    corrected = bool(group.get("ci_corrected"))
    values = {
        "total": _count(group["total"]),
        "outcome": _count(group["outcome"]),
        "rate": _percent(group["rate"]),
        "ratio": ratio_with_interval(group["ratio"], group.get("ratio_ci"), corrected),
        "four_fifths": word(TEST, group["four_fifths"]),
        "adverse_ratio": ratio_with_interval(
            group.get("adverse_ratio"), group.get("adverse_ratio_ci"), corrected
        ),
        "band_test": word(TEST, group.get("band_test")),
        "z_p": _text(group["z_p"]),
        "fisher_p": _text(group["fisher_p"]),
        "verdict": _verdict(group),
    }
    cells = [Paragraph(label, s.cell)]
    return cells + [Paragraph(plain(values[key]), s.cell) for key in keys[1:]]


def _verdict(group: Mapping[str, Any]) -> str:
    text = group.get("verdict_text")
    if not text:
        return DASH
    severity = group.get("severity")
    return f"{text} ({word(SEVERITY, severity).lower()})" if severity else text


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
