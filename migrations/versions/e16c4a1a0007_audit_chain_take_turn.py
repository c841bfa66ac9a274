"""the audit chain's turn and head in one round trip on PostgreSQL

Revision ID: e16c4a1a0007
Revises: d15a0f7a0006
Create Date: 2026-11-28 14:10:00

"""

from alembic import op

revision = "e16c4a1a0007"
down_revision = "d15a0f7a0006"
branch_labels = None
depends_on = None

# A VOLATILE function reads with a fresh snapshot per statement, so the head is read after the
# lock is held (one plain statement doing both would read with a snapshot from before the wait).
TAKE_TURN = (
    "CREATE OR REPLACE FUNCTION audit_chain_take_turn(lock_key bigint) "
    "RETURNS TABLE (head_id integer, head_hash varchar) AS $$ "
    "BEGIN PERFORM pg_advisory_xact_lock(lock_key); "
    "RETURN QUERY SELECT e.id, e.hash FROM audit_event e ORDER BY e.id DESC LIMIT 1; "
    "END; $$ LANGUAGE plpgsql VOLATILE"
)


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE_TURN)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_chain_take_turn(bigint)")
