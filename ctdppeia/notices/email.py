"""Notices by email, through the outbox (ctdppeia.outbox).

`notify()` calls `queue_email()`, which writes the email at once (in the recipient's language,
while the request is still there to build links) and keeps it on the session. The commit
writes it to the outbox in the same transaction, and a job sends it after; a rollback drops
it. So nothing is mailed for work that is rolled back, and a request never waits for the
mail server.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from typing import Any

from flask_babel.speaklater import LazyString

from ctdppeia import outbox
from ctdppeia.board.listing import project_title
from ctdppeia.links import public_url
from ctdppeia.mail import render_email
from ctdppeia.models import BoardComment, BoardShare, User
from ctdppeia.notices.audience import emailed
from ctdppeia.outbox import PENDING, PendingEmail

__all__ = ["PENDING", "Link", "PendingEmail", "absolute_url", "queue_email", "recipient"]


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


def queue_email(
    user: User, share: BoardShare, kind: str, words: str | LazyString, link: Link,
    comment: BoardComment | None,
) -> None:  # fmt: skip
    """Write the notice's email now; it is sent if and when the session commits."""
    if not emailed(user):
        return
    email = render_email(
        user.language,
        "notice",
        name=user.name,
        kind=kind,
        words=words,
        title=project_title(share),
        comment=comment if comment is not None and comment.hidden_at is None else None,
        url=absolute_url(link),
    )
    outbox.queue_email(PendingEmail(recipient(user), email.subject, email.text))
