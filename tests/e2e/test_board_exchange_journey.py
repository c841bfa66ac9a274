"""The whole exchange with the Resident Advisory Board in a real browser: a reviewer shares a
flagged review; a board member who reads Spanish comments in Spanish and marks a concern about
a named flag; the period closes; the reviewer answers the comment and submits; the approver
acknowledges the concern and signs; the signed PDF, read with pdftotext, holds the comment,
the response and the acknowledgment. axe-core checks every page visited."""

import re
import shutil
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.board import period
from ctdppeia.extensions import db
from ctdppeia.i18n import localized
from ctdppeia.models import BoardShare, Review, Role, User
from ctdppeia.reviews.flags import flag_panel
from ctdppeia.reviews.state import load_context
from tests.e2e.conftest import LiveUser, set_aside_open_items
from tests.factories.pdfs import pdf_text
from tests.factories.reviews import dppeia_review, fill_review

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext"),
]

AxeCheck = Callable[..., None]
COMMENT = "Me preocupa que los datos de raza señalen a mi barrio. ¿Quién verá los nombres?"
RESPONSE = "We will publish county totals only and hide any count under 11."
ACK_NOTE = "Read with the data officer; the county totals answer the concern."


def _flagged_review(live_app: Flask, reviewer: LiveUser) -> tuple[int, str, str, str]:
    """A complete DPPEIA review with a raised flag routed to the board, not yet shared:
    (review id, the flag's id, its English title, its Spanish title)."""
    with live_app.app_context():
        review_id, _ = dppeia_review(live_app, db.session.get(User, reviewer.id))  # type: ignore[arg-type]
    fill_review(live_app, reviewer, review_id, hear_board=False)  # type: ignore[arg-type]
    with live_app.app_context():
        review = db.session.get(Review, review_id)
        flag = next(e.flag for e in flag_panel(review).entries if e.flag.route == "board")
        spanish = localized(load_context(review).questionnaire, "es")
        title_es = next(f.title for f in spanish.flags if f.id == flag.id)
        assert title_es != flag.title  # the flag has its Spanish text
        return review_id, flag.id, flag.title, title_es


def _reads_spanish(live_app: Flask, member: LiveUser) -> None:
    with live_app.app_context():
        db.session.get(User, member.id).language = "es"  # type: ignore[union-attr]
        db.session.commit()


def _close_the_period(live_app: Flask, review_id: int) -> None:
    """As if the twenty days had passed: the period ended yesterday."""
    today = period.today()
    with live_app.app_context():
        share = db.session.query(BoardShare).filter_by(review_id=review_id).one()
        share.opens_on, share.closes_on = today - timedelta(days=21), today - timedelta(days=1)
        db.session.commit()


def _share(page: Any, review_id: int, axe_check: AxeCheck) -> None:
    page.goto(f"/reviews/{review_id}")
    expect(page.get_by_text("A raised flag asks for the Resident Advisory Board")).to_be_visible()
    axe_check(page, "the review page of a flagged review")
    page.get_by_role("link", name="Share this with the Resident Advisory Board").first.click()
    axe_check(page, "the share form")
    page.get_by_label("Plain-language summary").fill(
        "The state wants to know if help with child care leads to better pay."
    )
    page.get_by_label("Summary in Spanish (optional)").fill(
        "El estado quiere saber si la ayuda con el cuidado de niños mejora el sueldo."
    )
    today = period.today()
    page.get_by_label("Comments open on").fill(today.isoformat())
    page.get_by_label("Comments close on").fill((today + timedelta(days=21)).isoformat())
    page.get_by_role("button", name="Share with the board").click()
    expect(page.get_by_text("The summary is saved.")).to_be_visible()
    axe_check(page, "the share page once shared")


def _comment_in_spanish(page: Any, title: str, flag_es: str, axe_check: AxeCheck) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "es")
    axe_check(page, "the home page in Spanish")
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Proyectos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proyectos para el Consejo")
    axe_check(page, "the board's home in Spanish")
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", name="Qué pasa ahora")).to_be_visible()
    expect(page.get_by_role("heading", name=flag_es)).to_be_visible()
    axe_check(page, "the project page in Spanish")
    page.get_by_role("textbox", name="Su comentario").fill(COMMENT)
    concern = page.get_by_role(
        "combobox", name="¿Es una preocupación sobre una alerta o una pregunta?"
    )
    concern.select_option(label=f"Alerta: {flag_es}")
    page.get_by_role("checkbox", name="Mostrar mi nombre").check()
    page.get_by_role("button", name="Enviar comentario").click()
    expect(page.get_by_text("Su comentario está publicado.")).to_be_visible()
    expect(page.locator(".board-concern")).to_contain_text(f"Preocupación sobre: Alerta: {flag_es}")
    axe_check(page, "the project page in Spanish with the comment")
    page.get_by_role("link", name=re.compile("Lo que dijo, lo que hicimos")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lo que dijo, lo que hicimos")
    expect(page.get_by_text("Todavía sin respuesta.")).to_be_visible()
    axe_check(page, "the you-said-we-did page in Spanish")
    page.get_by_role("navigation", name="Principal").get_by_role("link", name="Avisos").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avisos")
    axe_check(page, "the notices page in Spanish")
    page.get_by_role("button", name="Cerrar sesión").click()


def _answer_and_submit(page: Any, review_id: int, flag_en: str, axe_check: AxeCheck) -> None:
    page.goto(f"/reviews/{review_id}/board/answers")
    expect(page.locator(".said")).to_contain_text(COMMENT)
    axe_check(page, "the page to answer the board")
    page.get_by_label("Changed", exact=True).check()
    page.get_by_label(re.compile("What changed")).select_option(label=f"Flag: {flag_en}")
    page.get_by_label("What you did, or why not").fill(RESPONSE)
    page.get_by_role("button", name="Save the responses").click()
    expect(page.get_by_text("Saved 1 response.")).to_be_visible()
    axe_check(page, "the answered comment")
    page.goto(f"/reviews/{review_id}/submit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit your recommendation")
    expect(page.get_by_text("The review cannot be submitted yet")).to_have_count(0)
    axe_check(page, "the decision form")
    radios = page.locator("#recommendation input[type=radio]")
    if radios.count():
        radios.first.check()
    page.get_by_label("Reasons for your recommendation").fill("The board's concern is met.")
    page.get_by_label(re.compile("I answered these questions truthfully")).check()
    page.get_by_role("button", name="Sign and submit for approval").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review submitted for approval")
    axe_check(page, "the submitted confirmation")
    page.get_by_role("button", name="Sign out").click()


def _acknowledge_and_sign(page: Any, review_id: int, axe_check: AxeCheck) -> bytes:
    page.goto(f"/reviews/{review_id}/summary")
    axe_check(page, "the summary for the approver")
    box = page.locator("#approve")
    box.get_by_label(re.compile("I read this review and I confirm its decision")).check()
    box.get_by_role("button", name="Continue to sign").click()
    expect(page.get_by_role("heading", name="What happens when you sign")).to_be_visible()
    concerns = page.locator("#concerns")
    expect(concerns).to_contain_text(COMMENT)
    expect(concerns).to_contain_text(RESPONSE)
    axe_check(page, "the last step, with the concern to acknowledge")
    concerns.get_by_label("I have read this concern and the response").check()
    concerns.get_by_label("Your note (optional)").fill(ACK_NOTE)
    set_aside_open_items(page)
    page.get_by_role("button", name="Sign and lock the review").click(timeout=60_000)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Review signed and locked", timeout=60_000
    )
    axe_check(page, "the signed confirmation")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the signed PDF").click()
    return Path(download.value.path()).read_bytes()


def test_the_board_is_heard_answered_and_acknowledged_in_the_signed_pdf(
    page: Any, live_app: Flask, make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None], axe_check: AxeCheck,
) -> None:  # fmt: skip
    reviewer = make_live_user(Role.REVIEWER, agency="DSS", name="Rosa Delgado")
    approver = make_live_user(Role.APPROVER, agency="DSS", name="Ana Approver")
    member = make_live_user(Role.BOARD, agency="OPM", name=f"Marisol Vega {uuid.uuid4().hex[:4]}")
    _reads_spanish(live_app, member)
    review_id, flag_id, flag_en, flag_es = _flagged_review(live_app, reviewer)
    with live_app.app_context():
        title = "Child care subsidies and parents' earnings"

    sign_in(page, reviewer)
    _share(page, review_id, axe_check)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, member)
    _comment_in_spanish(page, title, flag_es, axe_check)

    _close_the_period(live_app, review_id)
    sign_in(page, reviewer)
    _answer_and_submit(page, review_id, flag_en, axe_check)

    sign_in(page, approver)
    text = pdf_text(_acknowledge_and_sign(page, review_id, axe_check))
    assert f"Comment 1: {member.name}" in text
    assert "Me preocupa que los datos de raza señalen a mi barrio." in text
    assert f"A concern about: Flag: {flag_en}" in text
    assert f"Response (Changed, {reviewer.name}, " in text and RESPONSE in text
    assert f"What changed: Flag: {flag_en}" in text
    assert f"Concern acknowledged by the approver ({approver.name}, " in text
    assert ACK_NOTE in text
    assert flag_id  # the concern names the flag the review raised
