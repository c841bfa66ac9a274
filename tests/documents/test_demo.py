"""The demo data's locked review is confirmed through the workflow, so it has its signed PDF."""

from flask import Flask
from sqlalchemy import select

from ctdppeia.documents.identity import trust_roots
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDocument
from ctdppeia.pdf import record_digest, verify_pdf
from ctdppeia.reviews.snapshot import build_snapshot


def test_seeded_locked_review_has_a_valid_signed_pdf(app: Flask, seeded_demo: str) -> None:
    with app.app_context():
        locked = [r for r in db.session.scalars(select(Review)) if r.is_locked]
        assert locked
        for review in locked:
            query = select(ReviewDocument).where(ReviewDocument.review_id == review.id)
            document = db.session.scalars(query).one()
            assert document.record_digest == record_digest(build_snapshot(review))
            assert verify_pdf(document.pdf, trust_roots()).ok
