"""The interface language: the user's stored choice, else the browser's, else English."""

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.auth import passwords
from ctdppeia.auth import services as auth_services
from ctdppeia.extensions import db
from ctdppeia.models import ROLE_LABELS, AuditEvent, Role, User
from tests.conftest import PASSWORD, AuthActions, MakeUser

SPANISH = {"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}


def _stored_language(app: Flask, user: User) -> str | None:
    with app.app_context():
        return db.session.get(User, user.id).language  # type: ignore[union-attr]


def test_english_by_default(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "<h1>Sign in</h1>" in page
    assert "Skip to main content" in page


def test_the_browser_language_chooses_spanish(client: FlaskClient) -> None:
    page = client.get("/login", headers=SPANISH).get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "<h1>Iniciar sesión</h1>" in page
    assert "Ir al contenido principal" in page
    assert "Correo electrónico" in page  # the form's labels too


def test_a_language_the_site_lacks_falls_back_to_english(client: FlaskClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "fr-FR,de;q=0.8"})
    assert '<html lang="en">' in page.get_data(as_text=True)


def test_sign_in_errors_in_spanish(client: FlaskClient, make_user: MakeUser) -> None:
    user = make_user(Role.BOARD)
    response = client.post(
        "/login", data={"email": user.email, "password": "wrong password"}, headers=SPANISH
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 401
    assert "Hay un problema" in page
    assert "no coinciden con una cuenta activa" in page
    empty = client.post("/login", data={"email": "", "password": ""}, headers=SPANISH)
    assert "Escriba su correo electrónico." in empty.get_data(as_text=True)


def test_error_pages_in_spanish(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers=SPANISH)
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<h1>No encontramos la página</h1>" in page
    assert "Código de error 404." in page


def test_the_sign_in_prompt_follows_the_browser(client: FlaskClient) -> None:
    response = client.get("/", headers=SPANISH, follow_redirects=True)
    assert "Inicie sesión para ver esa página." in response.get_data(as_text=True)


def test_every_user_picks_a_language_once(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login(Role.BOARD)
    page = client.get("/account/language").get_data(as_text=True)
    assert '<h1><span lang="en">Language</span> / <span lang="es">Idioma</span></h1>' in page
    assert 'lang="es"' in page and "Español" in page
    response = client.post("/account/language", data={"language": "es"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert '<html lang="es">' in page
    assert "Guardamos su idioma." in page
    assert _stored_language(app, user) == "es"
    # The stored choice wins over the browser's language on every page.
    home = client.get("/", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert '<html lang="es">' in home
    assert "Cerrar sesión" in home
    assert "Miembro del Consejo Asesor de Residentes" in home


def test_the_choice_is_kept_at_the_next_sign_in(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    user = make_user(Role.REVIEWER)
    auth.login(user)
    client.post("/account/language", data={"language": "es"})
    response = client.post("/logout", follow_redirects=True)
    assert "Usted cerró la sesión." in response.get_data(as_text=True)
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert '<html lang="es">' in client.get("/").get_data(as_text=True)
    client.post("/account/language", data={"language": "en"})
    assert _stored_language(app, user) == "en"
    page = client.get("/", headers=SPANISH).get_data(as_text=True)
    assert '<html lang="en">' in page


def test_the_change_is_audited(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    user = auth.login(Role.APPROVER)
    client.post("/account/language", data={"language": "es"})
    client.post("/account/language", data={"language": "es"})  # no change, no event
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "user.language")
        ).all()
        assert [(e.actor_id, e.object_id, e.changes) for e in events] == [
            (user.id, user.id, {"language": [None, "es"]})
        ]


def test_a_language_not_offered_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    user = auth.login(Role.REVIEWER)
    for choice in ("fr", "", "es; DROP TABLE"):
        response = client.post("/account/language", data={"language": choice}, headers=SPANISH)
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Hay un problema" in page
        assert "Elija un idioma." in page
    assert _stored_language(app, user) is None


def test_the_navigation_links_to_the_language_page(client: FlaskClient, auth: AuthActions) -> None:
    for role in Role:
        auth.login(role)
        page = client.get("/").get_data(as_text=True)
        assert 'href="/account/language"' in page
        auth.logout()


def test_the_form_needs_its_csrf_token(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    user = auth.login(Role.BOARD)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/account/language", data={"language": "es"})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert _stored_language(app, user) is None
    page = client.get("/account/language").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def test_the_page_frame_and_home_of_a_board_member_in_spanish(
    client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.BOARD, agency="OPM")
    client.post("/account/language", data={"language": "es"})
    home = client.get("/").get_data(as_text=True)
    assert ">Registro de usos de IA</a>" in home  # the navigation, and a tile
    assert ">Cambiar la contraseña</a>" in home
    assert "<h1>Hola, " in home and "<h2>Su trabajo</h2>" in home
    assert "Usted inició sesión como miembro del Consejo Asesor de Residentes." in home  # no agency
    for english in ("AI inventory", "Change password", "Welcome", "Your work", "signed in as"):
        assert english not in home, english
    client.post("/logout")
    login = client.get("/login", headers=SPANISH).get_data(as_text=True)
    assert ">Registro de usos de IA</a>" in login  # the public links


def test_changing_the_password_in_spanish(client: FlaskClient, auth: AuthActions) -> None:
    auth.login(Role.BOARD)
    client.post("/account/language", data={"language": "es"})
    page = client.get("/account/password").get_data(as_text=True)
    assert "<h1>Cambie su contraseña</h1>" in page
    assert "Contraseña actual" in page and "Repita la contraseña nueva" in page
    assert "Use 12 caracteres o más." in page and ">Cancelar</a>" in page
    refused = client.post(
        "/account/password",
        data={"current_password": "wrong", "new_password": "aaaa", "repeat_password": "bbbb"},
    ).get_data(as_text=True)
    assert "<title>Error: Cambie su contraseña —" in refused  # once, by the page frame
    assert "Las dos contraseñas nuevas no son iguales." in refused
    wrong = client.post(
        "/account/password",
        data={"current_password": "wrong", "new_password": "aaaa", "repeat_password": "aaaa"},
    ).get_data(as_text=True)
    assert "Esa no es su contraseña actual." in wrong
    short = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": "aaaa", "repeat_password": "aaaa"},
    ).get_data(as_text=True)
    assert "La contraseña debe tener 12 caracteres o más." in short
    new = "violet harbour seventeen kettles"
    done = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": new, "repeat_password": new},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Cambiamos su contraseña." in done


# Each reason a password change is refused, as a Spanish reader reads it: the messages are
# written in the Flask-free modules (marked there with N_) and translated on the page. (The form
# refuses a password over its length before the rules do: TOO_LONG is checked below.)
REFUSED_IN_SPANISH = [
    ("wrong", "a" * 12, "Esa no es su contraseña actual.", auth_services.WRONG_CURRENT_PASSWORD),
    (PASSWORD, "short", "La contraseña debe tener 12 caracteres o más.", passwords.TOO_SHORT),
    (PASSWORD, "password1234", "Esta contraseña es muy común.", passwords.COMMON),
    (PASSWORD, "qwertyuiopas", "Esta contraseña es muy fácil de adivinar.", passwords.PATTERN),
    (
        PASSWORD,
        PASSWORD,
        "La contraseña nueva debe ser distinta de la actual.",
        auth_services.SAME_PASSWORD,
    ),
]


@pytest.mark.parametrize(("current", "new", "spanish", "english"), REFUSED_IN_SPANISH)
def test_every_reason_to_refuse_a_password_is_shown_in_spanish(
    client: FlaskClient, auth: AuthActions, current: str, new: str, spanish: str, english: str
) -> None:
    auth.login(Role.BOARD)
    client.post("/account/language", data={"language": "es"})
    page = client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "repeat_password": new},
    ).text
    assert spanish in page
    assert english not in page


def test_the_password_lengths_in_the_reasons_are_the_limits() -> None:
    assert str(passwords.MIN_PASSWORD_LENGTH) in passwords.TOO_SHORT
    assert str(passwords.MAX_PASSWORD_LENGTH) in passwords.TOO_LONG
    assert passwords.password_problem("x" * (passwords.MAX_PASSWORD_LENGTH + 1)) == (
        passwords.TOO_LONG
    )


SPANISH_ROLES = {
    Role.REVIEWER: "revisor",
    Role.APPROVER: "aprobador (responsable de datos de la agencia)",
    Role.AI_REVIEWER: "revisor de inteligencia artificial (grupo asesor de IA)",
    Role.ADMIN: "administrador",
}


@pytest.mark.parametrize("role", list(SPANISH_ROLES))
def test_the_home_page_names_the_role_in_spanish(
    client: FlaskClient, auth: AuthActions, role: Role
) -> None:
    auth.login(role, agency="OPM")
    client.post("/account/language", data={"language": "es"})
    home = client.get("/").text
    assert f"Usted inició sesión como {SPANISH_ROLES[role]} " in home
    spanish = SPANISH_ROLES[role]
    assert f" · {spanish[:1].upper()}{spanish[1:]}, OPM<" in home  # the account menu
    assert f" · {ROLE_LABELS[role]}" not in home


def test_the_limit_message_and_the_public_links_in_spanish(client: FlaskClient) -> None:
    login = client.get("/login", headers=SPANISH).text
    assert ">Comprobar el PDF de una revisión</a>" in login
    assert "Check a review PDF" not in login
    refused = client.post(
        "/login", data={"email": "a" * 300 + "@example.org", "password": "x"}, headers=SPANISH
    ).text
    assert "Esto tiene 312 letras y signos. El límite es 254." in refused
    assert "characters long; the limit is" not in refused


def test_the_words_tables_and_the_flag_count_follow_the_page_language(app: Flask) -> None:
    shown = "{{ 'high' | word(words.RATING) }}; {{ flag_count_text({'high': 2}, 1) }}"
    with app.test_request_context(headers=SPANISH):
        assert render_template_string(shown) == (
            "Riesgo alto; 2 alertas: 2 altas; 1 de ellas se debe resolver antes de aprobar"
        )
    with app.test_request_context():
        assert render_template_string(shown) == (
            "High risk; 2 flags: 2 high; 1 of them to close before approval"
        )
