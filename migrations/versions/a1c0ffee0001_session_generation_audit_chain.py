"""session generation on accounts; the audit log as a hash chain

Revision ID: a1c0ffee0001
Revises: 3b39a4027dda
Create Date: 2026-11-28 07:30:00

Existing audit events are linked in id order with the same hashing the application uses
(kept here as literal code: a migration never imports the application).
"""

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a1c0ffee0001"
down_revision = "3b39a4027dda"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
REFUSAL = "the audit log is append-only"
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER audit_event_no_{op_name.lower()} BEFORE {op_name} ON audit_event "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
    for op_name in ("UPDATE", "DELETE")
]
COLUMNS = "id, at, actor_id, action, object_type, object_id, scope_type, scope_id, changes, summary"


def _at(value: object) -> str:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def _link_hash(prev_hash: str, row: sa.Row) -> str:
    changes = row.changes
    if isinstance(changes, str | bytes):
        changes = json.loads(changes)
    fields = {
        "at": _at(row.at),
        "actor_id": row.actor_id,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "scope_type": row.scope_type,
        "scope_id": row.scope_id,
        "changes": changes if changes is not None else {},
        "summary": row.summary,
    }
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _link_existing_events(dialect: str) -> None:
    bind = op.get_bind()
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    prev_hash = GENESIS
    update = sa.text("UPDATE audit_event SET prev_hash = :prev, hash = :hash WHERE id = :id")
    for row in bind.execute(sa.text(f"SELECT {COLUMNS} FROM audit_event ORDER BY id")).all():
        digest = _link_hash(prev_hash, row)
        bind.execute(update, {"prev": prev_hash, "hash": digest, "id": row.id})
        prev_hash = digest
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")


def upgrade():
    dialect = op.get_bind().dialect.name
    op.add_column(
        "user_account",
        sa.Column("session_generation", sa.Integer(), server_default="0", nullable=False),
    )
    op.add_column("audit_event", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_event", sa.Column("hash", sa.String(length=64), nullable=True))
    _link_existing_events(dialect)
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
    if dialect == "sqlite":  # the table was rebuilt without its triggers
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":  # drop the columns in place, keeping the table and its triggers
        op.execute("ALTER TABLE audit_event DROP COLUMN hash")
        op.execute("ALTER TABLE audit_event DROP COLUMN prev_hash")
        op.execute("ALTER TABLE user_account DROP COLUMN session_generation")
        return
    op.drop_column("audit_event", "hash")
    op.drop_column("audit_event", "prev_hash")
    op.drop_column("user_account", "session_generation")
