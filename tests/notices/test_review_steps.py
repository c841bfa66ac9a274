"""Notices of the review workflow: submitted (to the owner agency's approvers), sent back and
decided (to who worked on the review). Never to another agency, a board member, or the
person who took the step; each names the item and links to the place to act; the email is in
the reader's language and escapes what users typed."""

from flask import Flask

from ctdppeia.config import DEVELOPMENT_BASE_URL
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Role, User
from tests.conftest import MakeUser
from tests.factories.people import as_user
from tests.factories.reviews import DECISION, SIGN, complete_review
from tests.mailsink import SmtpSink
from tests.notices.steps import emails_to, html_of, notices_of, speaks, text_of


def _submit(app: Flask, reviewer: User, review_id: int) -> None:
    complete_review(app, reviewer, review_id)
    response = as_user(app, reviewer).post(f"/reviews/{review_id}/submit", data=DECISION)
    assert response.status_code == 302


def _retitle(app: Flask, request_id: int, title: str) -> None:
    with app.app_context():
        db.session.get_one(DataRequest, request_id).title = title
        db.session.commit()


def test_submitted_goes_to_the_agencys_approvers_only(
    app: Flask, smtp_sink: SmtpSink, make_user: MakeUser, reviewer: User, approver: User,
    review_id: int, request_id: int,
) -> None:  # fmt: skip
    elsewhere = make_user(Role.APPROVER, agency="DCF")
    board = make_user(Role.BOARD, agency="DSS")
    colleague = make_user(Role.REVIEWER, agency="DSS")
    _retitle(app, request_id, "Wages <b>& child care</b>")
    _submit(app, reviewer, review_id)

    [notice] = notices_of(app, approver, "review.submitted")
    assert notice.path == f"/reviews/{review_id}/confirm"
    assert notice.title == "Wages <b>& child care</b>" and notice.item_key == f"review:{review_id}"
    for nobody in (elsewhere, board, colleague, reviewer):
        assert notices_of(app, nobody) == []

    [email] = emails_to(smtp_sink, approver)
    assert [item.recipients for item in smtp_sink.received] == [[approver.email]]
    assert "A review waits for your approval." in email["Subject"]
    body = text_of(email)
    assert f"{DEVELOPMENT_BASE_URL}/reviews/{review_id}/confirm" in body
    assert "Item: Wages <b>& child care</b>" in body  # plain text, as typed
    html = html_of(email)
    assert "Wages &lt;b&gt;&amp; child care&lt;/b&gt;" in html and "<b>&" not in html

    page = as_user(app, approver).get("/notices").get_data(as_text=True)
    assert f'href="/reviews/{review_id}/confirm"' in page
    assert "A review waits for your approval." in page


def test_the_approver_reads_it_in_their_language(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, approver: User, review_id: int
) -> None:
    speaks(app, approver, "es")
    _submit(app, reviewer, review_id)
    [email] = emails_to(smtp_sink, approver)
    assert "Una revisión espera su aprobación." in email["Subject"]
    assert "Hola" in text_of(email)
    client = as_user(app, approver)
    assert "Una revisión espera su aprobación." in client.get("/notices").get_data(as_text=True)


def test_sent_back_goes_to_the_reviewers(
    app: Flask, smtp_sink: SmtpSink, make_user: MakeUser, reviewer: User, approver: User,
    review_id: int,
) -> None:  # fmt: skip
    other_approver = make_user(Role.APPROVER, agency="DSS")
    board = make_user(Role.BOARD, agency="DSS")
    _submit(app, reviewer, review_id)
    response = as_user(app, approver).post(
        f"/reviews/{review_id}/send-back", data={"comment": "Say who keeps the data."}
    )
    assert response.status_code == 302
    [notice] = notices_of(app, reviewer, "review.sent_back")
    assert notice.path == f"/reviews/{review_id}"
    assert notices_of(app, approver, "review.sent_back") == []  # who took the step
    assert notices_of(app, other_approver, "review.sent_back") == []  # did not work on it
    assert notices_of(app, board) == []
    [email] = emails_to(smtp_sink, reviewer)
    assert "The approver sent the review back." in text_of(email)
    assert f"{DEVELOPMENT_BASE_URL}/reviews/{review_id}" in text_of(email)


def test_decided_goes_to_the_reviewers(
    app: Flask, smtp_sink: SmtpSink, reviewer: User, approver: User, review_id: int
) -> None:
    _submit(app, reviewer, review_id)
    assert (
        as_user(app, approver).post(f"/reviews/{review_id}/confirm", data=SIGN).status_code == 302
    )
    [notice] = notices_of(app, reviewer, "review.decided")
    assert notice.path == f"/reviews/{review_id}"
    assert notices_of(app, approver, "review.decided") == []
    assert any("confirmed and signed" in text_of(m) for m in emails_to(smtp_sink, reviewer))


def test_the_navigation_counts_new_notices_for_every_role(
    app: Flask, make_user: MakeUser, reviewer: User, approver: User, review_id: int
) -> None:
    _submit(app, reviewer, review_id)
    client = as_user(app, approver)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/notices">Notices <span class="count">1' in home
    client.get("/notices")
    assert 'href="/notices">Notices</a>' in client.get("/").get_data(as_text=True)
    for role in (Role.AI_REVIEWER, Role.ADMIN, Role.BOARD):
        page = as_user(app, make_user(role)).get("/").get_data(as_text=True)
        assert 'href="/notices"' in page
