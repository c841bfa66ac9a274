"""What a board member reads of a review's flags, in a real browser: each flag a board member
can see, with its resident text ("what could go wrong for people"), never the advice written
for reviewers, and no information flag; in English and in Spanish, at desktop width and at
390 px, with axe-core clean."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.board import period, services
from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.i18n import localized
from ctdppeia.models import Review, Role, User
from ctdppeia.requests.services import create_request
from ctdppeia.reviews import services as review_services
from ctdppeia.reviews.flags import questionnaire_flags
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.state import load_context
from ctdppeia.reviews.subjects import adapter_for
from tests.e2e.conftest import LiveUser
from tests.factories.board import BOARD_ANSWERS

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
# Answers that raise board flags of each kind (a risk, a gap, a high one routed to the board)
# and information flags the board does not see.
RAISING = {**BOARD_ANSWERS, "E2": "yes", "E2b": "no"}


def _shared(live_app: Flask, owner: LiveUser) -> tuple[int, int]:
    with live_app.app_context():
        user = db.session.get(User, owner.id)
        fields = {
            "title": f"Child care and wages {uuid.uuid4().hex[:6]}", "requesting_org": "UConn",
            "contact_name": "Mei Chen", "contact_email": "mei@example.edu",
            "requester_type": "university", "purpose": "Pay and child care.", "status": "draft",
        }  # fmt: skip
        subject = create_request(user, fields, [])
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        review = review_services.start_review(
            user, adapter_for("data-request"), subject, questionnaire
        )
        review_demo.fill(user, review, RAISING)
        today = period.today()
        share = services.share_review(
            user,
            db.session.get(Review, review.id),
            "We want to know if child care help leads to better pay.",
            "Queremos saber si la ayuda con el cuidado de niños mejora el sueldo.",
            today,
            today + timedelta(days=20),
        )
        return share.id, review.id


def _texts(live_app: Flask, review_id: int, language: str) -> dict[str, Any]:
    """The raised flags' words in `language`: what the board must see and must not see."""
    with live_app.test_request_context():
        review = db.session.get(Review, review_id)
        raised = {flag.id for flag in questionnaire_flags(review)}
        questionnaire = localized(load_context(review).questionnaire, language)
        flags = [flag for flag in questionnaire.flags if flag.id in raised]
    seen = [flag for flag in flags if flag.board_visible]
    return {
        "seen": [(flag.title, flag.resident) for flag in seen],
        "advice": [flag.advice for flag in flags],
        "hidden": [flag.title for flag in flags if not flag.board_visible],
    }


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page scrolls sideways: {width}px"


def _check_flags(page: Any, texts: dict[str, Any], heading: str, lead: str) -> None:
    """Each flag's title shows; its resident text is folded under it and opens with Enter."""
    expect(page.get_by_role("heading", name=heading, level=2)).to_be_visible()
    risks = page.locator("ul.board-risks")
    for title, resident in texts["seen"]:
        expect(risks.get_by_role("heading", name=title, level=3)).to_be_visible()
        text = risks.get_by_text(resident, exact=True)
        expect(text).to_be_hidden()
        risks.locator("summary").filter(has_text=title).first.focus()
        page.keyboard.press("Enter")
        expect(text).to_be_visible()
    body = page.locator("body").inner_text()
    for advice in texts["advice"]:
        assert advice not in body, advice
    for title in texts["hidden"]:
        assert title not in body, title


@pytest.mark.parametrize(
    ("language", "heading", "lead"),
    [
        ("en", "What could go wrong for people", ""),
        ("es", "Qué podría salir mal para las personas", ""),
    ],
)
def test_the_board_reads_resident_texts_never_reviewer_advice(
    page: Any, live_app: Flask, make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None], axe_check: AxeCheck,
    language: str, heading: str, lead: str,
) -> None:  # fmt: skip
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    member = make_live_user(Role.BOARD, agency="OPM")
    with live_app.app_context():
        db.session.get(User, member.id).language = language  # type: ignore[union-attr]
        db.session.commit()
    share_id, review_id = _shared(live_app, reviewer)
    texts = _texts(live_app, review_id, language)
    assert len(texts["seen"]) >= 4 and texts["hidden"]  # risks, gaps, high; information left out
    sign_in(page, member)
    page.goto(f"/board/projects/{share_id}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    _check_flags(page, texts, heading, lead)
    axe_check(page, f"the project page in {language}")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/board/projects/{share_id}")
    _check_flags(page, texts, heading, lead)
    _fits(page)
    axe_check(page, f"the project page in {language} at 390 px")
