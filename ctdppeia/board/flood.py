"""Limits on board comments and replies, so that no account can flood a project's staff with
notices and emails, or bury a review under comments that each need an answer.

Four settings, counted in the database (so every worker and host counts the same):

* ``BOARD_MEMBER_COMMENTS_PER_HOUR``: one member, on every project, in the last hour;
* ``BOARD_MEMBER_COMMENTS_PER_PROJECT``: one member on one project, in all;
* ``BOARD_PROJECT_COMMENTS_PER_HOUR``: one project, from every member, in the last hour;
* ``BOARD_PROJECT_COMMENTS_MAX``: one project, in all.

Hidden comments count too: hiding one does not give its author a new one. Edits are not
comments and are not limited (they tell nobody).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from ctdppeia.board.errors import BoardError
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.writelock import queue_for_writing

HOUR = timedelta(hours=1)


class TooManyComments(BoardError):
    """A limit on comments is reached; the page keeps what the member typed."""

    code = 429
    title = _l("Please wait before you post again")


@dataclass(frozen=True)
class Posted:
    member_last_hour: int
    member_on_project: int
    project_last_hour: int
    project_in_all: int


def posted(member: User, share: BoardShare, now: datetime) -> Posted:
    """What `member` and the project have posted, in one query."""
    recent = BoardComment.created_at >= now - HOUR
    mine, here = BoardComment.author_id == member.id, BoardComment.share_id == share.id
    query = select(
        func.count(BoardComment.id).filter(mine & recent),
        func.count(BoardComment.id).filter(mine & here),
        func.count(BoardComment.id).filter(here & recent),
        func.count(BoardComment.id).filter(here),
    ).where(or_(mine, here))
    row = db.session.execute(query).one()
    return Posted(*(int(value or 0) for value in row))


def _take_turn(share: BoardShare) -> None:
    """Count and add one post of a project at a time: on PostgreSQL by locking the project's
    row, on SQLite by taking the write lock before counting."""
    queue_for_writing(db.session)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(BoardShare.id).where(BoardShare.id == share.id).with_for_update())


def check_limits(member: User, share: BoardShare) -> None:
    """Raise TooManyComments, saying which limit and what the member can do, when `member`
    may not post on `share` now."""
    _take_turn(share)
    counts, config = posted(member, share, utcnow()), current_app.config
    if counts.project_in_all >= int(config["BOARD_PROJECT_COMMENTS_MAX"]):
        raise TooManyComments(_(
            "This project has %(count)s comments and replies, the most it can take. "
            "You can still change your own comments.", count=counts.project_in_all))  # fmt: skip
    if counts.member_on_project >= int(config["BOARD_MEMBER_COMMENTS_PER_PROJECT"]):
        raise TooManyComments(_(
            "You have posted %(count)s comments and replies on this project, the most one "
            "member can post. You can still change your own comments.",
            count=counts.member_on_project))  # fmt: skip
    if counts.member_last_hour >= int(config["BOARD_MEMBER_COMMENTS_PER_HOUR"]):
        raise TooManyComments(_(
            "You have posted %(count)s comments and replies in the last hour, the most one "
            "member can post in an hour. Please post this one later: your text is kept below.",
            count=counts.member_last_hour))  # fmt: skip
    if counts.project_last_hour >= int(config["BOARD_PROJECT_COMMENTS_PER_HOUR"]):
        raise TooManyComments(_(
            "This project has had %(count)s comments and replies in the last hour, the most it "
            "takes in an hour. Please post yours later: your text is kept below.",
            count=counts.project_last_hour))  # fmt: skip
