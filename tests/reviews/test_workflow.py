"""Submitting a recommendation, the approver's confirmation or return, and the request's
status following its reviews."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Review, ReviewDecision, Role, User
from tests.conftest import AuthActions, MakeUser
from tests.factories.people import as_user
from tests.factories.reviews import SIGN, WITH_CONDITION, complete_review, save


def _review(app: Flask, review_id: int) -> dict[str, object]:
    with app.app_context():
        review = db.session.get(Review, review_id)
        return {
            "status": review.status,
            "submitted_by": review.submitted_by_id,
            "confirmed_by": review.confirmed_by_id,
            "version": review.version,
        }


def _request_status(app: Flask, request_id: int) -> str:
    with app.app_context():
        return db.session.get(DataRequest, request_id).status


def test_submission_is_refused_while_required_answers_are_missing(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    assert "The review cannot be submitted yet" in page
    assert "Basics: answer “Who is asking?”" in page
    assert f'href="/reviews/{review_id}/sections/basics#question-B1"' in page
    assert "Details: answer “Kinds of data”" in page
    refused = client.post(f"/reviews/{review_id}/submit", data=WITH_CONDITION)
    assert refused.status_code == 422
    assert _review(app, review_id)["status"] == "in-progress"


def test_a_high_flag_without_a_response_blocks_submission(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    complete_review(app, reviewer, review_id)
    save(app, reviewer, review_id, "details", {"D1": 4, "D3": ["race"]})  # small-cells: high
    auth.login(reviewer)
    refused = client.post(f"/reviews/{review_id}/submit", data=WITH_CONDITION)
    assert refused.status_code == 422
    assert "Respond to the high flag “Small counts could identify people”" in refused.text
    assert f'href="/reviews/{review_id}/flags/small-cells"' in refused.text
    assert _review(app, review_id)["status"] == "in-progress"
    client.post(
        f"/reviews/{review_id}/flags/small-cells",
        data={"kind": "accepted-risk", "text": "Counts are hidden below 11."},
    )
    assert client.post(f"/reviews/{review_id}/submit", data=WITH_CONDITION).status_code == 302
    assert _review(app, review_id)["status"] == "submitted"


def test_a_medium_flag_does_not_need_a_response(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    complete_review(app, reviewer, review_id)  # raises "names" (medium)
    auth.login(reviewer)
    assert client.post(f"/reviews/{review_id}/submit", data=WITH_CONDITION).status_code == 302


def test_the_decision_form_explains_what_it_needs(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    complete_review(app, reviewer, review_id)
    auth.login(reviewer)
    data = {"recommendation": "approve-with-conditions", "conditions": "", "rationale": ""}
    page = client.post(f"/reviews/{review_id}/submit", data=data).get_data(as_text=True)
    assert "List the conditions or changes needed." in page
    assert "Give the reasons for your recommendation." in page
    assert _review(app, review_id)["status"] == "in-progress"


def _submitted(app: Flask, reviewer: User, review_id: int) -> None:
    complete_review(app, reviewer, review_id)
    client = as_user(app, reviewer)
    assert client.post(f"/reviews/{review_id}/submit", data=WITH_CONDITION).status_code == 302


def test_an_approver_of_the_owning_agency_confirms(
    app: Flask, reviewer: User, approver: User, review_id: int, request_id: int
) -> None:
    assert _request_status(app, request_id) == "in_review"  # a review started
    _submitted(app, reviewer, review_id)
    client = as_user(app, approver)
    summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    assert "Continue to sign" in summary
    assert "Approve with conditions" in summary and "Delete by 2029." in summary
    waiting = client.get("/reviews/").get_data(as_text=True)
    assert "Waiting for your approval" in waiting
    response = client.post(f"/reviews/{review_id}/confirm", data=SIGN)
    assert response.status_code == 302
    state = _review(app, review_id)
    assert state["status"] == "locked" and state["confirmed_by"] == approver.id
    assert _request_status(app, request_id) == "decided"
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Decided and locked" in page and "Ana Approver confirmed the decision" in page


def test_the_submitter_cannot_confirm_their_own_review(
    app: Flask, approver: User, make_user: MakeUser, review_id: int
) -> None:
    _submitted(app, approver, review_id)
    client = as_user(app, approver)
    assert "Confirm the decision" not in client.get(f"/reviews/{review_id}/summary").text
    response = client.post(f"/reviews/{review_id}/confirm", data=SIGN)
    assert response.status_code == 403
    assert "You submitted this review, so another approver must look at it." in response.text
    assert _review(app, review_id)["status"] == "submitted"


def test_only_an_approver_of_the_owning_agency_can_decide(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int, request_id: int
) -> None:
    _submitted(app, reviewer, review_id)
    with app.app_context():  # DOT holds the data, so its people can see the request
        from ctdppeia.admin.services import agency_by_code

        data_request = db.session.get(DataRequest, request_id)
        data_request.data_holders.append(agency_by_code("DOT"))
        db.session.commit()
    elsewhere = as_user(app, make_user(Role.APPROVER, agency="DOT"))
    assert elsewhere.get(f"/reviews/{review_id}/summary").status_code == 200
    refused = elsewhere.post(f"/reviews/{review_id}/confirm", data=SIGN)
    assert refused.status_code == 403
    assert "Only an approver of Department of Social Services" in refused.text
    colleague = as_user(app, make_user(Role.REVIEWER, agency="DSS"))
    assert (
        colleague.post(f"/reviews/{review_id}/confirm", data=SIGN).status_code == 403
    )  # wrong role
    assert (
        elsewhere.post(f"/reviews/{review_id}/send-back", data={"comment": "No"}).status_code == 403
    )
    assert _review(app, review_id)["status"] == "submitted"


def test_sending_back_with_a_comment(
    app: Flask, reviewer: User, approver: User, review_id: int, request_id: int
) -> None:
    _submitted(app, reviewer, review_id)
    client = as_user(app, approver)
    empty = client.post(f"/reviews/{review_id}/send-back", data={"comment": ""})
    assert empty.status_code == 422 and "Say what needs to change" in empty.text
    assert _review(app, review_id)["status"] == "submitted"
    response = client.post(
        f"/reviews/{review_id}/send-back", data={"comment": "Ask about the retention date."}
    )
    assert response.status_code == 302
    assert _review(app, review_id)["status"] == "in-progress"
    assert _request_status(app, request_id) == "in_review"
    with app.app_context():
        decision = db.session.scalars(select(ReviewDecision)).one()
        assert decision.returned_by_id == approver.id
        assert decision.return_comment == "Ask about the retention date."
        events = [e.action for e in audit.history(("data_request", request_id))]
        assert "review.sent_back" in events
    reviewer_client = as_user(app, reviewer)
    page = reviewer_client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Sent back by Ana Approver" in page and "Ask about the retention date." in page
    again = reviewer_client.get(f"/reviews/{review_id}/submit").get_data(as_text=True)
    assert "The risks are handled." in again  # the last decision fills the form again
    assert (
        reviewer_client.post(f"/reviews/{review_id}/submit", data=WITH_CONDITION).status_code == 302
    )


def test_answers_cannot_change_while_waiting_for_approval(
    app: Flask, reviewer: User, review_id: int
) -> None:
    _submitted(app, reviewer, review_id)
    client = as_user(app, reviewer)
    version = _review(app, review_id)["version"]
    response = client.post(
        f"/reviews/{review_id}/sections/basics", data={"version": version, "q_B1": "university"}
    )
    assert response.status_code == 409
    assert "This review is waiting for approval" in response.text
    section = client.get(f"/reviews/{review_id}/sections/basics")
    assert section.status_code == 302 and "/summary#section-basics" in section.headers["Location"]


def test_the_request_page_shows_its_reviews_and_their_history(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    review_id: int,
    request_id: int,
) -> None:
    save(app, reviewer, review_id, "basics", {"B1": "agency"})
    auth.login(reviewer)
    page = client.get(f"/requests/{request_id}").get_data(as_text=True)
    assert f'href="/reviews/{review_id}">Review {review_id}</a>' in page
    assert "Mini review, version 1" in page and "In progress" in page
    assert "Changed the answer to B1: Who is asking?" in page  # inside-review history
    assert "Started a review with Mini review, version 1" in page  # the request's own history
    assert "The request is now in review" in page
