"""The email outbox: every email is a row written in the transaction of the change that
causes it, then sent by a job, once.

A feature queues an email on the session (:func:`queue_email`). When the session commits,
``before_commit`` writes each one to ``email_outbox`` in that same transaction, and
``after_commit`` puts one job per row on the mail queue (job id ``email-<row id>``). A rolled
back change writes no email. The job (:func:`send_email`) claims its row for a while, sends,
and marks it sent: a job run twice finds the row sent, or claimed, and sends nothing. If Redis
loses the job (a restart) or the mail server is down, the row stays unsent, and the sweep
(:func:`sweep`, the scheduled job ``outbox-sweep``) puts it on the queue again.

The Message-ID of each email is made from its row, so in the one case this cannot prevent (a
worker killed after the server took the email, before the row was marked), the copy sent
again carries the same Message-ID and mail programs show it once.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app
from redis.exceptions import RedisError
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from ctdppeia import jobs
from ctdppeia.extensions import db
from ctdppeia.mail import MailError, build_message, deliver, mail_enabled
from ctdppeia.models import OutboxEmail
from ctdppeia.models.timestamps import utcnow

log = logging.getLogger(__name__)

PENDING = "ctdppeia.pending_notice_emails"  # key in Session.info: emails this transaction asks
_WRITTEN = "ctdppeia.outbox_rows"  # key in Session.info: the rows written on this commit
# How long a job holds a row while it talks to the mail server; past it, the sweep may send
# the row again (its job was killed). Far above MAIL_TIMEOUT_SECONDS x the SMTP steps.
CLAIM = timedelta(minutes=5)
SWEEP_AFTER = timedelta(minutes=1)  # an unsent row this old is queued again by the sweep
MAX_ERROR = 500


@dataclass(frozen=True)
class PendingEmail:
    to: str
    subject: str
    text: str
    html: str | None = None


class EmailNotSent(RuntimeError):
    """The mail server did not take the email; the row stays unsent for the sweep."""


def queue_email(email: PendingEmail) -> None:
    """Write `email` to the outbox with the current transaction (nothing if email is off)."""
    if mail_enabled():
        db.session.info.setdefault(PENDING, []).append(email)


def _write_rows(session: Session) -> None:
    """before_commit: the transaction's emails become outbox rows in that transaction."""
    rows = [
        OutboxEmail(recipients=email.to, subject=email.subject, body_text=email.text,
                    body_html=email.html, attempts=0)
        for email in session.info.pop(PENDING, [])
    ]  # fmt: skip
    if rows:
        session.add_all(rows)
        session.info.setdefault(_WRITTEN, []).extend(rows)


def _enqueue_written(session: Session) -> None:
    """after_commit: one job per row written (the rows are saved: a lost job is swept)."""
    from sqlalchemy import inspect

    rows = session.info.pop(_WRITTEN, [])
    ids = [inspect(row).identity[0] for row in rows if inspect(row).identity]
    if jobs.run_inline():  # each sent now; one the server refuses waits for the sweep
        for email_id in ids:
            enqueue_send(email_id)
        return
    each = [(f"email-{email_id}", (email_id,)) for email_id in ids]
    try:  # one round trip for them all: sharing with the board writes one per member
        jobs.queue.enqueue_new(send_email, each, jobs.MAIL, _timeout())
    except (RedisError, jobs.queue.JobsUnavailable) as error:
        log.warning("%s email(s) left for the outbox sweep: %s", len(ids), error)


def _forget(session: Session) -> None:
    """after_rollback: the work was undone, so are its emails."""
    session.info.pop(PENDING, None)
    session.info.pop(_WRITTEN, None)


def enqueue_send(email_id: int) -> bool:
    """Queue the row's job (send it now, inline); False when Redis did not take it."""
    try:
        jobs.enqueue(
            send_email, email_id, job_id=f"email-{email_id}", queue_name=jobs.MAIL,
            timeout=_timeout(),
        )  # fmt: skip
    except (RedisError, jobs.queue.JobsUnavailable) as error:
        log.warning("email %s left for the outbox sweep: %s", email_id, error)
        return False
    except EmailNotSent as error:  # run inline: the sweep tries again
        log.error("%s", error)
    return True


def _timeout() -> int:
    """Seconds a send job may take: the SMTP steps, each up to MAIL_TIMEOUT_SECONDS."""
    return int(current_app.config.get("MAIL_TIMEOUT_SECONDS", 10)) * 6 + 30


def send_email(email_id: int) -> str:
    """The job: send outbox row `email_id` unless it is sent or being sent; mark it sent."""
    config = current_app.config
    with Session(db.engine, expire_on_commit=False) as session:
        if not mail_enabled(config) or not _claim(session, email_id):
            return "nothing to send"
        with session.begin():  # the job's own session, apart from any request's
            row = session.get_one(OutboxEmail, email_id)
        try:
            message = build_message(
                config["MAIL_SENDER"], row.addresses, row.subject, row.body_text,
                row.body_html, message_id=f"outbox-{row.id}-{row.created_at:%Y%m%d%H%M%S}",
            )  # fmt: skip
            deliver(message, config)
        except MailError as error:  # an address no server could take: never try again
            _finish(session, email_id, error=str(error), abandoned=True)
            log.error("email %s abandoned: %s", email_id, error)
            return "abandoned"
        except (smtplib.SMTPException, OSError) as error:
            _finish(session, email_id, error=f"{type(error).__name__}: {error}")
            raise EmailNotSent(f"email {email_id} was not sent: {error}") from error
        _finish(session, email_id)
    return "sent"


def _claim(session: Session, email_id: int) -> bool:
    """Take the row for CLAIM, if it is unsent and nobody holds it: one UPDATE, so two jobs
    cannot both take it."""
    now = utcnow()
    with session.begin():  # the claim is saved before the mail server is asked
        claimed = session.execute(
            update(OutboxEmail)
            .where(
                OutboxEmail.id == email_id,
                OutboxEmail.sent_at.is_(None),
                OutboxEmail.abandoned_at.is_(None),
                or_(OutboxEmail.claimed_until.is_(None), OutboxEmail.claimed_until < now),
            )
            .values(claimed_until=now + CLAIM, attempts=OutboxEmail.attempts + 1)
        )
    return bool(getattr(claimed, "rowcount", 0) == 1)


def _finish(session: Session, email_id: int, error: str = "", abandoned: bool = False) -> None:
    """Mark the row sent (no error), or record the error and let the row go."""
    now = utcnow()
    values: dict[str, object] = {"claimed_until": None}
    if not error:
        values["sent_at"] = now
    else:
        values["last_error"] = error[:MAX_ERROR]
        if abandoned:
            values["abandoned_at"] = now
    with session.begin():  # saved on its own: the mail server has already answered
        session.execute(update(OutboxEmail).where(OutboxEmail.id == email_id).values(**values))


def unsent_ids(limit: int = 1000) -> list[int]:
    """Rows to send again: unsent, not abandoned, not held, older than SWEEP_AFTER, with
    attempts left (JOBS_EMAIL_MAX_ATTEMPTS)."""
    now = utcnow()
    query = (
        select(OutboxEmail.id)
        .where(
            OutboxEmail.sent_at.is_(None),
            OutboxEmail.abandoned_at.is_(None),
            OutboxEmail.created_at < now - SWEEP_AFTER,
            or_(OutboxEmail.claimed_until.is_(None), OutboxEmail.claimed_until < now),
            OutboxEmail.attempts < int(current_app.config["JOBS_EMAIL_MAX_ATTEMPTS"]),
        )
        .order_by(OutboxEmail.id)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def sweep() -> int:
    """The scheduled job: queue every unsent email again (a job whose id is still waiting is
    not added twice). Returns how many were looked at."""
    ids = unsent_ids()
    db.session.rollback()  # hold no transaction while queuing (or sending, inline)
    for email_id in ids:
        enqueue_send(email_id)
    return len(ids)


def unsent_count() -> int:
    from sqlalchemy import func

    query = select(func.count(OutboxEmail.id)).where(
        OutboxEmail.sent_at.is_(None), OutboxEmail.abandoned_at.is_(None)
    )
    return int(db.session.scalar(query) or 0)


def init_app(app: Flask) -> None:
    """Listen to every session of the application's scoped session (once per process), and
    offer the sweep to the scheduler."""
    listeners = (
        ("before_commit", _write_rows),
        ("after_commit", _enqueue_written),
        ("after_rollback", _forget),
    )
    for name, listener in listeners:
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
    jobs.register_periodic(
        app, "outbox-sweep", sweep, "send again every email the mail server has not taken yet"
    )
