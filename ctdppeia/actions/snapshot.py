"""The action plan in the review's snapshot (key ``actions``), and so in the signed PDF.

The key is left out when the review has no action, so records made before action plans, and
reviews without a plan, keep exactly the record they had. The signed record holds the plan as
it stood when the approver signed. A plan goes on changing after that (the work is done after
approval), so the snapshot of a locked review takes the plan from its signed record, never
from the actions as they are now: the record of a locked review never changes.
"""

import json
from typing import Any

from sqlalchemy import select

from ctdppeia.actions.services import actions_of
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDocument
from ctdppeia.reviews.display import iso

Part = list[dict[str, Any]]


def actions_part(review: Review, confirmation: object = None) -> Part | None:
    if confirmation is None and review.is_locked:
        return _as_signed(review)
    return _as_now(review)


def _as_signed(review: Review) -> Part | None:
    """The plan in the review's signed record (None when it had none)."""
    query = select(ReviewDocument.snapshot_json).where(ReviewDocument.review_id == review.id)
    stored = db.session.scalar(query)
    if not stored:
        return None
    signed: Part | None = json.loads(stored).get("actions")
    return signed


def _as_now(review: Review) -> Part | None:
    actions = actions_of(review)
    if not actions:
        return None
    return [
        {
            "title": action.title,
            "source": action.source_kind,
            "source_ref": action.source_ref,
            "owner": action.owner,
            "due_on": action.due_on.isoformat(),
            "status": action.status,
            "drop_reason": action.drop_reason,
            "evidence": action.evidence,
            "evidence_url": action.evidence_url,
            "updated_by": action.updated_by.name,
            "updated_at": iso(action.updated_at),
        }
        for action in actions
    ]
