"""A review's exchange file goes from one database to another and back, and comes out the same
bytes each time. The `app` fixture's database is PostgreSQL when TEST_DATABASE_URL is set
(else SQLite); the other installation is always SQLite, so with TEST_DATABASE_URL set the
trip is PostgreSQL -> SQLite -> PostgreSQL."""

import json

from flask import Flask
from sqlalchemy import func, select

from ctdppeia.exchange.document import canonical_bytes, export_document
from ctdppeia.exchange.importing import import_review
from ctdppeia.extensions import db
from ctdppeia.models import (
    AuditEvent,
    FlagResponse,
    Review,
    ReviewAnswer,
    ReviewFlagState,
    ReviewImport,
    User,
)
from ctdppeia.reviews.subjects import adapter_for
from tests.exchange.conftest import Installation, installation


def _export(app: Flask, review_id: int) -> bytes:
    with app.app_context():
        return canonical_bytes(export_document(db.session.get(Review, review_id)))


def _import(place: Installation, data: bytes, kind: str) -> int:
    subject_id = place.request_id if kind == "data-request" else place.use_case_id
    with place.app.app_context():
        adapter = adapter_for(kind)
        user = db.session.get(User, place.reviewer.id)
        return import_review(user, adapter, adapter.get(subject_id), data).id


def _demo_reviews(app: Flask) -> list[tuple[int, str, str]]:
    with app.app_context():
        rows = db.session.scalars(select(Review).order_by(Review.id))
        return [(row.id, row.subject_kind, row.status) for row in rows]


def test_every_demo_review_goes_there_and_back_byte_for_byte(
    app: Flask, seeded_demo: str, other_sqlite: Installation
) -> None:
    reviews = _demo_reviews(app)
    assert {status for _, _, status in reviews} >= {"locked", "in-progress"}
    assert {kind for _, kind, _ in reviews} == {"data-request", "ai-use-case"}
    home = installation(app, agency="DOL")
    for review_id, kind, _status in reviews:
        first = _export(app, review_id)
        copied = _import(other_sqlite, first, kind)
        assert _export(other_sqlite.app, copied) == first
        back = _import(home, _export(other_sqlite.app, copied), kind)
        assert _export(app, back) == first


def test_the_file_carries_the_answers_flags_responses_and_decision(
    app: Flask, seeded_demo: str, other_sqlite: Installation
) -> None:
    with app.app_context():
        locked = db.session.scalars(
            select(Review).where(Review.confirmed_at.is_not(None)).order_by(Review.id)
        ).first()
        assert locked is not None
        answers = db.session.scalar(
            select(func.count()).where(
                ReviewAnswer.review_id == locked.id, ReviewAnswer.value.is_not(None)
            )
        )
        responses = db.session.scalar(
            select(func.count()).where(FlagResponse.review_id == locked.id)
        )
        locked_id, kind = locked.id, locked.subject_kind
    data = _export(app, locked_id)
    document = json.loads(data)
    assert len(document["answers"]) == answers > 0
    assert len(document["responses"]) == responses
    assert document["decision"]["status"] == "locked"
    assert len(document["decision"]["record_digest"]) == 64
    assert document["decision"]["decisions"][-1]["rationale"]
    copied = _import(other_sqlite, data, kind)
    with other_sqlite.app.app_context():
        review = db.session.get(Review, copied)
        assert review.status == "in-progress"  # nothing is signed in the other installation
        stored = db.session.scalar(select(ReviewImport).where(ReviewImport.review_id == copied))
        assert stored.decision == document["decision"]
        flags = db.session.scalar(select(func.count()).where(ReviewFlagState.review_id == copied))
        assert flags == len(document["flags"])
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "review.imported")
        ).one()
        assert event.object_id == copied
