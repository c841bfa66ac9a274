"""The gate on items "to close before approval" (flags of kind gap): an approver confirms a
review only when none is open, or after setting each open one aside with a written reason.

The reasons come from the confirm form (input "set-aside" of the confirmation, flag id to
reason); they are recorded in the audit log and carried by the decision of the signed record,
so the PDF prints them.
"""

from collections.abc import Mapping
from typing import Any

from flask import Flask
from sqlalchemy import select

from ctdppeia import audit, limits
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review
from ctdppeia.reviews.confirmation import (
    ConfirmationRefused,
    ConfirmationStep,
    Confirming,
    register_confirmation_step,
)
from ctdppeia.reviews.flags import FlagEntry, flag_panel

STEP = "set-aside"  # the confirmation input and step name
FIELD = "set-aside-"  # the form field of a flag's reason: set-aside-<flag id>
ACTION = "review.gap_set_aside"
DEMO_REASON = "Closed by a condition of the agreement, checked before anything goes ahead."


class GapsStillOpen(ConfirmationRefused):
    """Items to close before approval are open and the approver did not set each aside."""

    step = STEP
    title = "Items to close before approval are still open"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(
            "Each item to close before approval needs a reason to set it aside, or send the "
            "review back so the reviewers can close it.",
            errors,
        )


def open_gaps(review: Review) -> list[FlagEntry]:
    """The raised flags of kind gap: the items to close before approval still open."""
    return flag_panel(review).gaps


def read_reasons(form: Mapping[str, str], review: Review) -> dict[str, str]:
    """The approver's reasons from the confirm form, for the review's open gaps."""
    reasons = {}
    for entry in open_gaps(review):
        reasons[entry.flag.id] = limits.clean_text(form.get(FIELD + entry.flag.id, "")).strip()
    return reasons


def each_with(review: Review, reason: str) -> dict[str, dict[str, str]]:
    """Confirmation inputs setting every open gap aside with the same reason (the demo data)."""
    return {STEP: {entry.flag.id: reason for entry in open_gaps(review)}}


def check_reasons(review: Review, reasons: Mapping[str, str]) -> None:
    """Raise GapsStillOpen unless every open gap has a reason within the length limit."""
    errors: dict[str, str] = {}
    for entry in open_gaps(review):
        reason = reasons.get(entry.flag.id, "").strip()
        if not reason:
            errors[entry.flag.id] = "Say why you approve with this item still open."
        elif len(reason) > limits.SET_ASIDE_REASON:
            errors[entry.flag.id] = limits.too_long(len(reason), limits.SET_ASIDE_REASON)
    if errors:
        raise GapsStillOpen(errors)


def set_aside_items(review: Review, reasons: Mapping[str, str]) -> list[dict[str, str]]:
    """The open gaps set aside, as the signed record carries them (flag, title, reason)."""
    return [
        {"flag": entry.flag.id, "title": entry.flag.title, "reason": reasons[entry.flag.id]}
        for entry in open_gaps(review)
        if reasons.get(entry.flag.id, "").strip()
    ]


def _check(review: Review, confirming: Confirming) -> None:
    check_reasons(review, confirming.input_for(STEP, {}))


def _record(review: Review, confirming: Confirming, _made: object = None) -> None:
    """In the confirmation's transaction, once the review is locked: one event per item."""
    for item in set_aside_items(review, confirming.input_for(STEP, {})):
        audit.record(
            confirming.approver,
            ACTION,
            review,
            changes={item["flag"]: (None, item["reason"])},
            summary=f"Approved with “{item['title']}” still open, set aside: {item['reason']}",
        )


def snapshot_items(review: Review, inputs: Mapping[str, Any] | None) -> list[dict[str, str]]:
    """What the decision of the record carries (empty when nothing was open): while it is
    being confirmed, the approver's reasons; once locked, the reasons the audit log holds."""
    if inputs is not None:
        return set_aside_items(review, inputs.get(STEP, {}))
    if review.confirmed_at is None:
        return []
    return set_aside_items(review, recorded_reasons(review))


def recorded_reasons(review: Review) -> dict[str, str]:
    """The reasons recorded when the review was confirmed (flag id to reason)."""
    query = select(AuditEvent).where(
        AuditEvent.action == ACTION,
        AuditEvent.object_type == Review.__tablename__,
        AuditEvent.object_id == review.id,
    )
    reasons: dict[str, str] = {}
    for event in db.session.scalars(query.order_by(AuditEvent.id)):
        for flag_id, (_before, after) in event.changes.items():
            reasons[flag_id] = str(after)
    return reasons


def init_app(app: Flask) -> None:
    # checked before signing and again under the review's lock; recorded with the confirmation
    step = ConfirmationStep(
        read_input=read_reasons, check=_check, before_lock=_check, after_lock=_record
    )
    register_confirmation_step(app, STEP, step)
