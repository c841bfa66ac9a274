"""Notices of the AI advisory group's steps: a case ready for the group, each vote and the
quorum, the subcommittee's recommendation, the decision. Never to a member with a conflict of
interest, nor to who answered the review; the decision goes to the owner agency's approvers,
never another agency's."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.reviews import announce
from tests.conftest import AuthActions, MakeUser
from tests.factories.use_cases import CaseFactory, as_member, decide, vote
from tests.mailsink import SmtpSink
from tests.notices.steps import emails_to, notices_of, speaks, text_of


def _conflict(client: FlaskClient, case: tuple[int, int]) -> None:
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
    assert client.post(url, data={"reason": "My team built it."}).status_code == 302


def test_a_submitted_case_is_ready_for_the_group_but_not_for_a_conflicted_member(
    app: Flask, client: FlaskClient, auth: AuthActions, smtp_sink: SmtpSink,
    make_case: CaseFactory, members: dict[str, User], owner: User, make_user: MakeUser,
) -> None:  # fmt: skip
    approver = make_user(Role.APPROVER, agency="DSS")
    board = make_user(Role.BOARD, agency="DSS")
    case = make_case(tier="medium")
    as_member(auth, members["ben"])
    _conflict(client, case)
    with app.app_context():  # what submit_review calls once the review is submitted
        review = db.session.get_one(Review, case[1])
        announce.submitted(review, db.session.get_one(User, owner.id))
        db.session.commit()
    for name in ("chair", "sub", "ana"):
        [notice] = notices_of(app, members[name], "ai.ready")
        assert notice.path == f"/ai-use-cases/{case[0]}/advisory#advisory"
        assert notice.title == "Benefits chatbot"
    assert notices_of(app, members["ben"]) == []  # declared a conflict
    assert notices_of(app, owner) == [] and notices_of(app, board) == []
    # The approver confirms only after the group's decision: nothing to act on yet.
    assert notices_of(app, approver) == []
    [email] = emails_to(smtp_sink, members["chair"])
    assert "An AI use case is ready for the advisory group." in text_of(email)


def test_each_vote_and_the_quorum_go_to_the_chairs_without_a_conflict(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User], make_user: MakeUser,
) -> None:  # fmt: skip
    app.config["AI_QUORUM"] = 2
    conflicted = make_user(Role.AI_REVIEWER, agency="DCF", ai_chair=True)
    case = make_case(tier="low")
    as_member(auth, conflicted)
    _conflict(client, case)
    as_member(auth, members["ana"])
    assert vote(client, case) == 302
    as_member(auth, members["ben"])
    assert vote(client, case) == 302
    chair = members["chair"]
    assert [n.kind for n in notices_of(app, chair)] == ["ai.vote", "ai.quorum"]
    assert notices_of(app, conflicted) == []
    assert notices_of(app, members["sub"]) == []  # not a chair


def test_the_subcommittee_recommendation_goes_to_the_chair(
    app: Flask, client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
    members: dict[str, User],
) -> None:  # fmt: skip
    case = make_case(tier="high")
    as_member(auth, members["sub"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/subcommittee"
    data = {"subcommittee-recommendation": "approve", "subcommittee-rationale": "Fine."}
    assert client.post(url, data=data).status_code == 302
    [notice] = notices_of(app, members["chair"], "ai.subcommittee")
    assert notice.path == f"/ai-use-cases/{case[0]}/advisory#advisory"
    assert notices_of(app, members["ana"], "ai.subcommittee") == []


def test_the_decision_goes_to_the_owner_agencys_approver(
    app: Flask, client: FlaskClient, auth: AuthActions, smtp_sink: SmtpSink,
    make_case: CaseFactory, members: dict[str, User], owner: User, make_user: MakeUser,
) -> None:  # fmt: skip
    app.config["AI_QUORUM"] = 2
    approver = make_user(Role.APPROVER, agency="DSS")
    speaks(app, approver, "es")
    elsewhere = make_user(Role.APPROVER, agency="DCF")
    board = make_user(Role.BOARD, agency="DSS")
    case = make_case(tier="low")
    for name in ("ana", "ben"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    as_member(auth, members["chair"])
    assert decide(client, case) == 302
    [notice] = notices_of(app, approver, "ai.decided")
    assert notice.path == f"/reviews/{case[1]}/confirm"
    assert [n.kind for n in notices_of(app, owner)] == ["ai.decided"]  # who submitted it
    assert notices_of(app, elsewhere) == [] and notices_of(app, board) == []
    [email] = emails_to(smtp_sink, approver)
    assert "El grupo asesor de IA decidió." in text_of(email)
