"""The CSV file of an agency's open actions, and the lists others read: actions coming due for
the reminders, and the actions waiting for one person for the home page."""

import csv
import io
from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.actions.due import due_actions
from ctdppeia.actions.waiting import waiting_actions
from ctdppeia.extensions import db
from ctdppeia.models import ReviewAction, Role, User
from tests.actions.conftest import add_action
from tests.conftest import MakeUser, put_session


def _set_status(app: Flask, action_id: int, status: str, reason: str = "") -> None:
    with app.app_context():
        action = db.session.get_one(ReviewAction, action_id)
        action.status, action.drop_reason = status, reason
        db.session.commit()


def _rows(body: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body)))


def test_the_csv_lists_the_agencys_open_actions_earliest_first(
    app: Flask, client: FlaskClient, reviewer: User, review_id: int
) -> None:
    later = add_action(app, reviewer, review_id, "Later", due_on=date(2027, 9, 1))
    first = add_action(app, reviewer, review_id, "=HYPERLINK(1)", due_on=date(2027, 1, 15))
    done = add_action(app, reviewer, review_id, "Finished", due_on=date(2026, 1, 1))
    dropped = add_action(app, reviewer, review_id, "Dropped one", due_on=date(2026, 1, 1))
    _set_status(app, done, "done")
    _set_status(app, dropped, "dropped", "Not needed.")
    put_session(client, reviewer)
    response = client.get("/actions/DSS/open-actions.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert 'filename="open-actions-dss.csv"' in response.headers["Content-Disposition"]
    header, *rows = _rows(response.get_data(as_text=True))
    assert header[:5] == ["Action", "Agency", "Review", "About", "What will be done"]
    assert [int(row[0]) for row in rows] == [first, later]
    assert rows[0][4] == "'=HYPERLINK(1)"  # a formula is never run by a spreadsheet
    assert rows[0][1:4] == ["DSS", str(review_id), "Wages and child care"]
    assert rows[0][5:9] == ["Response to a flag", "Data office", "2027-01-15", "Planned"]
    assert rows[0][-1].endswith(f"/actions/{first}")
    page = client.get("/actions/").get_data(as_text=True)
    assert "Later" in page and "Finished" not in page and "open-actions.csv" in page


def test_another_agency_cannot_download_the_csv(
    app: Flask, client: FlaskClient, make_user: MakeUser, reviewer: User, review_id: int
) -> None:
    add_action(app, reviewer, review_id)
    put_session(client, make_user(Role.APPROVER, agency="DOT"))
    assert client.get("/actions/DSS/open-actions.csv").status_code == 404
    own = client.get("/actions/DOT/open-actions.csv")
    assert own.status_code == 200 and "Remove names" not in own.get_data(as_text=True)
    put_session(client, make_user(Role.AI_REVIEWER, agency="DSS"))
    assert client.get("/actions/DSS/open-actions.csv").status_code == 403


def test_an_administrator_may_download_any_agencys_csv(
    app: Flask, client: FlaskClient, make_user: MakeUser, reviewer: User, review_id: int
) -> None:
    add_action(app, reviewer, review_id)
    put_session(client, make_user(Role.ADMIN, agency="DOT"))
    body = client.get("/actions/dss/open-actions.csv").get_data(as_text=True)
    assert "Remove names" in body
    assert client.get("/actions/NOPE/open-actions.csv").status_code == 404


def test_due_actions_name_the_owner_and_the_approvers(
    app: Flask, make_user: MakeUser, reviewer: User, approver: User, review_id: int
) -> None:
    other_approver = make_user(Role.APPROVER, agency="DOL")
    owned = add_action(
        app,
        reviewer,
        review_id,
        "Owned",
        owner_user_id=reviewer.id,
        owner_name="",
        due_on=date(2027, 1, 10),
    )
    office = add_action(app, reviewer, review_id, "By an office", due_on=date(2027, 1, 20))
    add_action(app, reviewer, review_id, "Not yet", due_on=date(2027, 3, 1))
    finished = add_action(app, reviewer, review_id, "Finished", due_on=date(2027, 1, 1))
    _set_status(app, finished, "done")
    with app.test_request_context():
        found = due_actions(db.session, date(2027, 1, 20))
        soon = due_actions(db.session, date(2027, 1, 5), within_days=7)
    assert [item.action_id for item in found] == [owned, office]
    assert found[0].overdue and not found[1].overdue
    assert found[0].owner_user_ids == (reviewer.id,)
    assert found[1].owner_user_ids == (reviewer.id,)  # an office: who added the action
    assert found[0].approver_ids == (approver.id,)
    assert other_approver.id not in found[0].approver_ids
    assert found[0].link.endswith(f"/actions/{owned}") and found[0].title == "Owned"
    assert [item.action_id for item in soon] == [owned]


def test_waiting_actions_are_the_owners_and_the_overdue_ones_for_approvers(
    app: Flask, make_user: MakeUser, reviewer: User, approver: User, review_id: int
) -> None:
    colleague = make_user(Role.REVIEWER, agency="DSS")
    mine = add_action(
        app,
        reviewer,
        review_id,
        "Mine",
        owner_user_id=reviewer.id,
        owner_name="",
        due_on=date(2027, 2, 1),
    )
    overdue = add_action(app, reviewer, review_id, "Late", due_on=date(2026, 12, 1))
    with app.test_request_context():

        def waiting(user: User) -> list[int]:
            person = db.session.get_one(User, user.id)
            return [item.action_id for item in waiting_actions(person, date(2027, 1, 1))]

        assert waiting(reviewer) == [mine]
        assert waiting(approver) == [overdue]
        assert waiting(colleague) == []
        board = make_user(Role.BOARD, agency="DSS")
        assert waiting(board) == []
        (item,) = waiting_actions(db.session.get_one(User, approver.id), date(2027, 1, 1))
    assert item.overdue and item.url == f"/actions/{overdue}"


def test_an_action_is_reminded_to_its_owner_and_the_approvers_as_it_comes_due(
    app: Flask, make_user: MakeUser, reviewer: User, approver: User, review_id: int
) -> None:
    from datetime import UTC, datetime, time

    from ctdppeia.models import Notice
    from ctdppeia.notices.jobs import run_due

    elsewhere = make_user(Role.APPROVER, agency="DOL")
    action_id = add_action(
        app, reviewer, review_id, "Owned", owner_user_id=reviewer.id, owner_name="",
        due_on=date(2027, 1, 10),
    )  # fmt: skip
    finished = add_action(app, reviewer, review_id, "Finished", due_on=date(2027, 1, 10))
    _set_status(app, finished, "done")

    def kinds(person: User) -> list[str]:
        with app.app_context():
            query = select(Notice.kind).where(Notice.user_id == person.id).order_by(Notice.id)
            return list(db.session.scalars(query))

    for day, hour in ((3, 6), (3, 18), (10, 6), (11, 6), (20, 6)):
        with app.app_context():
            run_due(datetime.combine(date(2027, 1, day), time(hour), tzinfo=UTC))
    expected = ["due.7", "due.0", "due.overdue"]
    assert kinds(reviewer) == expected == kinds(approver)
    assert kinds(elsewhere) == []
    with app.app_context():
        paths = set(db.session.scalars(select(Notice.path).where(Notice.user_id == reviewer.id)))
    assert paths == {f"/actions/{action_id}"}


def test_the_home_page_panel_lists_the_actions_waiting(
    app: Flask, client: FlaskClient, make_user: MakeUser, reviewer: User, approver: User,
    review_id: int,
) -> None:  # fmt: skip
    from datetime import timedelta

    from tests.waiting_page import panel

    soon, late = date.today() + timedelta(days=20), date.today() - timedelta(days=3)
    add_action(
        app, reviewer, review_id, "Mine", owner_user_id=reviewer.id, owner_name="", due_on=soon
    )
    late_id = add_action(app, reviewer, review_id, "Late", due_on=late)
    label = "Actions of your action plans"
    put_session(client, approver)
    group = panel(client)[label]
    assert (group.total, group.overdue, group.titles) == (1, 1, ["Late"])
    assert group.links == [f"/actions/{late_id}"] and group.overdue_titles == ["Late"]
    put_session(client, reviewer)
    assert panel(client)[label].titles == ["Mine"]
    put_session(client, make_user(Role.APPROVER, agency="DOL"))
    assert label not in panel(client)
