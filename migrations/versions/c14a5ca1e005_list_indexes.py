"""indexes for the lists at scale: newest-first pages of requests and reviews, the agency and
status filters, a data holder's requests, and (on PostgreSQL) trigram indexes for the search

Revision ID: c14a5ca1e005
Revises: c13a1de00004
Create Date: 2026-11-28 11:00:00

"""

from alembic import op

revision = "c14a5ca1e005"
down_revision = "c13a1de00004"
branch_labels = None
depends_on = None

PLAIN = [
    ("ix_data_request_created", "data_request", ["created_at", "id"]),
    ("ix_data_request_owner_created", "data_request", ["owner_agency_id", "created_at", "id"]),
    ("ix_data_request_status_created", "data_request", ["status", "created_at", "id"]),
    ("ix_request_data_holder_agency", "request_data_holder", ["agency_id", "request_id"]),
    ("ix_review_updated", "review", ["updated_at", "id"]),
]
SEARCHED = ["title", "requesting_org"]


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name, table, columns in PLAIN:
        op.create_index(name, table, columns)
    if postgresql:
        # pg_trgm ships with PostgreSQL and is trusted: the database's owner may create it.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in SEARCHED:
        name = f"ix_data_request_{column}_search"
        if postgresql:
            op.execute(f"CREATE INDEX {name} ON data_request USING gin ({column} gin_trgm_ops)")
        else:  # a plain index, as the models make it there (the search does not use it)
            op.create_index(name, "data_request", [column])


def downgrade() -> None:
    for column in SEARCHED:
        op.drop_index(f"ix_data_request_{column}_search", table_name="data_request")
    for name, table, _columns in reversed(PLAIN):
        op.drop_index(name, table_name=table)
