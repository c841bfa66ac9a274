"""Publishing needs the advisory group's approval: the latest decision on the use case (a
re-assessment's, once there is one) must approve it, with or without conditions. Otherwise
the page says why and offers no form, a POST is refused, and nothing is saved."""

from flask import Flask
from flask.testing import FlaskClient
from flask_login import login_user
from sqlalchemy import func, select

from ctdppeia.extensions import db
from ctdppeia.inventory import services
from ctdppeia.models import AIUseCase, AuditEvent, InventoryEntryVersion, Role, User
from tests.conftest import AuthActions
from tests.factories.inventory import Decide, MakeUseCase, Publish, entry_form, use_case_panel

NOT_DECIDED = "has not decided on this use case yet"
NOT_APPROVED = "latest decision on this use case is “Do not approve”"
BUTTON = "Publish this version"


def _nothing_published(app: Flask, use_case_id: int) -> None:
    with app.app_context():
        assert db.session.scalar(select(func.count(InventoryEntryVersion.id))) == 0
        assert db.session.get_one(AIUseCase, use_case_id).public_id is None
        events = select(AuditEvent).where(AuditEvent.action == "inventory.publish")
        assert list(db.session.scalars(events)) == []


def _panel(app: Flask, use_case_id: int, user: User) -> str:
    with app.test_request_context():
        login_user(db.session.get_one(User, user.id))
        use_case = db.session.get_one(AIUseCase, use_case_id)
        return use_case_panel(use_case)


def test_without_a_decision_there_is_no_form_and_a_post_is_refused(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, publisher: User
) -> None:
    use_case_id = make_use_case(decided=None)
    page = client.get(f"/ai-use-cases/{use_case_id}/inventory").get_data(as_text=True)
    assert NOT_DECIDED in page and BUTTON not in page
    assert f'href="/ai-use-cases/{use_case_id}/inventory"' not in _panel(
        app, use_case_id, publisher
    )
    response = publish(use_case_id)
    assert response.status_code == 409
    assert NOT_DECIDED in response.get_data(as_text=True)
    _nothing_published(app, use_case_id)


def test_a_do_not_approve_decision_is_refused(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, publisher: User
) -> None:
    use_case_id = make_use_case(decided="do-not-approve")
    page = client.get(f"/ai-use-cases/{use_case_id}/inventory").get_data(as_text=True)
    assert NOT_APPROVED in page and BUTTON not in page
    response = publish(use_case_id)
    assert response.status_code == 409
    assert NOT_APPROVED in response.get_data(as_text=True)
    _nothing_published(app, use_case_id)
    with app.test_request_context():  # the service refuses it too, whatever the page does
        actor = db.session.get_one(User, publisher.id)
        use_case = db.session.get_one(AIUseCase, use_case_id)
        content = {**entry_form(), "impact_assessment_before_use": True, "personal_data": False}
        try:
            services.publish(actor, use_case, content)
        except services.PublishError as error:
            assert set(error.problems) == {"decision"}
        else:
            raise AssertionError("published without an approval")
    _nothing_published(app, use_case_id)


def test_an_approval_with_conditions_publishes(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, publisher: User
) -> None:
    use_case_id = make_use_case(decided="approve-with-conditions")
    assert f'href="/ai-use-cases/{use_case_id}/inventory"' in _panel(app, use_case_id, publisher)
    assert publish(use_case_id).status_code == 302
    with app.app_context():
        assert db.session.get_one(AIUseCase, use_case_id).public_id == "CT-DSS-0001"


def test_the_latest_decision_counts_after_a_re_assessment(
    app: Flask,
    client: FlaskClient,
    make_use_case: MakeUseCase,
    decide: Decide,
    publish: Publish,
    publisher: User,
) -> None:
    use_case_id = make_use_case()
    assert publish(use_case_id).status_code == 302
    decide(use_case_id, "do-not-approve")  # the re-assessment does not approve it
    response = publish(use_case_id, change_note="Another version.")
    assert response.status_code == 409 and NOT_APPROVED in response.get_data(as_text=True)
    panel = _panel(app, use_case_id, publisher)
    assert "Publish a new version" not in panel and "Retire the system" in panel
    page = client.get(f"/ai-use-cases/{use_case_id}/inventory").get_data(as_text=True)
    assert BUTTON not in page and "Retire the system" in page  # retiring needs no approval
    url = f"/ai-use-cases/{use_case_id}/inventory/retire"
    assert client.post(url, data={"note": "Stopped after the re-assessment."}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(InventoryEntryVersion.id))) == 2
    decide(use_case_id, "approve")  # a later re-assessment approves it again
    assert publish(use_case_id, change_note="Back in use.").status_code == 302


def test_only_ai_reviewers_publish_and_nothing_is_saved_for_others(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    url = f"/ai-use-cases/{use_case_id}/inventory"
    assert client.post(url, data=entry_form()).status_code == 302  # signed out: to sign-in
    for role, status in ((Role.REVIEWER, 403), (Role.APPROVER, 403), (Role.BOARD, 404)):
        auth.login(role, agency="DSS")
        assert client.post(url, data=entry_form()).status_code == status, role
        auth.logout()
    _nothing_published(app, use_case_id)
