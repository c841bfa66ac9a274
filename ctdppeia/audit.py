"""Writing to the audit log (every service function that changes state calls `record`),
reading it (`history`) and showing it (`present`).

Every page shows audit events through `present` (the `audit_table` macro's filter
`shown_events`), as `ShownEvent`s that say who acted in words the reader may see: a Resident
Advisory Board member is "Board member" unless they chose to show their name on the comment
the event is about, and the text of a comment a moderator hid is not shown (`docs/board.md`,
"Who may know who wrote a comment").
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ctdppeia import audit_chain
from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import AuditEvent, Role, User
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


BOARD_MEMBER = "Board member"


@dataclass(frozen=True)
class ShownEvent:
    """An audit event as a page shows it."""

    at: datetime
    who: str
    what: str
    changes: Mapping[str, Any]


# What rewrites the shown events about objects of one type (one call per page with all of
# them); registered by the feature that owns the objects, in the app's own registries.
Presenter = Callable[[list[AuditEvent]], dict[int, ShownEvent]]


def register_presenter(app: Flask, object_type: str, presenter: Presenter) -> None:
    """Show the events about `object_type` through `presenter` in this app's audit views."""
    hooks(app).audit_presenters[object_type] = presenter


def shown(event: AuditEvent) -> ShownEvent:
    """The event in words. A board member acting is "Board member", except on their own
    account's events: only a presenter that knows their choice (a comment's "Show my name")
    names them."""
    actor = event.actor
    if actor is None:
        who = "System"
    elif actor.role is Role.BOARD and (event.object_type, event.object_id) != (
        "user_account",
        actor.id,
    ):
        who = BOARD_MEMBER
    else:
        who = actor.name
    return ShownEvent(event.at, who, event.summary or event.action, dict(event.changes or {}))


def history(*scopes: tuple[str, int]) -> list[AuditEvent]:
    """Every event under the given (scope_type, scope_id) pairs or about those objects,
    newest first, as stored. Pages show them through `present` (the `audit_table` macro)."""
    conditions = [
        or_(
            (AuditEvent.scope_type == kind) & (AuditEvent.scope_id == ident),
            (AuditEvent.object_type == kind) & (AuditEvent.object_id == ident),
        )
        for kind, ident in scopes
    ]
    query = select(AuditEvent).where(or_(*conditions)).order_by(AuditEvent.id.desc())
    return list(db.session.scalars(query.options(selectinload(AuditEvent.actor))))


def present(events: list[AuditEvent]) -> list[ShownEvent]:
    """The events as a page shows them, in the same order (the template filter
    `shown_events`)."""
    rewritten: dict[int, ShownEvent] = {}
    for object_type, presenter in hooks().audit_presenters.items():
        about = [event for event in events if event.object_type == object_type]
        if about:
            rewritten.update(presenter(about))
    return [rewritten.get(event.id) or shown(event) for event in events]


def _plain(value: Any) -> Any:
    """JSON-safe form of a value for the log."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)
