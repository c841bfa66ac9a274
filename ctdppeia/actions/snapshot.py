"""The action plan in the review's snapshot (key ``actions``), and so in the signed PDF.

The key is left out when the review has no action, so records made before action plans, and
reviews without a plan, keep exactly the record they had. The signed record holds the plan as
it stood when the approver signed; later changes are in the audit log and on the review page.
"""

from typing import Any

from ctdppeia.actions.services import actions_of
from ctdppeia.models import Review
from ctdppeia.reviews.display import iso


def actions_part(review: Review, _confirmation: object = None) -> list[dict[str, Any]] | None:
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
