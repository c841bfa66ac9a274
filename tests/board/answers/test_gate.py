"""The board's part of the submission gate, and the approver's acknowledgment of concerns."""

import json
import shutil
from datetime import timedelta

from flask import Flask
from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.board.gate import today
from ctdppeia.extensions import db
from ctdppeia.models import BoardConcernAck, Review, ReviewDocument, User
from tests.factories.board import close_period, comment, open_share, share
from tests.factories.pdfs import pdf_text
from tests.factories.people import as_user
from tests.factories.reviews import DECISION, SIGN, complete_review, flagged_for_board


def _status(app: Flask, review_id: int) -> str:
    with app.app_context():
        return db.session.get(Review, review_id).status


def test_a_board_flag_needs_sharing_then_a_closed_period(
    app: Flask, reviewer: User, review_id: int
) -> None:
    flagged_for_board(app, reviewer, review_id)
    client = as_user(app, reviewer)
    refused = client.post(f"/reviews/{review_id}/submit", data=DECISION)
    assert refused.status_code == 422
    assert "Share this review with the Resident Advisory Board" in refused.text
    share_id = open_share(app, reviewer, review_id)
    refused = client.post(f"/reviews/{review_id}/submit", data=DECISION)
    assert refused.status_code == 422
    assert "Share this review" not in refused.text
    assert "Wait until the board&#39;s comment period closes on" in refused.text
    assert f'href="/reviews/{review_id}/board/answers"' in refused.text
    close_period(app, share_id)  # the board had nothing to say by the close date
    assert client.post(f"/reviews/{review_id}/submit", data=DECISION).status_code == 302
    assert _status(app, review_id) == "submitted"


def test_the_last_day_of_the_period_still_blocks(
    app: Flask, reviewer: User, review_id: int
) -> None:
    flagged_for_board(app, reviewer, review_id)
    share(app, reviewer, review_id, today() - timedelta(days=14), today())
    client = as_user(app, reviewer)
    assert client.post(f"/reviews/{review_id}/submit", data=DECISION).status_code == 422


def test_a_review_without_a_board_flag_needs_no_sharing(
    app: Flask, reviewer: User, review_id: int
) -> None:
    complete_review(app, reviewer, review_id)
    client = as_user(app, reviewer)
    assert client.post(f"/reviews/{review_id}/submit", data=DECISION).status_code == 302


def test_every_comment_needs_a_response_hidden_ones_aside(
    app: Flask, reviewer: User, review_id: int, member: User, admin: User
) -> None:
    flagged_for_board(app, reviewer, review_id)
    share_id = open_share(app, reviewer, review_id)
    first = comment(app, share_id, member, "Drop the names.")
    reply = comment(app, share_id, member, "And the towns.", parent=first)
    rude = comment(app, share_id, member, "Something rude.")
    close_period(app, share_id)
    as_user(app, admin).post(f"/board/comments/{rude}/hide", data={"reason": "Rude words."})
    client = as_user(app, reviewer)
    refused = client.post(f"/reviews/{review_id}/submit", data=DECISION)
    assert refused.status_code == 422
    assert refused.text.count("Answer the board comment from Board member") == 2
    link = f"/reviews/{review_id}/board/answers?comment={first}#comment-{first}"
    assert f'href="{link}"' in refused.text
    assert f"#comment-{reply}" in refused.text and f"#comment-{rude}" not in refused.text
    client.post(
        f"/reviews/{review_id}/board/answers",
        data={f"kind-{first}": "not-adopted", f"text-{first}": "We need them to link."},
    )
    refused = client.post(f"/reviews/{review_id}/submit", data=DECISION)
    assert refused.status_code == 422 and f"#comment-{first}" not in refused.text
    client.post(
        f"/reviews/{review_id}/board/answers",
        data={f"kind-{reply}": "partly-changed", f"text-{reply}": "Towns are grouped."},
    )
    assert client.post(f"/reviews/{review_id}/submit", data=DECISION).status_code == 302


def _submitted_with_concern(app: Flask, reviewer: User, review_id: int, member: User) -> int:
    flagged_for_board(app, reviewer, review_id)
    share_id = open_share(app, reviewer, review_id)
    concern = comment(app, share_id, member, "Names must go.", concern_flag="names-kept")
    close_period(app, share_id)
    client = as_user(app, reviewer)
    client.post(
        f"/reviews/{review_id}/board/answers",
        data={
            f"kind-{concern}": "changed",
            f"ref-{concern}": "flag:names-kept",
            f"text-{concern}": "Names are removed after linking.",
        },
    )
    assert client.post(f"/reviews/{review_id}/submit", data=DECISION).status_code == 302
    return concern


def test_the_approver_must_acknowledge_each_concern(
    app: Flask, reviewer: User, approver: User, review_id: int, member: User
) -> None:
    concern = _submitted_with_concern(app, reviewer, review_id, member)
    client = as_user(app, approver)
    # the last step before signing lists each concern to acknowledge
    check = client.post(f"/reviews/{review_id}/confirm", data={"declaration": "y", "step": "check"})
    assert "Concerns from the Resident Advisory Board" in check.text
    assert "I have read this concern and the response" in check.text
    assert "Names are removed after linking." in check.text
    refused = client.post(f"/reviews/{review_id}/confirm", data=SIGN)
    assert refused.status_code == 422
    assert "Tick “I have read this concern and the response” for every concern" in refused.text
    assert _status(app, review_id) == "submitted"
    with app.app_context():
        assert db.session.scalars(select(BoardConcernAck)).all() == []
    note = {
        **SIGN,
        f"ack-{concern}": "yes",
        f"ack-note-{concern}": "Checked with the data officer.",
    }
    assert client.post(f"/reviews/{review_id}/confirm", data=note).status_code == 302
    assert _status(app, review_id) == "locked"
    with app.app_context():
        ack = db.session.scalars(select(BoardConcernAck)).one()
        assert (ack.comment_id, ack.acknowledged_by_id) == (concern, approver.id)
        assert ack.note == "Checked with the data officer."
        actions = [event.action for event in audit.history(("review", review_id))]
        assert "board.concern_acknowledged" in actions
        document = db.session.scalars(select(ReviewDocument)).one()
        frozen = json.loads(document.snapshot_json or "{}")
        pdf = document.pdf
    [said] = frozen["comments"]
    assert said["acknowledged"]["by"] == approver.name
    assert said["acknowledged"]["note"] == "Checked with the data officer."
    if shutil.which("pdftotext"):
        text = pdf_text(pdf)
        assert f"Concern acknowledged by the approver ({approver.name}, " in text
        assert "Checked with the data officer." in text


def test_an_overlong_note_is_refused(
    app: Flask, reviewer: User, approver: User, review_id: int, member: User
) -> None:
    concern = _submitted_with_concern(app, reviewer, review_id, member)
    client = as_user(app, approver)
    data = {**SIGN, f"ack-{concern}": "yes", f"ack-note-{concern}": "x" * 1_001}
    assert client.post(f"/reviews/{review_id}/confirm", data=data).status_code == 422
    assert _status(app, review_id) == "submitted"
