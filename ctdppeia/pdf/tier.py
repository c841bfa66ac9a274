"""The PDF's part on the risk tier of an AI use case (snapshots with a "tier" key)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from ctdppeia.words import RATING, when, word

from .markup import labelled_flowables, plain
from .page import heading
from .styles import grid_table_style, styles

Snapshot = Mapping[str, Any]


def tier(snapshot: Snapshot) -> list[Flowable]:
    """The risk tier of an AI use case: the rules' tier and the sentence naming what set it, the
    written determination that set aside a presumption of high impact, a different tier
    recorded with its reason (all on the record), and the tier's obligations, each done or
    explained."""
    data = snapshot.get("tier")
    if not data:
        return []
    s = styles()
    computed = word(RATING, data["computed"], "Not rated")
    label = "Risk tier from the rules" if "sentence" in data else "Risk tier from the questionnaire"
    story: list[Flowable] = [
        CondPageBreak(2 * inch),
        heading("Risk tier", s.h1, "tier", outline="Risk tier"),
        Paragraph(f"<b>{label}:</b> {plain(computed)}", s.body),
    ]
    if data.get("sentence"):
        story.append(Paragraph(plain(data["sentence"]), s.body))
    story += _rebuttal(data.get("rebuttal"))
    override = data.get("override")
    if override:
        recorded = word(RATING, override["tier"])
        then = word(RATING, override["computed_then"])
        who = f"{plain(override['by'])}, {plain(when(override['at']))}"
        story += [
            Paragraph(f"<b>Risk tier recorded by the reviewer:</b> {plain(recorded)}", s.body),
            Paragraph(f"Recorded by {who}, when the rules gave {plain(then)}.", s.muted),
            *labelled_flowables("Reason:", override["reason"], s.answer),
        ]
    story.append(Paragraph("Obligations of the tier", s.h2))
    if not data["obligations"]:
        return [*story, Paragraph("This tier has no obligations.", s.body)]
    header = ["Obligation", "Done?", "How it is met, or why not yet"]
    rows = [[Paragraph(h, s.cell_bold) for h in header]]
    for item in data["obligations"]:
        done = "Done" if item["done"] else "Not done"
        rows.append(
            [
                Paragraph(plain(item["text"]), s.cell),
                Paragraph(done, s.cell),
                Paragraph(plain(item["explanation"]) or "(no explanation)", s.cell),
            ]
        )
    widths = [w * inch for w in (3.0, 0.8, 3.1)]
    table = Table(
        rows, colWidths=widths, repeatRows=1, splitInRow=1, style=grid_table_style(), hAlign="LEFT"
    )
    return [*story, table]


def _rebuttal(data: Mapping[str, Any] | None) -> list[Flowable]:
    """The written determination that set aside a presumption of high impact."""
    if not data:
        return []
    s = styles()
    cited = "; ".join(
        (item["basis"] or item["title"]).removesuffix(", presumed high-impact")
        for item in data["set_aside"]
    )
    before, after = word(RATING, data["tier_before"]), word(RATING, data["tier_after"])
    who = f"{plain(data['by'])}, {plain(when(data['at']))}"
    return [
        Paragraph("Presumption of high impact set aside", s.h2),
        Paragraph(f"<b>Presumed high-impact:</b> {plain(cited)}", s.body),
        Paragraph(f"<b>Decided by:</b> {plain(data['decided_by'])}", s.body),
        *labelled_flowables("Written determination:", data["reason"], s.answer),
        Paragraph(
            f"Recorded by {who}. The rules gave {plain(before)} with the presumption and give "
            f"{plain(after)} without it.",
            s.muted,
        ),
    ]
