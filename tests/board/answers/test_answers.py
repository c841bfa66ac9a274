"""Typed responses to board comments: kinds, reasons, what changed, several at once, history."""

from flask import Flask
from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import BoardNotice, BoardResponse, Role, User
from tests.conftest import MakeUser
from tests.factories.board import comment, open_share
from tests.factories.people import as_user


def _responses(app: Flask, comment_id: int) -> list[tuple[str, str, str | None]]:
    with app.app_context():
        query = select(BoardResponse).where(BoardResponse.comment_id == comment_id)
        rows = db.session.scalars(query.order_by(BoardResponse.id))
        return [(row.kind, row.text, row.changed_ref) for row in rows]


def test_several_comments_are_answered_at_once_each_author_told(
    app: Flask, reviewer: User, review_id: int, member: User, member2: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    first = comment(app, share_id, member, "Please drop the names.")
    second = comment(app, share_id, member2, "Who sees the wages?")
    client = as_user(app, reviewer)
    page = client.get(f"/reviews/{review_id}/board/answers").text
    assert "Please drop the names." in page and "Not answered yet." in page
    response = client.post(
        f"/reviews/{review_id}/board/answers",
        data={
            f"kind-{first}": "changed",
            f"ref-{first}": "question:B3",
            f"text-{first}": "Names are removed after linking.",
            f"kind-{second}": "out-of-scope",
            f"text-{second}": "The data sharing agreement decides that.",
        },
    )
    assert response.status_code == 302
    expected = ("changed", "Names are removed after linking.", "question:B3")
    assert _responses(app, first) == [expected]
    assert _responses(app, second)[0][0] == "out-of-scope"
    with app.app_context():
        query = select(BoardNotice).where(BoardNotice.kind == "response")
        notices = list(db.session.scalars(query))
        assert sorted((n.user_id, n.comment_id) for n in notices) == sorted(
            [(member.id, first), (member2.id, second)]
        )
        actions = [event.action for event in audit.history(("review", review_id))]
        assert actions.count("board.response_given") == 2
    page = client.get(f"/reviews/{review_id}/board/answers").text
    assert "Response in force: Changed" in page
    assert "Question B3: Will names be removed after linking?" in page


def test_a_new_response_replaces_the_one_in_force_and_keeps_the_old(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "Drop the names.")
    client = as_user(app, reviewer)
    url = f"/reviews/{review_id}/board/answers"
    client.post(url, data={f"kind-{cid}": "not-adopted", f"text-{cid}": "We need them to link."})
    client.post(url, data={f"kind-{cid}": "partly-changed", f"text-{cid}": "Names go after."})
    assert [kind for kind, _text, _ref in _responses(app, cid)] == ["not-adopted", "partly-changed"]
    assert "Response in force: Partly changed" in client.get(url).text


def test_bad_responses_are_refused_with_the_input_kept_and_nothing_saved(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    good = comment(app, share_id, member, "One.")
    reason = comment(app, share_id, member, "Two.")
    changed = comment(app, share_id, member, "Three.")
    client = as_user(app, reviewer)
    response = client.post(
        f"/reviews/{review_id}/board/answers",
        data={
            f"kind-{good}": "partly-changed",
            f"text-{good}": "Kept text of the good one.",
            f"kind-{reason}": "not-adopted",
            f"text-{reason}": "  ",
            f"kind-{changed}": "changed",
            f"text-{changed}": "We changed it.",
        },
    )
    assert response.status_code == 422
    assert "There is a problem" in response.text and "Nothing was saved." in response.text
    assert "Give the reason" in response.text
    assert "Choose the answer or flag response that changed." in response.text
    assert "Kept text of the good one." in response.text
    assert all(_responses(app, cid) == [] for cid in (good, reason, changed))


def test_unknown_kind_reference_and_overlong_text_are_refused(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "One.")
    client = as_user(app, reviewer)
    url = f"/reviews/{review_id}/board/answers"
    cases = [
        ({f"kind-{cid}": "ignored", f"text-{cid}": "x"}, "Choose what happened"),
        ({f"kind-{cid}": "changed", f"ref-{cid}": "question:X", f"text-{cid}": "x"}, "the list"),
        ({f"kind-{cid}": "not-adopted", f"text-{cid}": "x" * 20_001}, "the limit is 20,000"),
        ({}, "Answer at least one comment"),
    ]  # fmt: skip
    for data, message in cases:
        response = client.post(url, data=data)
        assert response.status_code == 422 and message in response.text, message
    assert _responses(app, cid) == []


def test_only_the_owner_agency_answers(
    app: Flask, make_user: MakeUser, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "One.")
    data = {f"kind-{cid}": "not-adopted", f"text-{cid}": "No."}
    other = as_user(app, make_user(Role.REVIEWER, agency="DOL"))
    assert other.get(f"/reviews/{review_id}/board/answers").status_code == 404
    assert other.post(f"/reviews/{review_id}/board/answers", data=data).status_code == 404
    board = as_user(app, member)
    assert board.post(f"/reviews/{review_id}/board/answers", data=data).status_code == 404
    assert _responses(app, cid) == []


def test_a_submitted_review_cannot_be_answered(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    from ctdppeia.models import Review
    from ctdppeia.models.timestamps import utcnow

    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "One.")
    with app.app_context():
        review = db.session.get(Review, review_id)
        review.submitted_at, review.submitted_by_id = utcnow(), reviewer.id
        db.session.commit()
    client = as_user(app, reviewer)
    data = {f"kind-{cid}": "not-adopted", f"text-{cid}": "No."}
    response = client.post(f"/reviews/{review_id}/board/answers", data=data)
    assert response.status_code == 409
    assert _responses(app, cid) == []
