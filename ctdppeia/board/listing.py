"""The board's home: shared projects, open or closed, and what is new since the last visit."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ctdppeia.board import dates, period
from ctdppeia.board.content import comments_of
from ctdppeia.extensions import db
from ctdppeia.models import BoardShare, BoardVisit, User
from ctdppeia.reviews.subjects import adapter_for


@dataclass(frozen=True)
class ProjectRow:
    share: BoardShare
    title: str
    state: str  # soon | open | closed
    time_left: str
    is_new: bool  # never opened by this user
    new_comments: int  # comments and replies by others since the last visit
    new_replies: int  # of those, replies to this user's comments


def project_title(share: BoardShare) -> str:
    review = share.review
    adapter = adapter_for(review.subject_kind)
    return adapter.title(adapter.get(review.subject_id))


def _row(user: User, share: BoardShare, visit: BoardVisit | None, now: date) -> ProjectRow:
    others = [c for c in comments_of(share) if c.author_id != user.id]
    if visit is not None:
        others = [c for c in others if c.created_at > visit.last_seen_at]
    mine = {c.id for c in comments_of(share) if c.author_id == user.id}
    replies = sum(1 for c in others if c.parent_id in mine)
    return ProjectRow(
        share,
        project_title(share),
        period.state(share.opens_on, share.closes_on, now),
        dates.time_left(share.opens_on, share.closes_on, now),
        visit is None,
        len(others),
        replies,
    )


def projects(user: User) -> list[ProjectRow]:
    """Every shared project, open ones first (closing soonest first), then the rest."""
    now = period.today()
    visits = {
        v.share_id: v
        for v in db.session.scalars(select(BoardVisit).where(BoardVisit.user_id == user.id))
    }
    shares = db.session.scalars(select(BoardShare).order_by(BoardShare.closes_on, BoardShare.id))
    return [_row(user, share, visits.get(share.id), now) for share in shares]


def get_share_or_404(share_id: int) -> BoardShare:
    from flask import abort

    share = db.session.get(BoardShare, share_id)
    if share is None:
        abort(404)
    return share
