"""Notices by email, through a real SMTP server (the smtp_sink fixture): sent once the work is
committed, never for work rolled back, in the reader's language, with a link to the page that
starts with PUBLIC_BASE_URL, whatever Host header the request that caused it named."""

import logging
from email.message import EmailMessage

import pytest
from flask import Flask
from sqlalchemy import select

from ctdppeia.board.notices import notify
from ctdppeia.config import DEVELOPMENT_BASE_URL
from ctdppeia.extensions import db
from ctdppeia.models import BoardNotice, BoardShare, OutboxEmail, User
from ctdppeia.notices.preferences import set_email_mode
from tests.conftest import PASSWORD
from tests.factories.board import comment, open_share
from tests.factories.people import as_user
from tests.mailsink import SmtpSink, free_port

ANSWERED = "The reviewers answered your comment."
BASE = DEVELOPMENT_BASE_URL  # PUBLIC_BASE_URL of the tests (development), unless set


def _text(message: EmailMessage) -> str:
    assert message.get_content_type() == "text/plain"  # no HTML part to escape
    return str(message.get_content()).replace("\r\n", "\n")


def _to(sink: SmtpSink) -> list[str]:
    return [address for item in sink.received for address in item.recipients]


def _answer(app: Flask, reviewer: User, review_id: int, *answers: tuple[int, str]) -> None:
    data = {}
    for comment_id, text in answers:
        data |= {f"kind-{comment_id}": "not-adopted", f"text-{comment_id}": text}
    response = as_user(app, reviewer).post(f"/reviews/{review_id}/board/answers", data=data)
    assert response.status_code == 302


def _set(app: Flask, user: User, **values: object) -> None:
    with app.app_context():
        found = db.session.get(User, user.id)
        for name, value in values.items():
            setattr(found, name, value)
        db.session.commit()


def test_each_answered_comment_is_emailed_to_its_author(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User,
    member2: User,
) -> None:  # fmt: skip
    share_id = open_share(app, reviewer, review_id)
    first = comment(app, share_id, member, "Drop the names.")
    second = comment(app, share_id, member, "Ask parents first.")
    third = comment(app, share_id, member2, "Keep it short.")
    _answer(app, reviewer, review_id, (first, "No."), (second, "Not here."), (third, "No."))
    assert sorted(_to(smtp_sink)) == sorted([member.email, member.email, member2.email])
    mine = [m for m in smtp_sink.messages if member.email in m["To"]]
    assert [m["Subject"] for m in mine] == [ANSWERED, ANSWERED]
    texts = sorted((_text(m) for m in mine), key=lambda text: "Ask parents first." in text)
    assert "Drop the names." in texts[0] and "Ask parents first." not in texts[0]
    assert "Ask parents first." in texts[1] and "Drop the names." not in texts[1]
    assert f"{BASE}/board/projects/{share_id}#comment-{first}" in texts[0]
    assert f"{BASE}/board/projects/{share_id}#comment-{second}" in texts[1]
    assert "Hello Marcus Bell," in texts[0]
    assert "Project: " in texts[0]


def test_the_email_is_in_the_readers_language(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    _set(app, member, language="es")
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Quiten los nombres.")
    _answer(app, reviewer, review_id, (said, "No."))
    [message] = smtp_sink.messages
    assert message["Subject"] == "Los revisores respondieron su comentario."
    text = _text(message)
    assert "Hola, Marcus Bell:" in text
    assert "Quiten los nombres." in text
    assert "Proyecto: " in text and f"Léalo aquí: {BASE}/board/projects/" in text


def test_the_reviewer_is_emailed_when_the_board_comments(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    board = as_user(app, member)
    posted = board.post(
        f"/board/projects/{share_id}/comments", data={"body": "Drop the names.", "concern": ""}
    )
    assert posted.status_code == 302
    assert _to(smtp_sink) == [reviewer.email]  # never the author of the comment
    message = smtp_sink.messages[0]
    assert message["Subject"] == "A board member commented on a review you work on."
    text = _text(message)
    assert "Drop the names." in text
    assert f"{BASE}/reviews/{review_id}/board/answers?comment=" in text


def test_a_forged_host_header_never_reaches_an_email(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    """A board member whose every request names another site in its Host header (as the
    board's own browser could be made to): the reviewer's email links to this site only."""
    share_id = open_share(app, reviewer, review_id)
    board = app.test_client()
    forged = {"Host": "evil.example"}
    data = {"email": member.email, "password": PASSWORD}
    assert board.post("/login", data=data, headers=forged).status_code == 302
    posted = board.post(
        f"/board/projects/{share_id}/comments",
        data={"body": "Drop the names.", "concern": ""},
        headers=forged,
    )
    assert posted.status_code == 302
    [message] = smtp_sink.messages
    text = _text(message)
    assert "evil.example" not in message.as_string()
    assert f"{BASE}/reviews/{review_id}/board/answers?comment=" in text


def test_links_use_the_public_base_url(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    app.config["PUBLIC_BASE_URL"] = "https://reviews.example.gov/"
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Drop the names.")
    _answer(app, reviewer, review_id, (said, "No."))
    url = f"https://reviews.example.gov/board/projects/{share_id}#comment-{said}"
    assert url in _text(smtp_sink.messages[0])


def test_nothing_is_sent_for_work_rolled_back(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    with app.test_request_context():
        share = db.session.get(BoardShare, share_id)
        notify(db.session.get(User, member.id), share, "shared")
        db.session.rollback()
        db.session.commit()  # a later commit does not send what was undone
        assert smtp_sink.received == []
        assert db.session.scalars(select(BoardNotice)).all() == []
        notify(db.session.get(User, member.id), share, "shared")
        assert smtp_sink.received == []  # not before the commit either
        db.session.commit()
    assert _to(smtp_sink) == [member.email]
    assert smtp_sink.messages[0]["Subject"] == "A new project was shared with the board."


def test_a_refused_comment_sends_nothing(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    board = as_user(app, member)
    refused = board.post(f"/board/projects/{share_id}/comments", data={"body": "", "concern": ""})
    assert refused.status_code == 422
    assert smtp_sink.received == []


def test_nothing_is_sent_when_email_is_off(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    app.config["MAIL_SERVER"] = None
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Drop the names.")
    _answer(app, reviewer, review_id, (said, "No."))
    assert smtp_sink.received == []
    assert "The reviewers answered your comment." in as_user(app, member).get("/notices").text


def test_a_failed_send_is_logged_and_the_work_and_the_email_are_kept(
    app: Flask, reviewer: User, review_id: int, member: User, caplog: pytest.LogCaptureFixture
) -> None:
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    share_id = open_share(app, reviewer, review_id)
    said = comment(app, share_id, member, "Drop the names.")
    with caplog.at_level(logging.ERROR, logger="ctdppeia.outbox"):
        _answer(app, reviewer, review_id, (said, "No."))
    assert "was not sent: [Errno 111] Connection refused" in caplog.text
    assert ANSWERED in as_user(app, member).get("/notices").text
    with app.app_context():  # kept in the outbox, unsent, for the sweep to send again
        [kept] = db.session.scalars(select(OutboxEmail).where(OutboxEmail.subject == ANSWERED))
        assert kept.sent_at is None and kept.attempts == 1 and kept.last_error


def test_markup_and_line_breaks_stay_text_and_add_no_header(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, review_id: int, member: User
) -> None:
    name = 'Eve\r\nBcc: victim@example.org <script>alert("x")</script>'
    body = "<img src=x onerror=alert(1)> [click](javascript:alert(1))\r\nBcc: victim@example.org"
    _set(app, member, name=name)
    _set(app, reviewer, name="Rosa\nBcc: victim@example.org")
    share_id = open_share(app, reviewer, review_id)
    posted = as_user(app, member).post(
        f"/board/projects/{share_id}/comments", data={"body": body, "concern": ""}
    )
    assert posted.status_code == 302
    said = comment(app, share_id, member, body)
    _answer(app, reviewer, review_id, (said, "No."))
    assert sorted(_to(smtp_sink)) == sorted([reviewer.email, member.email])
    for message in smtp_sink.messages:
        assert message["Bcc"] is None and message["Cc"] is None
        assert [a.addr_spec for a in message["To"].addresses] in ([reviewer.email], [member.email])
    to_reviewer = next(m for m in smtp_sink.messages if reviewer.email in str(m["To"]))
    to_member = next(m for m in smtp_sink.messages if member.email in str(m["To"]))
    assert "<img src=x onerror=alert(1)> [click](javascript:alert(1))" in _text(to_reviewer)
    assert "Bcc: victim@example.org" in _text(to_reviewer)  # in the body, as text
    assert "Hello Eve" in _text(to_member)
    assert '<script>alert("x")</script>,' in _text(to_member)


def test_the_pages_promise_email_only_when_it_is_sent(
    app: Flask, smtp_sink: SmtpSink, member: User, admin: User
) -> None:
    client = as_user(app, member)
    promise = f"We email your notices to {member.email} in the language you choose here."
    assert promise in client.get("/account/language").text
    assert (
        f"We also send each new notice by email to {member.email}." in client.get("/notices").text
    )
    with app.app_context():  # a person who asked for no email is promised none
        set_email_mode(db.session.get_one(User, admin.id), "none")
    assert "We email your notices" not in as_user(app, admin).get("/account/language").text
    assert "We do not email you your notices." in as_user(app, admin).get("/notices").text
    app.config["MAIL_SERVER"] = None
    assert "We email your notices" not in client.get("/account/language").text
    assert "by email" not in client.get("/notices").text
