"""the status filter's index also holds the owner agency, so a staff member's filtered list
and its capped count skip the rows of other agencies without reading them

An agency's reviewer sees the requests of their agency and those it holds data for. With the
index on (status, created_at, id) alone, SQLite read every row of the status from the table to
check its owner; at 100,000 requests the count of the page read about a thousand of them.
With the owner in the index, only the rows shown are read from the table.

Revision ID: sq23c0de0001
Revises: ie27d0000001
Create Date: 2026-12-07 12:30:00

"""

from alembic import op

revision = "sq23c0de0001"
down_revision = "ie27d0000001"
branch_labels = None
depends_on = None

NAME = "ix_data_request_status_created"


def upgrade() -> None:
    op.drop_index(NAME, table_name="data_request")
    op.create_index(NAME, "data_request", ["status", "created_at", "id", "owner_agency_id"])


def downgrade() -> None:
    op.drop_index(NAME, table_name="data_request")
    op.create_index(NAME, "data_request", ["status", "created_at", "id"])
