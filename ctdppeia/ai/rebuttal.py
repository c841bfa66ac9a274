"""The written determination that sets aside a presumption of high impact (OMB M-25-21,
section 6): recorded on a Responsible-AI review with the official who decided and why, or
withdrawn; both audited.

The determination covers the presumption flags raised when it is recorded. A presumption raised
later is not covered: it keeps the tier high until a new determination names it too.
"""

from ctdppeia import audit, words
from ctdppeia.ai import presumption
from ctdppeia.ai.tier import rebuttal_of, tier_of
from ctdppeia.extensions import db
from ctdppeia.models import PresumptionRebuttal, Review, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews import permissions
from ctdppeia.reviews.services import transaction
from ctdppeia.reviews.workflow import lock_for_change

ACTION = "review.presumption_rebuttal"


class NoPresumption(ValueError):
    """No presumption of high impact is raised, so there is nothing to set aside."""


def record_rebuttal(user: User, review: Review, decided_by: str, reason: str) -> None:
    """Record (or replace) the determination: who decided, why; it sets aside every
    presumption flag raised now."""
    decided_by, reason = decided_by.strip(), reason.strip()
    if not decided_by or not reason:
        raise ValueError("a written determination needs the official who decided and the reason")
    permissions.ensure_may_answer(user, review)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_open(review)
        found = tier_of(review)
        if not found.presumptions:
            raise NoPresumption("no presumption of high impact is raised on this review")
        flags = [entry.flag for entry in found.presumptions]
        risks = [entry.flag for entry in found.risks]
        ids = [flag.id for flag in flags]
        after = presumption.rating(presumption.remaining(risks, ids)) or "info"
        row = rebuttal_of(review) or PresumptionRebuttal(review_id=review.id)
        before = _words(row) if row.id is not None else None
        row.decided_by, row.reason, row.flag_ids = decided_by, reason, ids
        row.tier_before, row.tier_after = found.questionnaire or "info", after
        row.created_by, row.created_at = user, utcnow()
        db.session.add(row)
        review.updated_at = utcnow()
        cited = presumption.cited(flags)
        summary = (
            f"Recorded the written determination of {decided_by} setting aside the presumption "
            f"of high impact ({cited}): the rules now give {words.RATING[after]}"
        )
        changes = {"presumption": (before, _words(row))}
        audit.record(user, ACTION, review, changes=changes, summary=summary)


def withdraw_rebuttal(user: User, review: Review) -> None:
    """Remove the determination: the presumptions count again."""
    permissions.ensure_may_answer(user, review)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_open(review)
        row = rebuttal_of(review)
        if row is None:
            return
        before = _words(row)
        db.session.delete(row)
        review.updated_at = utcnow()
        summary = f"Withdrew the written determination of {row.decided_by}"
        audit.record(user, ACTION, review, changes={"presumption": (before, None)}, summary=summary)


def _words(row: PresumptionRebuttal) -> str:
    return f"{row.decided_by}: {row.reason} (sets aside {', '.join(row.flag_ids)})"
