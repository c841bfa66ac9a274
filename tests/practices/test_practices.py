"""OMB M-25-21's minimum practices, tracked per use case: who may keep them, what an item
needs, and the "deployed" stage refused until a signed review (CGS 4-68jj) and, for a
high-impact use, every practice done or waived."""

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import AIPractice, AuditEvent, Role
from ctdppeia.practices.catalogue import PRACTICE_KEYS, PRACTICES
from tests.checkpages import through_check
from tests.conftest import AuthActions, MakeUser
from tests.factories.inventory import MakeUseCase, Sign, entry_form

DONE = {"owner": "AI lead", "due_on": "2026-04-03", "status": "done", "evidence": "Report 12."}
WAIVED = {
    "owner": "AI lead",
    "due_on": "2026-04-03",
    "status": "waived",
    "waiver_granted_by": "Chief AI Officer",
    "waiver_determination": "Testing on live claims would expose residents' data.",
    "waiver_granted_on": "2026-02-01",
    "waiver_recertify_on": "2027-02-01",
}


def _url(use_case_id: int, key: str = "") -> str:
    return f"/ai-use-cases/{use_case_id}/practices" + (f"/{key}" if key else "")


def _items(app: Flask) -> list[AIPractice]:
    with app.app_context():
        return list(db.session.scalars(db.select(AIPractice)))


def test_the_owner_agency_records_a_practice(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    auth.login(Role.REVIEWER, agency="DSS")
    assert client.get(_url(use_case_id, "testing")).status_code == 200
    saved = client.post(_url(use_case_id, "testing"), data=DONE)
    assert saved.status_code == 302
    page = client.get(_url(use_case_id)).get_data(as_text=True)
    assert "Report 12." in page and "AI lead" in page
    assert [(i.practice, i.status, i.evidence) for i in _items(app)] == [
        ("testing", "done", "Report 12.")
    ]
    with app.app_context():
        assert db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.action == "ai_practice.save")
        ).one()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"evidence": ""}, "Describe the evidence that the practice is done."),
        ({"owner": ""}, "Name the person or team who owns this practice."),
        ({"due_on": ""}, "Enter the date this practice is due."),
        ({**WAIVED, "waiver_determination": ""}, "Give the written determination of the waiver."),
        ({**WAIVED, "waiver_granted_by": ""}, "Name the official who granted the waiver."),
        ({**WAIVED, "waiver_recertify_on": "2026-01-01"}, "must be after the grant"),
        ({"evidence": "x" * 20_001}, "characters"),
    ],
)
def test_an_item_is_refused_without_what_it_needs(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_use_case: MakeUseCase,
    changes: dict[str, str],
    message: str,
) -> None:
    use_case_id = make_use_case()
    auth.login(Role.REVIEWER, agency="DSS")
    refused = client.post(_url(use_case_id, "monitoring"), data={**DONE, **changes})
    assert refused.status_code == 422
    assert message in refused.get_data(as_text=True)
    assert _items(app) == []


def test_who_may_read_and_keep_the_practices(
    client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase, make_user: MakeUser
) -> None:
    use_case_id = make_use_case()
    refused: list[tuple[Any, int, int]] = [
        (make_user(Role.REVIEWER, agency="DOL"), 404, 404),  # another agency
        (make_user(Role.APPROVER, agency="DOL"), 404, 404),
        (make_user(Role.BOARD, agency="DSS"), 404, 404),
        (make_user(Role.AI_REVIEWER, agency="OPM"), 200, 403),  # reads, never keeps
        (make_user(Role.ADMIN, agency="DAS"), 200, 403),
    ]
    for user, read, keep in refused:
        auth.login(user)
        assert client.get(_url(use_case_id)).status_code == read, user.role
        assert client.post(_url(use_case_id, "testing"), data=DONE).status_code == keep, user.role
        auth.logout()
    auth.login(Role.APPROVER, agency="DSS")
    assert client.get(_url(use_case_id, "no-such-practice")).status_code == 404
    assert client.get(_url(99999)).status_code == 404


def _publish_deployed(client: FlaskClient, use_case_id: int) -> Any:
    form = entry_form(
        development_stage="deployed", risk_tier="high", risk_accepted_by="Jo Smith, Commissioner"
    )
    return through_check(client, f"/ai-use-cases/{use_case_id}/inventory", form, "publish")


def test_deployed_is_refused_until_signed_and_every_practice_is_settled(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_use_case: MakeUseCase,
    make_user: MakeUser,
    sign: Sign,
) -> None:
    use_case_id = make_use_case()
    keeper = make_user(Role.REVIEWER, agency="DSS")
    publisher = make_user(Role.AI_REVIEWER, agency="DAS")
    auth.login(publisher)
    unsigned = _publish_deployed(client, use_case_id)
    assert unsigned.status_code == 422
    text = unsigned.get_data(as_text=True)
    assert "no signed Responsible-AI review yet" in text and "CGS 4-68jj" in text
    sign(use_case_id)
    unsettled = _publish_deployed(client, use_case_id).get_data(as_text=True)
    assert "no signed" not in unsettled
    assert "Not yet done or waived: 4(b)(i), test the system" in unsettled
    assert all(f"{PRACTICES[key][0]}, " in unsettled for key in PRACTICE_KEYS)
    auth.logout()
    auth.login(keeper)
    for key in PRACTICE_KEYS:
        data = WAIVED if key == "testing" else DONE
        assert client.post(_url(use_case_id, key), data=data).status_code == 302
    auth.logout()
    auth.login(publisher)
    assert _publish_deployed(client, use_case_id).status_code == 302
    system = client.get("/ai-inventory.json").get_json()["systems"][0]
    assert (system["development_stage"], system["status"]) == ("deployed", "in_use")
    assert system["practice_testing"] == "waived"
    assert {system[f"practice_{key}"] for key in PRACTICE_KEYS[1:]} == {"done"}
    assert "waived by Chief AI Officer on 2026-02-01" in system["practice_waivers"]
    assert "recertified by 2027-02-01" in system["practice_waivers"]


def test_a_use_that_is_not_high_impact_needs_only_the_signed_review(
    client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase, sign: Sign
) -> None:
    use_case_id = make_use_case()
    auth.login(Role.AI_REVIEWER, agency="DAS")
    url = f"/ai-use-cases/{use_case_id}/inventory"
    deployed = entry_form(development_stage="deployed")
    assert through_check(client, url, deployed, "publish").status_code == 422
    sign(use_case_id)
    assert through_check(client, url, deployed, "publish").status_code == 302
