"""Conditions of a decision: due dates that can be met (not before the decision, not years
ahead), and a chair's audited correction of a condition entered by mistake, which adds a new
condition and keeps the old one, marked, on the page and in the history."""

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from ctdppeia.advisory.conditions import decision_day
from ctdppeia.advisory.record import advisory_part
from ctdppeia.extensions import db
from ctdppeia.models import (
    AICondition,
    AIConditionCorrection,
    AIDecision,
    AuditEvent,
    Review,
    Role,
    User,
)
from tests.checkpages import through_check
from tests.conftest import AuthActions, MakeUser
from tests.factories.use_cases import DUE, CaseFactory, as_member, decide, vote


def _voted(client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
           members: dict[str, User]) -> tuple[int, int]:  # fmt: skip
    case = make_case(tier="low")
    for name in ("ana", "ben", "chair"):
        as_member(auth, members[name])
        assert vote(client, case) == 302
    return case


@pytest.mark.parametrize(
    ("due", "message"),
    [
        ("1900-01-01", "The due date cannot be before the day of the decision"),
        ((decision_day() - timedelta(days=1)).isoformat(), "cannot be before the day"),
        ((decision_day() + timedelta(days=5 * 366)).isoformat(), "within 5 years of the decision"),
    ],
)
def test_a_due_date_that_cannot_be_met_is_refused(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    due: str,
    message: str,
) -> None:
    case = _voted(client, auth, make_case, members)
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/decision"
    data = {
        "outcome": "approve-with-conditions",
        "basis": "The review answers the risks.",
        "conditions-0-text": "Publish the model card.",
        "conditions-0-owner": "DSS data office",
        "conditions-0-due_on": due,
    }
    response = client.post(url, data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and "Publish the model card." in page  # what was typed stays
    with app.app_context():
        assert db.session.scalars(select(AIDecision)).first() is None


def test_only_three_condition_rows_are_read(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case = _voted(client, auth, make_case, members)
    url = f"/ai-use-cases/{case[0]}/advisory/{case[1]}/decision"
    data = {"outcome": "approve-with-conditions", "basis": "The review answers the risks."}
    for index in range(40):
        data |= {f"conditions-{index}-text": f"Condition {index}",
                 f"conditions-{index}-owner": "DSS", f"conditions-{index}-due_on": DUE}  # fmt: skip
    assert through_check(client, url, data, "record").status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(AICondition)).all()) == 3


def _decided(client: FlaskClient, auth: AuthActions, make_case: CaseFactory,
             members: dict[str, User]) -> tuple[tuple[int, int], int]:  # fmt: skip
    case = _voted(client, auth, make_case, members)
    condition = ("Check 100 answers a month.", "DSS benefits office", DUE)
    assert decide(client, case, "approve-with-conditions", [condition]) == 302
    return case, 1


def _correct(client: FlaskClient, case: tuple[int, int], condition_id: int,
             **given: str) -> tuple[int, str]:  # fmt: skip
    data = {"correct-text": "Check 100 answers a month.", "correct-owner": "DSS benefits office",
            "correct-due_on": DUE, "correct-reason": "The due date was typed wrong."}  # fmt: skip
    data |= {f"correct-{key}": value for key, value in given.items()}
    url = f"/ai-use-cases/{case[0]}/advisory/conditions/{condition_id}/correct"
    response = client.post(url, data=data)
    return response.status_code, response.get_data(as_text=True)


def test_a_chair_corrects_a_condition_and_the_old_one_stays(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case, first = _decided(client, auth, make_case, members)
    later = (date.today() + timedelta(days=200)).isoformat()
    status, page = _correct(client, case, first, due_on="1900-01-01")
    assert status == 422 and "cannot be before the day of the decision" in page
    status, page = _correct(client, case, first, reason="")
    assert status == 422 and "Say why the condition is corrected." in page
    assert _correct(client, case, first)[0] == 422  # nothing changed
    assert _correct(client, case, first, due_on=later)[0] == 302
    page = client.get(f"/ai-use-cases/{case[0]}/advisory").get_data(as_text=True)
    assert "Corrected, no longer in force" in page and "The due date was typed wrong." in page
    assert "This corrects condition 1." in page
    with app.app_context():
        rows = db.session.scalars(select(AICondition).order_by(AICondition.id)).all()
        assert [row.due_on.isoformat() for row in rows] == [DUE, later]
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "advisory.condition_corrected")
        ).one()
        assert event.changes["due_on"] == [DUE, later]
        part = advisory_part(db.session.get_one(Review, case[1]))
    assert part is not None and part["decision"] is not None
    assert [c["due_on"] for c in part["decision"]["conditions"]] == [later]  # in force only
    assert _correct(client, case, first, due_on=later)[0] == 409  # corrected once


def test_who_may_correct_a_condition(
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
    make_user: MakeUser,
) -> None:
    case, first = _decided(client, auth, make_case, members)
    later = (date.today() + timedelta(days=200)).isoformat()
    as_member(auth, members["ana"])  # a member who is no chair
    assert _correct(client, case, first, due_on=later)[0] == 403
    assert "Correct this condition" not in client.get(f"/ai-use-cases/{case[0]}").get_data(
        as_text=True
    )
    for role, agency, status in ((Role.APPROVER, "DSS", 403), (Role.BOARD, "OPM", 404),
                                 (Role.REVIEWER, "DOL", 404)):  # fmt: skip
        auth.logout()
        auth.login(make_user(role, agency=agency))
        assert _correct(client, case, first, due_on=later)[0] == status


def test_the_database_keeps_every_correction(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_case: CaseFactory,
    members: dict[str, User],
) -> None:
    case, first = _decided(client, auth, make_case, members)
    later = (date.today() + timedelta(days=200)).isoformat()
    assert _correct(client, case, first, due_on=later)[0] == 302
    with app.app_context():
        assert db.session.scalars(select(AIConditionCorrection)).one().condition_id == first
        for sql in ("UPDATE ai_condition_correction SET reason = 'x'",
                    "DELETE FROM ai_condition_correction",
                    "UPDATE ai_condition SET due_on = '1900-01-01'"):  # fmt: skip
            with pytest.raises(DBAPIError, match="kept as"):
                db.session.execute(text(sql))
                db.session.flush()
            db.session.rollback()
