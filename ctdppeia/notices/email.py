"""Notices by email, through the outbox (ctdppeia.outbox).

A feature's `notify()` writes the email at once (in the recipient's language, while the request
is still there to build links) and keeps it on the session under `PENDING`
(`core.queue_step_email`, `ctdppeia.board.notices.queue_email`). The commit writes it to the
outbox in the same transaction, and a job sends it after; a rollback drops it. So nothing is
mailed for work that is rolled back, and a request never waits for the mail server.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from typing import Any

from ctdppeia.links import public_url
from ctdppeia.models import User
from ctdppeia.outbox import PENDING, PendingEmail

__all__ = ["PENDING", "Link", "PendingEmail", "absolute_url", "recipient"]


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
