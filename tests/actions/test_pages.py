"""Adding and changing actions through the pages: what is saved, what is refused and why, and
the input kept when a form is refused."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia import limits
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, ReviewAction, User
from tests.actions.conftest import FLAG_SOURCE, MITIGATION, action_form, add_action, stored
from tests.conftest import AuthActions


def _actions(app: Flask) -> list[ReviewAction]:
    with app.app_context():
        rows = list(db.session.scalars(select(ReviewAction)))
        for row in rows:
            db.session.expunge(row)
        return rows


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_review_offers_the_mitigation_and_the_form_starts_from_it(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Action plan" in page and "No action has been added yet." in page
    assert MITIGATION in page
    assert f"/reviews/{review_id}/actions/new?source=flag:names" in page
    form = client.get(f"/reviews/{review_id}/actions/new?source={FLAG_SOURCE}")
    assert form.status_code == 200
    assert MITIGATION in form.get_data(as_text=True)  # the title starts from the mitigation


def test_an_action_is_added_with_an_owner_a_due_date_and_an_audit_event(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    url = f"/reviews/{review_id}/actions/new?source={FLAG_SOURCE}"
    response = client.post(url, data=action_form(owner_user_id=str(reviewer.id), owner_name=""))
    assert response.status_code == 302
    assert response.location.endswith(f"/reviews/{review_id}#action-plan")
    (action,) = _actions(app)
    assert (action.source_kind, action.source_ref) == ("flag", "names")
    assert action.owner_user_id == reviewer.id and action.status == "planned"
    assert str(action.due_on) == "2027-03-31"
    (event,) = _events(app, "action.created")
    assert (event.scope_type, event.scope_id) == ("review", review_id)
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Remove names before delivery" in page and "Rosa Reviewer" in page
    summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    assert "Remove names before delivery" in summary


def test_an_unknown_source_is_not_found(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    assert (
        client.get(f"/reviews/{review_id}/actions/new?source=flag:small-cells").status_code == 404
    )
    assert client.get(f"/reviews/{review_id}/actions/new").status_code == 404


def test_bad_input_is_shown_again_with_what_was_typed_and_nothing_is_saved(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    url = f"/reviews/{review_id}/actions/new?source={FLAG_SOURCE}"
    typed = action_form(
        title="Keep this text",
        owner_user_id=str(reviewer.id),
        owner_name="Also an office",
        due_on="31/03/2027",
        evidence_url="javascript:alert(1)",
        status="dropped",
    )
    response = client.post(url, data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Keep this text" in page and "Also an office" in page
    assert "Choose a person or an office, not both." in page
    assert "Give a due date, for example 2027-03-31." in page or "Not a valid date" in page
    assert "Give a web address that starts with http:// or https://." in page
    assert "Say why the action was dropped." in page
    assert _actions(app) == []


def test_no_owner_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    url = f"/reviews/{review_id}/actions/new?source={FLAG_SOURCE}"
    page = client.post(url, data=action_form(owner_name="")).get_data(as_text=True)
    assert "Choose a person or name an office." in page
    assert _actions(app) == []


def test_someone_of_another_agency_cannot_be_the_owner(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user, reviewer: User, review_id: int
) -> None:
    other = make_user(agency="DOL")
    auth.login(reviewer)
    url = f"/reviews/{review_id}/actions/new?source={FLAG_SOURCE}"
    page = client.post(url, data=action_form(owner_user_id=str(other.id), owner_name=""))
    assert page.status_code == 200 and "Not a valid choice" in page.get_data(as_text=True)
    assert _actions(app) == []


def test_text_over_its_limit_is_refused_and_kept_whole(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    url = f"/reviews/{review_id}/actions/new?source={FLAG_SOURCE}"
    long_title = "x" * (limits.ACTION_TITLE + 1)
    long_office = "o" * (limits.ACTION_OWNER + 1)
    long_link = "https://example.gov/" + "p" * limits.ACTION_LINK
    page = client.post(
        url, data=action_form(title=long_title, owner_name=long_office, evidence_url=long_link)
    ).get_data(as_text=True)
    assert f"the limit is {limits.ACTION_TITLE}" in page
    assert f"the limit is {limits.ACTION_OWNER}" in page
    assert f"the limit is {limits.ACTION_LINK:,}" in page
    assert long_title in page and long_office in page
    assert _actions(app) == []


def test_status_changes_are_saved_and_audited(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    action_id = add_action(app, reviewer, review_id)
    auth.login(reviewer)
    form = client.get(f"/actions/{action_id}/edit").get_data(as_text=True)
    assert 'name="base_status"' in form and 'name="version" type="hidden" value="1"' in form
    data = action_form(title="Remove names", owner_name="Data office", version="1")
    data["status"] = "in-progress"
    response = client.post(f"/actions/{action_id}/edit", data=data)
    assert response.status_code == 302
    assert stored(app, action_id).status == "in-progress"
    data.update(
        status="done",
        version="2",
        evidence="The delivery file has no names.",
        evidence_url="https://example.gov/delivery-check",
    )
    assert client.post(f"/actions/{action_id}/edit", data=data).status_code == 302
    done = stored(app, action_id)
    assert done.status == "done" and done.evidence_url == "https://example.gov/delivery-check"
    changes = [event.changes for event in _events(app, "action.updated")]
    assert changes[0]["status"] == ["planned", "in-progress"]
    assert changes[1]["status"] == ["in-progress", "done"]
    page = client.get(f"/actions/{action_id}").get_data(as_text=True)
    assert "The delivery file has no names." in page and "Done" in page


def test_dropping_needs_a_reason(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    action_id = add_action(app, reviewer, review_id)
    auth.login(reviewer)
    data = action_form(title="Remove names", owner_name="Data office", version="1")
    data["status"] = "dropped"
    page = client.post(f"/actions/{action_id}/edit", data=data).get_data(as_text=True)
    assert "Say why the action was dropped." in page
    assert stored(app, action_id).status == "planned"
    data["drop_reason"] = "The requester no longer asks for names."
    assert client.post(f"/actions/{action_id}/edit", data=data).status_code == 302
    dropped = stored(app, action_id)
    assert dropped.status == "dropped"
    assert dropped.drop_reason == "The requester no longer asks for names."


def test_an_edit_conflict_keeps_the_other_change_and_shows_a_field_both_changed(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    approver: User,
    review_id: int,
) -> None:
    action_id = add_action(app, reviewer, review_id)
    auth.login(reviewer)
    bases = {
        name.removeprefix("base_"): value
        for name, value in _hidden_bases(
            client.get(f"/actions/{action_id}/edit").get_data(as_text=True)
        )
    }
    # Someone else saves first: a new due date and a new title.
    with app.app_context():
        from ctdppeia.actions import services
        from ctdppeia.stale import fingerprints

        action = db.session.get_one(ReviewAction, action_id)
        other = db.session.get_one(User, approver.id)
        newer = services.ActionInput(
            title="Remove names and birth dates",
            owner_user_id=None,
            owner_name="Data office",
            due_on=action.due_on.replace(month=5),
        )
        services.update_action(other, action, newer, 1, fingerprints(services.plain(action)))
    # This person changed only the status, from version 1: saved, the due date kept.
    data = action_form(title="Remove names", owner_name="Data office", version="1")
    data.update(status="in-progress", **{f"base_{k}": v for k, v in bases.items()})
    assert client.post(f"/actions/{action_id}/edit", data=data).status_code == 302
    merged = stored(app, action_id)
    assert merged.status == "in-progress" and merged.title == "Remove names and birth dates"
    assert str(merged.due_on) == "2027-05-31"
    # A title changed by both, from the old version: nothing saved, both shown.
    data.update(title="Remove every name", status="in-progress")
    response = client.post(f"/actions/{action_id}/edit", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Remove names and birth dates" in page and "Remove every name" in page
    assert "while you were working" in page
    assert stored(app, action_id).title == "Remove names and birth dates"


def _hidden_bases(page: str) -> list[tuple[str, str]]:
    import re

    return re.findall(r'name="(base_[a-z_]+)" value="([0-9a-f]+)"', page)
