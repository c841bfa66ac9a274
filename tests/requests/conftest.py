"""Helpers for the data request tests: the form a reviewer fills in, and requests made directly."""

from datetime import timedelta

from flask import Flask

from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.subjects import adapter_for


def lock_review_of(app: Flask, user: User, review_id: int) -> None:
    """Mark the review submitted and confirmed directly, then let the request follow it."""
    with app.app_context():
        other = User(email=f"approver-{review_id}@example.gov", name="Locking Approver",
                     role=Role.APPROVER, agency_id=db.session.get(User, user.id).agency_id,
                     password_hash="x")  # fmt: skip
        db.session.add(other)
        review = db.session.get(Review, review_id)
        now = utcnow()
        review.submitted_at, review.submitted_by_id = now, user.id
        review.confirmed_at, review.confirmed_by = now + timedelta(seconds=1), other
        adapter = adapter_for("data-request")
        adapter.on_review_status_changed(adapter.get(review.subject_id), "locked", other)
        db.session.commit()
