"""The AI advisory group's part of the PDF: the tally, each member's recommendation, the
conflicts, the subcommittee's recommendation and the decision with its conditions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from ctdppeia.words import AI_OUTCOME, AI_RECOMMENDATION, RATING, format_date, when, word

from .markup import labelled_flowables, plain, text_flowables
from .page import heading
from .styles import grid_table_style, styles


def advisory(snapshot: Mapping[str, Any]) -> list[Flowable]:
    """Nothing for reviews without an ``advisory`` key (data requests, older snapshots)."""
    data = snapshot.get("advisory")
    if data is None:
        return []
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(2 * inch),
        heading("AI advisory group", s.h1, "advisory", outline="AI advisory group"),
        Paragraph("Recommendations", s.h2),
        _tally(data["tally"]),
    ]
    for vote in data["recommendations"]:
        who = f"{plain(vote['member'])}: {plain(word(AI_RECOMMENDATION, vote['recommendation']))}"
        label = f"{who} ({plain(when(vote['at']))})"
        story += labelled_flowables(label, vote["rationale"], s.answer)
    if not data["recommendations"]:
        story.append(Paragraph("No member has recommended yet.", s.body))
    story += _conflicts(data["conflicts"]) + _subcommittee(data["subcommittee"])
    return story + _decision(data["decision"])


def _tally(rows: list[Mapping[str, Any]]) -> Table:
    s = styles()
    header = [Paragraph("Recommendation", s.cell_bold), Paragraph("Members", s.cell_bold)]
    body = [
        [Paragraph(plain(word(AI_RECOMMENDATION, r["recommendation"])), s.cell), str(r["count"])]
        for r in rows
    ]
    widths = [2.5 * inch, 1.0 * inch]
    return Table([header, *body], colWidths=widths, style=grid_table_style(), hAlign="LEFT")


def _conflicts(items: list[Mapping[str, Any]]) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Paragraph("Conflicts of interest", s.h2)]
    if not items:
        return [*story, Paragraph("No member declared a conflict of interest.", s.body)]
    for item in items:
        label = f"{plain(item['member'])} did not vote ({plain(when(item['at']))}):"
        story += labelled_flowables(label, item["reason"], s.answer)
    return story


def _subcommittee(item: Mapping[str, Any] | None) -> list[Flowable]:
    if item is None:
        return []
    s = styles()
    outcome = plain(word(AI_OUTCOME, item["recommendation"]))
    label = f"{outcome}, recorded by {plain(item['by'])} ({plain(when(item['at']))}):"
    return [
        Paragraph("High-Risk Use Case Subcommittee", s.h2),
        *labelled_flowables(label, item["rationale"], s.answer),
    ]


def _decision(item: Mapping[str, Any] | None) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [Paragraph("The advisory group's decision", s.h2)]
    if item is None:
        return [*story, Paragraph("No decision has been recorded yet.", s.body)]
    tier = plain(word(RATING, item["tier"], "No tier"))
    story += [
        Paragraph(f"<b>Decision:</b> {plain(word(AI_OUTCOME, item['outcome']))}", s.body),
        Paragraph(f"<b>Tier:</b> {tier}", s.body),
        Paragraph(f"<b>Next review by:</b> {plain(format_date(item['next_review_on']))}", s.body),
        Paragraph(
            f"<b>Quorum:</b> {item['quorum']} of {item['members_eligible']} members "
            "without a conflict",
            s.body,
        ),
        Paragraph("Basis", s.h2),
        *text_flowables(item["basis"], s.body),
    ]
    if item.get("departure_reason"):  # older snapshots do not have the key
        story += [
            Paragraph("Why the decision differs from the subcommittee's recommendation", s.h2),
            *text_flowables(item["departure_reason"], s.body),
        ]
    for number, condition in enumerate(item["conditions"], start=1):
        due = plain(format_date(condition["due_on"]))
        label = f"Condition {number} (owner {plain(condition['owner'])}, due {due}):"
        story += labelled_flowables(label, condition["text"], s.answer)
    who = f"Decided by {plain(item['by'])}, chair, {plain(when(item['at']))}."
    return [*story, Paragraph(who, s.muted)]
