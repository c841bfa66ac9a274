"""The kinds of the agency's responses, as a board member reads them in Spanish: the words are
written once, in `ctdppeia.words.RESPONSE`, and translated on the page."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import words
from ctdppeia.board import content
from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from ctdppeia.reviews import workflow
from tests.board.conftest import share
from tests.conftest import AuthActions

SPANISH = {
    "mitigation": "Medida o condición",
    "accepted-risk": "Riesgo aceptado",
    "not-applicable": "No aplica",
}


def test_each_kind_of_response_is_shown_in_spanish(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    with app.app_context():
        review = db.session.get_one(Review, review_id)
        flags = content.shared_flags(review)
        assert len(flags) >= len(SPANISH)
        for flag, kind in zip(flags, SPANISH, strict=False):
            actor = db.session.get_one(User, reviewer.id)
            workflow.respond_to_flag(actor, review, flag.id, kind, "We will fix this.")
    share_id = share(app, reviewer, review_id)
    auth.login(member)
    english = client.get(f"/board/projects/{share_id}").text
    assert all(f"({words.RESPONSE[kind]})</p>" in english for kind in SPANISH)
    client.post("/account/language", data={"language": "es"})
    page = client.get(f"/board/projects/{share_id}").text
    for kind, spanish in SPANISH.items():
        assert f"({spanish})</p>" in page
        assert words.RESPONSE[kind] not in page
