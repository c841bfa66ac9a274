"""Who may read and change an action plan: the owning agency's reviewers and approvers change
it; a data holder's staff, the AI advisory group and administrators read it; another agency
and board members see nothing."""

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.actions import services
from ctdppeia.actions.sources import Source
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, DataRequest, Review, Role, User
from tests.actions.conftest import FLAG_SOURCE, action_form, add_action, stored
from tests.conftest import AuthActions, MakeUser, put_session
from tests.factories.use_cases import new_use_case, start_ai_review


def _urls(review_id: int, action_id: int) -> dict[str, tuple[str, str]]:
    return {
        "new": ("POST", f"/reviews/{review_id}/actions/new?source={FLAG_SOURCE}"),
        "edit": ("POST", f"/actions/{action_id}/edit"),
    }


def _events(app: Flask) -> int:
    with app.app_context():
        return len(list(db.session.scalars(select(AuditEvent.id))))


def _try_writes(client: FlaskClient, review_id: int, action_id: int) -> list[int]:
    data = action_form(version="1", title="Changed by someone else")
    return [
        client.open(url, method=method, data=data).status_code
        for method, url in _urls(review_id, action_id).values()
    ]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.APPROVER])
def test_another_agency_sees_nothing_and_changes_nothing(
    app: Flask,
    client: FlaskClient,
    make_user: MakeUser,
    reviewer: User,
    review_id: int,
    role: Role,
) -> None:
    action_id = add_action(app, reviewer, review_id)
    outsider = make_user(role, agency="DOT")
    before = _events(app)
    put_session(client, outsider)
    assert client.get(f"/actions/{action_id}").status_code == 404
    assert client.get(f"/actions/{action_id}/edit").status_code == 404
    assert client.get(f"/reviews/{review_id}/actions/new?source={FLAG_SOURCE}").status_code == 404
    assert _try_writes(client, review_id, action_id) == [404, 404]
    assert _events(app) == before and stored(app, action_id).title == "Remove names"


def test_a_board_member_sees_nothing(
    app: Flask, client: FlaskClient, make_user: MakeUser, reviewer: User, review_id: int
) -> None:
    action_id = add_action(app, reviewer, review_id)
    put_session(client, make_user(Role.BOARD, agency="DSS"))
    assert client.get(f"/actions/{action_id}").status_code == 404
    assert client.get("/actions/DSS/open-actions.csv").status_code == 404
    assert _try_writes(client, review_id, action_id) == [404, 404]
    assert stored(app, action_id).title == "Remove names"


def test_a_data_holder_reads_the_plan_but_cannot_change_it(
    app: Flask, client: FlaskClient, make_user: MakeUser, reviewer: User, review_id: int
) -> None:
    action_id = add_action(app, reviewer, review_id)
    with app.app_context():
        review = db.session.get_one(Review, review_id)
        data_request = db.session.get_one(DataRequest, review.subject_id)
        from ctdppeia.admin.services import agency_by_code

        data_request.data_holders = [agency_by_code("DOL")]
        db.session.commit()
    put_session(client, make_user(Role.REVIEWER, agency="DOL"))
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Remove names" in page and "Add an action" not in page
    shown = client.get(f"/actions/{action_id}")
    assert shown.status_code == 200 and "Change the action" not in shown.get_data(as_text=True)
    assert _try_writes(client, review_id, action_id) == [403, 403]
    assert stored(app, action_id).title == "Remove names"


def test_the_agency_approver_may_change_the_plan(
    app: Flask, client: FlaskClient, approver: User, reviewer: User, review_id: int
) -> None:
    action_id = add_action(app, reviewer, review_id)
    put_session(client, approver)
    assert client.get(f"/actions/{action_id}").status_code == 200
    data = action_form(title="Remove names now", owner_name="Data office", version="1")
    assert client.post(f"/actions/{action_id}/edit", data=data).status_code == 302
    assert stored(app, action_id).title == "Remove names now"


def test_an_administrator_reads_but_never_changes(
    app: Flask, client: FlaskClient, make_user: MakeUser, reviewer: User, review_id: int
) -> None:
    action_id = add_action(app, reviewer, review_id)
    put_session(client, make_user(Role.ADMIN, agency="DSS"))
    assert client.get(f"/actions/{action_id}").status_code == 200
    assert _try_writes(client, review_id, action_id) == [403, 403]


def _ai_action(app: Flask, reviewer: User) -> tuple[int, int, int]:
    """An AI use case of DSS, its review and one action on it: (use case, review, action)."""
    use_case_id = new_use_case(app, reviewer)
    review_id = start_ai_review(app, reviewer, use_case_id)
    with app.app_context():
        actor = db.session.get_one(User, reviewer.id)
        review = db.session.get_one(Review, review_id)
        source = Source("obligation", "0" * 16, "Obligation of the risk tier", "A person decides.")
        given = services.ActionInput("Train the staff", None, "Benefits office", date(2027, 6, 1))
        action_id = services.create_action(actor, review, source, given).id
    return use_case_id, review_id, action_id


def test_the_ai_group_sees_the_plan_of_an_ai_case_but_cannot_change_it(
    app: Flask, client: FlaskClient, make_user: MakeUser, reviewer: User
) -> None:
    use_case_id, review_id, action_id = _ai_action(app, reviewer)
    put_session(client, make_user(Role.AI_REVIEWER, agency="DAS"))
    page = client.get(f"/ai-use-cases/{use_case_id}").get_data(as_text=True)
    assert "Action plan" in page and "Train the staff" in page
    assert "Add an action" not in page
    assert client.get(f"/actions/{action_id}").status_code == 200
    assert client.get(f"/actions/{action_id}/edit").status_code == 403
    assert client.post(f"/actions/{action_id}/edit", data=action_form()).status_code == 403
    new = f"/reviews/{review_id}/actions/new?source=obligation:{'0' * 16}"
    assert client.post(new, data=action_form()).status_code == 403
    assert stored(app, action_id).title == "Train the staff"


def test_the_ai_group_cannot_see_a_data_request_plan(
    app: Flask, client: FlaskClient, make_user: MakeUser, reviewer: User, review_id: int
) -> None:
    action_id = add_action(app, reviewer, review_id)
    put_session(client, make_user(Role.AI_REVIEWER, agency="DAS"))
    assert client.get(f"/actions/{action_id}").status_code == 404


def test_the_owning_agency_sees_the_plan_on_the_use_case_page(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    use_case_id, _review_id, _action_id = _ai_action(app, reviewer)
    auth.login(reviewer)
    page = client.get(f"/ai-use-cases/{use_case_id}").get_data(as_text=True)
    assert "Train the staff" in page and "Benefits office" in page
