"""The PDF's part on the action plan (snapshots with an "actions" key): each action with what
it came from, its owner, due date, status and evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from ctdppeia.words import format_date, when

from .markup import labelled_flowables, plain, text_flowables
from .page import heading
from .styles import styles

SOURCES = {
    "flag": "a flag's mitigation",
    "condition": "a condition of the approval",
    "ai-condition": "a condition of the AI advisory group's decision",
    "obligation": "an obligation of the risk tier",
}
STATUSES = {
    "planned": "Planned",
    "in-progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}


def actions(snapshot: Mapping[str, Any]) -> list[Flowable]:
    """Nothing for snapshots without a plan (no action, or made before action plans)."""
    items = snapshot.get("actions")
    if not items:
        return []
    s = styles()
    story: list[Flowable] = [
        CondPageBreak(2 * inch),
        heading("Action plan", s.h1, "actions", outline="Action plan"),
        Paragraph(
            "What the agency will do, who owns it and by when, as it stood when this record "
            "was made.",
            s.body,
        ),
    ]
    for number, item in enumerate(items, start=1):
        story += _action(number, item)
    return story


def _action(number: int, item: Mapping[str, Any]) -> list[Flowable]:
    s = styles()
    status = STATUSES.get(item["status"], item["status"])
    label = (
        f"Action {number}, from {SOURCES.get(item['source'], item['source'])} "
        f"(owner {plain(item['owner'])}, due {plain(format_date(item['due_on']))}, "
        f"{plain(status).lower()}):"
    )
    story = labelled_flowables(label, item["title"], s.answer)
    if item["status"] == "dropped":
        story += labelled_flowables("Why it was dropped:", item["drop_reason"], s.answer)
    if item["evidence"]:
        story += labelled_flowables("Evidence:", item["evidence"], s.answer)
    if item["evidence_url"]:
        story += text_flowables(f"Link to the evidence: {item['evidence_url']}", s.answer)
    changed = f"Last changed by {plain(item['updated_by'])}, {plain(when(item['updated_at']))}."
    return [*story, Paragraph(changed, s.muted)]
