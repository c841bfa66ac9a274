"""The confirmation pages after a review is submitted (and signed by its reviewer) and after
the approver signs it: the GOV.UK confirmation pattern. Each is a page of its own that the
form's POST redirects to, so it can be bookmarked and reloaded; it checks the review's
subject like every review page."""

from flask import abort, render_template
from sqlalchemy import select

from ctdppeia.access import roles
from ctdppeia.extensions import db
from ctdppeia.models import ReviewDocument
from ctdppeia.notices.audience import CONFIRMED, SUBMITTED, told_of
from ctdppeia.reviews import pages
from ctdppeia.reviews.permissions import READERS
from ctdppeia.reviews.views import bp


@bp.route("/<int:review_id>/submitted")
@roles(*READERS)
def submitted(review_id: int) -> str:
    """After the reviewer signed and submitted: while the submission stands."""
    loaded = pages.load_review(review_id)
    decision = loaded.review.current_decision
    if decision is None:
        abort(404)
    return render_template(
        "reviews/submitted.html",
        **pages.common(loaded),
        decision=decision,
        told=told_of(SUBMITTED, loaded.review),
    )


@bp.route("/<int:review_id>/signed")
@roles(*READERS)
def signed(review_id: int) -> str:
    """After the approver confirmed and signed: the review is locked, its record stored."""
    loaded = pages.load_review(review_id)
    if not loaded.review.is_locked:
        abort(404)
    # The stored record of the signing (the documents feature stores it; read, not imported).
    query = select(ReviewDocument.record_digest).where(ReviewDocument.review_id == review_id)
    digest = db.session.scalar(query)
    return render_template(
        "reviews/signed.html",
        **pages.common(loaded),
        decision=loaded.review.current_decision,
        digest=digest,
        told=told_of(CONFIRMED, loaded.review),
    )
