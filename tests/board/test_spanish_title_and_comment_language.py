"""A Spanish title per shared project, the Spanish summary's reading ease, and the language a
comment was written in: stored at posting, marked on every page, named on the answer form."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.board import period
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, User
from tests.board.conftest import share
from tests.board.test_share import PLAIN, _form, _next_monday
from tests.conftest import AuthActions

EASY_ES = "Queremos saber si la ayuda para el cuidado de los niños sube el sueldo. Usamos datos."
HARD_ES = (
    "Los investigadores operacionalizarán microdatos administrativos longitudinales, "
    "incorporando características socioeconómicas, para evaluar consecuencias intertemporales "
    "heterogéneas de la subvención sobre trayectorias de empleo remunerado."
)


def _speaks(app: Flask, user: User, language: str | None) -> None:
    with app.app_context():
        db.session.get(User, user.id).language = language  # type: ignore[union-attr]
        db.session.commit()


def test_the_share_form_saves_a_spanish_title_and_measures_the_spanish_summary(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    monday = _next_monday()
    closes = period.add_working_days(monday, 10)
    hard = client.post(
        f"/reviews/{review_id}/board",
        data=_form(monday, closes, summary_es=HARD_ES, action="check"),
    ).get_data(as_text=True)
    assert "Reading ease of the Spanish summary (Fernández Huerta" in hard
    assert "harder than grade 8" in hard
    easy = client.post(
        f"/reviews/{review_id}/board",
        data=_form(monday, closes, summary_es=EASY_ES, action="check"),
    ).get_data(as_text=True)
    assert "about grade 8 or below: good" in easy
    saved = client.post(
        f"/reviews/{review_id}/board",
        data=_form(monday, closes, summary_es=EASY_ES, title_es="Cuidado de niños y sueldos"),
    )
    assert saved.status_code == 302
    with app.app_context():
        made = db.session.scalar(select(BoardShare))
        assert made is not None and made.title_es == "Cuidado de niños y sueldos"
    too_long = client.post(
        f"/reviews/{review_id}/board", data=_form(monday, closes, summary=PLAIN, title_es="x" * 201)
    )
    assert too_long.status_code == 422


def test_spanish_readers_see_the_spanish_title_others_the_marked_english_one(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    with app.app_context():
        db.session.get(BoardShare, share_id).title_es = "Cuidado de niños y sueldos"  # type: ignore[union-attr]
        db.session.commit()
    auth.login(member)
    english = client.get(f"/board/projects/{share_id}").text
    assert '<h1 data-content><span lang="en">Child care and wages</span></h1>' in english
    _speaks(app, member, "es")
    spanish = client.get(f"/board/projects/{share_id}").text
    assert '<h1 data-content><span lang="es">Cuidado de niños y sueldos</span></h1>' in spanish
    assert "<title>Cuidado de niños y sueldos" in spanish
    assert '<span lang="es">Cuidado de niños y sueldos</span>' in client.get("/board/").text


def test_a_comment_keeps_the_language_it_was_written_in(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    _speaks(app, member, "es")
    auth.login(member)
    posted = client.post(
        f"/board/projects/{share_id}/comments",
        data={"body": "Me preocupa que se sepa quién recibe ayuda.", "concern": ""},
    )
    assert posted.status_code == 302
    _speaks(app, member, "en")
    client.post(
        f"/board/projects/{share_id}/comments", data={"body": "A second one.", "concern": ""}
    )
    with app.app_context():
        languages = [c.language for c in db.session.scalars(select(BoardComment).order_by("id"))]
    assert languages == ["es", "en"]
    board_page = client.get(f"/board/projects/{share_id}").text
    assert '<div class="prose" data-content lang="es"><p>Me preocupa' in board_page
    client.post("/logout")
    auth.login(reviewer)
    staff_page = client.get(f"/reviews/{review_id}").text
    assert 'lang="es"><p>Me preocupa' in staff_page
    answer_page = client.get(f"/reviews/{review_id}/board/answers").text
    assert 'lang="es"><p>Me preocupa' in answer_page
    assert "Written in Spanish: the member reads Spanish, so answer in Spanish" in answer_page
    assert "Written in English" not in answer_page  # said only when it is not the staff's
