"""The board's pages in Spanish: for a member whose language is Spanish, or whose browser asks
for it; the questionnaire's board text in Spanish, what reviewers typed as they typed it."""

import html
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.ai import services as ai_services
from ctdppeia.board import content, period
from ctdppeia.demo import ai as ai_demo
from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, Review, User
from ctdppeia.reviews.flags import flag_panel
from tests.board.conftest import move_period, share
from tests.conftest import AuthActions

SHIPPED = Path(__file__).resolve().parents[2] / "questionnaires"
SPANISH_BROWSER = {"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}


def _speaks(app: Flask, user: User, language: str | None) -> None:
    with app.app_context():
        db.session.get(User, user.id).language = language  # type: ignore[union-attr]
        db.session.commit()


def _comment(client: FlaskClient, share_id: int, body: str, concern: str = "") -> None:
    response = client.post(
        f"/board/projects/{share_id}/comments", data={"body": body, "concern": concern}
    )
    assert response.status_code == 302


def test_a_member_who_reads_spanish_gets_the_board_in_spanish(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    _speaks(app, member, "es")
    auth.login(member)
    home = client.get("/board/", headers={"Accept-Language": "en-US"}).text
    assert '<html lang="es">' in home
    assert "<h1>Proyectos para el Consejo</h1>" in home
    assert "Quedan 20 días para comentar. Se cierra el " in home
    closes = period.today() + timedelta(days=20)
    assert f"{closes.day} de " in home and f" de {closes.year}" in home
    assert ">Proyectos</a>" in home  # the navigation too
    page = client.get(f"/board/projects/{share_id}").text
    for spanish in (
        "<h3>Qué pasa ahora</h3>",
        '<h2 id="could-go-wrong">Qué podría salir mal para las personas</h2>',
        '<h2 id="agency-will-do">Lo que la agencia dice que hará</h2>',
        "<h2>Palabras de esta página</h2>",
        "Su comentario",
        "¿Es una preocupación sobre una alerta o una pregunta?",
        "No, es un comentario general",
        "Mostrar mi nombre",
        "Enviar comentario",
        "Todavía no hay comentarios.",
    ):
        assert spanish in page, spanish
    # The questionnaire's board text, from its Spanish translation file.
    assert "¿Las personas que usan estos servicios ayudaron a formar la pregunta?" in page
    assert "<strong>Respuesta:</strong> No</p>" in page
    rab = "El proyecto usa datos de los grupos que el estado más atiende, así que el Consejo"
    assert f"<h3 data-content>{rab} Asesor de Residentes lo lee</h3>" in page  # the flag's title
    assert "Las personas de estos datos suelen ser las más dañadas" in page  # its resident text
    assert "Alerta: El proyecto usa datos de los grupos" in page  # the concern choices
    # Every raised flag, whatever its route, in Spanish (this one is not routed to the board).
    assert "<summary><h3 data-content>Los residentes no ayudaron a formar la pregunta</h3>" in page
    assert (
        "<li><details>\n    <summary><h3 data-content>El proyecto usa datos de los grupos" in page
    )
    assert 'lang="en"><h3>' not in page
    # What the reviewer typed stays as typed.
    assert "Do families who get child care help earn more two years later?" in page
    assert "We want to see if child care help leads to better pay." in page
    assert "Did people who use these services help shape the question?" not in page


def test_a_date_answer_is_written_in_the_readers_language(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    """A6 (a board question of type date) reads as a Spanish date on the Spanish page, as the
    site writes dates on the English one, and as written in the record the PDF is made from."""
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        review = db.session.get(Review, review_id)
        review_demo.fill(actor, review, {"A1": "de-identified", "A6": "2026-12-03"})
    share_id = share(app, reviewer, review_id)
    auth.login(member)
    label = "<h3>¿En qué fecha se destruirán o se devolverán los datos?</h3>"
    _speaks(app, member, "es")
    page = client.get(f"/board/projects/{share_id}").text
    assert label in page
    answer = page[page.index(label) :].split("</p>")[1]  # the answer follows the help
    assert answer.endswith("<strong>Respuesta:</strong> 3 de diciembre de 2026"), answer
    assert "December" not in page
    _speaks(app, member, "en")
    english = client.get(f"/board/projects/{share_id}").text
    assert "<strong>Answer:</strong> December 3, 2026</p>" in english
    with app.test_request_context():
        review = db.session.get(Review, review_id)
        recorded = {q.id: q.answer for q in content.shared_questions(review)}
    assert recorded["A6"] == "December 3, 2026"  # the record and the PDF stay as written


def test_the_browser_language_is_the_default(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}", headers=SPANISH_BROWSER).text
    assert '<html lang="es">' in page and "<h3>Qué pasa ahora</h3>" in page
    english = client.get(f"/board/projects/{share_id}").text
    assert '<html lang="en">' in english and "<h3>What happens next</h3>" in english
    assert "Did people who use these services help shape the question?" in english
    _speaks(app, member, "en")  # a stored choice wins over the browser
    page = client.get(f"/board/projects/{share_id}", headers=SPANISH_BROWSER).text
    assert '<html lang="en">' in page and "<h3>What happens next</h3>" in page


def test_comments_replies_and_edits_in_spanish(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    _speaks(app, member, "es")
    auth.login(member)
    response = client.post(
        f"/board/projects/{share_id}/comments",
        data={"body": "¿Quién verá los nombres?", "concern": "question:P4", "show_name": "y"},
        follow_redirects=True,
    )
    page = response.text
    assert "Su comentario está publicado." in page
    assert "Preocupación sobre:" in page
    assert "Pregunta: ¿Las personas que usan estos servicios ayudaron" in page
    assert "Cambiar el comentario 1" in page and "Responder al comentario 1" in page
    empty = client.post(f"/board/projects/{share_id}/comments", data={"body": "", "concern": ""})
    assert empty.status_code == 422
    assert "Escriba su comentario." in empty.text and "Hay un problema" in empty.text
    with app.app_context():
        comment_id = db.session.scalar(select(BoardComment.id))
    edit = client.get(f"/board/comments/{comment_id}/edit").text
    assert "<h1>Cambie su comentario</h1>" in edit and "Guardar cambios" in edit
    saved = client.post(
        f"/board/comments/{comment_id}/edit",
        data={"body": "¿Quién verá los datos?", "concern": "", "show_name": "y"},
        follow_redirects=True,
    ).text
    assert "Guardamos sus cambios." in saved and "Vea el texto de antes." in saved
    said = client.get(f"/board/projects/{share_id}/you-said-we-did").text
    assert "<h1>Lo que dijo, lo que hicimos</h1>" in said
    assert "Todavía sin respuesta." in said
    assert "Marcus Bell</span> dijo el " in said


def test_a_closed_period_in_spanish(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    today = period.today()
    move_period(app, share_id, today - timedelta(days=30), today - timedelta(days=1))
    _speaks(app, member, "es")
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    assert "El plazo para comentar terminó el " in page
    refused = client.post(f"/board/projects/{share_id}/comments", data={"body": "Tarde."})
    assert refused.status_code == 403
    assert "Ya no se puede comentar" in refused.text
    assert "Ya no se puede poner ni cambiar nada." in refused.text


def test_notices_in_spanish(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share(app, reviewer, review_id)  # tells every board member
    _speaks(app, member, "es")
    auth.login(member)
    home = client.get("/").text
    assert '>Avisos <span class="count">1<span class="visually-hidden"> nuevos</span>' in home
    page = client.get("/notices").text
    assert "<h1>Avisos</h1>" in page and "Hay un proyecto nuevo para el Consejo." in page
    assert "por correo electrónico" not in page  # email is off here


def _flag_headings(page: str) -> list[tuple[str, str]]:
    """Each flag's (lang attribute, title) on a board page."""
    found = re.findall(
        r"<li( lang=\"en\")?>(?:<details>\s*<summary>)?<h3 data-content>([^<]*)</h3>", page
    )
    return [(lang, html.unescape(title)) for lang, title in found]


def test_every_raised_flag_of_a_data_review_is_in_spanish(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    share_id = share(app, reviewer, review_id)
    _speaks(app, member, "es")
    auth.login(member)
    headings = _flag_headings(client.get(f"/board/projects/{share_id}").text)
    with app.test_request_context():
        review = db.session.get(Review, review_id)
        routes = {entry.flag.route for entry in flag_panel(review).entries}
        spanish = [flag.title for flag in content.shared_flags(review, "es")]
    assert routes - {"board"}  # flags routed elsewhere, or nowhere, are shown too
    assert headings == [("", title) for title in spanish]
    assert len(headings) >= 3  # information flags that do not route to the board are not shown


def test_every_raised_flag_of_an_ai_review_is_in_spanish(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User
) -> None:
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        use_case = ai_services.create_use_case(actor, ai_demo.IN_REVIEW, [])
        review = review_demo.start(actor, "ai-use-case", use_case, "responsible-ai")
        assert review is not None
        review_demo.fill(actor, review, ai_demo.IN_REVIEW_ANSWERS)
        review_id = review.id
    share_id = share(app, reviewer, review_id)
    _speaks(app, member, "es")
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    assert "Qué podría salir mal para las personas</h2>" in page
    headings = _flag_headings(page)
    with app.test_request_context():
        spanish = [
            flag.title for flag in content.shared_flags(db.session.get(Review, review_id), "es")
        ]
    assert headings == [("", title) for title in spanish]
    assert len(headings) >= 1  # information flags are not shown to the board


@pytest.mark.parametrize("left", ["removed", "stale"])
def test_a_flag_left_in_english_is_marked_so(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int, tmp_path: Path, left: str,
) -> None:  # fmt: skip
    """For screen readers: a flag the translation leaves out keeps its English, marked; so
    does one whose English changed after it was translated (a stale entry)."""
    shutil.copytree(SHIPPED, tmp_path, dirs_exist_ok=True)
    spanish = tmp_path / "dppeia.es.po"
    text = spanish.read_text(encoding="utf-8")
    if left == "removed":  # every entry of the flag: its comments, up to the blank line
        entries = r'(?:#[^\n]*\n)*msgctxt "flag no-community-voice [^"]*"\n(?:[^\n]+\n)*\n'
        text = re.sub(entries, "", text)
        assert "no-community-voice" not in text
    else:
        english = 'msgid "Residents did not help shape the question"'
        assert english in text
        text = text.replace(english, 'msgid "Residents did not shape the question"')
        assert "Los residentes no ayudaron a formar la pregunta" in text
    spanish.write_text(text, encoding="utf-8")
    app.config["QUESTIONNAIRE_DIR"] = str(tmp_path)
    share_id = share(app, reviewer, review_id)
    _speaks(app, member, "es")
    auth.login(member)
    page = client.get(f"/board/projects/{share_id}").text
    assert (
        '<li lang="en"><details>\n    <summary><h3 data-content>'
        "Residents did not help shape the question</h3>"
    ) in page
    assert (
        "<li><details>\n    <summary><h3 data-content>El proyecto usa datos de los grupos" in page
    )
