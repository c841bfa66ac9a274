"""Counts on the board's pages and the agency's answer page come from the catalogue's plural
forms (ngettext), in English and in Spanish: one and many, never a plural built by hand."""

from flask import Flask

from ctdppeia.models import User
from tests.factories.board import comment, open_share
from tests.factories.people import as_user

SPANISH = {"Accept-Language": "es-US,es;q=0.9,en;q=0.5"}


def _answers(comment_ids: list[int]) -> dict[str, str]:
    data: dict[str, str] = {}
    for comment_id in comment_ids:
        data[f"kind-{comment_id}"] = "not-adopted"
        data[f"text-{comment_id}"] = "We will show county totals only."
    return data


def test_the_answer_page_counts_one_and_many(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    first = comment(app, share_id, member, "Who will see the names?")
    client = as_user(app, reviewer)
    url = f"/reviews/{review_id}/board/answers"
    page = client.get(url).text
    assert "1 comment or reply in all; <strong>1 waiting for a response" in page
    page = client.get(url, headers=SPANISH).text
    assert "1 comentario o respuesta en total; <strong>1 espera una respuesta" in page
    comment(app, share_id, member, "And the addresses?", parent=first)
    page = client.get(url).text
    assert "2 comments and replies in all; <strong>2 waiting for a response" in page
    page = client.get(url, headers=SPANISH).text
    assert "2 comentarios y respuestas en total; <strong>2 esperan una respuesta" in page
    assert "Mostrar solo los que esperan una respuesta" in page


def test_the_saved_message_counts_one_and_many(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    one = comment(app, share_id, member, "Who will see the names?")
    two = comment(app, share_id, member, "And the addresses?")
    three = comment(app, share_id, member, "And the ages?")
    client = as_user(app, reviewer)
    url = f"/reviews/{review_id}/board/answers"
    saved = client.post(url, data=_answers([one]), follow_redirects=True)
    assert "Saved 1 response." in saved.text
    saved = client.post(url, data=_answers([two, three]), headers=SPANISH, follow_redirects=True)
    assert "Se guardaron 2 respuestas." in saved.text


def test_the_board_home_counts_answers_and_replies(
    app: Flask, reviewer: User, review_id: int, member: User, member2: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    mine = [comment(app, share_id, member, text) for text in ("One.", "Two.")]
    client = as_user(app, member)
    client.get(f"/board/projects/{share_id}")  # the visit the home counts from
    comment(app, share_id, member2, "A reply.", parent=mine[0])
    as_user(app, reviewer).post(f"/reviews/{review_id}/board/answers", data=_answers(mine[:1]))
    home = client.get("/board/").text
    assert "the agency answered 1 of your comments." in home
    assert "1 new reply to you." in home
    home = client.get("/board/", headers=SPANISH).text
    assert "la agencia respondió 1 de sus comentarios." in home
    assert "1 respuesta nueva para usted." in home
    comment(app, share_id, member2, "Another reply.", parent=mine[1])
    as_user(app, reviewer).post(f"/reviews/{review_id}/board/answers", data=_answers(mine[1:]))
    home = client.get("/board/").text
    assert "the agency answered 2 of your comments." in home
    assert "2 new replies to you." in home
    home = client.get("/board/", headers=SPANISH).text
    assert "la agencia respondió 2 de sus comentarios." in home
    assert "2 respuestas nuevas para usted." in home
