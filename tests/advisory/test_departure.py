"""On a high-tier case, a decision that differs from the subcommittee's recommendation needs
the chair's written reason: asked only then, checked on the server, shown on the page and in
the signed PDF. The subcommittee's recommendations are a history: a new one never rewrites
the last."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.advisory import services
from ctdppeia.extensions import db
from ctdppeia.models import AIDecision, AISubcommitteeRecommendation, Review, ReviewDocument, Role
from ctdppeia.models import User as UserModel
from ctdppeia.reviews.errors import WrongState
from tests.conftest import AuthActions, MakeUser
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.factories.use_cases import DUE, CaseFactory, as_member, decide, vote

LABEL = "Why the decision differs from the subcommittee"
REASON = "The vendor audit showed no bias; the subcommittee saw an older version."


def _page(client: FlaskClient, case: tuple[int, int]) -> str:
    return client.get(f"/ai-use-cases/{case[0]}/advisory").get_data(as_text=True)


def _recommend(client: FlaskClient, case: tuple[int, int], choice: str, why: str) -> int:
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/subcommittee"
    return client.post(
        url, data={"subcommittee-recommendation": choice, "subcommittee-rationale": why}
    ).status_code


def _ready(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, UserModel]
) -> tuple[int, int]:
    """A high-tier case with three votes and the subcommittee's "do not approve"; the chair
    is signed in."""
    case = make_case(tier="high")
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, case, "approve", "It is fine.") == 302
    as_member(auth, members["sub"])
    assert _recommend(client, case, "do-not-approve", "Too risky for residents.") == 302
    as_member(auth, members["chair"])
    return case


def _decisions(app: Flask) -> list[AIDecision]:
    with app.app_context():
        return list(db.session.scalars(select(AIDecision)))


def test_the_reason_is_asked_only_on_a_high_tier_case_with_advice(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, UserModel]
) -> None:
    medium = make_case(tier="medium")
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, medium) == 302
    page = _page(client, medium)
    assert "Continue to check the decision" in page and LABEL not in page
    high = _ready(client, auth, make_case, members)
    page = _page(client, high)
    assert LABEL in page and 'data-departure-from="do-not-approve"' in page


def test_a_departure_without_a_reason_is_refused_and_nothing_saved(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, UserModel],
) -> None:
    case = _ready(client, auth, make_case, members)
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/decision"
    data = {"outcome": "approve", "basis": "A careful basis.", "departure_reason": "  "}
    response = client.post(url, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "differs from the subcommittee" in page and "explain why" in page
    assert "A careful basis." in page  # the form keeps what was typed
    assert _decisions(app) == []
    with app.test_request_context(), pytest.raises(WrongState):  # the service checks it too
        chair = db.session.get_one(UserModel, members["chair"].id)
        review = db.session.get_one(Review, case[1])
        services.record_decision(chair, review, services.DecisionInput("approve", "Basis."))
    assert _decisions(app) == []


def test_the_same_outcome_needs_no_reason_and_stores_none(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, UserModel],
) -> None:
    case = _ready(client, auth, make_case, members)
    assert decide(client, case, "do-not-approve", departure="Typed, but not needed.") == 302
    [found] = _decisions(app)
    assert found.departure_reason is None


@needs_pdftotext
def test_the_reason_is_on_the_page_and_in_the_signed_pdf(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, UserModel],
    make_user: MakeUser,
) -> None:
    case = _ready(client, auth, make_case, members)
    assert decide(client, case, "approve", departure=REASON) == 302
    [found] = _decisions(app)
    assert found.departure_reason == REASON
    assert REASON in _page(client, case)
    approver = make_user(Role.APPROVER, agency="DSS")
    auth.logout()
    auth.login(approver)
    response = client.post(f"/reviews/{case[1]}/confirm", data={"declaration": "y", "step": "sign"})
    assert response.status_code == 302
    with app.app_context():
        document = db.session.scalars(select(ReviewDocument)).one()
        text = " ".join(pdf_text(document.pdf).split())
    assert "Why the decision differs from the subcommittee's recommendation" in text
    assert " ".join(REASON.split()) in text


def test_a_new_subcommittee_recommendation_keeps_the_earlier_one(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, UserModel],
) -> None:
    case = _ready(client, auth, make_case, members)
    as_member(auth, members["sub"])
    assert _recommend(client, case, "approve-with-conditions", "With a person checking.") == 302
    with app.app_context():
        count = db.session.scalar(select(func.count(AISubcommitteeRecommendation.id)))
    assert count == 2
    page = _page(client, case)
    assert "With a person checking." in page
    assert "Earlier recommendations of the subcommittee (1)" in page
    assert "Too risky for residents." in page
    as_member(auth, members["chair"])  # the one in force is the latest
    assert decide(client, case, "approve-with-conditions", [("Check.", "DSS", DUE)]) == 302
    [found] = _decisions(app)
    assert found.departure_reason is None
