"""Digests: one email per person per day or week, the period's notices grouped by item,
newest first, in the person's language.

Where notices come from is a small registry (`register_source`): the workflow notices of
`core` and the board's own notices each give theirs for a person and a period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.i18n import render_in
from ctdppeia.models import Notice, User
from ctdppeia.notices.core import absolute, settings_url, words_of
from ctdppeia.notices.email import PendingEmail, recipient

LENGTHS = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}
# How many closed periods a run looks back on, so a scheduler that was down misses nothing.
LOOK_BACK = {"daily": 7, "weekly": 4}


@dataclass(frozen=True)
class Entry:
    """One notice as a digest lists it; `words` is a callable so it is put in words in the
    reader's language when the digest is written."""

    item_key: str
    title: str
    path: str
    kind: str
    at: datetime
    words: Callable[[], str]


@dataclass
class Group:
    title: str
    url: str
    entries: list[Entry] = field(default_factory=list)


Source = Callable[[User, datetime, datetime], list[Entry]]


def register_source(app: Flask, name: str, source: Source) -> None:
    """Add where a digest finds a person's notices made in [start, end)."""
    hooks(app).notice_sources[name] = source


def workflow_notices(user: User, start: datetime, end: datetime) -> list[Entry]:
    query = select(Notice).where(
        Notice.user_id == user.id, Notice.created_at >= start, Notice.created_at < end
    )
    return [
        Entry(n.item_key, n.title, n.path, n.kind, n.created_at, _words(n.kind))
        for n in db.session.scalars(query)
    ]


def _words(kind: str) -> Callable[[], str]:
    return lambda: words_of(kind)


def period_start(mode: str, moment: datetime) -> datetime:
    """The start of the day (or the week, from Monday) that holds `moment`, in UTC."""
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday()) if mode == "weekly" else day


def closed_periods(mode: str, now: datetime) -> list[tuple[datetime, datetime]]:
    """The periods that ended by `now`, the most recent LOOK_BACK of them, oldest first."""
    end, length = period_start(mode, now), LENGTHS[mode]
    return [(end - length * n, end - length * (n - 1)) for n in range(LOOK_BACK[mode], 0, -1)]


def entries_for(user: User, start: datetime, end: datetime) -> list[Entry]:
    found = [
        entry for source in hooks().notice_sources.values() for entry in source(user, start, end)
    ]
    return sorted(found, key=lambda entry: entry.at, reverse=True)


def grouped(entries: list[Entry]) -> list[Group]:
    """By item, the item with the newest notice first; within an item, newest first."""
    groups: dict[str, Group] = {}
    for entry in entries:  # already newest first
        group = groups.setdefault(entry.item_key, Group(entry.title, absolute(entry.path)))
        group.entries.append(entry)
    return list(groups.values())


@dataclass(frozen=True)
class Shown:
    at: datetime
    words: str


def digest_email(user: User, mode: str, entries: list[Entry]) -> PendingEmail:
    """The digest in the person's language; each entry's words are written in it too."""
    from flask_babel import force_locale

    from ctdppeia.i18n import DEFAULT_LANGUAGE, supported

    with force_locale(supported(user.language) or DEFAULT_LANGUAGE):
        groups = [
            Group(g.title, g.url, [Shown(e.at, e.words()) for e in g.entries])  # type: ignore[misc]
            for g in grouped(entries)
        ]
    context = {
        "name": user.name,
        "mode": mode,
        "groups": groups,
        "count": len(entries),
        "settings_url": settings_url,
    }
    subject = " ".join(render_in(user.language, "mail/digest.subject.txt", **context).split())
    text = render_in(user.language, "mail/digest.txt", **context)
    html = render_in(user.language, "mail/digest.html", **context)
    return PendingEmail(recipient(user), subject, text, html)
