"""The notices page and its count in the navigation: every notice of a person, newest first.

The workflow notices of `core` are listed here; a feature that keeps notices of its own (the
board's, `ctdppeia.board.notices`) registers an `Inbox` with `register_inbox`, so this module
knows no feature.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask
from sqlalchemy import func, select

from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import Notice, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.notices.core import words_of

# Who sees the notices page and the count in the navigation: everyone signed in.
NOTICE_ROLES = tuple(Role)


@dataclass(frozen=True)
class NoticeRow:
    text: str
    title: str | None
    url: str
    unread: bool
    created_at: datetime


@dataclass(frozen=True)
class Inbox:
    """A feature's own notices on the notices page: how many are unread, the newest `limit`
    rows, and marking them read at `now` (inside the caller's transaction; how many were)."""

    unread: Callable[[User], int]
    rows: Callable[[User, int], list[NoticeRow]]
    mark_read: Callable[[User, datetime], int]


def register_inbox(app: Flask, name: str, inbox: Inbox) -> None:
    hooks(app).notice_inboxes[name] = inbox


def _inboxes() -> list[Inbox]:
    return list(hooks().notice_inboxes.values())


def unread_count(user: User) -> int:
    steps = select(func.count(Notice.id)).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    return (db.session.scalar(steps) or 0) + sum(inbox.unread(user) for inbox in _inboxes())


def notices_for(user: User, limit: int = 100) -> list[NoticeRow]:
    """The user's notices, every feature's together, newest first, each with its words,
    the item it names and its link."""
    rows = [row for inbox in _inboxes() for row in inbox.rows(user, limit)]
    rows += _step_rows(user, limit)
    return sorted(rows, key=lambda row: row.created_at, reverse=True)[:limit]


def _step_rows(user: User, limit: int) -> list[NoticeRow]:
    query = (
        select(Notice)
        .where(Notice.user_id == user.id)
        .order_by(Notice.created_at.desc(), Notice.id.desc())
        .limit(limit)
    )
    return [
        NoticeRow(words_of(notice.kind), notice.title, notice.path, notice.read_at is None,
                  notice.created_at)
        for notice in db.session.scalars(query)
    ]  # fmt: skip


def mark_read(user: User) -> int:
    """Mark every notice of the user read; how many were unread."""
    steps = select(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    with transaction():
        now, count = utcnow(), 0
        for notice in db.session.scalars(steps):
            notice.read_at, count = now, count + 1
        count += sum(inbox.mark_read(user, now) for inbox in _inboxes())
    return count
