"""A board member who did not tick "Show my name" is never named to staff, in any view of the
audit log or anywhere else, and the text of a comment a moderator hid is not shown in the
history (the third security test's F3). Only an administrator may learn who wrote an
anonymous comment: by saying why, in an audited step the author is told about."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import (
    Agency,
    AuditEvent,
    BoardComment,
    BoardNotice,
    DataRequest,
    Review,
    Role,
    User,
)
from tests.board.conftest import share
from tests.conftest import MakeUser
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.factories.people import as_user

SECRET = "Marcus Bell"  # the member who never shows his name
HIDDEN_FIRST, HIDDEN_EDIT = "Words the moderator removed", "Edited words the moderator removed"


def _post(client: FlaskClient, share_id: int, body: str, **extra: str) -> int:
    response = client.post(
        f"/board/projects/{share_id}/comments", data={"body": body, "concern": "", **extra}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("comment-", 1)[1])


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _holder(app: Flask, review_id: int) -> None:
    """The Department of Labor holds the request's data, so its staff read the review."""
    with app.app_context():
        review = db.session.get_one(Review, review_id)
        found = db.session.get_one(DataRequest, review.subject_id)
        found.data_holders.append(db.session.scalars(select(Agency).filter_by(code="DOL")).one())
        db.session.commit()


def _conversation(app: Flask, reviewer: User, member: User, other_member: User,
                  admin: User, review_id: int) -> tuple[int, int]:  # fmt: skip
    """Marcus comments twice without his name (once editing, and a moderator hides that
    one); Lena comments with hers. Returns (anonymous comment, hidden comment)."""
    share_id = share(app, reviewer, review_id)
    marcus = as_user(app, member)
    anonymous = _post(marcus, share_id, "I worry about my benefits.")
    hidden = _post(marcus, share_id, HIDDEN_FIRST)
    edit = marcus.post(f"/board/comments/{hidden}/edit", data={"body": HIDDEN_EDIT, "concern": ""})
    assert edit.status_code == 302
    _post(as_user(app, other_member), share_id, "Named comment.", show_name="y")
    moderator = as_user(app, admin)
    response = moderator.post(f"/board/comments/{hidden}/hide", data={"reason": "Off topic."})
    assert response.status_code == 302
    return anonymous, hidden


def test_no_audit_view_names_an_anonymous_member_or_shows_hidden_text(
    app: Flask,
    reviewer: User,
    member: User,
    other_member: User,
    review_id: int,
    make_user: MakeUser,
    smtp_sink: object,
) -> None:
    admin = make_user(Role.ADMIN, agency="OPM", name="Jordan Ellis")
    _holder(app, review_id)
    anonymous, _hidden = _conversation(app, reviewer, member, other_member, admin, review_id)
    with app.app_context():
        request_id = db.session.get_one(Review, review_id).subject_id
    review = f"/reviews/{review_id}"
    pages = [review, f"/requests/{request_id}", f"{review}/summary",
             f"{review}/board/you-said-we-did", f"{review}/review.json"]  # fmt: skip
    viewers = {
        "reviewer": (reviewer, [*pages, f"/reviews/{review_id}/board/answers", "/notices"]),
        "approver": (make_user(Role.APPROVER, agency="DSS"), pages),
        "data holder": (make_user(Role.REVIEWER, agency="DOL"), pages),
        "admin": (admin, [*pages, "/board/moderation", f"/board/comments/{anonymous}/hide"]),
    }
    for who, (user, urls) in viewers.items():
        client = as_user(app, user)
        for url in urls:
            text = _text(client, url)
            assert SECRET not in text, (who, url)
            assert HIDDEN_FIRST not in text and HIDDEN_EDIT not in text, (who, url)
    account = _text(as_user(app, admin), f"/admin/users/{member.id}")  # his own account page
    assert "Board comment" not in account and "I worry" not in account
    history = _text(as_user(app, reviewer), f"/reviews/{review_id}")
    assert "Lena Ortiz" in history  # she chose to show her name
    assert "Board member" in history and "not shown: a moderator hid this comment" in history
    for message in smtp_sink.messages:  # type: ignore[attr-defined]
        body = message.get_body(("plain",)).get_content()
        assert SECRET not in body or message["To"].endswith(f"<{member.email}>")


def test_the_history_follows_a_name_hidden_later(
    app: Flask, reviewer: User, member: User, review_id: int
) -> None:
    share_id = share(app, reviewer, review_id)
    marcus = as_user(app, member)
    comment = _post(marcus, share_id, "First with my name.", show_name="y")
    assert SECRET in _text(as_user(app, reviewer), f"/reviews/{review_id}")
    data = {"body": "Now without.", "concern": ""}
    edit = marcus.post(f"/board/comments/{comment}/edit", data=data)
    assert edit.status_code == 302
    assert SECRET not in _text(as_user(app, reviewer), f"/reviews/{review_id}")


@needs_pdftotext
def test_the_draft_pdf_does_not_name_an_anonymous_member(
    app: Flask, reviewer: User, member: User, review_id: int
) -> None:
    share_id = share(app, reviewer, review_id)
    _post(as_user(app, member), share_id, "Please keep my name out of this.")
    response = as_user(app, reviewer).get(f"/reviews/{review_id}/review.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Please keep my name out of this." in text and SECRET not in text


def test_only_an_administrator_learns_who_wrote_it_by_saying_why(
    app: Flask,
    reviewer: User,
    member: User,
    review_id: int,
    make_user: MakeUser,
) -> None:
    share_id = share(app, reviewer, review_id)
    comment = _post(as_user(app, member), share_id, "A comment without my name.")
    url = f"/board/comments/{comment}/author"
    for role, status in ((Role.REVIEWER, 403), (Role.APPROVER, 403), (Role.BOARD, 404),
                         (Role.AI_REVIEWER, 403)):  # fmt: skip
        client = as_user(app, make_user(role, agency="OPM" if role is Role.BOARD else "DSS"))
        assert client.get(url).status_code == status
        assert client.post(url, data={"reason": "Curious."}).status_code == status
    admin = as_user(app, make_user(Role.ADMIN, agency="OPM", name="Jordan Ellis"))
    page = _text(admin, url)
    assert SECRET not in page and "your reason are added to the review" in page
    refused = admin.post(url, data={"reason": "  "})
    assert refused.status_code == 422 and SECRET not in refused.get_data(as_text=True)
    shown = admin.post(url, data={"reason": "The comment threatens a caseworker."})
    assert shown.status_code == 200 and SECRET in shown.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "board.author_revealed")
        ).one()
        assert event.changes["reason"] == [None, "The comment threatens a caseworker."]
        notice = db.session.scalars(select(BoardNotice).filter_by(kind="revealed")).one()
        assert notice.user_id == member.id
        assert not db.session.get_one(BoardComment, comment).show_name
    history = _text(as_user(app, reviewer), f"/reviews/{review_id}")
    assert "An administrator looked up who wrote board comment" in history
    assert "The comment threatens a caseworker." in history and SECRET not in history


def test_the_ai_use_case_history_does_not_name_an_anonymous_member(
    app: Flask, reviewer: User, member: User, make_user: MakeUser
) -> None:
    from ctdppeia.ai.services import create_use_case
    from ctdppeia.demo import reviews

    with app.app_context():
        actor = db.session.get_one(User, reviewer.id)
        fields = {"name": "Chat helper", "vendor": "V", "description": "D", "intended_use": "U",
                  "stage": "pilot", "hosting": "vendor-cloud"}  # fmt: skip
        use_case = create_use_case(actor, fields, [])
        review = reviews.start(actor, "ai-use-case", use_case, "responsible-ai")
        assert review is not None
        ids = (use_case.id, review.id)
    share_id = share(app, reviewer, ids[1])
    _post(as_user(app, member), share_id, "Anonymous about the chatbot.")
    for user in (make_user(Role.AI_REVIEWER, agency="DAS"), reviewer):
        page = _text(as_user(app, user), f"/ai-use-cases/{ids[0]}")
        assert "Board comment" in page and "Board member" in page and SECRET not in page
