"""Notices by email, sent only once the transaction that made them has committed.

A feature's `notify()` writes the email at once (in the recipient's language, while the
request is still there to build links) and keeps it in the session's `info` under `PENDING`
(`core.queue_step_email`, `ctdppeia.board.notices.queue_email`). The session's `after_commit`
event sends what was kept; `after_rollback` drops it. So nothing is mailed for work that is
rolled back, and a failed send is logged, never raised: the user's request has already
succeeded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from email.headerregistry import Address
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from ctdppeia.extensions import db
from ctdppeia.links import public_url
from ctdppeia.mail import MailError, send_mail
from ctdppeia.models import User

log = logging.getLogger(__name__)
PENDING = "ctdppeia.pending_notice_emails"


@dataclass(frozen=True)
class PendingEmail:
    to: str
    subject: str
    text: str
    html: str | None = None


@dataclass(frozen=True)
class Link:
    endpoint: str
    values: dict[str, Any]
    anchor: str | None = None


def absolute_url(link: Link) -> str:
    """The link from outside: PUBLIC_BASE_URL and the route's path (ctdppeia.links)."""
    return public_url(link.endpoint, link.values, link.anchor)


def recipient(user: User) -> str:
    """The To address: the name on one line (a line break could add a header), then the
    address."""
    return str(Address(display_name=" ".join(user.name.split()), addr_spec=user.email))


def send_pending(session: Session) -> None:
    """after_commit: send every email the committed work asked for."""
    for email in session.info.pop(PENDING, []):
        try:
            send_mail(email.to, email.subject, email.text, email.html)
        except MailError as error:  # an address the server could never take
            log.error("notice email not sent to %r: %s", email.to, error)


def drop_pending(session: Session) -> None:
    """after_rollback: the work was undone, so is its email."""
    session.info.pop(PENDING, None)


def init_app(app: Flask) -> None:
    """Listen to every session of the application's scoped session (once per process)."""
    for name, listener in (("after_commit", send_pending), ("after_rollback", drop_pending)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
