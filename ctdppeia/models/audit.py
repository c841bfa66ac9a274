"""The append-only audit log: who changed what, when, from what to what."""

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia.extensions import Model
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User


class AuditEvent(Model):
    """One state change. `scope_*` names what the event belongs to (e.g. the request a review
    is for), so a page can show the history of everything under it."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_scope", "scope_type", "scope_id"),
        Index("ix_audit_event_object", "object_type", "object_id"),
        # What a person did within a kind of scope (separation of duties, in the queues).
        Index("ix_audit_event_actor_scope", "actor_id", "scope_type", "scope_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int] = mapped_column()
    scope_type: Mapped[str] = mapped_column(String(40))
    scope_id: Mapped[int] = mapped_column()
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    summary: Mapped[str] = mapped_column(String(500), default="")
    # The hash chain (ctdppeia.audit_chain): the previous event's hash and this event's own.
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()


# The database itself refuses to change or delete an audit event.
_REFUSAL = "the audit log is append-only"
_SQLITE = [
    f"CREATE TRIGGER audit_event_no_{op.lower()} BEFORE {op} ON audit_event "
    f"BEGIN SELECT RAISE(ABORT, '{_REFUSAL}'); END"
    for op in ("UPDATE", "DELETE")
]
_POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{_REFUSAL}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
    "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()",
    # The chain's turn and its head in one round trip (ctdppeia.audit_chain). A VOLATILE
    # function reads with a fresh snapshot per statement, so the head is read after the lock
    # is held: one statement doing both would read with a snapshot from before the wait.
    "CREATE OR REPLACE FUNCTION audit_chain_take_turn(lock_key bigint) "
    "RETURNS TABLE (head_id integer, head_hash varchar) AS $$ "
    "BEGIN PERFORM pg_advisory_xact_lock(lock_key); "
    "RETURN QUERY SELECT e.id, e.hash FROM audit_event e ORDER BY e.id DESC LIMIT 1; "
    "END; $$ LANGUAGE plpgsql VOLATILE",
]


def statements(dialect: str) -> list[str]:
    """The guard's SQL for one database dialect (the migrations carry their own copy)."""
    return {"sqlite": _SQLITE, "postgresql": _POSTGRESQL}.get(dialect, [])


for _dialect in ("sqlite", "postgresql"):
    for _sql in statements(_dialect):
        event.listen(AuditEvent.__table__, "after_create", DDL(_sql).execute_if(dialect=_dialect))
