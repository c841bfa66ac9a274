"""The board's home: shared projects, open or closed, and what is new since the last visit."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ctdppeia.board import dates, period
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, BoardVisit, User
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


def _row(
    user: User,
    share: BoardShare,
    visit: BoardVisit | None,
    now: date,
    comments: list[BoardComment],
    title: str,
) -> ProjectRow:
    others = [c for c in comments if c.author_id != user.id]
    if visit is not None:
        others = [c for c in others if c.created_at > visit.last_seen_at]
    mine = {c.id for c in comments if c.author_id == user.id}
    replies = sum(1 for c in others if c.parent_id in mine)
    return ProjectRow(
        share,
        title,
        period.state(share.opens_on, share.closes_on, now),
        dates.time_left(share.opens_on, share.closes_on, now),
        visit is None,
        len(others),
        replies,
    )


def _comments_by_share(share_ids: list[int]) -> dict[int, list[BoardComment]]:
    query = select(BoardComment).where(BoardComment.share_id.in_(share_ids))
    found: dict[int, list[BoardComment]] = {share_id: [] for share_id in share_ids}
    for comment in db.session.scalars(query.order_by(BoardComment.created_at, BoardComment.id)):
        found[comment.share_id].append(comment)
    return found


def project_titles(shares: list[BoardShare]) -> dict[int, str]:
    """Each share's project title, the subjects loaded with one query per kind."""
    wanted: dict[str, set[int]] = {}
    for share in shares:
        wanted.setdefault(share.review.subject_kind, set()).add(share.review.subject_id)
    subjects = {kind: adapter_for(kind).get_many(sorted(ids)) for kind, ids in wanted.items()}
    titles = {}
    for share in shares:
        kind, subject_id = share.review.subject_kind, share.review.subject_id
        subject = subjects[kind].get(subject_id)
        titles[share.id] = adapter_for(kind).title(subject) if subject is not None else ""
    return titles


def projects(user: User) -> list[ProjectRow]:
    """Every shared project, open ones first (closing soonest first), then the rest."""
    now = period.today()
    visits = {
        v.share_id: v
        for v in db.session.scalars(select(BoardVisit).where(BoardVisit.user_id == user.id))
    }
    query = select(BoardShare).options(selectinload(BoardShare.review))
    shares = list(db.session.scalars(query.order_by(BoardShare.closes_on, BoardShare.id)))
    comments = _comments_by_share([share.id for share in shares]) if shares else {}
    titles = project_titles(shares)
    return [
        _row(user, share, visits.get(share.id), now, comments[share.id], titles[share.id])
        for share in shares
    ]


def get_share_or_404(share_id: int) -> BoardShare:
    from flask import abort

    share = db.session.get(BoardShare, share_id)
    if share is None:
        abort(404)
    return share
