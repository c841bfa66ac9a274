"""Writing to the audit log. Every service function that changes state calls `record`."""

from collections.abc import Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ctdppeia import audit_chain
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, User
from ctdppeia.models.timestamps import utcnow

Changes = Mapping[str, tuple[Any, Any]]


def record(
    actor: User | None,
    action: str,
    obj: Any,
    *,
    scope: Any = None,
    changes: Changes | None = None,
    summary: str = "",
) -> AuditEvent:
    """Add an audit event to the transaction; it joins the hash chain when the caller commits
    the change itself (see `audit_chain`).

    `obj` is the changed object and `scope` what it belongs to (defaults to `obj`); both need
    an `id` and are named by their table. `changes` maps a field to (old, new).
    """
    scope = obj if scope is None else scope
    if obj.id is None or scope.id is None:
        db.session.flush()  # new objects need their ids; changes to others wait for the commit
    event = AuditEvent(
        at=utcnow(),
        actor=actor,
        actor_id=None if actor is None else actor.id,
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        scope_type=scope.__tablename__,
        scope_id=scope.id,
        changes={
            field: [_plain(old), _plain(new)] for field, (old, new) in (changes or {}).items()
        },
        summary=summary[:500],
    )
    audit_chain.enqueue(event)  # linked to the one before and written at commit
    return event


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The fields whose value differs between two plain snapshots."""
    return {
        key: (before.get(key), after.get(key)) for key in after if before.get(key) != after[key]
    }


def history(*scopes: tuple[str, int]) -> list[AuditEvent]:
    """Every event under the given (scope_type, scope_id) pairs or about those objects,
    newest first."""
    conditions = [
        or_(
            (AuditEvent.scope_type == kind) & (AuditEvent.scope_id == ident),
            (AuditEvent.object_type == kind) & (AuditEvent.object_id == ident),
        )
        for kind, ident in scopes
    ]
    query = select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.id.desc())
    return list(db.session.scalars(query.options(selectinload(AuditEvent.actor))))


def _plain(value: Any) -> Any:
    """JSON-safe form of a value for the log."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
