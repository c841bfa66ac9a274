"""The board's loop, measured: how many comments the agency answered, how fast (the median
days from a comment to its first answer), against a target (`BOARD_ANSWER_TARGET_DAYS`), and
which comments wait past it.

Hidden comments need no answer and are left out. A comment is overdue when it has waited
longer than the target without an answer; the first answer is the one that counts for speed
(a later one only replaces its text).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ctdppeia.board.listing import titles
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardResponse, BoardShare, Review, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews import permissions
from ctdppeia.reviews.subjects import adapter_for, subject_of


@dataclass(frozen=True)
class Figures:
    """The loop of one project, or of every project of one agency."""

    comments: int
    answered: int
    median_days: float | None  # None until a comment is answered
    overdue: int
    target_days: int

    @property
    def waiting(self) -> int:
        return self.comments - self.answered


@dataclass(frozen=True)
class Overdue:
    """A comment that has waited past the target without an answer."""

    comment: BoardComment
    share: BoardShare
    title: str
    days: int  # how long it has waited


def target_days() -> int:
    return int(current_app.config["BOARD_ANSWER_TARGET_DAYS"])


def _days(start: datetime, end: datetime) -> float:
    return (end - start) / timedelta(days=1)


def _first_answer(comment: BoardComment) -> datetime | None:
    return comment.responses[0].responded_at if comment.responses else None


def _counted(comments: list[BoardComment]) -> list[BoardComment]:
    return [comment for comment in comments if comment.hidden_at is None]


def is_overdue(comment: BoardComment, now: datetime, target: int) -> bool:
    return not comment.responses and _days(comment.created_at, now) > target


def figures(comments: list[BoardComment], now: datetime | None = None) -> Figures:
    """The figures of these comments (hidden ones are left out)."""
    now, target = now or utcnow(), target_days()
    counted = _counted(comments)
    times = [
        _days(comment.created_at, answered)
        for comment in counted
        if (answered := _first_answer(comment)) is not None
    ]
    overdue = sum(1 for comment in counted if is_overdue(comment, now, target))
    middle = round(median(times), 1) if times else None
    return Figures(len(counted), len(times), middle, overdue, target)


def comments_by_share(share_ids: list[int]) -> dict[int, list[BoardComment]]:
    """Every comment of these shares with its responses, in the order written (one query
    for the comments, one for their responses)."""
    found: dict[int, list[BoardComment]] = {share_id: [] for share_id in share_ids}
    if not share_ids:
        return found
    query = (
        select(BoardComment)
        .where(BoardComment.share_id.in_(share_ids))
        .options(selectinload(BoardComment.responses).selectinload(BoardResponse.responded_by))
        .order_by(BoardComment.created_at, BoardComment.id)
    )
    for comment in db.session.scalars(query):
        found[comment.share_id].append(comment)
    return found


def all_shares() -> list[BoardShare]:
    query = select(BoardShare).options(selectinload(BoardShare.review))
    return list(db.session.scalars(query.order_by(BoardShare.shared_at, BoardShare.id)))


def agency_name(review: Review) -> str:
    adapter, subject = subject_of(review)
    return adapter.owner_agency(subject).name


@dataclass(frozen=True)
class ProjectLoop:
    share: BoardShare
    title: str
    agency: str
    figures: Figures
    signed: bool


def project_loops(shares: list[BoardShare] | None = None) -> list[ProjectLoop]:
    """The loop of each shared project, in the order shared."""
    shares = all_shares() if shares is None else shares
    comments = comments_by_share([share.id for share in shares])
    named, now = titles(shares), utcnow()
    return [
        ProjectLoop(
            share,
            named[share.id],
            agency_name(share.review),
            figures(comments[share.id], now),
            share.review.is_locked,
        )
        for share in shares
    ]


def agency_figures(loops: list[ProjectLoop]) -> list[tuple[str, int, Figures]]:
    """(agency, number of projects, figures of all their comments), by agency name."""
    comments = comments_by_share([loop.share.id for loop in loops])
    by_agency: dict[str, list[ProjectLoop]] = {}
    for loop in loops:
        by_agency.setdefault(loop.agency, []).append(loop)
    now = utcnow()
    return [
        (agency, len(items), figures([c for i in items for c in comments[i.share.id]], now))
        for agency, items in sorted(by_agency.items())
    ]


def overdue_in(share: BoardShare, title: str, comments: list[BoardComment]) -> list[Overdue]:
    now, target = utcnow(), target_days()
    return [
        Overdue(comment, share, title, int(_days(comment.created_at, now)))
        for comment in _counted(comments)
        if is_overdue(comment, now, target)
    ]


def _subjects_of(shares: list[BoardShare]) -> list[object]:
    """The subjects of the shares' reviews, one query per kind of subject."""
    wanted: dict[str, set[int]] = {}
    for share in shares:
        wanted.setdefault(share.review.subject_kind, set()).add(share.review.subject_id)
    return [adapter_for(kind).get_many(sorted(ids)) for kind, ids in wanted.items()]


def overdue_board_answers(user: User) -> list[Overdue]:
    """The board comments `user` may answer that have waited past the target, longest first:
    for the reviewers and approvers of the agency that owns each review still open."""
    candidates = [share for share in all_shares() if permissions.is_open(share.review)]
    loaded = _subjects_of(candidates)  # kept referenced: the checks below find them loaded
    shares = [share for share in candidates if permissions.may_answer(user, share.review)]
    del loaded
    comments = comments_by_share([share.id for share in shares])
    named = titles(shares)
    found = [
        item for share in shares for item in overdue_in(share, named[share.id], comments[share.id])
    ]
    return sorted(found, key=lambda item: (-item.days, item.comment.id))
