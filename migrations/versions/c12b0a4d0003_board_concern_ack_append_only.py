"""board concern acknowledgements are append-only

Revision ID: c12b0a4d0003
Revises: c14a5ca1e005
Create Date: 2026-11-28 10:40:00

"""

from alembic import op

revision = "c12b0a4d0003"
down_revision = "c14a5ca1e005"
branch_labels = None
depends_on = None

KEPT = "concern acknowledgements are only ever added and cannot change"

SQLITE_GUARDS = [
    "CREATE TRIGGER board_concern_ack_no_update BEFORE UPDATE ON board_concern_ack "
    f"BEGIN SELECT RAISE(ABORT, '{KEPT}'); END",
    "CREATE TRIGGER board_concern_ack_no_delete BEFORE DELETE ON board_concern_ack "
    f"BEGIN SELECT RAISE(ABORT, '{KEPT}'); END",
]
POSTGRESQL_GUARDS = [
    "CREATE OR REPLACE FUNCTION board_concern_ack_append_only() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{KEPT}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER board_concern_ack_append_only BEFORE UPDATE OR DELETE ON board_concern_ack "
    "FOR EACH ROW EXECUTE FUNCTION board_concern_ack_append_only()",
]


def upgrade():
    dialect = op.get_bind().dialect.name
    for sql in {"sqlite": SQLITE_GUARDS, "postgresql": POSTGRESQL_GUARDS}.get(dialect, []):
        op.execute(sql)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS board_concern_ack_no_update")
        op.execute("DROP TRIGGER IF EXISTS board_concern_ack_no_delete")
    elif dialect == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS board_concern_ack_append_only ON board_concern_ack")
        op.execute("DROP FUNCTION IF EXISTS board_concern_ack_append_only()")
