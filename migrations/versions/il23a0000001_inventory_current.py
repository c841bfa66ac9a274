"""Today's version of each published system, and versions by their publication time

Revision ID: il23a0000001
Revises: sq23c0de0002
Create Date: 2026-12-07 12:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "il23a0000001"
down_revision = "sq23c0de0002"
branch_labels = None
depends_on = None

VERSIONS = sa.table(
    "inventory_entry_version",
    sa.column("id", sa.Integer()),
    sa.column("use_case_id", sa.Integer()),
    sa.column("version", sa.Integer()),
    sa.column("published_at", sa.DateTime(timezone=True)),
    sa.column("fields", sa.JSON()),
)


def upgrade() -> None:
    current = op.create_table(
        "inventory_current",
        sa.Column("use_case_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("agency_code", sa.String(length=16), nullable=False),
        sa.Column("agency_name", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=True),
        sa.Column("risk_tier", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["use_case_id"], ["ai_use_case.id"], name="fk_inventory_current_use_case_id_ai_use_case"
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["inventory_entry_version.id"],
            name="fk_inventory_current_version_id_inventory_entry_version",
        ),
        sa.PrimaryKeyConstraint("use_case_id", name="pk_inventory_current"),
        sa.UniqueConstraint("version_id", name="uq_inventory_current_version_id"),
    )
    op.create_index(
        "ix_inventory_current_published_at",
        "inventory_current",
        ["published_at", "version_id"],
    )
    _fill(current)
    op.create_index(
        "ix_inventory_entry_version_published_at", "inventory_entry_version", ["published_at"]
    )


def _fill(current: sa.Table) -> None:
    """Point every published system at its newest version (copying the published time as
    stored and the public fields the page filters by)."""
    newest = (
        sa.select(VERSIONS.c.use_case_id, sa.func.max(VERSIONS.c.version).label("last"))
        .group_by(VERSIONS.c.use_case_id)
        .subquery()
    )
    fields = VERSIONS.c.fields
    latest = sa.select(
        VERSIONS.c.use_case_id,
        VERSIONS.c.id,
        VERSIONS.c.published_at,
        fields["agency_code"].as_string(),
        fields["agency_name"].as_string(),
        fields["status"].as_string(),
        fields["risk_tier"].as_string(),
    ).join(
        newest,
        (VERSIONS.c.use_case_id == newest.c.use_case_id) & (VERSIONS.c.version == newest.c.last),
    )
    columns = [
        "use_case_id",
        "version_id",
        "published_at",
        "agency_code",
        "agency_name",
        "status",
        "risk_tier",
    ]
    op.execute(current.insert().from_select(columns, latest))


def downgrade() -> None:
    op.drop_index("ix_inventory_entry_version_published_at", table_name="inventory_entry_version")
    op.drop_index("ix_inventory_current_published_at", table_name="inventory_current")
    op.drop_table("inventory_current")
