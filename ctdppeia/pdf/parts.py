"""The body parts of the review: purpose, flags, answers, board comments and the decision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer, Table

from ctdppeia.words import (
    CATEGORY,
    NO_ANSWER,
    NOT_ASKED,
    RECOMMENDATION,
    RESPONSE,
    ROUTE,
    ROUTE_HEADING,
    SEVERITY,
    SEVERITY_ORDER,
    flag_count_text,
    flag_counts,
    when,
    word,
)

from .markup import labelled_flowables, markdown_flowables, plain, text_flowables
from .page import heading
from .styles import SEVERITY_TINT, grid_table_style, styles

Snapshot = Mapping[str, Any]


def purpose(snapshot: Snapshot) -> list[Flowable]:
    """The project's purpose, from the subject's markdown summary."""
    s = styles()
    story: list[Flowable] = [heading("What the project is for", s.h1, "purpose", outline="Purpose")]
    text = snapshot["subject"]["summary_markdown"]
    story += markdown_flowables(text, s.para, s.bullet) or [Paragraph("No summary given.", s.body)]
    return story


def flags(snapshot: Snapshot) -> list[Flowable]:
    """A summary table of all flags, most severe first, then each flag in full."""
    s = styles()
    items = sorted(snapshot["flags"], key=lambda f: SEVERITY_ORDER.get(f["severity"], 9))
    story: list[Flowable] = [
        CondPageBreak(2 * inch),
        heading("Flags", s.h1, "flags", outline="Flags"),
    ]
    if not items:
        return [*story, Paragraph("The answers raised no flags.", s.body)]
    risks = [f for f in items if f.get("kind", "risk") != "gap"]
    gaps = [f for f in items if f.get("kind") == "gap"]
    story += [Paragraph(_flag_count_text(items), s.body), Spacer(1, 6)]
    if risks:
        story.append(_flag_table(risks))
    if gaps:
        story += [
            Paragraph(f"To close before approval ({len(gaps)})", s.h2),
            Paragraph(GAPS_TEXT, s.muted),
            _flag_table(gaps),
        ]
    story.append(Paragraph("Each flag in full", s.h2))
    for flag in [*risks, *gaps]:
        story += _flag_detail(flag)
    return story


GAPS_TEXT = (
    "Missing paperwork or safeguards not yet in place. They keep their severity, but they do "
    "not set the overall rating, which comes from the risk flags only."
)


def _flag_count_text(items: Sequence[Mapping[str, Any]]) -> str:
    """The count in the words every page uses (``ctdppeia.words.flag_count_text``)."""
    gaps = sum(1 for f in items if f.get("kind") == "gap")
    return flag_count_text(flag_counts(f["severity"] for f in items), gaps) + "."


def _flag_table(items: Sequence[Mapping[str, Any]]) -> Table:
    s = styles()
    header = ["Severity", "Flag", "Category", ROUTE_HEADING, "Response"]
    rows = [[Paragraph(h, s.cell_bold) for h in header]] + [_flag_row(f) for f in items]
    table = Table(
        rows,
        colWidths=[w * inch for w in (0.95, 2.55, 0.85, 1.35, 1.2)],
        repeatRows=1,
        splitInRow=1,
        style=grid_table_style(),
        hAlign="LEFT",
    )
    for index, flag in enumerate(items, start=1):
        table.setStyle([("BACKGROUND", (0, index), (0, index), SEVERITY_TINT[flag["severity"]])])
    return table


def _flag_row(flag: Mapping[str, Any]) -> list[Paragraph]:
    s = styles()
    response = flag.get("response")
    cells = [
        plain(word(CATEGORY, flag["category"])),
        plain(word(ROUTE, flag.get("route"))),
        plain(word(RESPONSE, response["kind"]) if response else "No response yet"),
    ]
    return [
        Paragraph(f"<b>{plain(word(SEVERITY, flag['severity']))}</b>", s.cell),
        Paragraph(plain(flag["title"]), s.cell),
        *(Paragraph(cell, s.cell) for cell in cells),
    ]


def _flag_detail(flag: Mapping[str, Any]) -> list[Flowable]:
    s = styles()
    severity = SEVERITY.get(flag["severity"], flag["severity"])
    closing = " (to close before approval)" if flag.get("kind") == "gap" else ""
    story: list[Flowable] = [
        Paragraph(f"{plain(severity)}{closing} — {plain(flag['title'])}", s.prompt),
        Paragraph(f"<b>What to do:</b> {plain(flag['advice'])}", s.answer),
    ]
    if flag.get("basis"):
        story.append(Paragraph(f"<b>Based on:</b> {plain(flag['basis'])}", s.answer))
    if flag["raised_by"]:
        raised = "; ".join(flag["raised_by"])
        story.append(Paragraph(f"<b>Raised by these answers:</b> {plain(raised)}", s.answer))
    if flag.get("route"):
        route = plain(word(ROUTE, flag["route"]))
        story.append(Paragraph(f"<b>{ROUTE_HEADING}:</b> {route}", s.answer))
    story += _response(flag.get("response"))
    return story


def _response(response: Mapping[str, Any] | None) -> list[Flowable]:
    s = styles()
    if not response:
        return [Paragraph("<b>Response:</b> No response yet.", s.answer)]
    by = f"{plain(response['by'])}, {plain(when(response['at']))}"
    kind = plain(word(RESPONSE, response["kind"]))
    return labelled_flowables(f"Response ({kind}, {by}):", response["text"], s.answer)


def answers(snapshot: Snapshot) -> list[Flowable]:
    """Every section with its questions and answers, in questionnaire order."""
    s = styles()
    story: list[Flowable] = [
        PageBreak(),
        heading("Questions and answers", s.h1, "answers", outline="Answers"),
        Paragraph(
            "Questions that did not apply to this review because of earlier answers are marked "
            f"“{NOT_ASKED}”.",
            s.muted,
        ),
    ]
    for index, section in enumerate(snapshot["sections"]):
        story.append(heading(plain(section["title"]), s.h2, f"section-{index}", level=1))
        if section.get("answered_by"):
            story.append(Paragraph(_answered_by(section), s.muted))
        story += [item for q in section["questions"] for item in _question(q)]
    return story


def _answered_by(section: Mapping[str, Any]) -> str:
    """Who last saved which answers of the section: "Answered by: Ana (P1, P2); Ben (P3)"."""
    by_name: dict[str, list[str]] = {}
    for question in section["questions"]:
        if question.get("answered_by"):
            by_name.setdefault(question["answered_by"], []).append(question["id"])
    parts = [f"{plain(name)} ({', '.join(plain(q) for q in ids)})" for name, ids in by_name.items()]
    return f"Answered by: {'; '.join(parts)}"


def _question(question: Mapping[str, Any]) -> list[Flowable]:
    s = styles()
    prompt = Paragraph(f"{plain(question['id'])}. {plain(question['label'])}", s.prompt)
    if not question["visible"]:
        return [prompt, Paragraph(NOT_ASKED, s.not_asked)]
    answer = question.get("answer")
    if answer is None or not answer.strip():
        return [prompt, Paragraph(NO_ANSWER, s.not_asked)]
    return [prompt, *text_flowables(answer, s.answer)]


def comments(snapshot: Snapshot) -> list[Flowable]:
    """Resident Advisory Board comments, each followed by its replies."""
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(2 * inch),
        heading("Resident Advisory Board comments", s.h1, "comments", outline="Board comments"),
    ]
    if not snapshot["comments"]:
        return [*story, Paragraph("The board made no comments on this review.", s.body)]
    for number, comment in enumerate(snapshot["comments"], start=1):
        story.append(
            Paragraph(
                f"Comment {number}: {plain(comment['author'])}, {plain(when(comment['at']))}",
                s.prompt,
            )
        )
        if comment.get("concern"):
            story.append(Paragraph(f"A concern about: {plain(comment['concern'])}", s.body))
        story += text_flowables(comment["body"], s.answer)
        story += _board_response(comment, s.answer)
        story += _acknowledgement(comment, s.answer)
        for reply in comment["replies"]:
            who = f"{plain(reply['author'])}, {plain(when(reply['at']))}"
            story += labelled_flowables(f"Reply from {who}:", reply["body"], s.reply)
            story += _board_response(reply, s.reply)
    return story


def _board_response(comment: Mapping[str, Any], style: Any) -> list[Flowable]:
    """The reviewers' response to a board comment (optional snapshot keys: older snapshots
    have none and print nothing)."""
    if "response" not in comment or comment.get("hidden"):
        return []
    response = comment["response"]
    if response is None:
        return [Paragraph("<b>Response:</b> Not answered.", style)]
    kind = plain(response.get("kind_label") or response["kind"])
    by = f"{plain(response['by'])}, {plain(when(response['at']))}"
    story = labelled_flowables(f"Response ({kind}, {by}):", response["text"], style)
    if response.get("changed"):
        story.append(Paragraph(f"<b>What changed:</b> {plain(response['changed'])}", style))
    return story


def _acknowledgement(comment: Mapping[str, Any], style: Any) -> list[Flowable]:
    """The approver's acknowledgment of a concern (an optional snapshot key)."""
    if "acknowledged" not in comment:
        return []
    ack = comment["acknowledged"]
    if ack is None:
        return [Paragraph("<b>Concern acknowledged by the approver:</b> not yet.", style)]
    label = f"Concern acknowledged by the approver ({plain(ack['by'])}, {plain(when(ack['at']))})"
    if not ack.get("note"):
        return [Paragraph(f"<b>{label}.</b>", style)]
    return labelled_flowables(f"{label}:", ack["note"], style)


def decision(snapshot: Snapshot) -> list[Flowable]:
    """The recommendation, conditions, rationale and who submitted and confirmed it."""
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(2 * inch),
        heading("Decision", s.h1, "decision", outline="Decision"),
    ]
    data = snapshot.get("decision")
    if data is None:
        return [*story, Paragraph("No decision has been recorded yet.", s.body)]
    story += [
        Paragraph(
            f"<b>Decision:</b> {plain(word(RECOMMENDATION, data['recommendation']))}", s.body
        ),
        Paragraph("Conditions", s.h2),
        *text_flowables(data["conditions"] or "No conditions.", s.body),
        Paragraph("Reasons", s.h2),
        *text_flowables(data["rationale"] or "No reasons given.", s.body),
        *_approver_note(data),
        *_set_aside(data),
        Spacer(1, 6),
        Paragraph(_decision_people(data), s.muted),
    ]
    return story


def _approver_note(data: Mapping[str, Any]) -> list[Flowable]:
    note = data.get("approver_note") or ""
    if not note.strip():
        return []
    s = styles()
    return [Paragraph("Approver's note", s.h2), *text_flowables(note, s.body)]


def _set_aside(data: Mapping[str, Any]) -> list[Flowable]:
    """The items to close before approval the approver set aside, each with the reason."""
    items = data.get("set_aside") or []
    if not items:
        return []
    s = styles()
    story: list[Flowable] = [Paragraph("Approved with items still open", s.h2)]
    for item in items:
        story.append(
            Paragraph(f"<b>{plain(item['title'])}</b>: set aside by the approver.", s.body)
        )
        story += text_flowables(f"Reason: {item['reason']}", s.body)
    return story


def _decision_people(data: Mapping[str, Any]) -> str:
    text = f"Submitted by {plain(data['submitted_by'])}, {plain(when(data['submitted_at']))}."
    if data.get("confirmed_by"):
        by = plain(data["confirmed_by"])
        return f"{text} Confirmed by {by}, {plain(when(data.get('confirmed_at')))}."
    return f"{text} Not confirmed yet."
