"""The advisory group's rules through HTTP: conflicts, one vote each, changes until the
decision, quorum with abstentions, the subcommittee step, who may decide, who may see."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import AIDecision, AIRecommendation, AuditEvent, Role, User
from tests.conftest import AuthActions, MakeUser
from tests.factories.use_cases import DUE, CaseFactory, as_member, decide, vote

CONDITION = ("A person checks every answer.", "DSS benefits office", DUE)


def _page(client: FlaskClient, case: tuple[int, int]) -> str:
    response = client.get(f"/ai-use-cases/{case[0]}/advisory")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _votes(app: Flask, review_id: int) -> list[tuple[str, str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(AIRecommendation).where(AIRecommendation.review_id == review_id)
        )
        return sorted((r.user.name, r.recommendation) for r in rows)


def test_an_ai_reviewer_of_any_agency_votes_once_and_may_change_it(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case()
    as_member(auth, members["ben"])  # DCF, not the owner agency (DSS)
    assert vote(client, case, "approve", "Looks fine.") == 302
    assert vote(client, case, "do-not-approve", "On second thought, no appeal route.") == 302
    assert _votes(app, case[1]) == [("Ben Member", "do-not-approve")]
    page = _page(client, case)
    assert "On second thought, no appeal route." in page and "Looks fine." not in page
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action.like("advisory.recommend%"))
        ).all()
        assert [e.action for e in events] == [
            "advisory.recommended",
            "advisory.recommendation_changed",
        ]
        assert "Looks fine." in str(events[1].changes)  # the earlier vote stays in the log


def test_a_recommendation_needs_a_rationale_and_keeps_the_input(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case()
    as_member(auth, members["ana"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/recommendation"
    response = client.post(url, data={"recommendation": "abstain", "rationale": "  "})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Say why you recommend this." in page and "There is a problem" in page
    assert 'value="abstain" checked' in page or "checked" in page
    assert _votes(app, case[1]) == []


def test_a_conflicted_member_cannot_vote_and_their_vote_is_removed(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case()
    as_member(auth, members["ana"])
    assert vote(client, case) == 302
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
    assert client.post(url, data={"reason": "I advised the vendor."}).status_code == 302
    assert _votes(app, case[1]) == []
    assert vote(client, case) == 403
    page = _page(client, case)
    assert "I advised the vendor." in page and "Save my recommendation" not in page
    assert client.post(url, data={"reason": "Twice."}).status_code == 409


def test_no_vote_before_the_review_is_submitted(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, User]
) -> None:
    case = make_case(submitted=False)
    as_member(auth, members["ana"])
    assert vote(client, case) == 409
    assert "You can vote once the review is submitted." in _page(client, case)


def test_quorum_counts_abstentions_and_leaves_out_conflicts(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case(tier="medium")  # four members: a majority is 3
    as_member(auth, members["ana"])
    assert vote(client, case, "abstain", "Not my field.") == 302
    as_member(auth, members["ben"])
    assert vote(client, case) == 302
    as_member(auth, members["chair"])
    assert decide(client, case) == 409  # 2 of 3 needed
    assert "A quorum is 3 votes; 2 so far." in _page(client, case)
    as_member(auth, members["sub"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
    assert client.post(url, data={"reason": "My team built it."}).status_code == 302
    as_member(auth, members["chair"])  # three members without a conflict: 2 is a majority
    assert "Continue to check the decision" in _page(client, case)
    assert decide(client, case) == 302
    with app.app_context():
        found = db.session.scalars(select(AIDecision)).one()
        assert (found.outcome, found.quorum, found.members_eligible) == ("approve", 2, 3)


def test_quorum_is_at_least_two(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, make_user: MakeUser
) -> None:
    chair = make_user(Role.AI_REVIEWER, agency="DAS", ai_chair=True)
    case = make_case(tier="low")
    as_member(auth, chair)
    assert vote(client, case) == 302
    assert decide(client, case) == 409  # alone: a quorum is still 2


def test_the_quorum_setting(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    app.config["AI_QUORUM"] = 4
    case = make_case(tier="low")
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    assert decide(client, case) == 409
    assert "A quorum is 4 votes; 3 so far." in _page(client, case)


def test_high_tier_needs_the_subcommittee_first(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case(tier="high")
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    assert decide(client, case) == 409
    assert "the subcommittee must recommend first" in _page(client, case)
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/subcommittee"
    data = {
        "subcommittee-recommendation": "approve-with-conditions",
        "subcommittee-rationale": "Add human review.",
    }
    assert client.post(url, data=data).status_code == 403  # the chair is not on it
    as_member(auth, members["sub"])
    assert client.post(url, data=data).status_code == 302
    as_member(auth, members["chair"])
    assert "Add human review." in _page(client, case)
    assert decide(client, case, "approve-with-conditions", [CONDITION]) == 302


def test_the_subcommittee_is_only_for_high_tier(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, User]
) -> None:
    case = make_case(tier="medium")
    as_member(auth, members["sub"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/subcommittee"
    data = {"subcommittee-recommendation": "approve", "subcommittee-rationale": "Fine."}
    assert client.post(url, data=data).status_code == 409


def test_only_a_chair_without_a_conflict_decides(
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
) -> None:
    case = make_case(tier="low")
    for name in ("ana", "ben", "sub"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    assert decide(client, case) == 403  # sub is no chair
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/decision"
    assert client.post(url, data={"outcome": "approve"}).status_code == 403  # before the form
    as_member(auth, members["chair"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
    assert client.post(url, data={"reason": "Former employer."}).status_code == 302
    assert decide(client, case) == 403
    assert "Continue to check the decision" not in _page(client, case)
    other = make_user(Role.AI_REVIEWER, agency="DOL", ai_chair=True)
    as_member(auth, other)
    assert decide(client, case) == 302


def test_after_the_decision_nothing_changes(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, User]
) -> None:
    case = make_case(tier="low")
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    assert decide(client, case) == 302
    assert decide(client, case) == 409
    assert vote(client, case, "do-not-approve") == 409
    as_member(auth, members["sub"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
    assert client.post(url, data={"reason": "Late."}).status_code == 409


def test_conditions_go_with_approve_with_conditions_only(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = make_case(tier="low")
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    assert decide(client, case, "approve-with-conditions") == 422
    half = [("Publish the model card.", "", DUE)]
    assert decide(client, case, "approve-with-conditions", half) == 422
    row = [("Publish the model card.", "DSS data office", DUE)]
    assert decide(client, case, "approve", row) == 422
    with app.app_context():
        assert db.session.scalars(select(AIDecision)).first() is None
    assert decide(client, case, "approve-with-conditions", row) == 302
    page = _page(client, case)
    assert "Publish the model card." in page and "DSS data office" in page


def test_who_sees_the_advisory_section(
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
) -> None:
    case = make_case()
    as_member(auth, members["ana"])
    assert vote(client, case, "approve", "Visible rationale.") == 302
    url = f"/ai-use-cases/{case[0]}/advisory"
    auth.logout()
    auth.login(make_user(Role.BOARD))
    assert client.get(url).status_code == 404
    assert vote(client, case) == 404
    auth.logout()
    auth.login(make_user(Role.REVIEWER, agency="DOL"))  # another agency's reviewer
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(make_user(Role.APPROVER, agency="DSS"))  # the owner agency reads, not votes
    assert "Visible rationale." in _page(client, case)
    assert "Save my recommendation" not in _page(client, case)
    assert vote(client, case) == 403
    auth.logout()
    assert client.get(url).status_code == 302  # signed out: to the sign-in page


def test_an_unknown_case_or_a_review_of_another_case_is_404(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, User]
) -> None:
    first, second = make_case(), make_case()
    as_member(auth, members["ana"])
    assert client.get("/ai-use-cases/9999/advisory").status_code == 404
    assert vote(client, (first[0], second[1])) == 404
