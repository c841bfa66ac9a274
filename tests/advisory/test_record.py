"""The decision in the signed record, the approver's gate, conditions closed with evidence,
the queue's statuses and re-assessment."""

import shutil
import subprocess
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia import words
from ctdppeia.extensions import db
from ctdppeia.models import AICondition, Review, ReviewDocument, Role, User
from ctdppeia.pdf import validate_snapshot
from ctdppeia.reviews.snapshot import build_snapshot
from tests.conftest import AuthActions, MakeUser
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.factories.use_cases import DUE, CaseFactory, as_member, decide, vote

CONDITION = ("A person checks every answer for a month.", "DSS benefits office", DUE)


def _decided(
    client: FlaskClient, auth: AuthActions, make_case: CaseFactory, members: dict[str, User]
) -> tuple[int, int]:
    """A low-tier case: a conflict, three votes (one abstains), approved with a condition."""
    case = make_case(tier="low")
    as_member(auth, members["sub"])
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/conflict"
    assert client.post(url, data={"reason": "I sold them the software."}).status_code == 302
    as_member(auth, members["ana"])
    assert vote(client, case, "approve", "Public pages only.") == 302
    as_member(auth, members["ben"])
    assert vote(client, case, "abstain", "Outside my field.") == 302
    as_member(auth, members["chair"])
    assert vote(client, case, "approve-with-conditions", "Check it for a month.") == 302
    assert decide(client, case, "approve-with-conditions", [CONDITION]) == 302
    return case


SIGN = {"declaration": "y", "step": "sign"}  # the approver's last step


def _confirm(client: FlaskClient, auth: AuthActions, approver: User, review_id: int) -> None:
    auth.logout()
    auth.login(approver)
    client.post(f"/reviews/{review_id}/confirm", data=SIGN)


def _locked(app: Flask, review_id: int) -> bool:
    with app.app_context():
        return db.session.get_one(Review, review_id).is_locked


def test_the_approver_confirms_only_after_the_decision(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
) -> None:
    approver = make_user(Role.APPROVER, agency="DSS")
    case = make_case(tier="low")
    auth.login(approver)
    response = client.post(f"/reviews/{case[1]}/confirm", data=SIGN)
    assert response.status_code == 409
    assert "has not decided on this use case yet" in response.get_data(as_text=True)
    assert not _locked(app, case[1])


@needs_pdftotext
def test_the_signed_pdf_carries_the_votes_conflicts_and_decision(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
    tmp_path: Path,
) -> None:
    approver = make_user(Role.APPROVER, agency="DSS")
    case = _decided(client, auth, make_case, members)
    auth.logout()
    auth.login(approver)
    response = client.post(f"/reviews/{case[1]}/send-back", data={"comment": "Too late?"})
    assert response.status_code == 409  # the group decided on this version of the review
    _confirm(client, auth, approver, case[1])
    assert _locked(app, case[1])
    with app.app_context():
        document = db.session.scalars(select(ReviewDocument)).one()
        snapshot = build_snapshot(db.session.get_one(Review, case[1]))
        validate_snapshot(snapshot)
        advisory = snapshot["advisory"]
    counts = {row["recommendation"]: row["count"] for row in advisory["tally"]}
    assert counts == {
        "approve": 1,
        "approve-with-conditions": 1,
        "do-not-approve": 0,
        "abstain": 1,
    }
    assert advisory["conflicts"][0]["reason"] == "I sold them the software."
    assert advisory["decision"]["conditions"][0]["owner"] == "DSS benefits office"
    text = pdf_text(document.pdf)
    for expected in (
        "AI advisory group",
        "Public pages only.",
        "Outside my field.",
        "Sub Member did not vote",
        "I sold them the software.",
        "Approve with conditions",
        "A person checks every answer for a month.",
        "DSS benefits office",
        words.format_date(date.fromisoformat(DUE)),
        "Quorum: 2 of 3 members",
        "Decided by Chair Person, chair",
    ):
        assert expected in text, expected
    if shutil.which("pdfsig"):  # both signatures still valid over the added part
        path = tmp_path / "review.pdf"
        path.write_bytes(document.pdf)
        output = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout
        assert output.count("Signature is Valid.") == 2


def test_a_data_request_snapshot_has_no_advisory_part(app: Flask, make_case: CaseFactory) -> None:
    case = make_case()
    with app.app_context():
        assert "advisory" in build_snapshot(db.session.get_one(Review, case[1]))
        review = db.session.get_one(Review, case[1])
        review.subject_kind = "data-request"  # not saved: only the provider's answer matters
        from ctdppeia.advisory.record import advisory_part

        assert advisory_part(review) is None
        db.session.rollback()


def test_conditions_are_closed_with_evidence_by_the_agency_or_ai_reviewers(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
    owner: User,
) -> None:
    case = _decided(client, auth, make_case, members)
    with app.app_context():
        condition_id = db.session.scalars(select(AICondition.id)).one()
    url = f"/ai-use-cases/{case[0]}/advisory/conditions/{condition_id}/close"
    auth.logout()
    auth.login(make_user(Role.REVIEWER, agency="DOL"))
    assert client.post(url, data={"evidence": "x"}).status_code == 404
    auth.logout()
    auth.login(make_user(Role.BOARD))
    assert client.post(url, data={"evidence": "x"}).status_code == 404
    auth.logout()
    auth.login(make_user(Role.ADMIN))
    assert client.post(url, data={"evidence": "x"}).status_code == 403
    auth.logout()
    auth.login(owner)
    response = client.post(url, data={"evidence": " "})
    assert response.status_code == 422
    assert "Give the evidence that the condition is met." in response.get_data(as_text=True)
    evidence = "Audit report of 2 March, filed in the DSS AI folder."
    assert client.post(url, data={"evidence": evidence}).status_code == 302
    page = client.get(f"/ai-use-cases/{case[0]}").get_data(as_text=True)
    assert "Closed" in page and evidence in page
    as_member(auth, members["ana"])
    assert client.post(url, data={"evidence": "Again."}).status_code == 409
    with app.app_context():
        closed = db.session.get_one(AICondition, condition_id)
        assert closed.evidence == evidence and closed.closed_by_id == owner.id


def test_queue_statuses(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    high = make_case(tier="high")
    low = make_case(tier="low")
    as_member(auth, members["ana"])
    listing = client.get("/ai-use-cases/?status=waiting-for-subcommittee").get_data(as_text=True)
    assert f"/ai-use-cases/{high[0]}" in listing and f'/ai-use-cases/{low[0]}"' not in listing
    listing = client.get("/ai-use-cases/?status=waiting-for-decision").get_data(as_text=True)
    assert f'/ai-use-cases/{low[0]}"' in listing
    page = client.get(f"/ai-use-cases/{high[0]}").get_data(as_text=True)
    assert "Waiting for the subcommittee" in page and 'id="advisory"' in page


def test_reassessment_copies_the_review_and_keeps_the_use_case(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
) -> None:
    app.config["AI_REVIEW_YEARS_LOW"] = 0  # due at once
    approver = make_user(Role.APPROVER, agency="DSS")
    case = _decided(client, auth, make_case, members)
    _confirm(client, auth, approver, case[1])
    as_member(auth, members["ana"])
    due = client.get("/ai-use-cases/due-for-reassessment").get_data(as_text=True)
    assert f"/ai-use-cases/{case[0]}/advisory" in due
    listing = client.get("/ai-use-cases/?status=due").get_data(as_text=True)
    assert f'/ai-use-cases/{case[0]}"' in listing
    response = client.post(f"/ai-use-cases/{case[0]}/advisory/{case[1]}/reassess")
    assert response.status_code == 302
    new_id = int(response.headers["Location"].split("/reviews/")[1].split("/")[0])
    with app.app_context():
        new = db.session.get_one(Review, new_id)
        assert (new.amends_id, new.subject_id, new.subject_kind) == (
            case[1],
            case[0],
            "ai-use-case",
        )
        assert new.submitted_at is None
    due = client.get("/ai-use-cases/due-for-reassessment").get_data(as_text=True)
    assert f"/ai-use-cases/{case[0]}/advisory" not in due
    page = client.get(f"/ai-use-cases/{case[0]}/advisory").get_data(as_text=True)
    assert f"a re-assessment of review {case[1]}" in page
    assert vote(client, (case[0], new_id)) == 409  # a new round, once it is submitted


def test_the_due_list_is_for_ai_reviewers(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.REVIEWER)
    assert client.get("/ai-use-cases/due-for-reassessment").status_code == 403
