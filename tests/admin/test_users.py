"""Managing accounts in the admin pages: listing, creating, changing, resetting passwords."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.admin import services
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser

NEW_PASSWORD = "a brand new long password"


@pytest.fixture
def admin(auth: AuthActions, make_user: MakeUser) -> User:
    return auth.login(make_user(Role.ADMIN, agency="OPM", name="Ada Admin"))


def _agency_id(app: Flask, code: str) -> int:
    with app.app_context():
        return services.agency_by_code(code).id


def _user(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = services.find_user(email)
        if user is not None:
            _ = user.agency.code
            db.session.expunge(user)
        return user


def _events(app: Flask, action: str) -> list[AuditEvent]:
    """The events of this kind recorded by someone signed in (the fixtures' have no actor)."""
    with app.app_context():
        query = select(AuditEvent).where(
            AuditEvent.action == action, AuditEvent.actor_id.is_not(None)
        )
        events = list(db.session.scalars(query.order_by(AuditEvent.id)))
        for event in events:
            _ = event.actor
            db.session.expunge(event)
        return events


def _new_user_form(app: Flask, **overrides: object) -> dict[str, object]:
    form: dict[str, object] = {
        "name": "Grace Hopper",
        "email": "Grace.Hopper@ct.gov",
        "role": "reviewer",
        "agency_id": _agency_id(app, "DSS"),
        "password": "",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


BOXES = ("active", "high_risk_subcommittee", "ai_chair")


def _edit_form(user: User, **overrides: object) -> dict[str, object]:
    """The account form as the page sends it: a box left unticked (None) sends its empty
    hidden companion, "" (forms.AlwaysSentCheckbox)."""
    form: dict[str, object] = {
        "name": user.name,
        "role": user.role.value,
        "agency_id": user.agency_id,
        **{box: "y" if getattr(user, box) else None for box in BOXES},
    }
    form.update(overrides)
    form.update({box: "" for box in BOXES if form[box] is None})
    return {key: value for key, value in form.items() if value is not None}


def _can_sign_in(app: Flask, email: str, password: str) -> bool:
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    return response.status_code == 302


def _shown_password(html: str) -> str:
    match = re.search(r'<code id="new-password">([^<]+)</code>', html)
    assert match, html
    return match.group(1)


# The list -----------------------------------------------------------------------------------


def test_index_links_to_user_management(client: FlaskClient, admin: User) -> None:
    html = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/users/"' in html
    assert 'href="/admin/users/new"' in html


def test_list_shows_every_account(client: FlaskClient, admin: User, make_user: MakeUser) -> None:
    board = make_user(Role.BOARD, agency="OPM", name="Bea Board")
    html = client.get("/admin/users/").get_data(as_text=True)
    assert "Ada Admin" in html and "Bea Board" in html and board.email in html
    assert "2 accounts, by name" in html


def test_list_filters_by_role_agency_and_status(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    make_user(Role.REVIEWER, agency="DSS", name="Rita Reviewer")
    make_user(Role.REVIEWER, agency="DOT", name="Tom Transport")
    gone = make_user(Role.APPROVER, agency="DSS", name="Gus Gone")
    with app.app_context():
        db.session.get(User, gone.id).active = False
        db.session.commit()

    def names(query: str) -> set[str]:
        html = client.get(f"/admin/users/?{query}").get_data(as_text=True)
        return set(re.findall(r'<a href="/admin/users/\d+">([^<]+)</a>', html))

    assert names("role=reviewer") == {"Rita Reviewer", "Tom Transport"}
    assert names(f"agency={_agency_id(app, 'DSS')}") == {"Rita Reviewer", "Gus Gone"}
    assert names("status=inactive") == {"Gus Gone"}
    assert names("status=active&role=approver") == set()
    assert names("role=nonsense&agency=x&status=maybe") == {
        "Ada Admin",
        "Rita Reviewer",
        "Tom Transport",
        "Gus Gone",
    }


def test_list_paginates(app: Flask, client: FlaskClient, admin: User) -> None:
    with app.app_context():
        agency = services.agency_by_code("DSS")
        db.session.add_all(
            User(
                email=f"u{n:02}@ct.gov",
                name=f"User {n:02}",
                role=Role.REVIEWER,
                agency=agency,
                password_hash="x",
            )
            for n in range(55)
        )
        db.session.commit()
    first = client.get("/admin/users/").get_data(as_text=True)
    second = client.get("/admin/users/?page=2").get_data(as_text=True)
    assert "Page 1 of 2 (56 in all)" in first
    assert "User 54" in second and "User 54" not in first


# Creating -------------------------------------------------------------------------------------


def test_create_with_generated_password_shows_it_once(
    app: Flask, client: FlaskClient, admin: User
) -> None:
    response = client.post("/admin/users/new", data=_new_user_form(app))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Account created" in html and "only time the password is shown" in html
    password = _shown_password(html)
    assert response.headers["Cache-Control"] == "no-store"
    created = _user(app, "grace.hopper@ct.gov")
    assert created is not None and created.role is Role.REVIEWER and created.agency.code == "DSS"
    assert _can_sign_in(app, "grace.hopper@ct.gov", password)
    page = client.get(f"/admin/users/{created.id}").get_data(as_text=True)
    assert password not in page
    [event] = _events(app, "user.created")
    assert event.actor is not None and event.actor.id == admin.id
    assert event.changes["email"] == [None, "grace.hopper@ct.gov"]


def test_create_with_typed_password(app: Flask, client: FlaskClient, admin: User) -> None:
    form = _new_user_form(
        app, role="ai_reviewer", high_risk_subcommittee="y", password=NEW_PASSWORD
    )
    response = client.post("/admin/users/new", data=form)
    created = _user(app, "grace.hopper@ct.gov")
    assert created is not None and created.high_risk_subcommittee
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/users/{created.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The account of Grace Hopper was created." in page
    assert NEW_PASSWORD not in page
    assert _can_sign_in(app, "grace.hopper@ct.gov", NEW_PASSWORD)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address, like name@ct.gov."),
        ({"email": ""}, "Enter the person&#39;s email address."),
        ({"name": "  "}, "Enter the person&#39;s full name."),
        ({"role": ""}, "Choose a role."),
        ({"role": "emperor"}, "Not a valid choice."),
        ({"agency_id": ""}, "Choose the person&#39;s agency."),
        ({"agency_id": "99999"}, "Not a valid choice."),
        ({"password": "too short"}, "The password must be at least 12 characters long."),
        (
            {"high_risk_subcommittee": "y"},
            "Only AI reviewers can be members of the subcommittee.",
        ),
    ],
)
def test_create_errors_rerender_with_input(
    app: Flask, client: FlaskClient, admin: User, overrides: dict[str, object], message: str
) -> None:
    response = client.post("/admin/users/new", data=_new_user_form(app, **overrides))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html and message in html
    assert "<title>Error: Create an account" in html
    if overrides.get("name") is None:
        assert 'value="Grace Hopper"' in html
    assert _user(app, "grace.hopper@ct.gov") is None
    assert _events(app, "user.created") == []


def test_create_refuses_a_duplicate_email(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    make_user(Role.REVIEWER, email="grace.hopper@ct.gov")
    response = client.post("/admin/users/new", data=_new_user_form(app, name="Other Grace"))
    html = response.get_data(as_text=True)
    assert "An account with the email address grace.hopper@ct.gov already exists." in html
    assert 'value="Other Grace"' in html and 'value="Grace.Hopper@ct.gov"' in html
    assert 'aria-invalid="true"' in html


# Changing -------------------------------------------------------------------------------------


def test_edit_page_shows_the_account_and_its_history(
    client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER, name="Rita Reviewer")
    html = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Account of Rita Reviewer" in html and user.email in html
    assert 'value="Rita Reviewer"' in html
    assert "Created the account of Rita Reviewer" in html


def test_edit_changes_role_agency_name_and_subcommittee(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER, agency="DSS", name="Rita Reviewer")
    form = _edit_form(
        user,
        name="Rita R. Reviewer",
        role="ai_reviewer",
        agency_id=_agency_id(app, "DAS"),
        high_risk_subcommittee="y",
    )
    response = client.post(f"/admin/users/{user.id}", data=form)
    assert response.status_code == 302
    changed = _user(app, user.email)
    assert changed is not None
    assert (changed.name, changed.role, changed.agency.code) == (
        "Rita R. Reviewer",
        Role.AI_REVIEWER,
        "DAS",
    )
    assert changed.high_risk_subcommittee and changed.active
    [event] = _events(app, "user.updated")
    assert event.changes["role"] == ["reviewer", "ai_reviewer"]
    assert event.changes["agency"] == ["DSS", "DAS"]
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "DSS → DAS" in page and "were saved" in page


def test_deactivated_user_cannot_sign_in_and_is_signed_out(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/requests/").status_code == 200
    response = client.post(f"/admin/users/{user.id}", data=_edit_form(user, active=None))
    assert response.status_code == 302
    assert not _can_sign_in(app, user.email, PASSWORD)
    assert other.get("/requests/").status_code == 302  # the open session ends too
    [event] = _events(app, "user.updated")
    assert event.changes == {"active": [True, False]}
    html = client.get("/admin/users/?status=inactive").get_data(as_text=True)
    assert user.email in html and "Deactivated" in html
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Deactivated: cannot sign in" in page and "yes → no" in page


def test_reactivating_lets_the_user_sign_in_again(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    client.post(f"/admin/users/{user.id}", data=_edit_form(user, active=None))
    client.post(f"/admin/users/{user.id}", data=_edit_form(user, active="y"))
    assert _can_sign_in(app, user.email, PASSWORD)


def test_admin_cannot_deactivate_themselves(app: Flask, client: FlaskClient, admin: User) -> None:
    response = client.post(
        f"/admin/users/{admin.id}", data=_edit_form(admin, active=None, name="Ada Changed")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "You cannot deactivate your own account." in html
    assert 'value="Ada Changed"' in html  # the input is kept
    unchanged = _user(app, admin.email)
    assert unchanged is not None and unchanged.active and unchanged.name == "Ada Admin"
    assert _events(app, "user.updated") == []


def test_admin_cannot_remove_their_own_admin_role(
    app: Flask, client: FlaskClient, admin: User
) -> None:
    response = client.post(f"/admin/users/{admin.id}", data=_edit_form(admin, role="reviewer"))
    assert "You cannot remove your own administrator role." in response.get_data(as_text=True)
    unchanged = _user(app, admin.email)
    assert unchanged is not None and unchanged.role is Role.ADMIN


def test_edit_errors_rerender(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER, name="Rita Reviewer")
    response = client.post(
        f"/admin/users/{user.id}", data=_edit_form(user, name="", agency_id="", role="board")
    )
    html = response.get_data(as_text=True)
    assert "Enter the person&#39;s full name." in html
    assert "Choose the person&#39;s agency." in html
    assert '<option selected value="board">' in html
    assert _user(app, user.email).role is Role.REVIEWER  # type: ignore[union-attr]


def test_unknown_account_answers_404(client: FlaskClient, admin: User) -> None:
    assert client.get("/admin/users/99999").status_code == 404
    assert client.post("/admin/users/99999/password").status_code == 404


# Passwords ------------------------------------------------------------------------------------


def test_reset_password_generated(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    page = client.get(f"/admin/users/{user.id}/password").get_data(as_text=True)
    assert "Reset the password of" in page
    response = client.post(f"/admin/users/{user.id}/password", data={"password": ""})
    html = response.get_data(as_text=True)
    assert "Password reset" in html
    password = _shown_password(html)
    assert _can_sign_in(app, user.email, password)
    assert not _can_sign_in(app, user.email, PASSWORD)
    [event] = _events(app, "user.password_reset")
    assert event.changes == {} and password not in str(event.summary)


def test_reset_password_typed(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    response = client.post(f"/admin/users/{user.id}/password", data={"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert "has a new password" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert _can_sign_in(app, user.email, NEW_PASSWORD)


def test_reset_password_too_short(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    response = client.post(f"/admin/users/{user.id}/password", data={"password": "short"})
    assert "The password must be at least 12 characters long." in response.get_data(as_text=True)
    assert _can_sign_in(app, user.email, PASSWORD)
    assert _events(app, "user.password_reset") == []


def test_generated_passwords_are_long_and_differ() -> None:
    passwords = {services.new_password() for _ in range(20)}
    assert len(passwords) == 20
    assert all(len(p) >= services.MIN_PASSWORD_LENGTH for p in passwords)


# Who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_only_admins_manage_accounts(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser, role: Role
) -> None:
    target = make_user(Role.REVIEWER, name="Target Person")
    auth.login(role)
    refused = 404 if role is Role.BOARD else 403  # nothing unshared exists for the board
    assert client.get("/admin/users/").status_code == refused
    assert client.get("/admin/users/new").status_code == refused
    assert client.post("/admin/users/new", data=_new_user_form(app)).status_code == refused
    assert client.post(f"/admin/users/{target.id}", data=_edit_form(target)).status_code == refused
    response = client.post(f"/admin/users/{target.id}/password", data={"password": NEW_PASSWORD})
    assert response.status_code == refused
    assert _user(app, "grace.hopper@ct.gov") is None
    assert _can_sign_in(app, target.email, PASSWORD)


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/admin/users/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "posted",
    [
        {"submit": "Save changes"},  # every field left out, as a hand-made request can
        {"name": "Chair Person", "role": "ai_reviewer", "submit": "Save changes"},
        {"active": "", "submit": "Save changes"},  # only the account box, unticked
    ],
    ids=["only-the-button", "no-boxes", "only-active"],
)
def test_a_form_without_its_boxes_changes_nothing(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser, posted: dict[str, str]
) -> None:
    """A box missing from the request is not a box left unticked: the form comes back with
    a message beside each missing box, showing what is stored, and nothing is saved."""
    user = make_user(
        Role.AI_REVIEWER, name="Chair Person", ai_chair=True, high_risk_subcommittee=True
    )
    form = {**posted, "agency_id": str(user.agency_id)} if "name" in posted else posted
    response = client.post(f"/admin/users/{user.id}", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for box in BOXES:
        said = f'id="{box}-error">The form arrived without this box' in html
        assert said == (box not in posted), box
    for box in (box for box in BOXES if box not in posted):  # drawn as stored: ticked
        assert re.search(rf'<input [^>]*checked [^>]*name="{box}" type="checkbox"', html), box
    kept = _user(app, user.email)
    assert kept is not None and kept.active and kept.ai_chair and kept.high_risk_subcommittee
    assert _events(app, "user.updated") == []
    assert _can_sign_in(app, user.email, PASSWORD)


def test_a_post_with_no_field_at_all_changes_nothing(
    app: Flask, client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.AI_REVIEWER, ai_chair=True)
    client.post(f"/admin/users/{user.id}", data={})
    kept = _user(app, user.email)
    assert kept is not None and kept.active and kept.ai_chair
    assert _events(app, "user.updated") == []


def test_each_box_is_sent_whether_ticked_or_not(
    client: FlaskClient, admin: User, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    html = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    for box in BOXES:
        assert re.search(rf'name="{box}" type="checkbox" value="y">\s*<input type="hidden" '
                         rf'name="{box}" value="">', html), box  # fmt: skip
