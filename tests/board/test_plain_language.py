"""The board's pages are written for residents: the words of the interface (not what people
typed, which is marked data-content) read at grade 8 or below: Flesch-Kincaid in English,
Fernández Huerta in Spanish (tests/readability.py), with textstat."""

from html.parser import HTMLParser

import textstat
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, User
from tests.board.conftest import share
from tests.conftest import AuthActions
from tests.readability import MIN_EASE_ES, ease_es

GRADE = 8
VOID = {"br", "hr", "img", "input", "link", "meta"}


class _InterfaceText(HTMLParser):
    """The text inside <main>, without the parts marked data-content; one piece per text node,
    each ended as a sentence (headings, labels and buttons are sentences on their own)."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self._in_main = False
        self._skip_depth = 0
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self._in_main = True
        if tag in VOID:
            return
        self._depth += 1
        if self._skip_depth == 0 and any(name == "data-content" for name, _ in attrs):
            self._skip_depth = self._depth

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self._skip_depth == self._depth:
            self._skip_depth = 0
        self._depth -= 1
        if tag == "main":
            self._in_main = False

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if self._in_main and not self._skip_depth and text:
            self.pieces.append(text if text[-1] in ".!?:" else f"{text}.")


def _interface_text(html: str) -> str:
    parser = _InterfaceText()
    parser.feed(html)
    return " ".join(parser.pieces)


def _grade(html: str) -> tuple[float, str]:
    text = _interface_text(html)
    return float(textstat.flesch_kincaid_grade(text)), text


def _board_pages(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int, language: str,
) -> dict[str, str]:  # fmt: skip
    """The board's pages as `member` reads them in `language`, with one comment posted."""
    with app.app_context():
        db.session.get(User, member.id).language = language  # type: ignore[union-attr]
        db.session.commit()
    share_id = share(app, reviewer, review_id)
    auth.login(member)
    client.post(f"/board/projects/{share_id}/comments", data={"body": "Hello.", "concern": ""})
    with app.app_context():
        comment_id = db.session.scalar(select(BoardComment.id))
    pages = {
        "home": client.get("/board/").text,
        "project": client.get(f"/board/projects/{share_id}").text,
        "comment form": client.get(f"/board/comments/{comment_id}/edit").text,
        "you said, we did": client.get(f"/board/projects/{share_id}/you-said-we-did").text,
    }
    for name, html in pages.items():
        assert f'<html lang="{language}">' in html, name
    return pages


def test_the_board_pages_read_at_grade_8_or_below(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    pages = _board_pages(app, client, auth, reviewer, member, review_id, "en")
    for name, html in pages.items():
        grade, text = _grade(html)
        assert len(text.split()) > 20, name  # the measure is about something
        print(f"{name}: Flesch-Kincaid grade {grade:.1f}")
        assert grade <= GRADE, f"{name}: grade {grade}: {text}"


def test_the_spanish_board_pages_are_as_easy(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, member: User,
    review_id: int,
) -> None:  # fmt: skip
    """Fernández Huerta reading ease of 60 or more: about grade 8 or below."""
    pages = _board_pages(app, client, auth, reviewer, member, review_id, "es")
    for name, html in pages.items():
        text = _interface_text(html)
        assert len(text.split()) > 20, name
        assert "What happens next" not in text and "Your comment" not in text  # all Spanish
        ease = ease_es(text)
        print(f"{name}: Fernández Huerta {ease:.1f}: {text}")
        assert ease >= MIN_EASE_ES, f"{name}: reading ease {ease}: {text}"


def test_the_measure_catches_hard_words() -> None:
    hard = (
        "<main><p>Notwithstanding the aforementioned considerations, the administrative "
        "determination necessitates comprehensive documentation of organizational "
        "accountability mechanisms.</p></main>"
    )
    assert _grade(hard)[0] > GRADE
