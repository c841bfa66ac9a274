"""Notices of any feature's workflow steps: the one low-level service every feature calls.

A feature registers the kinds of notice it makes (`register_kind`: what the notice says and
which roles may get it), then calls `notify(users, kind, item)` inside the transaction of the
step, after its write. Each notice names its item and links to the place to act. The email
follows the person's preference (`preferences`): each notice's email is written to the outbox
with the step's transaction and sent by a job (`ctdppeia.outbox`); digests and "none" send
nothing now.

This module knows no feature: it imports models, mail and the registries only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.i18n import render_in
from ctdppeia.models import Notice, Role, User
from ctdppeia.notices.email import PendingEmail, recipient
from ctdppeia.notices.preferences import email_mode
from ctdppeia.outbox import queue_email

MAX_TITLE = 300


@dataclass(frozen=True)
class NoticeKind:
    """What a kind of notice says (one short sentence) and the roles that may ever get it."""

    name: str
    words: str | LazyString
    roles: frozenset[Role]


@dataclass(frozen=True)
class Item:
    """The thing a notice is about: a stable key to group by, its title, and the local path
    of the exact place to act (with its anchor)."""

    key: str
    title: str
    path: str


def register_kind(app: Flask, name: str, words: str | LazyString, *roles: Role) -> None:
    """Declare a kind of notice; registering a name again replaces it."""
    hooks(app).notice_kinds[name] = NoticeKind(name, words, frozenset(roles))


def kind_of(name: str) -> NoticeKind | None:
    return hooks().notice_kinds.get(name)


def words_of(name: str) -> str:
    """The kind's sentence in the current language (its name when it is not registered)."""
    found = kind_of(name)
    return str(found.words) if found is not None else name


def local_path(endpoint: str, anchor: str | None = None, **values: Any) -> str:
    """The path of a page, without the host (the email adds PUBLIC_BASE_URL)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return path + (f"#{anchor}" if anchor else "")


def absolute(path: str) -> str:
    return str(current_app.config["PUBLIC_BASE_URL"]).rstrip("/") + path


def recipients(
    users: Iterable[User],
    kind: NoticeKind,
    *,
    may_see: Callable[[User], bool] | None = None,
    exclude: Iterable[int] = (),
) -> list[User]:
    """The users who may get a notice of `kind`: active, of one of its roles, not excluded
    (the person who took the step, those with a conflict), and able to see the item."""
    left_out, found = set(exclude), {}
    for user in users:
        if user.id in left_out or user.id in found or not user.active:
            continue
        if user.role not in kind.roles or (may_see is not None and not may_see(user)):
            continue
        found[user.id] = user
    return list(found.values())


def notify(
    users: Iterable[User],
    kind: str,
    item: Item,
    *,
    may_see: Callable[[User], bool] | None = None,
    exclude: Iterable[int] = (),
) -> list[Notice]:
    """Tell each of `users` who may know about `item` that a `kind` step happened: a notice in
    the app, and an email (through the outbox) for those who want each notice by email."""
    found = kind_of(kind)
    if found is None:
        raise KeyError(f"no notice kind {kind!r} is registered")
    made = []
    for user in recipients(users, found, may_see=may_see, exclude=exclude):
        notice = Notice(
            user_id=user.id,
            kind=kind,
            item_key=item.key,
            path=item.path,
            title=item.title[:MAX_TITLE],
        )
        db.session.add(notice)
        made.append(notice)
        if email_mode(user) == "each":
            queue_step_email(user, kind, item)
    return made


def step_email(user: User, kind: str, item: Item) -> PendingEmail:
    """The email of one notice, in the recipient's language."""
    context = {
        "name": user.name,
        "kind": kind,
        "title": item.title,
        "url": absolute(item.path),
        "notice_words": words_of,
        "settings_url": settings_url,
    }
    subject = " ".join(render_in(user.language, "mail/step.subject.txt", **context).split())
    text = render_in(user.language, "mail/step.txt", **context)
    html = render_in(user.language, "mail/step.html", **context)
    return PendingEmail(recipient(user), subject, text, html)


def queue_step_email(user: User, kind: str, item: Item) -> None:
    """Write the email now; it goes to the outbox if and when the session commits."""
    queue_email(step_email(user, kind, item))


def staff_of(agency_id: int, *roles: Role) -> list[User]:
    """The active accounts of an agency with one of `roles`."""
    query = select(User).where(
        User.agency_id == agency_id, User.role.in_(roles), User.active.is_(True)
    )
    return list(db.session.scalars(query.order_by(User.id)))


def users_by_id(ids: Iterable[int | None]) -> list[User]:
    wanted = {user_id for user_id in ids if user_id is not None}
    if not wanted:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(wanted)).order_by(User.id)))


def settings_url() -> str:
    """Where a person changes how often they get emails (for the emails' last line)."""
    return absolute(local_path("notices.settings"))
