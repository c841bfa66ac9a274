"""The board's comment period, as dated notices to the reviewers: the day it opens and the
day it closes (the last day comments are taken). Sent by the scheduled run."""

from datetime import date, timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ctdppeia.board.listing import project_title
from ctdppeia.extensions import db
from ctdppeia.models import BoardShare, Role
from ctdppeia.notices.core import Item, local_path, register_kind
from ctdppeia.notices.due import DATED_LOOK_BACK_DAYS, DatedNotice, register_dated_source
from ctdppeia.reviews.contributors import contributors

STAFF = (Role.REVIEWER, Role.APPROVER)


OPEN = _l("The board's comment period is open. Board members can comment now.")
CLOSING = _l("The board's comment period closes today. Answer the board's comments.")


def register(app: Flask) -> None:
    register_kind(app, "board.period_open", OPEN, *STAFF)
    register_kind(app, "board.period_closing", CLOSING, *STAFF)
    register_dated_source(app, "board-periods", comment_periods)


def reviewers_of(share: BoardShare) -> frozenset[int]:
    """Who shared the review, who started it and who answered it."""
    review = share.review
    return frozenset({share.shared_by_id, review.started_by_id, *contributors(review)})


def comment_periods(today: date) -> list[DatedNotice]:
    since = today - timedelta(days=DATED_LOOK_BACK_DAYS)
    query = select(BoardShare).where(
        or_(BoardShare.opens_on.between(since, today), BoardShare.closes_on.between(since, today))
    )
    found = []
    for share in db.session.scalars(query.order_by(BoardShare.id)):
        path = local_path("board_answers.answer", review_id=share.review_id)
        item, people = Item(f"board:{share.id}", project_title(share), path), reviewers_of(share)
        for kind, on in (
            ("board.period_open", share.opens_on),
            ("board.period_closing", share.closes_on),
        ):
            if since <= on <= today:
                found.append(DatedNotice(kind, item, on, people))
    return found
