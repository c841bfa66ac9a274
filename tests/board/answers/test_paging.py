"""The staff's answer page with hundreds of comments (the third security test left 852 on one
project; the page then weighed 11 MB): a page at a time, only those waiting if asked, a link to
one comment opens its page, and the submit page sums up many unanswered comments in one line."""

import re
from datetime import timedelta

from flask import Flask

from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardResponse, User
from ctdppeia.models.timestamps import utcnow
from tests.factories.board import close_period, open_share
from tests.factories.people import as_user
from tests.factories.reviews import DECISION, flagged_for_board

PAGE = 25  # BOARD_ANSWERS_PER_PAGE


def _many(app: Flask, share_id: int, author: User, count: int) -> list[int]:
    """`count` comments in threads of four (a comment and three replies), oldest first."""
    start = utcnow() - timedelta(days=1)
    with app.app_context():
        ids: list[int] = []
        for n in range(count):
            first = ids[n - n % 4] if n % 4 else None
            row = BoardComment(
                share_id=share_id,
                author_id=author.id,
                parent_id=first,
                body=f"Flood comment {n}.",
                created_at=start + timedelta(seconds=n),
            )
            db.session.add(row)
            db.session.flush()
            ids.append(row.id)
        db.session.commit()
        return ids


def _blocks(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'<article class="said" id="comment-(\d+)"', page)]


def test_852_comments_are_answered_a_page_at_a_time(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    share_id = open_share(app, reviewer, review_id)
    ids = _many(app, share_id, member, 852)
    client = as_user(app, reviewer)
    url = f"/reviews/{review_id}/board/answers"
    first = client.get(url)
    page = first.get_data(as_text=True)
    assert _blocks(page) == ids[:PAGE]
    assert page.count('<fieldset class="answer-fields') == PAGE
    assert "852 comments and replies in all; <strong>852 waiting for a response" in page
    assert "Comments 1 to 25 of 852 (page 1 of 35)" in page
    assert len(first.data) < 600_000  # it was 11 MB
    second = client.get(f"{url}?page=2").get_data(as_text=True)
    assert _blocks(second) == ids[PAGE : 2 * PAGE]
    assert "Replies to <a" in second  # comment 25 starts a thread that goes on here
    target = ids[500]
    jumped = client.get(f"{url}?comment={target}").get_data(as_text=True)
    assert target in _blocks(jumped) and "(page 21 of 35)" in jumped
    assert _blocks(client.get(f"{url}?page=99999").get_data(as_text=True)) == ids[:PAGE]


def test_only_those_waiting_and_the_submit_page_sums_them_up(
    app: Flask, reviewer: User, review_id: int, member: User
) -> None:
    flagged_for_board(app, reviewer, review_id)
    share_id = open_share(app, reviewer, review_id)
    ids = _many(app, share_id, member, 40)
    with app.app_context():
        for answered in ids[:30]:
            db.session.add(
                BoardResponse(
                    comment_id=answered,
                    kind="not-adopted",
                    text="Out of our hands.",
                    responded_by_id=reviewer.id,
                )
            )
        db.session.commit()
    client = as_user(app, reviewer)
    close_period(app, share_id)
    refused = client.post(f"/reviews/{review_id}/submit", data=DECISION).get_data(as_text=True)
    assert refused.count("Answer the board comment from Board member") == 10  # ten are listed
    waiting = client.get(f"/reviews/{review_id}/board/answers?show=waiting").get_data(as_text=True)
    assert _blocks(waiting) == ids[30:]
    assert "Showing only those waiting." in waiting
    _many(app, share_id, member, 1)
    close_period(app, share_id)
    refused = client.post(f"/reviews/{review_id}/submit", data=DECISION).get_data(as_text=True)
    assert "Answer the 11 board comments that have no response yet" in refused
    assert f"/reviews/{review_id}/board/answers?show=waiting" in refused
