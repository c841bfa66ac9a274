"""The review as plain data (schema "ctdppeia-review/2"): what the PDF is built from.

Only str, int, bool, None, lists and dicts: no floats (numbers that are not whole are text),
answers in words, times as ISO 8601 UTC with a Z. The shape is a contract, defined once in
`ctdppeia/schemas/signed-record.schema.json` (the PDF module checks every snapshot with it).
The "analyses" and "comments" parts, and optional parts such as "tier" and "advisory", come
from providers that other features register with `register_snapshot_part(app, ...)`.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask

from ctdppeia.hooks import hooks
from ctdppeia.models import Review, User
from ctdppeia.questionnaire import Section
from ctdppeia.reviews import setaside
from ctdppeia.reviews.display import iso
from ctdppeia.reviews.flags import FlagEntry, flag_panel
from ctdppeia.reviews.state import ReviewContext, load_context
from ctdppeia.reviews.subjects import adapter_for
from ctdppeia.schemas import signed_record_version

SCHEMA = signed_record_version()  # the schema file's version, "ctdppeia-review/2"
LIST_PARTS = ("analyses", "comments")  # always present: the items of every provider
CORE_KEYS: tuple[str, ...] = ("schema", "review", "subject", "questionnaire", "sections", "flags")
CORE_KEYS += ("decision", "signers")  # the review's own parts, which no provider may replace


@dataclass(frozen=True)
class Confirmation:
    """The approver's confirmation about to be recorded: the snapshot is built as if it were.
    `inputs`: what the approver's form gave the confirmation steps, by step name (e.g. the
    board concerns acknowledged with it under "board")."""

    approver: User
    at: datetime
    note: str = ""
    inputs: Mapping[str, Any] = field(default_factory=dict)


# A provider gets the review and, while it is being confirmed, the confirmation. It returns
# the value of its key: for a list part, items added to the list; for any other key (an
# optional top-level part such as "tier" of AI reviews) the value, or None to leave the key
# out (older snapshots lack it too).
SnapshotPart = Callable[[Review, Confirmation | None], Any]


def register_snapshot_part(app: Flask, key: str, name: str, provider: SnapshotPart) -> None:
    """Add `name`'s provider of the snapshot's `key` (registering it again replaces it)."""
    if key in CORE_KEYS:
        raise ValueError(f"{key!r} is the review's own part of the snapshot")
    hooks(app).snapshot_parts[(key, name)] = provider


def _parts(review: Review, confirmation: Confirmation | None) -> dict[str, Any]:
    found: dict[str, Any] = {key: [] for key in LIST_PARTS}
    for (key, _name), provider in hooks().snapshot_parts.items():
        value = provider(review, confirmation)
        if key in LIST_PARTS:
            found[key] += value
        elif value is not None:
            found[key] = value
    return found


def build_snapshot(review: Review, confirmation: Confirmation | None = None) -> dict[str, Any]:
    """The review as plain data; with `confirmation`, as it reads once confirmed (the record
    that is signed and frozen before the confirmation is saved)."""
    context = load_context(review)
    questionnaire = context.questionnaire
    panel = flag_panel(review)
    return {
        "schema": SCHEMA,
        "review": {
            "id": review.id,
            "status": "locked" if confirmation else review.status,
            "started_at": iso(review.started_at),
            "locked_at": iso(confirmation.at if confirmation else review.confirmed_at),
            "rating": panel.rating,
            "rating_explanation": panel.rating_explanation,
            "rating_obligations": list(panel.obligations),
            "rating_reason": panel.rating_reason,
            "amends": review.amends_id,
        },
        "subject": _subject(review),
        "questionnaire": {
            "id": questionnaire.id,
            "title": questionnaire.title,
            "version": questionnaire.version,
            "hash": questionnaire.hash,
        },
        "sections": [_section(context, section) for section in questionnaire.sections],
        "flags": [_flag(entry) for entry in panel.entries],
        "decision": _decision(review, confirmation),
        "signers": _signers(review, confirmation),
        **_parts(review, confirmation),
    }


def _section(context: ReviewContext, section: Section) -> dict[str, Any]:
    """A section's questions with their answers; `answered_by` (per question, and the names
    of all of them for the section) is the last person who saved each answer."""
    questions: list[dict[str, Any]] = []
    for question in section.questions:
        answer = context.answer_text(question.id)
        row = context.rows.get(question.id)
        by = row.updated_by.name if row is not None and answer is not None else None
        questions.append(
            {
                "id": question.id,
                "label": question.label,
                "type": question.type,
                "visible": context.is_visible(question.id),
                "answer": answer,
                "answered_by": by,
            }
        )
    names = sorted({q["answered_by"] for q in questions if q["answered_by"]})
    return {"id": section.id, "title": section.title, "questions": questions, "answered_by": names}


def _subject(review: Review) -> dict[str, Any]:
    adapter = adapter_for(review.subject_kind)
    subject = adapter.get(review.subject_id)
    return {
        "kind": adapter.kind,
        "id": review.subject_id,
        "title": adapter.title(subject),
        "organisation": adapter.organisation(subject),
        "contact": adapter.contact(subject),
        "agencies": adapter.agencies(subject),
        "summary_markdown": adapter.summary_markdown(subject),
    }


def _flag(entry: FlagEntry) -> dict[str, Any]:
    flag, response = entry.flag, entry.response
    return {
        "id": flag.id,
        "severity": flag.severity,
        "category": flag.category,
        "title": flag.title,
        "advice": flag.advice,
        "route": flag.route,
        "kind": flag.kind,
        "basis": flag.basis,
        "raised_by": [cause.text for cause in flag.causes],
        "response": None
        if response is None
        else {
            "kind": response.kind,
            "text": response.text,
            "by": response.created_by.name,
            "at": iso(response.created_at),
        },
    }


def _decision(review: Review, confirmation: Confirmation | None) -> dict[str, Any] | None:
    decision = review.current_decision
    if decision is None:
        return None
    approver = confirmation.approver if confirmation else review.confirmed_by
    confirmed_at = confirmation.at if confirmation else review.confirmed_at
    return {
        "recommendation": decision.recommendation,
        "conditions": decision.conditions,
        "rationale": decision.rationale,
        "submitted_by": decision.submitted_by.name,
        "submitted_at": iso(decision.submitted_at),
        "confirmed_by": approver.name if approver else None,
        "confirmed_at": iso(confirmed_at),
        "approver_note": confirmation.note if confirmation else "",
        **_set_aside(review, confirmation),
    }


def _set_aside(review: Review, confirmation: Confirmation | None) -> dict[str, Any]:
    """The items to close before approval that the approver set aside, with the reasons (only
    when some were open)."""
    items = setaside.snapshot_items(review, confirmation.inputs if confirmation else None)
    return {"set_aside": items} if items else {}


def _signer(role: str, user: User) -> dict[str, str]:
    return {"role": role, "name": user.name, "agency": user.agency.code}


def _signers(review: Review, confirmation: Confirmation | None) -> list[dict[str, str]]:
    """The reviewer (who submitted, or who started while in progress), then the approver."""
    signers = [_signer("Reviewer", review.submitted_by or review.started_by)]
    approver = confirmation.approver if confirmation else review.confirmed_by
    if approver is not None:
        signers.append(_signer("Approver", approver))
    return signers
