""" "Waiting for you" from the advisory group, and the stored queue status of each use case
kept right by every step: submit, vote, subcommittee, decision, confirmation, send back."""

from datetime import UTC, date, datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from ctdppeia.ai import stored
from ctdppeia.extensions import db
from ctdppeia.models import AIDecision, AIUseCase, Review, Role, User
from tests.conftest import AuthActions, MakeUser
from tests.factories.use_cases import CaseFactory, as_member, decide, vote
from tests.waiting_page import panel, says_nothing_waits

VOTES = "AI cases waiting for your vote"
SUBCOMMITTEE = "AI cases waiting for the subcommittee"
DECISIONS = "AI cases waiting for a chair's decision"
APPROVALS = "Reviews waiting for your approval"
DUE_NOW = "AI systems due for re-assessment"


def _stored(app: Flask, use_case_id: int) -> str:
    with app.app_context():
        return db.session.get_one(AIUseCase, use_case_id).queue_status


def _name(app: Flask, use_case_id: int, name: str) -> None:
    with app.app_context():
        db.session.execute(update(AIUseCase).where(AIUseCase.id == use_case_id).values(name=name))
        db.session.commit()


def test_a_case_before_the_group_waits_for_each_member_until_they_vote(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case()
    assert _stored(app, case[0]) == "waiting-for-decision"
    as_member(auth, members["ana"])
    mine = panel(client)[VOTES]
    assert mine.total == 1 and mine.titles == ["Benefits chatbot"]
    assert mine.links == [f"/ai-use-cases/{case[0]}/advisory#advisory"]
    assert vote(client, case) == 302
    assert VOTES not in panel(client)
    as_member(auth, members["ben"])
    assert panel(client)[VOTES].total == 1  # Ben has not voted yet


def test_a_member_with_a_conflict_is_not_asked(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, User]
) -> None:
    case = make_case()
    for name in ("ana", "chair"):
        as_member(auth, members[name])
        url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
        assert client.post(url, data={"reason": "I advised the vendor."}).status_code == 302
        groups = panel(client)
        assert VOTES not in groups and DECISIONS not in groups
        assert says_nothing_waits(client)


def test_the_submitter_is_not_asked_to_vote_on_their_own_review(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    owner: User,
    members: dict[str, User],
) -> None:
    make_case()
    with app.app_context():  # an AI reviewer who submitted the review
        user = db.session.get_one(User, owner.id)
        user.role = Role.AI_REVIEWER
        db.session.commit()
    as_member(auth, owner)
    assert VOTES not in panel(client)
    as_member(auth, members["ana"])
    assert panel(client)[VOTES].total == 1


def test_counts_oldest_first_and_overdue(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    ages = {"Middle case": 12, "Newest case": 1, "Oldest case": 30}
    for name, days in ages.items():
        use_case_id, review_id = make_case()
        _name(app, use_case_id, name)
        with app.app_context():
            when = datetime.now(UTC) - timedelta(days=days)
            at = update(Review).where(Review.id == review_id).values(submitted_at=when)
            db.session.execute(at)
            db.session.commit()
    as_member(auth, members["chair"])
    groups = panel(client)
    for label in (VOTES, DECISIONS):
        assert groups[label].total == 3 and groups[label].overdue == 2
        assert groups[label].titles == ["Oldest case", "Middle case", "Newest case"]
        assert groups[label].overdue_titles == ["Oldest case", "Middle case"]


def test_a_high_tier_case_waits_for_the_subcommittee_then_the_chair_then_the_approver(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
) -> None:
    case = make_case(tier="high")
    assert _stored(app, case[0]) == "waiting-for-subcommittee"
    as_member(auth, members["chair"])
    assert DECISIONS not in panel(client)  # the subcommittee comes first
    as_member(auth, members["ana"])
    assert SUBCOMMITTEE not in panel(client)  # not a member of it
    as_member(auth, members["sub"])
    assert panel(client)[SUBCOMMITTEE].titles == ["Benefits chatbot"]
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/subcommittee"
    data = {"subcommittee-recommendation": "approve", "subcommittee-rationale": "Fine."}
    assert client.post(url, data=data).status_code == 302
    assert SUBCOMMITTEE not in panel(client)
    assert _stored(app, case[0]) == "waiting-for-decision"
    approver = make_user(Role.APPROVER, agency="DSS", name="Ana Approver")
    as_member(auth, approver)
    assert APPROVALS not in panel(client)  # the group decides before the approver
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    assert panel(client)[DECISIONS].titles == ["Benefits chatbot"]
    assert decide(client, case, "approve") == 302  # as the subcommittee recommended
    assert DECISIONS not in panel(client)
    assert _stored(app, case[0]) == "waiting-approval"
    as_member(auth, approver)
    assert panel(client)[APPROVALS].titles == ["Benefits chatbot"]
    other = make_user(Role.APPROVER, agency="DOL", name="Other Approver")
    as_member(auth, other)
    assert APPROVALS not in panel(client)
    as_member(auth, approver)
    sign = {"declaration": "y", "step": "sign"}
    assert client.post(f"/reviews/{case[1]}/confirm", data=sign).status_code == 302
    assert _stored(app, case[0]) == "decided"
    assert APPROVALS not in panel(client)


def test_a_review_sent_back_before_the_decision_leaves_the_group(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
) -> None:
    case = make_case()
    with app.app_context():  # the review needs a submitted recommendation to send back
        from ctdppeia.models import ReviewDecision

        review = db.session.get_one(Review, case[1])
        db.session.add(
            ReviewDecision(
                review_id=review.id,
                recommendation="approve",
                rationale="Fine.",
                submitted_by_id=review.submitted_by_id,
            )
        )
        db.session.commit()
    approver = make_user(Role.APPROVER, agency="DSS", name="Ana Approver")
    as_member(auth, approver)
    back = {"comment": "Answer the section on appeals."}
    assert client.post(f"/reviews/{case[1]}/send-back", data=back).status_code == 302
    assert _stored(app, case[0]) == "in-review"
    as_member(auth, members["ana"])
    assert VOTES not in panel(client)


def test_a_system_due_for_re_assessment_waits_for_the_group_and_its_agency(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    owner: User,
    make_user: MakeUser,
) -> None:
    case = make_case()
    past = date.today() - timedelta(days=5)
    with app.app_context():
        db.session.add(
            AIDecision(
                review_id=case[1],
                outcome="approve",
                basis="Fine.",
                tier="low",
                next_review_on=past,
                quorum=2,
                members_eligible=3,
                decided_by_id=members["chair"].id,
            )
        )
        db.session.commit()
    assert _stored(app, case[0]) == "waiting-approval"
    for user in (members["ana"], owner):
        as_member(auth, user)
        due = panel(client)[DUE_NOW]
        assert due.titles == ["Benefits chatbot"] and due.overdue == 1
    assert "due " in client.get("/").get_data(as_text=True)
    as_member(auth, make_user(Role.REVIEWER, agency="DOL", name="Other Reviewer"))
    assert DUE_NOW not in panel(client)
    as_member(auth, owner)
    listed = client.get("/ai-use-cases/?status=due").get_data(as_text=True)
    assert "Benefits chatbot" in listed
    assert "Benefits chatbot" not in client.get("/ai-use-cases/?status=waiting-approval").text


def test_a_board_member_sees_none_of_the_groups_work(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    make_user: MakeUser,
) -> None:
    make_case()
    make_case(tier="high")
    as_member(auth, make_user(Role.BOARD, agency="OPM", name="Board Member"))
    home = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Nothing is waiting for you." in home and "Benefits chatbot" not in home


def test_the_stored_status_matches_the_rules_after_every_step(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    cases = [make_case(), make_case(tier="high"), make_case(submitted=False)]
    as_member(auth, members["sub"])
    url = f"/ai-use-cases/{cases[1][0]}/advisory/{cases[1][1]}/subcommittee"
    data = {"subcommittee-recommendation": "approve", "subcommittee-rationale": "Fine."}
    assert client.post(url, data=data).status_code == 302
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, cases[0]) == 302
    assert decide(client, cases[0]) == 302
    with app.app_context():
        assert stored.refresh_all(write=False) == []  # nothing differs from the rules
        ids = [use_case_id for use_case_id, _review in cases]
        found = db.session.execute(
            select(AIUseCase.id, AIUseCase.queue_status).where(AIUseCase.id.in_(ids))
        )
        assert dict(found.all()) == {
            cases[0][0]: "waiting-approval",
            cases[1][0]: "waiting-for-decision",
            cases[2][0]: "in-review",
        }
