""" "Waiting for you" from the reviews: the approver's reviews to decide, and the reviews sent
back to the person who submitted them; counts, oldest first, overdue, and access."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import update

from ctdppeia.extensions import db
from ctdppeia.models import ReviewDecision, Role, User
from tests.conftest import AuthActions, MakeUser
from tests.factories.people import as_user
from tests.factories.reviews import WITH_CONDITION, waiting_for_approval
from tests.reviews.conftest import APPROVALS
from tests.reviews.test_separation import _answered_by_approver_then_submitted
from tests.waiting_page import panel, says_nothing_waits

SENT_BACK = "Reviews sent back to you"


def test_the_approver_sees_every_review_to_decide_oldest_first_with_the_overdue_ones(
    app: Flask, three_waiting: list[int], approver: User
) -> None:
    groups = panel(as_user(app, approver))
    waiting = groups[APPROVALS]
    assert waiting.total == 3 and waiting.overdue == 2
    assert waiting.titles == ["Oldest request", "Middle request", "Newest request"]
    assert waiting.overdue_titles == ["Oldest request", "Middle request"]
    oldest = three_waiting[1]
    assert waiting.links[0] == f"/reviews/{oldest}/summary#approve"
    page = as_user(app, approver).get("/").get_data(as_text=True)
    assert "3 items wait for you." in page and "2 are overdue." in page


def test_a_decided_review_leaves_the_approvers_panel(
    app: Flask, three_waiting: list[int], approver: User
) -> None:
    client = as_user(app, approver)
    sign = {"declaration": "y", "step": "sign"}
    assert client.post(f"/reviews/{three_waiting[1]}/confirm", data=sign).status_code == 302
    waiting = panel(client)[APPROVALS]
    assert waiting.total == 2 and waiting.titles == ["Middle request", "Newest request"]


def test_another_agencys_approver_and_the_reviewer_see_none_of_them(
    app: Flask, three_waiting: list[int], reviewer: User, make_user: MakeUser
) -> None:
    other = make_user(Role.APPROVER, agency="DOL", name="Other Approver")
    assert APPROVALS not in panel(as_user(app, other))
    assert says_nothing_waits(as_user(app, other))
    assert APPROVALS not in panel(as_user(app, reviewer))


def test_an_approver_who_answered_the_review_is_not_asked_to_decide_it(
    app: Flask, reviewer: User, approver: User, make_user: MakeUser, review_id: int
) -> None:
    """With separation of duties, one who changed an answer may not decide the review."""
    client = _answered_by_approver_then_submitted(app, reviewer, approver, review_id)
    assert APPROVALS not in panel(client)
    colleague = make_user(Role.APPROVER, agency="DSS", name="Colleague Approver")
    assert panel(as_user(app, colleague))[APPROVALS].total == 1


def test_the_submitter_approver_is_not_asked_to_decide_their_own_review(
    app: Flask, qdir: Path, approver: User, make_user: MakeUser
) -> None:
    waiting_for_approval(app, approver, "Submitted by the approver", 1)
    assert APPROVALS not in panel(as_user(app, approver))
    colleague = make_user(Role.APPROVER, agency="DSS", name="Colleague Approver")
    assert panel(as_user(app, colleague))[APPROVALS].titles == ["Submitted by the approver"]


def test_a_review_sent_back_waits_for_the_reviewer_who_submitted_it(
    app: Flask, three_waiting: list[int], reviewer: User, approver: User, make_user: MakeUser
) -> None:
    client = as_user(app, approver)
    back = {"comment": "Ask about the retention date."}
    assert client.post(f"/reviews/{three_waiting[0]}/send-back", data=back).status_code == 302
    with app.app_context():
        late = datetime.now(UTC) - timedelta(days=12)
        returned = ReviewDecision.returned_at.is_not(None)
        db.session.execute(update(ReviewDecision).where(returned).values(returned_at=late))
        db.session.commit()
    mine = panel(as_user(app, reviewer))[SENT_BACK]
    assert mine.total == 1 and mine.titles == ["Newest request"] and mine.overdue == 1
    assert mine.links == [f"/reviews/{three_waiting[0]}"]
    assert panel(client)[APPROVALS].total == 2  # no longer waiting for the approver
    colleague = make_user(Role.REVIEWER, agency="DSS", name="Colleague Reviewer")
    assert SENT_BACK not in panel(as_user(app, colleague))
    assert (
        as_user(app, reviewer)
        .post(f"/reviews/{three_waiting[0]}/submit", data=WITH_CONDITION)
        .status_code
        == 302
    )
    assert SENT_BACK not in panel(as_user(app, reviewer))


def test_the_home_page_asks_the_same_number_of_queries_with_more_waiting(
    app: Flask, qdir: Path, reviewer: User, approver: User, auth: AuthActions
) -> None:
    from tests.test_query_counts import counted

    client = as_user(app, approver)
    waiting_for_approval(app, reviewer, "First", 3)
    client.get("/")
    with counted(app) as few:
        client.get("/")
    for number in range(7):
        waiting_for_approval(app, reviewer, f"More {number}", 4)
    with counted(app) as many:
        assert panel(client)[APPROVALS].total == 8
    assert len(many) == len(few)
