"""Separation of duties on a Responsible-AI review: whoever answered or submitted it does not
vote on it, record the subcommittee's recommendation or decide it as chair, like an approver
(refused on the server with 403, and the controls are not offered)."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import AIDecision, AIRecommendation, Review, ReviewAnswer, User
from tests.conftest import AuthActions
from tests.factories.use_cases import CaseFactory, as_member, decide, vote

SUBCOMMITTEE = {"subcommittee-recommendation": "approve", "subcommittee-rationale": "Fine."}


def _answered_by(app: Flask, review_id: int, user: User) -> None:
    """`user` saved an answer of the review (as the section form does)."""
    with app.app_context():
        review = db.session.get_one(Review, review_id)
        db.session.add(
            ReviewAnswer(
                review_id=review.id,
                question_id="I1",
                value="Benefits chatbot, made by Acme AI",
                changed_in_version=1,
                updated_by_id=user.id,
            )
        )
        db.session.commit()


def _submitted_by(app: Flask, review_id: int, user: User) -> None:
    with app.app_context():
        db.session.get_one(Review, review_id).submitted_by_id = user.id
        db.session.commit()


def _page(client: FlaskClient, case: tuple[int, int]) -> str:
    response = client.get(f"/ai-use-cases/{case[0]}/advisory")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_member_who_answered_the_review_neither_votes_nor_recommends(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case(tier="high")
    _answered_by(app, case[1], members["sub"])
    as_member(auth, members["sub"])
    page = _page(client, case)
    assert "You answered this review, so you may not vote on it" in page
    assert "Save my recommendation" not in page
    assert "Record the subcommittee's recommendation" not in page
    response = client.post(f"/ai-use-cases/{case[0]}/advisory/{case[1]}/recommendation",
                           data={"recommendation": "approve", "rationale": "Mine."})  # fmt: skip
    assert response.status_code == 403
    assert "You answered this review" in response.get_data(as_text=True)
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/subcommittee"
    assert client.post(url, data=SUBCOMMITTEE).status_code == 403
    with app.app_context():
        assert db.session.scalars(select(AIRecommendation)).all() == []


def test_a_chair_who_answered_the_review_does_not_decide_it(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case(tier="low")
    _answered_by(app, case[1], members["chair"])
    for name in ("ana", "ben", "sub"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    as_member(auth, members["chair"])
    page = _page(client, case)
    assert "Continue to check the decision" not in page and "You answered this review" in page
    assert decide(client, case) == 403
    assert vote(client, case) == 403
    with app.app_context():
        assert db.session.scalars(select(AIDecision)).first() is None


def test_the_submitter_is_refused_even_without_separation_of_duties(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    app.config["SEPARATION_OF_DUTIES"] = False
    case = make_case(tier="low")
    _submitted_by(app, case[1], members["ana"])
    _answered_by(app, case[1], members["ben"])
    as_member(auth, members["ana"])
    assert vote(client, case) == 403
    assert "You submitted this review" in _page(client, case)
    as_member(auth, members["ben"])  # answered, which a small agency may allow
    assert vote(client, case) == 302


def test_those_who_answered_are_left_out_of_the_quorum(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case(tier="low")  # four members; two answered: two may vote, a quorum is 2
    _answered_by(app, case[1], members["ana"])
    _submitted_by(app, case[1], members["ben"])
    as_member(auth, members["sub"])
    assert vote(client, case) == 302
    assert "1 of 2 members who may vote have voted" in _page(client, case)
    as_member(auth, members["chair"])
    assert vote(client, case) == 302
    assert decide(client, case) == 302
    with app.app_context():
        found = db.session.scalars(select(AIDecision)).one()
        assert (found.quorum, found.members_eligible) == (2, 2)
