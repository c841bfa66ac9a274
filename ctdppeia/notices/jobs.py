"""The scheduled run: reminders of what comes due, dated notices, and digests.

Safe to run on every host at once. Each email belongs to one claim, a row of `notice_claim`
unique on (person, kind, item, period). A run inserts the claim, makes the notice and writes
the email to the outbox inside one transaction. Another run that tries the same claim waits
for that transaction (PostgreSQL's unique index, SQLite's single writer) and then fails on the
unique key, so it skips it: no email twice. The outbox sends the email after the commit and
sends it again until the mail server takes it: none missed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import NoticeClaim, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.notices import digest, due
from ctdppeia.notices.core import (
    NoticeKind,
    kind_of,
    notify,
    recipients,
    users_by_id,
)
from ctdppeia.notices.preferences import digest_users
from ctdppeia.outbox import queue_email

log = logging.getLogger(__name__)


@dataclass
class RunResult:
    """How many claims this run made and sent, by what they were."""

    reminders: int = 0
    dated: int = 0
    digests: int = 0


def already_claimed(user_id: int, kind: str, key: str, period: str) -> bool:
    query = select(NoticeClaim.id).where(
        NoticeClaim.user_id == user_id,
        NoticeClaim.kind == kind,
        NoticeClaim.item_key == key,
        NoticeClaim.period == period,
    )
    return db.session.scalar(query) is not None


def once(user: User, kind: str, key: str, period: str, act: Callable[[], None]) -> bool:
    """Claim (user, kind, key, period) and `act` in one transaction; False when another run
    has it (or had it)."""
    if already_claimed(user.id, kind, key, period):
        return False
    try:
        with transaction():
            db.session.add(NoticeClaim(user_id=user.id, kind=kind, item_key=key, period=period))
            db.session.flush()  # the unique key: wait here for a run that holds it
            act()
    except IntegrityError:
        return False  # another run claimed it first
    return True


def send_reminders(today: datetime) -> int:
    sent = 0
    for found in due.due_items(today.date()):
        step = due.due_step(found.due_on, today.date())
        if step is None:
            continue
        kind, period = due.due_kind(step), f"{found.due_on.isoformat()}:{step}"
        for user in recipients(users_by_id(found.recipient_ids), _kind(kind)):
            act = _notifier(user, kind, found.item)
            sent += once(user, kind, found.item.key, period, act)
    return sent


def send_dated(today: datetime) -> int:
    sent = 0
    for found in due.dated_notices(today.date()):
        age = (today.date() - found.on).days
        if not 0 <= age <= due.DATED_LOOK_BACK_DAYS:
            continue
        for user in recipients(users_by_id(found.user_ids), _kind(found.kind)):
            act = _notifier(user, found.kind, found.item)
            sent += once(user, found.kind, found.item.key, found.on.isoformat(), act)
    return sent


def send_digests(now: datetime) -> int:
    sent = 0
    for mode in digest.LENGTHS:
        for user, chosen_at in digest_users(mode):
            for start, end in digest.closed_periods(mode, now):
                entries = digest.entries_for(user, max(start, chosen_at), end)
                if entries:
                    act = _digest_sender(user, mode, entries)
                    sent += once(user, f"digest.{mode}", "-", start.date().isoformat(), act)
    return sent


def run_due(now: datetime | None = None) -> RunResult:
    """Everything the schedule owes at `now` (UTC): reminders, dated notices, digests."""
    moment = now or utcnow()
    return RunResult(send_reminders(moment), send_dated(moment), send_digests(moment))


def run_due_job() -> str:
    """The scheduled job `notices-run-due`: what `flask notices run-due` does, as a job."""
    result = run_due()
    log.info(
        "scheduled notices: %s reminder(s), %s dated notice(s), %s digest(s)",
        result.reminders, result.dated, result.digests,
    )  # fmt: skip
    return f"{result.reminders} reminders, {result.dated} dated, {result.digests} digests"


def _kind(name: str) -> NoticeKind:
    found = kind_of(name)
    if found is None:
        raise KeyError(f"no notice kind {name!r} is registered")
    return found


def _notifier(user: User, kind: str, item: due.Item) -> Callable[[], None]:
    def act() -> None:
        notify([user], kind, item)

    return act


def _digest_sender(user: User, mode: str, entries: list[digest.Entry]) -> Callable[[], None]:
    def act() -> None:
        queue_email(digest.digest_email(user, mode, entries))

    return act
