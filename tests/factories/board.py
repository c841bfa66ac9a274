"""The board: DPPEIA answers that raise a flag routed to the board, shares of a review with a
chosen period (stored directly, without the period rules) and board comments."""

from datetime import date, timedelta

from flask import Flask

from ctdppeia.board.gate import needs_board, today
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, Review, User

# DPPEIA answers that raise a flag the board must hear (C1 holds a secret the board's pages
# must never show).
BOARD_ANSWERS: dict[str, object] = {
    "P0": "no",
    "P1": "university",
    "P2": "Do families who get child care help earn more two years later?",
    "P4": "no",
    "C2": ["race-ethnicity", "income-benefits"],
    "A9": "zip",
    "C1": "SECRET-C1 case numbers and home addresses",
}


def share(app: Flask, reviewer: User, review_id: int, opens: date, closes: date) -> int:
    """The review shared with the board from `opens` to `closes`."""
    with app.app_context():
        row = BoardShare(
            review_id=review_id,
            shared_by_id=reviewer.id,
            summary="We want to link names to wages.",
            opens_on=opens,
            closes_on=closes,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def open_share(app: Flask, reviewer: User, review_id: int) -> int:
    """Shared, the period open now."""
    opens, closes = today() - timedelta(days=2), today() + timedelta(days=12)
    return share(app, reviewer, review_id, opens, closes)


def close_period(app: Flask, share_id: int) -> None:
    """Move the period into the past (comments were posted while it was open)."""
    with app.app_context():
        row = db.session.get_one(BoardShare, share_id)
        row.opens_on, row.closes_on = today() - timedelta(days=20), today() - timedelta(days=1)
        db.session.commit()


def comment(
    app: Flask, share_id: int, author: User, body: str, *, parent: int | None = None,
    show_name: bool = False, concern_flag: str | None = None,
) -> int:  # fmt: skip
    with app.app_context():
        row = BoardComment(
            share_id=share_id,
            author_id=author.id,
            parent_id=parent,
            body=body,
            show_name=show_name,
            concern_flag_id=concern_flag,
        )
        db.session.add(row)
        db.session.commit()
        return row.id


def board_heard(app: Flask, reviewer: User, review_id: int) -> None:
    """When a raised flag routes the review to the board: shared, and the period closed with
    nothing said (so the review can be submitted)."""
    with app.app_context():
        needed = needs_board(db.session.get_one(Review, review_id))
    if needed:
        opens, closes = today() - timedelta(days=20), today() - timedelta(days=1)
        share(app, reviewer, review_id, opens, closes)
