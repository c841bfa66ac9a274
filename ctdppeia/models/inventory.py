"""The public AI inventory: every published version of an entry, and each year as it stood.

``InventoryEntryVersion`` rows are only ever added: publishing an entry again (or retiring the
system) adds a version, and the older ones stay public as the entry's history.
``InventoryYear`` holds one year's inventory as it stood at the end of December 31
(Connecticut time), frozen once the year is over and never changed. Database triggers refuse
UPDATE and DELETE on both tables; the migration carries its own copy of the SQL
(tests/migrations compares the two).

``InventoryCurrent`` says which version is today's, one row per published system, moved to
the new version in the transaction that publishes it: the inventory page and its filters read
it instead of finding the newest of every system's versions, and the versions stay untouched.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import (
    DDL,
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia.extensions import Model
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

VERSION_TABLE = "inventory_entry_version"
YEAR_TABLE = "inventory_year"
VERSION_KEPT = "a published inventory version is kept as published and cannot change"
YEAR_KEPT = "a frozen inventory year is kept as frozen and cannot change"


class InventoryEntryVersion(Model):
    """One published version of a use case's public inventory entry.

    ``fields`` is the frozen public record of this version (see ``ctdppeia.inventory.fields``):
    only public fields, exactly as published.
    """

    __tablename__ = VERSION_TABLE
    __table_args__ = (
        UniqueConstraint("use_case_id", "version"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("public_id LIKE 'CT-%'", name="public_id_format"),
        Index("ix_inventory_entry_version_public_id", "public_id"),
        # The first year of the inventory (the list's year filter) and each year's versions.
        Index("ix_inventory_entry_version_published_at", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    use_case_id: Mapped[int] = mapped_column(ForeignKey("ai_use_case.id"), index=True)
    public_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column()
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)

    published_by: Mapped[User] = relationship()


class InventoryCurrent(Model):
    """Today's version of one published system, and the values the inventory page filters
    and sorts by, copied from that version (its ``published_at`` and public fields).

    Only ``inventory.services`` writes it, in the transaction that adds the version it points
    at; a past moment's inventory is still found from the versions themselves."""

    __tablename__ = "inventory_current"
    __table_args__ = (
        UniqueConstraint("version_id"),
        # The page lists the newest first and pages by (published_at, id) of the version.
        Index("ix_inventory_current_published_at", "published_at", "version_id"),
    )

    use_case_id: Mapped[int] = mapped_column(ForeignKey("ai_use_case.id"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("inventory_entry_version.id"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    agency_code: Mapped[str] = mapped_column(String(16))
    # As long as the version holds it: a copy never refuses what it copies.
    agency_name: Mapped[str] = mapped_column(Text)
    status: Mapped[str | None] = mapped_column(String(32))
    risk_tier: Mapped[str | None] = mapped_column(String(32))

    version: Mapped[InventoryEntryVersion] = relationship()

    def point_at(self, version: InventoryEntryVersion) -> None:
        """Make ``version`` today's version of the system."""
        self.version = version
        self.published_at = version.published_at
        self.agency_code = version.fields["agency_code"]
        self.agency_name = version.fields["agency_name"]
        self.status = version.fields.get("status")
        self.risk_tier = version.fields.get("risk_tier")


class InventoryDraft(Model):
    """The owner agency's draft of a use case's next entry version: one per use case, changed
    in place. It is not public: publishing is the AI reviewers' own step, and the publish form
    starts from this draft while no version has been published since it was saved
    (``based_on_version`` is the version it was drafted after, 0 before the first)."""

    __tablename__ = "inventory_draft"
    __table_args__ = (
        UniqueConstraint("use_case_id"),
        CheckConstraint("based_on_version >= 0", name="based_on_version_known"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    use_case_id: Mapped[int] = mapped_column(ForeignKey("ai_use_case.id"))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    based_on_version: Mapped[int] = mapped_column(default=0)
    # Counts the saves; a form posts the one it was opened at, so no save is overwritten unseen.
    revision: Mapped[int] = mapped_column(default=1)
    drafted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    drafted_by: Mapped[User] = relationship()


class InventoryYear(Model):
    """One year's inventory, frozen as it stood at the end of December 31."""

    __tablename__ = YEAR_TABLE
    __table_args__ = (CheckConstraint("year >= 2000 AND year <= 9999", name="year_plausible"),)

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The inventory document of that year (the same JSON /ai-inventory/<year>.json serves).
    document: Mapped[dict[str, Any]] = mapped_column(JSON)

    @property
    def id(self) -> int:  # the audit log names an object by its id
        return self.year


def _sqlite(table: str, message: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for op in ("UPDATE", "DELETE")
    ]


def _postgresql(table: str, message: str) -> list[str]:
    return [
        f"CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_append_only()",
    ]


def statements(table: str, dialect: str) -> list[str]:
    """The SQL that makes one of the two tables append-only (run after the table exists)."""
    message = VERSION_KEPT if table == VERSION_TABLE else YEAR_KEPT
    if dialect == "sqlite":
        return _sqlite(table, message)
    return _postgresql(table, message) if dialect == "postgresql" else []


def _attach(table: Table) -> None:
    for dialect in ("sqlite", "postgresql"):
        for sql in statements(table.name, dialect):
            event.listen(table, "after_create", DDL(sql).execute_if(dialect=dialect))


_attach(InventoryEntryVersion.__table__)
_attach(InventoryYear.__table__)
