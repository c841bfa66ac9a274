"""The database itself keeps the advisory group's record: a decision never changes, votes and
conflicts are frozen once the review is decided, the subcommittee's recommendations and the
conflicts are only added, and a condition only ever changes by being closed, once."""

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ctdppeia.extensions import db
from ctdppeia.models import User
from tests.conftest import AuthActions
from tests.factories.use_cases import DUE, CaseFactory, as_member, decide, vote

DECIDED = "has decided on this review"
CONDITION = ("A person checks every answer.", "DSS benefits office", DUE)


@pytest.fixture
def decided(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> Iterator[tuple[int, int]]:
    """A high-tier case: a conflict, three votes, the subcommittee's advice, the decision with
    a condition. Yields (use case id, review id) inside an app context."""
    case = make_case(tier="high")
    as_member(auth, members["ben"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
    assert client.post(url, data={"reason": "I know the vendor."}).status_code == 302
    for name in ("ana", "sub", "chair"):
        as_member(auth, members[name])
        assert vote(client, case, "approve-with-conditions", "With a check.") == 302
    as_member(auth, members["sub"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/subcommittee"
    data = {
        "subcommittee-recommendation": "approve-with-conditions",
        "subcommittee-rationale": "With a check.",
    }
    assert client.post(url, data=data).status_code == 302
    as_member(auth, members["chair"])
    assert decide(client, case, "approve-with-conditions", [CONDITION]) == 302
    with app.app_context():
        yield case


def _refused(sql: str, match: str, **params: object) -> None:
    with pytest.raises(DBAPIError, match=match):
        db.session.execute(text(sql), params)
        db.session.flush()
    db.session.rollback()


def _count(table: str) -> int:
    return int(db.session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())  # nosec B608


def test_the_decision_is_never_changed_or_deleted(decided: tuple[int, int]) -> None:
    _refused("UPDATE ai_decision SET outcome = 'do-not-approve'", "kept as made")
    _refused("UPDATE ai_decision SET basis = 'rewritten'", "kept as made")
    _refused("DELETE FROM ai_condition", "kept as decided")
    _refused("DELETE FROM ai_decision", "kept as made")
    row = db.session.execute(text("SELECT outcome, basis FROM ai_decision")).one()
    assert tuple(row) == ("approve-with-conditions", "The review answers the risks.")


def test_votes_freeze_once_the_review_is_decided(
    decided: tuple[int, int], members: dict[str, User]
) -> None:
    _refused("UPDATE ai_recommendation SET recommendation = 'do-not-approve'", DECIDED)
    _refused("DELETE FROM ai_recommendation", DECIDED)
    _refused(
        "INSERT INTO ai_recommendation (review_id, user_id, recommendation, rationale, "
        "created_at, updated_at) VALUES (:review, :user, 'approve', 'Late.', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
        DECIDED,
        review=decided[1],
        user=members["ben"].id,
    )
    assert _count("ai_recommendation") == 3


def test_conflicts_and_subcommittee_advice_are_only_added(decided: tuple[int, int]) -> None:
    _refused("UPDATE ai_conflict SET reason = 'none'", "conflict of interest is kept")
    _refused("DELETE FROM ai_conflict", "conflict of interest is kept")
    _refused(
        "UPDATE ai_subcommittee_recommendation SET recommendation = 'approve'",
        "recommendation of the subcommittee is kept",
    )
    _refused("DELETE FROM ai_subcommittee_recommendation", "subcommittee is kept")
    _refused(
        "INSERT INTO ai_subcommittee_recommendation (review_id, recommendation, rationale, "
        "recorded_by_id, recorded_at) SELECT review_id, 'approve', 'Late.', recorded_by_id, "
        "recorded_at FROM ai_subcommittee_recommendation",
        DECIDED,
    )
    assert (_count("ai_conflict"), _count("ai_subcommittee_recommendation")) == (1, 1)


def test_a_condition_changes_only_by_being_closed_once(decided: tuple[int, int]) -> None:
    _refused("UPDATE ai_condition SET text = 'easier'", "kept as decided")
    _refused("UPDATE ai_condition SET due_on = '2099-01-01'", "kept as decided")
    _refused("UPDATE ai_condition SET owner_name = 'someone else'", "kept as decided")
    closer = db.session.execute(text("SELECT decided_by_id FROM ai_decision")).scalar_one()
    close = (
        "UPDATE ai_condition SET closed_at = CURRENT_TIMESTAMP, closed_by_id = :user, "
        "evidence = :evidence"
    )
    db.session.execute(text(close), {"user": closer, "evidence": "The report of March."})
    db.session.commit()
    _refused(close, "kept as decided", user=closer, evidence="Rewritten evidence.")
    evidence = db.session.execute(text("SELECT evidence FROM ai_condition")).scalar_one()
    assert evidence == "The report of March."


def test_votes_change_freely_before_the_decision(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case(tier="low")
    as_member(auth, members["ana"])
    assert vote(client, case, "approve", "Fine.") == 302
    with app.app_context():
        db.session.execute(text("UPDATE ai_recommendation SET rationale = 'Changed.'"))
        db.session.commit()
        assert db.session.execute(text("SELECT rationale FROM ai_recommendation")).scalar_one() == (
            "Changed."
        )
        db.session.execute(text("DELETE FROM ai_recommendation"))
        db.session.commit()
        assert _count("ai_recommendation") == 0
