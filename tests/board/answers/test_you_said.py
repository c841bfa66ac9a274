""" "You said, we did": the pages, the review summary, and the signed PDF."""

import pytest
from flask import Flask

from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from tests.factories.board import close_period, comment, open_share
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.factories.people import as_user
from tests.factories.reviews import DECISION, SIGN, flagged_for_board


def _answered(app: Flask, reviewer: User, review_id: int, member: User, member2: User) -> dict:
    share_id = open_share(app, reviewer, review_id)
    named = comment(app, share_id, member, "Please drop the **names**.", show_name=True)
    anonymous = comment(app, share_id, member2, "Who sees the wages?")
    reply = comment(app, share_id, member, "I agree with that.", parent=anonymous)
    client = as_user(app, reviewer)
    client.post(
        f"/reviews/{review_id}/board/answers",
        data={
            f"kind-{named}": "changed",
            f"ref-{named}": "question:B3",
            f"text-{named}": "Names are removed after linking.",
            f"kind-{anonymous}": "not-adopted",
            f"text-{anonymous}": "Only two analysts see wages.",
        },
    )
    return {"share": share_id, "named": named, "anonymous": anonymous, "reply": reply}


def test_the_board_page_lists_each_comment_beside_its_response(
    app: Flask, reviewer: User, review_id: int, member: User, member2: User
) -> None:
    made = _answered(app, reviewer, review_id, member, member2)
    page = as_user(app, member).get(f"/board/projects/{made['share']}/you-said-we-did").text
    assert "Marcus Bell</span> said" in page  # chose to show the name
    assert "Board member</span> said" in page and "Dana Ortiz" not in page  # chose not to
    assert "Please drop the <strong>names</strong>." in page
    assert "We did: Changed" in page and "Names are removed after linking." in page
    assert "What changed: <span data-content>Question B3: Will names be removed" in page
    assert "We did: Not adopted" in page and "Only two analysts see wages." in page
    assert "I agree with that." in page and "Not answered yet." in page  # the reply


def test_staff_see_it_on_its_own_page_and_in_the_summary(
    app: Flask, reviewer: User, review_id: int, member: User, member2: User
) -> None:
    _answered(app, reviewer, review_id, member, member2)
    client = as_user(app, reviewer)
    page = client.get(f"/reviews/{review_id}/board/you-said-we-did").text
    assert "Names are removed after linking." in page and "Who sees the wages?" in page
    summary = client.get(f"/reviews/{review_id}/summary").text
    assert "Resident Advisory Board: you said, we did" in summary
    assert "We did: Not adopted" in summary


def test_an_unknown_project_is_not_found(app: Flask, member: User) -> None:
    client = as_user(app, member)
    assert client.get("/board/projects/999999/you-said-we-did").status_code == 404


@needs_pdftotext
def test_the_signed_pdf_holds_the_exchange(
    app: Flask, reviewer: User, approver: User, review_id: int, member: User, member2: User
) -> None:
    flagged_for_board(app, reviewer, review_id)
    made = _answered(app, reviewer, review_id, member, member2)
    client = as_user(app, reviewer)
    client.post(
        f"/reviews/{review_id}/board/answers",
        data={f"kind-{made['reply']}": "out-of-scope", f"text-{made['reply']}": "Not ours."},
    )
    close_period(app, made["share"])
    assert client.post(f"/reviews/{review_id}/submit", data=DECISION).status_code == 302
    confirmed = as_user(app, approver).post(f"/reviews/{review_id}/confirm", data=SIGN)
    assert confirmed.status_code == 302
    with app.app_context():
        assert db.session.get(Review, review_id).status == "locked"
    text = pdf_text(client.get(f"/reviews/{review_id}/review.pdf").data)
    assert "Comment 1: Marcus Bell" in text and "Please drop the **names**." in text
    assert "Response (Changed, Rosa Reviewer" in text
    assert "Names are removed after linking." in text
    assert "What changed: Question B3" in text
    assert "Comment 2: Board member" in text
    assert "Response (Not adopted" in text and "Only two analysts see wages." in text
    assert "Response (Out of scope" in text and "Not ours." in text
    assert "The board made no comments" not in text


@pytest.mark.parametrize("hidden", [True])
def test_a_hidden_comment_prints_as_its_note(
    app: Flask, reviewer: User, review_id: int, member: User, admin: User, hidden: bool
) -> None:
    from ctdppeia.board.snapshot import snapshot_part

    share_id = open_share(app, reviewer, review_id)
    cid = comment(app, share_id, member, "Something rude.")
    as_user(app, admin).post(f"/board/comments/{cid}/hide", data={"reason": "Rude words."})
    with app.app_context():
        entries = snapshot_part(db.session.get(Review, review_id))
    assert entries[0]["hidden"] is hidden
    assert entries[0]["body"].startswith("Hidden by a moderator on ")
    assert entries[0]["body"].endswith(": Rude words.") and "rude." not in entries[0]["body"]


@needs_pdftotext
def test_the_demo_decided_review_shows_the_exchange(app: Flask, seeded_demo: str) -> None:
    from sqlalchemy import select

    from ctdppeia.models import BoardResponse, Review, ReviewDocument
    from tests.factories.pdfs import pdf_text as document_text

    with app.app_context():
        response = db.session.scalars(select(BoardResponse)).one()
        assert response.kind == "changed"
        # the demo's decided data-request review (the demo's decided AI review is signed too)
        query = (
            select(ReviewDocument)
            .join(Review, ReviewDocument.review_id == Review.id)
            .where(Review.subject_kind == "data-request")
        )
        document = db.session.scalars(query).one()
        text = document_text(document.pdf)
    assert "Please show only counties, not towns." in text
    assert "Response (Changed" in text and "the tables now show counties only" in text
