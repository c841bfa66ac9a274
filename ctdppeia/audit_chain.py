"""The audit log as a hash chain.

Each event stores `prev_hash`, the `hash` of the event before it (by id; 64 zeros for the
first), and `hash`, the SHA-256 of `prev_hash` and the event's canonical content. Changing,
removing or inserting an event breaks the link to the next one, so a rewrite of history shows
unless every later hash is rewritten too — and the latest hash (the chain head) is printed in
each signed PDF, so a rewrite of anything before a signing shows against that document.

Writers take turns, and only for the last moment of a transaction: `audit.record` keeps a
transaction's events aside (`enqueue`), and they are linked and written just before it commits
(`seal_pending`, run by the session's `before_commit`), in the order they were recorded. On
PostgreSQL a transaction-scoped advisory lock is held from then until the commit ends (taken,
the head read after it, and the first event linked and inserted, in one round trip); SQLite
lets one writer at a time in, and the chain is read only after this transaction holds the
write lock. So the chain serializes only the link, the insert and the commit of each
transaction, not the whole of it: every write of the application (a section save, a comment,
a vote) passes through here. A query on the audit log inside a transaction seals its events
first, so the transaction reads its own events as before.
"""

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any, cast

from sqlalchemy import bindparam, select, text
from sqlalchemy import event as orm_events
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, make_transient_to_detached
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.util import find_tables

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent
from ctdppeia.writelock import queue_for_writing

log = logging.getLogger(__name__)

GENESIS = "0" * 64
CHAIN_LOCK_KEY = 0x63746470_61756474  # pg_advisory_xact_lock key: "ctdp" "audt"

BAD_LINK = "its link to the event before it does not match (an event was removed, added or moved)"
BAD_CONTENT = "its content does not match its hash (the event was changed)"


@dataclass(frozen=True)
class ChainHead:
    """The latest event and its hash: what a signed PDF prints."""

    event_id: int
    hash: str


@dataclass(frozen=True)
class BrokenLink:
    event_id: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    head: ChainHead | None
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None


HASHED = (
    "at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "scope_type",
    "scope_id",
    "changes",
    "summary",
)


def content(event: AuditEvent) -> dict[str, Any]:
    """What the hash covers, as plain JSON-ready data (the same before and after storing)."""
    return content_of({name: getattr(event, name) for name in HASHED})


def content_of(values: dict[str, Any]) -> dict[str, Any]:
    """`content` of an event given as column values (for events inserted in bulk)."""
    fields = {name: values[name] for name in HASHED}
    fields["at"] = values["at"].astimezone(UTC).isoformat(timespec="microseconds")
    return fields


def canonical_text(fields: dict[str, Any]) -> str:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical_text(fields)}".encode()).hexdigest()


def _take_turn(session: Session) -> ChainHead | None:
    """Hold the chain until this transaction ends, so no two events get the same predecessor;
    then read its head."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        # audit_chain_take_turn (models/audit.py): the advisory lock, then the head.
        row = session.execute(
            text("SELECT head_id, head_hash FROM audit_chain_take_turn(:key)"),
            {"key": CHAIN_LOCK_KEY},
        ).first()
        return None if row is None else ChainHead(row.head_id, row.head_hash)
    if dialect == "sqlite":
        # A write that changes nothing still takes SQLite's single write lock for this
        # transaction, so the head read below cannot go stale before the insert.
        queue_for_writing(session)  # before SQLite's lock, as every writer
        session.execute(text("DELETE FROM audit_event WHERE 0 = 1"))
    return _head(session)


def _head(session: Session) -> ChainHead | None:
    row = session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    return None if row is None else ChainHead(row.id, row.hash)


def chain_head() -> ChainHead | None:
    """The latest event of the log and its hash, or None while the log is empty (with this
    transaction's own events, which are sealed first)."""
    return _head(db.session())


PENDING = "audit_events_to_seal"  # key in Session.info: this transaction's unsealed events


def enqueue(new_event: AuditEvent) -> None:
    """Keep a new event until the transaction commits (called by `audit.record`)."""
    db.session.info.setdefault(PENDING, []).append(new_event)


# PostgreSQL: take the turn, read the head, link and insert the first event in one round trip.
# The function's head read sees every chain write committed before the lock was granted (see
# audit_chain_take_turn), and the event's id is drawn only after that.
_APPEND = text(
    "INSERT INTO audit_event (at, actor_id, action, object_type, object_id, scope_type, "
    "scope_id, changes, summary, prev_hash, hash) "
    "SELECT :at, :actor_id, :action, :object_type, :object_id, :scope_type, :scope_id, "
    ":changes, :summary, linked.prev, "
    "encode(sha256(convert_to(linked.prev || chr(10) || :canonical, 'UTF8')), 'hex') "
    "FROM (SELECT coalesce((SELECT head_hash FROM audit_chain_take_turn(:key)), :genesis) "
    "AS prev) AS linked "
    "RETURNING id, prev_hash, hash"
).bindparams(
    bindparam("at", type_=AuditEvent.__table__.c.at.type),
    bindparam("changes", type_=AuditEvent.__table__.c.changes.type),
)


def seal_pending(session: Session) -> None:
    """Link the transaction's new events to the chain, in the order they were recorded, and
    write them; the chain stays held until the transaction ends."""
    events = session.info.pop(PENDING, [])
    if not events:
        return
    session.flush()  # the transaction's other writes go first, before the chain is held
    if session.get_bind().dialect.name == "postgresql":
        previous, events = _append(session, events[0]), events[1:]
    else:
        head = _take_turn(session)
        previous = GENESIS if head is None else head.hash
    for new_event in events:
        new_event.prev_hash = previous
        new_event.hash = previous = link_hash(previous, content(new_event))
    session.add_all(events)
    session.flush()  # ids in the order added (the unit of work inserts in that order)


def _append(session: Session, new_event: AuditEvent) -> str:
    """Insert the event as the chain's next link (PostgreSQL); returns its hash."""
    fields = content(new_event)
    values = {name: getattr(new_event, name) for name in HASHED}
    row = session.execute(
        _APPEND,
        {**values, "canonical": canonical_text(fields), "key": CHAIN_LOCK_KEY, "genesis": GENESIS},
    ).one()
    new_event.id, new_event.prev_hash, new_event.hash = row.id, row.prev_hash, row.hash
    make_transient_to_detached(new_event)  # stored already: the session only keeps it
    session.add(new_event)
    return str(row.hash)


@orm_events.listens_for(Session, "before_commit")
def _seal_before_commit(session: Session) -> None:
    seal_pending(session)


@orm_events.listens_for(Session, "after_transaction_end")
def _forget_unsealed(session: Session, transaction: SessionTransaction) -> None:
    """A rollback (or a closed session) drops the events it did not commit."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


@orm_events.listens_for(Session, "do_orm_execute")
def _seal_before_reading_the_log(state: ORMExecuteState) -> None:
    pending = state.is_select and state.session.info.get(PENDING)
    statement = cast(ClauseElement, state.statement)  # every executable statement is one
    if pending and AuditEvent.__table__ in find_tables(statement, include_crud=True):
        seal_pending(state.session)


def seal_rows(rows: list[dict[str, Any]]) -> None:
    """Link events given as column values, in list order, after the chain's head: sets each
    row's `prev_hash` and `hash`. The caller inserts them in this order in the same
    transaction (ids follow the insert order), which holds the chain until it commits."""
    session = db.session()
    seal_pending(session)  # this transaction's own events come first
    head = _take_turn(session)
    previous = GENESIS if head is None else head.hash
    for row in rows:
        row["prev_hash"] = previous
        row["hash"] = previous = link_hash(previous, content_of(row))


def _events(batch: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        query = select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id)
        events = list(db.session.scalars(query.limit(batch)))
        if not events:
            return
        yield from events
        last = events[-1].id
        for event in events:  # keep memory flat on a long log
            db.session.expunge(event)


def verify_chain(batch: int = 1000) -> ChainReport:
    """Walk the log in id order; report the first event whose link or content does not match."""
    return walk_chain(_events(batch))


def walk_chain(events: Iterable[Any]) -> ChainReport:
    """Check events given in id order (anything with an event's attributes: a model, or a row
    read with SQLAlchemy Core, as `import` does before it commits)."""
    expected_prev, checked, head = GENESIS, 0, None
    for event in events:
        checked += 1
        if event.prev_hash != expected_prev:
            return ChainReport(checked, head, BrokenLink(event.id, BAD_LINK))
        if event.hash != link_hash(event.prev_hash, content(event)):
            return ChainReport(checked, head, BrokenLink(event.id, BAD_CONTENT))
        expected_prev, head = event.hash, ChainHead(event.id, event.hash)
    return ChainReport(checked, head, None)


class ChainBroken(RuntimeError):
    """The scheduled check found a broken link: the job fails, so the operator sees it."""


def verify_job() -> str:
    """The scheduled job `audit-verify`: `flask audit verify` as a job. A broken chain is
    logged as an error and fails the job (counted in /metrics as a failed job)."""
    report = verify_chain()
    if report.broken is not None:
        broken = report.broken
        message = f"audit log chain broken at event {broken.event_id}: {broken.reason}"
        log.error(message)
        raise ChainBroken(message)
    log.info("audit log chain checked: %s events linked correctly", report.checked)
    return f"{report.checked} events linked correctly"
