"""A Spanish-speaking resident on a phone (390 x 844): the header leaves the screen to the page;
the project page reads summary first, in Spanish; they post a comment and a reply with the
keyboard only, every control named; the agency answers; the notice names the project and
lands on the answer, shown under the comment. axe-core checks every page."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.board import period, services
from ctdppeia.board.answers import AnswerInput, answer_comments
from ctdppeia.board.services import CommentInput
from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, Review, Role, User
from ctdppeia.requests.services import create_request
from ctdppeia.reviews import services as review_services
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import adapter_for
from tests.e2e.conftest import LiveUser

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
PHONE = {"width": 390, "height": 844}
SUMMARY_ES = "Queremos saber si la ayuda con el cuidado de niños mejora el sueldo."
MY_COMMENT = "¿Quién verá los nombres de las familias?"
MY_REPLY = "Estoy de acuerdo con este comentario."
ANSWER = "Solo veremos totales por condado, sin nombres."


def _shared_project(live_app: Flask, owner: LiveUser, other: LiveUser) -> tuple[int, str]:
    """A shared DPPEIA review, open today, with one comment by another member."""
    title = f"Cuidado infantil {uuid.uuid4().hex[:6]}"
    with live_app.app_context():
        user = db.session.get(User, owner.id)
        fields = {
            "title": title, "requesting_org": "UConn", "contact_name": "Mei Chen",
            "contact_email": "mei@example.edu", "requester_type": "university",
            "purpose": "Do child care subsidies help parents keep jobs?", "status": "draft",
        }  # fmt: skip
        subject = create_request(user, fields, [])
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        review = review_services.start_review(
            user, adapter_for("data-request"), subject, questionnaire
        )
        review_demo.fill(user, review, {"P0": "no", "P1": "university", "P4": "no", "A9": "zip"})
        today = period.today()
        share = services.share_review(
            user, db.session.get(Review, review.id),
            "We want to know if child care help leads to better pay.", SUMMARY_ES,
            today, today + timedelta(days=20),
        )  # fmt: skip
        writer = db.session.get(User, other.id)
        services.post_comment(writer, share, CommentInput("¿Por qué usan la raza?", False))
        return share.id, title


def _speaks_spanish(live_app: Flask, member: LiveUser) -> None:
    with live_app.app_context():
        db.session.get(User, member.id).language = "es"  # type: ignore[union-attr]
        db.session.commit()


def _tab_to(page: Any, name: str, limit: int = 250) -> None:
    """Press Tab until the focused control's accessible name starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const el = document.activeElement;
                 if (!el) return '';
                 const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
                 return (el.getAttribute('aria-label') || label || el.innerText || '').trim(); }"""
        )
        if focused.startswith(name):
            return
    raise AssertionError(f"Tab never reached a control named {name!r}")


def _header_fits(page: Any, shots: Path) -> None:
    page.screenshot(path=str(shots / "resident-header-390.png"))
    height = page.locator("header.site-header").bounding_box()["height"]
    assert height <= PHONE["height"] / 6, f"the header takes {height}px of 844"


def _post_with_the_keyboard(page: Any) -> None:
    """Comment, then reply, without the mouse; each control found by its accessible name."""
    _tab_to(page, "Escriba un comentario")
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Su comentario")).to_be_visible()
    expect(page.get_by_role("combobox", name="¿Es una preocupación")).to_be_visible()
    expect(page.get_by_role("checkbox", name="Mostrar mi nombre")).not_to_be_checked()
    _tab_to(page, "Su comentario")
    page.keyboard.type(MY_COMMENT)
    _tab_to(page, "¿Es una preocupación")
    page.keyboard.press("ArrowDown")  # the first flag the agency asks the board about
    _tab_to(page, "Enviar comentario")
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("status").filter(has_text="Publicado. Este es su comentario.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Cambiar el comentario 2")).to_be_visible()
    _tab_to(page, "Responder al comentario 1")
    page.keyboard.press("Enter")
    expect(page.get_by_role("textbox", name="Su respuesta al comentario 1")).to_be_visible()
    _tab_to(page, "Su respuesta al comentario 1")
    page.keyboard.type(MY_REPLY)
    _tab_to(page, "Enviar respuesta al comentario 1")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Su respuesta está publicada.")).to_be_visible()
    expect(page.locator(".board-replies")).to_contain_text(MY_REPLY)


def _agency_answers(live_app: Flask, reviewer: LiveUser) -> int:
    with live_app.app_context():
        mine = db.session.scalars(
            db.select(BoardComment).where(BoardComment.body == MY_COMMENT)
        ).one()
        review = mine.share.review
        actor = db.session.get(User, reviewer.id)
        answer_comments(actor, review, [AnswerInput(mine.id, "not-adopted", ANSWER)])  # type: ignore[arg-type]
        return mine.id


def test_a_resident_on_a_phone_reads_comments_and_finds_the_answer(
    page: Any, live_app: Flask, make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None], axe_check: AxeCheck, tmp_path: Path,
) -> None:  # fmt: skip
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    other = make_live_user(Role.BOARD, agency="OPM", name="Lena Ortiz")
    member = make_live_user(Role.BOARD, agency="OPM", name="Marisol Vega")
    _speaks_spanish(live_app, member)
    share_id, title = _shared_project(live_app, reviewer, other)

    page.set_viewport_size(PHONE)
    sign_in(page, member)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    _header_fits(page, tmp_path)
    expect(page.get_by_text("miembro del Consejo Asesor de Residentes.")).to_be_visible()
    axe_check(page, "the home page in Spanish at 390 px")

    page.goto(f"/board/projects/{share_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    summary = page.locator("main .prose").first
    expect(summary).to_have_text(SUMMARY_ES)  # Spanish first
    expect(
        page.get_by_role("heading", name="Qué podría salir mal para las personas")
    ).to_be_visible()
    axe_check(page, "the project page in Spanish at 390 px")
    _post_with_the_keyboard(page)
    axe_check(page, "the project page after posting")

    said = _agency_answers(live_app, reviewer)
    page.goto("/")
    page.get_by_role("link", name="Avisos").click()
    notice = page.get_by_role("link", name=f"{title}: Los revisores respondieron su comentario.")
    expect(notice).to_be_visible()
    axe_check(page, "the notices page in Spanish at 390 px")
    notice.click()
    answer = page.locator(f"#comment-{said} .board-answer")
    expect(answer).to_contain_text("La agencia respondió: No adoptado")
    expect(answer).to_contain_text(ANSWER)
    expect(page.locator(f"#comment-{said}")).to_be_in_viewport()
    axe_check(page, "the answer under the comment at 390 px")
    page.goto("/board/")
    expect(page.get_by_text("la agencia respondió 1 de sus comentarios.")).to_have_count(0)  # seen
