""" "Waiting for you" from the reviews: the approver's reviews to decide, and the reviews sent
back to the person who submitted them; counts, oldest first, overdue, and access."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import update

from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDecision, Role, User
from tests.conftest import AuthActions, MakeUser
from tests.factories.requests import new_request
from tests.factories.reviews import complete_review, start_review
from tests.reviews.test_separation import _answered_by_approver_then_submitted
from tests.reviews.test_workflow import DECISION, _as
from tests.waiting_page import panel, says_nothing_waits

APPROVALS = "Reviews waiting for your approval"
SENT_BACK = "Reviews sent back to you"


def _submitted_review(app: Flask, reviewer: User, title: str, days_ago: int) -> int:
    """A data request of the reviewer's agency whose review was submitted `days_ago` days ago."""
    review_id = start_review(app, reviewer, new_request(app, reviewer, title))
    complete_review(app, reviewer, review_id)
    assert _as(app, reviewer).post(f"/reviews/{review_id}/submit", data=DECISION).status_code == 302
    _set(app, review_id, submitted_at=datetime.now(UTC) - timedelta(days=days_ago))
    return review_id


def _set(app: Flask, review_id: int, **values: object) -> None:
    with app.app_context():
        db.session.execute(update(Review).where(Review.id == review_id).values(**values))
        db.session.commit()


@pytest.fixture
def three_waiting(app: Flask, qdir: Path, reviewer: User) -> list[int]:
    """Three submitted reviews of DSS: 2, 20 and 11 days old."""
    return [
        _submitted_review(app, reviewer, title, days)
        for title, days in (("Newest request", 2), ("Oldest request", 20), ("Middle request", 11))
    ]


def test_the_approver_sees_every_review_to_decide_oldest_first_with_the_overdue_ones(
    app: Flask, three_waiting: list[int], approver: User
) -> None:
    groups = panel(_as(app, approver))
    waiting = groups[APPROVALS]
    assert waiting.total == 3 and waiting.overdue == 2
    assert waiting.titles == ["Oldest request", "Middle request", "Newest request"]
    assert waiting.overdue_titles == ["Oldest request", "Middle request"]
    oldest = three_waiting[1]
    assert waiting.links[0] == f"/reviews/{oldest}/summary#approve"
    page = _as(app, approver).get("/").get_data(as_text=True)
    assert "3 items wait for you." in page and "2 are overdue." in page


def test_a_decided_review_leaves_the_approvers_panel(
    app: Flask, three_waiting: list[int], approver: User
) -> None:
    client = _as(app, approver)
    sign = {"declaration": "y", "step": "sign"}
    assert client.post(f"/reviews/{three_waiting[1]}/confirm", data=sign).status_code == 302
    waiting = panel(client)[APPROVALS]
    assert waiting.total == 2 and waiting.titles == ["Middle request", "Newest request"]


def test_another_agencys_approver_and_the_reviewer_see_none_of_them(
    app: Flask, three_waiting: list[int], reviewer: User, make_user: MakeUser
) -> None:
    other = make_user(Role.APPROVER, agency="DOL", name="Other Approver")
    assert APPROVALS not in panel(_as(app, other))
    assert says_nothing_waits(_as(app, other))
    assert APPROVALS not in panel(_as(app, reviewer))


def test_an_approver_who_answered_the_review_is_not_asked_to_decide_it(
    app: Flask, reviewer: User, approver: User, make_user: MakeUser, review_id: int
) -> None:
    """With separation of duties, one who changed an answer may not decide the review."""
    client = _answered_by_approver_then_submitted(app, reviewer, approver, review_id)
    assert APPROVALS not in panel(client)
    colleague = make_user(Role.APPROVER, agency="DSS", name="Colleague Approver")
    assert panel(_as(app, colleague))[APPROVALS].total == 1


def test_the_submitter_approver_is_not_asked_to_decide_their_own_review(
    app: Flask, qdir: Path, approver: User, make_user: MakeUser
) -> None:
    _submitted_review(app, approver, "Submitted by the approver", 1)
    assert APPROVALS not in panel(_as(app, approver))
    colleague = make_user(Role.APPROVER, agency="DSS", name="Colleague Approver")
    assert panel(_as(app, colleague))[APPROVALS].titles == ["Submitted by the approver"]


def test_a_review_sent_back_waits_for_the_reviewer_who_submitted_it(
    app: Flask, three_waiting: list[int], reviewer: User, approver: User, make_user: MakeUser
) -> None:
    client = _as(app, approver)
    back = {"comment": "Ask about the retention date."}
    assert client.post(f"/reviews/{three_waiting[0]}/send-back", data=back).status_code == 302
    with app.app_context():
        late = datetime.now(UTC) - timedelta(days=12)
        returned = ReviewDecision.returned_at.is_not(None)
        db.session.execute(update(ReviewDecision).where(returned).values(returned_at=late))
        db.session.commit()
    mine = panel(_as(app, reviewer))[SENT_BACK]
    assert mine.total == 1 and mine.titles == ["Newest request"] and mine.overdue == 1
    assert mine.links == [f"/reviews/{three_waiting[0]}"]
    assert panel(client)[APPROVALS].total == 2  # no longer waiting for the approver
    colleague = make_user(Role.REVIEWER, agency="DSS", name="Colleague Reviewer")
    assert SENT_BACK not in panel(_as(app, colleague))
    assert (
        _as(app, reviewer).post(f"/reviews/{three_waiting[0]}/submit", data=DECISION).status_code
        == 302
    )
    assert SENT_BACK not in panel(_as(app, reviewer))


def test_the_home_page_asks_the_same_number_of_queries_with_more_waiting(
    app: Flask, qdir: Path, reviewer: User, approver: User, auth: AuthActions
) -> None:
    from tests.test_query_counts import counted

    client = _as(app, approver)
    _submitted_review(app, reviewer, "First", 3)
    client.get("/")
    with counted(app) as few:
        client.get("/")
    for number in range(7):
        _submitted_review(app, reviewer, f"More {number}", 4)
    with counted(app) as many:
        assert panel(client)[APPROVALS].total == 8
    assert len(many) == len(few)
