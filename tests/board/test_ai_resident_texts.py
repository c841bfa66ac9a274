"""A board member reads a shared AI use case's flags as residents should: each flag a board
member can see with its resident text, never the advice written for reviewers, and no
information flag; in English and in Spanish."""

import html
import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.ai import services as ai_services
from ctdppeia.demo import reviews as review_demo
from ctdppeia.extensions import db
from ctdppeia.i18n import localized
from ctdppeia.models import User
from ctdppeia.reviews.flags import questionnaire_flags
from ctdppeia.reviews.state import load_context
from tests.board.conftest import share
from tests.conftest import AuthActions
from tests.factories.use_cases import FIELDS

CASE = Path(__file__).resolve().parents[1] / "questionnaire" / "cases" / "rai-ui-fraud-flags.json"


def test_a_shared_ai_review_shows_resident_texts_never_advice(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User
) -> None:
    answers = json.loads(CASE.read_text(encoding="utf-8"))["answers"]
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        use_case = ai_services.create_use_case(actor, FIELDS, [])
        review = review_demo.start(actor, "ai-use-case", use_case, "responsible-ai")
        assert review is not None
        review_demo.fill(actor, review, answers)
        review_id = review.id
        raised = {flag.id for flag in questionnaire_flags(review)}
        questionnaire = load_context(review).questionnaire
    share_id = share(app, reviewer, review_id, summary="A score on unemployment claims.")
    auth.login(member)

    english = html.unescape(client.get(f"/board/projects/{share_id}").text)
    seen = [f for f in questionnaire.flags if f.id in raised and f.board_visible]
    assert len(seen) >= 10
    for flag in seen:
        assert flag.title in english and flag.resident and flag.resident in english, flag.id
    for flag in questionnaire.flags:
        if flag.id in raised:
            assert flag.advice not in english, flag.id  # reviewer advice is never shown
    assert "This review serves as the impact assessment" not in english  # information only

    with app.app_context():
        db.session.get(User, member.id).language = "es"  # type: ignore[union-attr]
        db.session.commit()
        spanish = localized(questionnaire, "es")
    page = html.unescape(client.get(f"/board/projects/{share_id}").text)
    for flag in spanish.flags:
        if flag.id in {f.id for f in seen}:
            assert flag.resident and flag.resident in page, flag.id
            assert flag.advice not in page, flag.id
    assert "Lo que produce el sistema es la base principal" in page
