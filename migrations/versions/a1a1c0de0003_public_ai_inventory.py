"""the public AI inventory: published entry versions and frozen years (both append-only)

Revision ID: a1a1c0de0003
Revises: a1a1c0de0002
Create Date: 2026-11-28 08:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a1a1c0de0003"
down_revision = "a1a1c0de0002"
branch_labels = None
depends_on = None

VERSION_KEPT = "a published inventory version is kept as published and cannot change"
YEAR_KEPT = "a frozen inventory year is kept as frozen and cannot change"

SQLITE_GUARDS = [
    "CREATE TRIGGER inventory_entry_version_no_update BEFORE UPDATE ON inventory_entry_version "
    f"BEGIN SELECT RAISE(ABORT, '{VERSION_KEPT}'); END",
    "CREATE TRIGGER inventory_entry_version_no_delete BEFORE DELETE ON inventory_entry_version "
    f"BEGIN SELECT RAISE(ABORT, '{VERSION_KEPT}'); END",
    "CREATE TRIGGER inventory_year_no_update BEFORE UPDATE ON inventory_year "
    f"BEGIN SELECT RAISE(ABORT, '{YEAR_KEPT}'); END",
    "CREATE TRIGGER inventory_year_no_delete BEFORE DELETE ON inventory_year "
    f"BEGIN SELECT RAISE(ABORT, '{YEAR_KEPT}'); END",
]
POSTGRESQL_GUARDS = [
    "CREATE OR REPLACE FUNCTION inventory_entry_version_append_only() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{VERSION_KEPT}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER inventory_entry_version_append_only BEFORE UPDATE OR DELETE ON "
    "inventory_entry_version FOR EACH ROW EXECUTE FUNCTION inventory_entry_version_append_only()",
    "CREATE OR REPLACE FUNCTION inventory_year_append_only() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{YEAR_KEPT}'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER inventory_year_append_only BEFORE UPDATE OR DELETE ON inventory_year "
    "FOR EACH ROW EXECUTE FUNCTION inventory_year_append_only()",
]


def upgrade():
    op.create_table(
        "inventory_entry_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("use_case_id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_by_id", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "public_id LIKE 'CT-%'", name=op.f("ck_inventory_entry_version_public_id_format")
        ),
        sa.CheckConstraint(
            "version >= 1", name=op.f("ck_inventory_entry_version_version_positive")
        ),
        sa.ForeignKeyConstraint(
            ["use_case_id"],
            ["ai_use_case.id"],
            name=op.f("fk_inventory_entry_version_use_case_id_ai_use_case"),
        ),
        sa.ForeignKeyConstraint(
            ["published_by_id"],
            ["user_account.id"],
            name=op.f("fk_inventory_entry_version_published_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inventory_entry_version")),
        sa.UniqueConstraint(
            "use_case_id", "version", name=op.f("uq_inventory_entry_version_use_case_id")
        ),
    )
    op.create_index(
        "ix_inventory_entry_version_public_id", "inventory_entry_version", ["public_id"]
    )
    op.create_index(
        op.f("ix_inventory_entry_version_use_case_id"), "inventory_entry_version", ["use_case_id"]
    )
    op.create_table(
        "inventory_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "year >= 2000 AND year <= 9999", name=op.f("ck_inventory_year_year_plausible")
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_inventory_year")),
    )
    guards = SQLITE_GUARDS if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_GUARDS
    if op.get_bind().dialect.name in ("sqlite", "postgresql"):
        for sql in guards:
            op.execute(sql)


def downgrade():
    op.drop_table("inventory_year")
    op.drop_index(
        op.f("ix_inventory_entry_version_use_case_id"), table_name="inventory_entry_version"
    )
    op.drop_index("ix_inventory_entry_version_public_id", table_name="inventory_entry_version")
    op.drop_table("inventory_entry_version")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS inventory_entry_version_append_only()")
        op.execute("DROP FUNCTION IF EXISTS inventory_year_append_only()")
