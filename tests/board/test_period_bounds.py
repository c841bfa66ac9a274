"""Comment periods are bounded (the third security test's F11: dates near 9999-12-31 gave a
500, and a period to 9999 was accepted and blocked the review for good), and staff may correct
a period before it opens, with the old dates in the history."""

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.board import period
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, BoardShare, User
from tests.board.conftest import share
from tests.conftest import AuthActions

PLAIN = "We want to know if child care help leads to better pay. We use data about parents."


def _form(opens: date | str, closes: date | str) -> dict[str, str]:
    return {"summary": PLAIN, "summary_es": "", "opens_on": str(opens), "closes_on": str(closes),
            "action": "save"}  # fmt: skip


def _shares(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count(BoardShare.id))) or 0)


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        ("9999-12-20", "9999-12-31", "must open within 180 days"),
        ("today", "9999-12-31", "lasts at most 90 days"),
        ("today", "+91", "lasts at most 90 days"),
        ("+181", "+220", "must open within 180 days"),
    ],
)
def test_a_period_out_of_bounds_is_refused_with_the_form_kept(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    review_id: int,
    opens: str,
    closes: str,
    message: str,
) -> None:
    today = period.today()

    def day(value: str) -> str:
        if value == "today":
            return today.isoformat()
        return (today + timedelta(days=int(value))).isoformat() if value[0] == "+" else value

    auth.login(reviewer)
    response = client.post(f"/reviews/{review_id}/board", data=_form(day(opens), day(closes)))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page and PLAIN in page
    assert _shares(app) == 0


def test_ninety_days_are_allowed(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    today = period.today()
    auth.login(reviewer)
    response = client.post(f"/reviews/{review_id}/board", data=_form(today, today + timedelta(90)))
    assert response.status_code == 302 and _shares(app) == 1


def test_staff_correct_a_period_before_it_opens_and_not_after(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    today = period.today()
    opens, closes = today + timedelta(days=7), today + timedelta(days=40)
    share_id = share(app, reviewer, review_id, opens, closes)
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/board").get_data(as_text=True)
    assert "Comments open on" in page and "you can also correct its dates" in page
    wrong = client.post(f"/reviews/{review_id}/board", data=_form(opens, "9999-12-31"))
    assert wrong.status_code == 422 and "lasts at most 90 days" in wrong.get_data(as_text=True)
    later = (today + timedelta(days=14), today + timedelta(days=45))
    assert client.post(f"/reviews/{review_id}/board", data=_form(*later)).status_code == 302
    with app.app_context():
        found = db.session.get_one(BoardShare, share_id)
        assert (found.opens_on, found.closes_on) == later
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "board.period_changed")
        ).one()
        assert event.changes["opens_on"] == [opens.isoformat(), later[0].isoformat()]
        found.opens_on = today  # the period opens
        db.session.commit()
    page = client.get(f"/reviews/{review_id}/board").get_data(as_text=True)
    assert "Comments open on" not in page
    moved = _form(today + timedelta(days=20), today + timedelta(days=60))
    assert client.post(f"/reviews/{review_id}/board", data=moved).status_code == 302
    with app.app_context():  # the summary saved; the dates, fixed once open, did not move
        assert db.session.get_one(BoardShare, share_id).closes_on == later[1]
