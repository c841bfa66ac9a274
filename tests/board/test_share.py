"""Sharing a review with the board: the form, the period rules, the reading grade, once only."""

from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia.board import period
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, BoardNotice, BoardShare, Role, User
from tests.board.conftest import share
from tests.conftest import AuthActions, MakeUser

PLAIN = "We want to know if child care help leads to better pay. We use data about parents."
HARD = (
    "The investigators will operationalise longitudinal administrative microdata, "
    "incorporating socioeconomic characteristics, to evaluate heterogeneous intertemporal "
    "consequences of subsidisation on remunerative employment trajectories."
)


def _next_monday() -> date:
    today = period.today()
    return today + timedelta(days=7 - today.weekday())


def _form(opens: date, closes: date, **extra: str) -> dict[str, str]:
    return {
        "summary": PLAIN,
        "summary_es": "",
        "opens_on": opens.isoformat(),
        "closes_on": closes.isoformat(),
        "action": "save",
        **extra,
    }


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_a_flag_routed_to_the_board_asks_to_share(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    for url in (f"/reviews/{review_id}", f"/reviews/{review_id}/summary"):
        text = client.get(url).get_data(as_text=True)
        assert "A raised flag asks for the Resident Advisory Board" in text
        assert "Share this with the Resident Advisory Board" in text


def test_sharing_saves_audits_and_tells_every_active_member(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int,
    make_user: MakeUser,
) -> None:  # fmt: skip
    active = make_user(Role.BOARD, agency="OPM")
    gone = make_user(Role.BOARD, agency="OPM")
    with app.app_context():
        db.session.get(User, gone.id).active = False
        db.session.commit()
    auth.login(reviewer)
    monday = _next_monday()
    closes = monday + timedelta(days=14)  # ten working days after a Monday
    response = client.post(f"/reviews/{review_id}/board", data=_form(monday, closes))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        made = db.session.scalar(select(BoardShare))
        assert (made.opens_on, made.closes_on, made.summary) == (monday, closes, PLAIN)
        notices = list(db.session.scalars(select(BoardNotice)))
        assert [(n.user_id, n.kind) for n in notices] == [(active.id, "shared")]
        actions = db.session.scalars(select(AuditEvent.action))
        assert "board.shared" in list(actions)


@pytest.mark.parametrize(
    ("opens_days", "closes_days", "message"),
    [
        (0, 13, "at least 10 working days"),  # a Monday to the next Friday but one: 9
        (-7, 14, "cannot be in the past"),
        (0, 0, "must come after the open date"),
    ],
)
def test_a_wrong_period_is_refused_and_nothing_is_saved(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int,
    opens_days: int, closes_days: int, message: str,
) -> None:  # fmt: skip
    auth.login(reviewer)
    monday = _next_monday()
    opens, closes = monday + timedelta(opens_days), monday + timedelta(closes_days)
    if opens_days < 0:
        opens = period.today() - timedelta(days=1)
    response = client.post(f"/reviews/{review_id}/board", data=_form(opens, closes))
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in text
    assert PLAIN in text  # the summary is given back
    with app.app_context():
        assert _count(BoardShare) == 0


def test_the_minimum_is_configurable(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    app.config["BOARD_MIN_WORKING_DAYS"] = 3
    auth.login(reviewer)
    monday = _next_monday()
    response = client.post(
        f"/reviews/{review_id}/board", data=_form(monday, monday + timedelta(days=3))
    )
    assert response.status_code == 302


def test_the_reading_grade_is_shown_and_warns_above_grade_8(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    monday = _next_monday()
    hard = _form(monday, monday + timedelta(days=14), summary=HARD, action="check")
    text = client.post(f"/reviews/{review_id}/board", data=hard).get_data(as_text=True)
    assert "Reading grade of the summary" in text
    assert "above grade 8" in text
    easy = _form(monday, monday + timedelta(days=14), action="check")
    text = client.post(f"/reviews/{review_id}/board", data=easy).get_data(as_text=True)
    assert "Reading grade of the summary" in text and "above grade 8" not in text
    with app.app_context():
        assert _count(BoardShare) == 0  # checking saves nothing


def test_shared_once_then_only_the_summary_changes_with_history(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    share_id = share(app, reviewer, review_id)
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/board").get_data(as_text=True)
    assert "Comments open on" not in page  # the period is fixed once shared
    changed = {"summary": "A new summary.", "summary_es": "Un resumen nuevo.", "action": "save"}
    assert client.post(f"/reviews/{review_id}/board", data=changed).status_code == 302
    with app.app_context():
        found = db.session.get(BoardShare, share_id)
        assert (found.summary, found.summary_es) == ("A new summary.", "Un resumen nuevo.")
        assert _count(BoardShare) == 1
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "board.summary_changed")
        )
        assert event.changes["summary"][0].startswith("We want to see")


def test_the_summary_cannot_change_after_the_close(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    today = period.today()
    share(app, reviewer, review_id)
    with app.app_context():
        found = db.session.scalar(select(BoardShare))
        found.opens_on, found.closes_on = today - timedelta(days=30), today - timedelta(days=1)
        db.session.commit()
    auth.login(reviewer)
    changed = {"summary": "Too late.", "summary_es": "", "action": "save"}
    assert client.post(f"/reviews/{review_id}/board", data=changed).status_code == 403


def test_who_may_share(
    client: FlaskClient, auth: AuthActions, make_user: MakeUser, review_id: int
) -> None:
    auth.login(make_user(Role.APPROVER, agency="DSS"))
    assert client.get(f"/reviews/{review_id}/board").status_code == 200
    auth.logout()
    auth.login(make_user(Role.REVIEWER, agency="DOL"))
    assert client.get(f"/reviews/{review_id}/board").status_code == 404
    auth.logout()
    auth.login(make_user(Role.BOARD, agency="OPM"))
    assert client.get(f"/reviews/{review_id}/board").status_code == 403
    assert client.get("/reviews/999999/board").status_code == 403
