"""The database's own rules: named check constraints and the lock triggers, tried with raw SQL."""

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewAnswer, User
from ctdppeia.models.review_lock import CHILD_TABLES
from ctdppeia.reviews import workflow
from tests.factories.reviews import complete_review


@pytest.fixture
def app(migrated_app: Flask) -> Flask:
    """These tests run on a schema built by the migrations, as a deployment's is."""
    return migrated_app


def _lock(app: Flask, reviewer: User, approver: User, review_id: int) -> None:
    complete_review(app, reviewer, review_id)
    with app.app_context():
        review = db.session.get(Review, review_id)
        workflow.submit_review(
            db.session.get(User, reviewer.id), review, "approve", "", "Looks fine."
        )
        workflow.confirm_review(db.session.get(User, approver.id), review)


def _refused(app: Flask, sql: str, **params: object) -> str:
    """Run one statement; return the database's refusal (fails if it was accepted)."""
    with app.app_context():
        try:
            db.session.execute(text(sql), params)
            db.session.commit()
        except DBAPIError as error:
            db.session.rollback()
            return str(error.orig)
        pytest.fail(f"the database accepted: {sql}")


def _count(app: Flask, table: str, review_id: int) -> int:
    with app.app_context():
        query = text(f"SELECT count(*) FROM {table} WHERE review_id = :id")
        return int(db.session.scalar(query, {"id": review_id}))


@pytest.fixture
def locked(app: Flask, reviewer: User, approver: User, review_id: int) -> int:
    _lock(app, reviewer, approver, review_id)
    return review_id


def test_raw_sql_cannot_change_a_locked_review(app: Flask, locked: int) -> None:
    before = {table: _count(app, table, locked) for table in CHILD_TABLES}
    assert before["review_answer"] > 0 and before["review_decision"] == 1
    refusals = [
        _refused(app, "UPDATE review SET last_section = 'x' WHERE id = :id", id=locked),
        _refused(app, "UPDATE review SET confirmed_at = NULL WHERE id = :id", id=locked),
        _refused(app, "DELETE FROM review WHERE id = :id", id=locked),
        _refused(app, "UPDATE review_answer SET value = '\"x\"' WHERE review_id = :id", id=locked),
        _refused(app, "DELETE FROM review_answer WHERE review_id = :id", id=locked),
        _refused(
            app,
            "INSERT INTO review_answer (review_id, question_id, value, changed_in_version, "
            "updated_at, updated_by_id) SELECT :id, 'D9', '1', 1, updated_at, updated_by_id "
            "FROM review_answer WHERE review_id = :id AND question_id = 'B1'",
            id=locked,
        ),
        _refused(
            app, "UPDATE review_decision SET rationale = 'x' WHERE review_id = :id", id=locked
        ),
        _refused(app, "DELETE FROM review_decision WHERE review_id = :id", id=locked),
        _refused(
            app,
            "INSERT INTO flag_response (review_id, flag_id, kind, text, created_by_id, created_at) "
            "SELECT review_id, 'names', 'mitigation', 'x', submitted_by_id, submitted_at "
            "FROM review_decision WHERE review_id = :id",
            id=locked,
        ),
        _refused(app, "UPDATE review_flag SET cleared_at = NULL WHERE review_id = :id", id=locked),
        _refused(app, "DELETE FROM review_flag WHERE review_id = :id", id=locked),
    ]
    assert all("review is locked" in message for message in refusals)
    assert {table: _count(app, table, locked) for table in CHILD_TABLES} == before


def test_moving_a_row_into_a_locked_review_is_refused(
    app: Flask, qdir: Path, reviewer: User, locked: int, request_id: int
) -> None:
    from tests.factories.reviews import save, start_review

    other = start_review(app, reviewer, request_id)
    save(app, reviewer, other, "basics", {"B1": "agency"})
    message = _refused(
        app,
        "UPDATE review_answer SET review_id = :locked WHERE review_id = :other",
        locked=locked,
        other=other,
    )
    assert "review is locked" in message


def test_an_open_review_can_still_change(app: Flask, reviewer: User, review_id: int) -> None:
    complete_review(app, reviewer, review_id)
    with app.app_context():
        db.session.execute(
            text("UPDATE review SET last_section = 'details' WHERE id = :id"), {"id": review_id}
        )
        db.session.execute(text("DELETE FROM review_answer WHERE question_id = 'D4'"))
        db.session.commit()
        assert db.session.get(Review, review_id).last_section == "details"


def test_stored_questionnaire_text_cannot_change(app: Flask, review_id: int) -> None:
    message = _refused(app, "UPDATE questionnaire_version SET text = 'changed'")
    assert "cannot change" in message
    assert "cannot change" in _refused(app, "DELETE FROM questionnaire_version")


@pytest.mark.parametrize(
    ("change", "constraint"),
    [
        ("submitted_at = updated_at", "submitter_with_time"),
        (
            "confirmed_at = updated_at, confirmed_by_id = started_by_id",
            "confirmed_only_if_submitted",
        ),
        (
            "submitted_at = updated_at, submitted_by_id = started_by_id, "
            "confirmed_at = updated_at, confirmed_by_id = started_by_id",
            "confirmer_is_not_submitter",
        ),
        ("version = 0", "version_positive"),
        ("amends_id = id", "does_not_amend_itself"),
    ],
)
def test_review_invariants_are_named_check_constraints(
    app: Flask, review_id: int, change: str, constraint: str
) -> None:
    with app.app_context():
        with pytest.raises(IntegrityError) as caught:
            db.session.execute(
                text(f"UPDATE review SET {change} WHERE id = :id"), {"id": review_id}
            )
        db.session.rollback()
    assert f"ck_review_{constraint}" in str(caught.value.orig)


def test_answers_are_unique_per_question(app: Flask, reviewer: User, review_id: int) -> None:
    from tests.factories.reviews import save

    save(app, reviewer, review_id, "basics", {"B1": "agency"})
    with app.app_context():
        row = db.session.scalars(db.select(ReviewAnswer)).one()
        duplicate = ReviewAnswer(
            review_id=review_id,
            question_id="B1",
            value="university",
            changed_in_version=1,
            updated_by_id=row.updated_by_id,
        )
        db.session.add(duplicate)
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_flag_responses_are_only_ever_added(app: Flask, reviewer: User, review_id: int) -> None:
    from tests.factories.reviews import save

    save(app, reviewer, review_id, "basics", {"B2": "yes", "B3": "no"})
    with app.app_context():
        review = db.session.get(Review, review_id)
        workflow.respond_to_flag(
            db.session.get(User, reviewer.id),
            review,
            "names-kept",
            "accepted-risk",
            "Needed for linking.",
        )
    assert "only ever added" in _refused(app, "UPDATE flag_response SET text = 'changed'")
    assert "only ever added" in _refused(app, "DELETE FROM flag_response")
    assert _count(app, "flag_response", review_id) == 1
