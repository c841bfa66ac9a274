"""The quorum counts only current members: a vote of someone deactivated, or moved to another
role, stays stored but counts neither in the tally, the quorum nor the signed record (the
third security test's "2 of 1 members have voted")."""

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from ctdppeia.advisory.record import advisory_part
from ctdppeia.extensions import db
from ctdppeia.models import AIDecision, AIRecommendation, Review, User
from tests.conftest import AuthActions
from tests.factories.use_cases import CaseFactory, as_member, decide, vote


def _page(client: FlaskClient, case: tuple[int, int]) -> str:
    return client.get(f"/ai-use-cases/{case[0]}/advisory").get_data(as_text=True)


def test_votes_of_people_who_left_the_group_do_not_count(
    app: Flask,
    client: FlaskClient,
    runner: FlaskCliRunner,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case(tier="low")
    for name in ("ana", "ben"):
        as_member(auth, members[name])
        assert vote(client, case, "approve", f"{name} says yes.") == 302
    for change in (["--inactive"], ["--role", "reviewer"]):
        who = members["ana" if change == ["--inactive"] else "ben"]
        result = runner.invoke(args=["set-user", who.email, *change])
        assert result.exit_code == 0, result.output
    as_member(auth, members["chair"])
    page = _page(client, case)
    assert "0 of 2 members who may vote have voted" in page
    assert "2 earlier votes do not count" in page and "ana says yes." not in page
    assert decide(client, case) == 409  # the quorum is 2 current members' votes
    with app.app_context():
        assert len(db.session.scalars(select(AIRecommendation)).all()) == 2  # kept, not counted
    for name in ("sub", "chair"):
        as_member(auth, members[name])
        assert vote(client, case, "approve-with-conditions", f"{name} agrees.") == 302
    assert decide(client, case) == 302
    with app.app_context():
        found = db.session.scalars(select(AIDecision)).one()
        assert (found.quorum, found.members_eligible) == (2, 2)
        part = advisory_part(db.session.get_one(Review, case[1]))
    assert part is not None
    assert sorted(v["member"] for v in part["recommendations"]) == ["Chair Person", "Sub Member"]
    counts = {row["recommendation"]: row["count"] for row in part["tally"]}
    assert counts == {"approve": 0, "approve-with-conditions": 2, "do-not-approve": 0,
                      "abstain": 0}  # fmt: skip
