"""The written determination that sets aside a presumption of high impact (OMB M-25-21,
section 6): refused without the official's name and a reason, stored with who recorded it and
when, audited, kept on the review page, in the signed PDF and in the public inventory entry;
a presumption it does not cover keeps the tier high."""

import json
import re
import subprocess
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.inventory.facts import inventory_facts
from ctdppeia.models import AIUseCase, AuditEvent, PresumptionRebuttal, Review, Role, User
from tests.ai.test_review_flow import CASES, answer_case, start_through_the_page
from tests.conftest import AuthActions, MakeUser
from tests.factories.reviews import post_section, version_of
from tests.factories.use_cases import new_use_case

CASE = json.loads((CASES / "rai-snap-renewal-prefill-rebuttal.json").read_text(encoding="utf-8"))
OFFICIAL = CASE["rebuttal"]["decided_by"]
REASON = CASE["rebuttal"]["reason"]


def answered(app: Flask, client: FlaskClient, auth: AuthActions, user: User) -> tuple[int, int]:
    use_case_id = new_use_case(app, user)
    auth.login(user)
    review_id = start_through_the_page(client, use_case_id)
    answer_case(app, client, review_id, CASE["answers"])
    return use_case_id, review_id


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_a_written_determination_sets_the_presumption_aside_on_the_record(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, tmp_path: Path
) -> None:
    use_case_id, review_id = answered(app, client, auth, reviewer)
    tier_url = f"/ai-use-cases/reviews/{review_id}/tier"
    url = f"/ai-use-cases/reviews/{review_id}/presumption"
    page = flat(client.get(tier_url).get_data(as_text=True))
    assert "Risk tier: High risk" in page
    assert "High because the system is used in applying for or deciding on public benefits" in page
    assert "OMB M-25-21, section 6(m), presumed high-impact" in page
    assert "Set aside the presumption" in page

    # Refused without the official's name, or without the reason; the typing is kept.
    no_name = client.post(url, data={"decided_by": "  ", "reason": REASON})
    assert no_name.status_code == 422
    assert "Name the official who made the determination." in no_name.get_data(as_text=True)
    assert "pilot, workers changed 11%" in no_name.get_data(as_text=True)
    no_reason = client.post(url, data={"decided_by": OFFICIAL, "reason": ""})
    assert no_reason.status_code == 422
    assert "Give the reason the presumption does not hold." in no_reason.get_data(as_text=True)
    too_long = client.post(url, data={"decided_by": "x" * 301, "reason": REASON})
    assert too_long.status_code == 422
    assert "the limit is 300" in too_long.get_data(as_text=True)
    # A lower tier cannot be recorded instead while the presumption stands.
    lower = client.post(tier_url, data={"tier": "medium", "reason": "Workers check it."})
    assert lower.status_code == 422
    assert "Only a written determination can set that aside" in lower.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(PresumptionRebuttal).count() == 0

    recorded = client.post(url, data={"decided_by": OFFICIAL, "reason": REASON})
    assert recorded.status_code == 302
    with app.app_context():
        row = db.session.query(PresumptionRebuttal).one()
        assert (row.decided_by, row.reason) == (OFFICIAL, REASON)
        assert row.flag_ids == ["presumed-benefits-services"]
        assert (row.tier_before, row.tier_after) == ("high", "medium")
        assert row.created_by_id == reviewer.id and row.created_at is not None
        event = db.session.query(AuditEvent).filter_by(action="review.presumption_rebuttal").one()
        assert OFFICIAL in event.summary and "Medium risk" in event.summary

    page = flat(client.get(tier_url).get_data(as_text=True))
    assert "Risk tier: Medium risk" in page
    assert "Medium because the system informs significant decisions about people" in page
    assert f"set aside by the written determination of {OFFICIAL}" in page
    assert "Without it the rules would give High risk" in page
    review_page = flat(client.get(f"/reviews/{review_id}").get_data(as_text=True))
    assert "Risk tier: Medium risk" in review_page and OFFICIAL in review_page
    use_case_page = flat(client.get(f"/ai-use-cases/{use_case_id}").get_data(as_text=True))
    assert "Medium because" in use_case_page and "Presumption set aside." in use_case_page

    pdf = tmp_path / "review.pdf"
    pdf.write_bytes(client.get(f"/reviews/{review_id}/review.pdf").data)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pdf_flat = " ".join(text.split())
    assert "Risk tier from the rules: Medium risk" in pdf_flat
    assert "Medium because the system informs significant decisions" in pdf_flat
    assert "Presumption of high impact set aside" in pdf_flat
    assert f"Decided by: {OFFICIAL}" in pdf_flat
    assert "workers changed 11% of pre-filled values" in pdf_flat
    assert "The rules gave High risk with the presumption and give Medium risk" in pdf_flat

    with app.test_request_context():
        facts = inventory_facts(db.session.get(AIUseCase, use_case_id))
    assert facts["risk_tier"] == "medium"
    basis = facts["risk_tier_basis"]
    assert OFFICIAL in basis and "workers changed 11%" in basis


def test_withdrawing_or_a_new_presumption_brings_the_high_tier_back(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    _, review_id = answered(app, client, auth, reviewer)
    tier_url = f"/ai-use-cases/reviews/{review_id}/tier"
    url = f"/ai-use-cases/reviews/{review_id}/presumption"
    assert client.post(url, data={"decided_by": OFFICIAL, "reason": REASON}).status_code == 302
    assert "Risk tier: Medium risk" in client.get(tier_url).get_data(as_text=True)

    # A presumption raised after the determination is not covered by it.
    version = version_of(app, review_id)
    purposes = {"S6": ["benefits-services", "employment"]}
    assert (
        post_section(client, review_id, "decisions", purposes, version, "save").status_code == 302
    )
    page = flat(client.get(tier_url).get_data(as_text=True))
    assert "Risk tier: High risk" in page
    assert "not set aside by a written determination: OMB M-25-21, section 6(n)" in page
    version = version_of(app, review_id)
    purposes = {"S6": ["benefits-services"]}
    assert (
        post_section(client, review_id, "decisions", purposes, version, "save").status_code == 302
    )
    assert "Risk tier: Medium risk" in client.get(tier_url).get_data(as_text=True)

    assert client.post(f"{url}/withdraw", data={}).status_code == 302
    assert "Risk tier: High risk" in client.get(tier_url).get_data(as_text=True)
    with app.app_context():
        assert db.session.query(PresumptionRebuttal).count() == 0
        events = (
            db.session.query(AuditEvent)
            .filter_by(action="review.presumption_rebuttal")
            .order_by(AuditEvent.id)
        )
        assert [e.summary.split(" ")[0] for e in events] == ["Recorded", "Withdrew"]
        review = db.session.get(Review, review_id)
        assert review is not None


def test_only_those_who_may_answer_the_review_record_a_determination(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    make_user: MakeUser,
) -> None:
    _, review_id = answered(app, client, auth, reviewer)
    url = f"/ai-use-cases/reviews/{review_id}/presumption"
    data = {"decided_by": OFFICIAL, "reason": REASON}
    auth.logout()
    auth.login(make_user(Role.REVIEWER, agency="DOL"))  # another agency: the review is unseen
    assert client.post(url, data=data).status_code == 404
    assert client.post(f"{url}/withdraw", data={}).status_code == 404
    auth.logout()
    auth.login(make_user(Role.ADMIN, agency="DAS"))  # reads, never changes
    assert client.post(url, data=data).status_code == 403
    auth.logout()
    auth.login(make_user(Role.BOARD, agency="DAS"))
    assert client.post(url, data=data).status_code == 404
    auth.logout()
    auth.login(make_user(Role.AI_REVIEWER, agency="DAS"))  # the advisory group may
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        assert db.session.query(PresumptionRebuttal).count() == 1


def test_no_determination_without_a_presumption(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    chatbot = json.loads((CASES / "rai-dmv-public-chatbot.json").read_text(encoding="utf-8"))
    use_case_id = new_use_case(app, reviewer)
    auth.login(reviewer)
    review_id = start_through_the_page(client, use_case_id)
    answer_case(app, client, review_id, chatbot["answers"])
    url = f"/ai-use-cases/reviews/{review_id}/presumption"
    assert client.post(url, data={"decided_by": OFFICIAL, "reason": REASON}).status_code == 409
    page = client.get(f"/ai-use-cases/reviews/{review_id}/tier").get_data(as_text=True)
    assert "No presumption of high impact is raised" in page
