"""Requests for state data, the subject of a DPPEIA review."""

from datetime import date, datetime

from sqlalchemy import (
    DDL,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia.extensions import Model, db
from ctdppeia.models import request_search
from ctdppeia.models.agency import Agency
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.models.user import User

REQUEST_STATUSES: dict[str, str] = {
    "draft": "Draft",
    "in_review": "In review",
    "decided": "Decided",
    "withdrawn": "Withdrawn",
}

REQUESTER_TYPES: dict[str, str] = {
    "own-agency": "Our own agency",
    "sister-agency": "Another state agency",
    "datalinkct": "A DataLinkCT (P20 WIN) project",
    "university": "A university or research institute",
    "nonprofit": "A nonprofit organization",
    "vendor": "A vendor or contractor",
    "federal": "A federal agency",
    "other": "Someone else",
}

request_data_holder = Table(
    "request_data_holder",
    db.metadata,
    Column("request_id", ForeignKey("data_request.id", ondelete="CASCADE"), primary_key=True),
    Column("agency_id", ForeignKey("agency.id"), primary_key=True),
    # "requests that name this agency" (the list of a data holder's staff, the agency filter)
    Index("ix_request_data_holder_agency", "agency_id", "request_id"),
)


def _in(column: str, values: dict[str, str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class DataRequest(Model):
    __tablename__ = "data_request"
    __table_args__ = (
        CheckConstraint(_in("status", REQUEST_STATUSES), name="status_known"),
        CheckConstraint(_in("requester_type", REQUESTER_TYPES), name="requester_type_known"),
        CheckConstraint(
            "destruction_date IS NULL OR delivery_date IS NULL"
            " OR destruction_date >= delivery_date",
            name="destruction_after_delivery",
        ),
        # The list is newest first, paged by (created_at, id): for everyone, per agency, per
        # status (see ctdppeia.keyset). The status index also holds the owner, so a staff
        # member's filtered list skips other agencies' rows in the index, without reading them.
        Index("ix_data_request_created", "created_at", "id"),
        Index("ix_data_request_owner_created", "owner_agency_id", "created_at", "id"),
        Index("ix_data_request_status_created", "status", "created_at", "id", "owner_agency_id"),
        # The search looks for text anywhere in the title or the requester: on PostgreSQL a
        # trigram index (pg_trgm) answers that; elsewhere these are plain indexes, unused by it.
        *(
            Index(
                f"ix_data_request_{column}_search",
                column,
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            )
            for column in ("title", "requesting_org")
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    requesting_org: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str] = mapped_column(String(254))
    requester_type: Mapped[str] = mapped_column(String(30))
    purpose: Mapped[str] = mapped_column(Text)
    datasets: Mapped[str] = mapped_column(Text, default="")
    data_elements: Mapped[str] = mapped_column(Text, default="")
    delivery_date: Mapped[date | None] = mapped_column(Date)
    destruction_date: Mapped[date | None] = mapped_column(Date)
    # Written only by the review workflow (`ctdppeia.requests.subject`), never by a form:
    # it follows the state of the request's reviews and is stored for the list's filter.
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Moved on by every saved change of the form; the form carries the version it was loaded
    # from, and a save from an older one is refused (`ctdppeia.stale`).
    version: Mapped[int] = mapped_column(default=1)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner_agency: Mapped[Agency] = relationship()
    created_by: Mapped[User] = relationship()
    data_holders: Mapped[list[Agency]] = relationship(
        secondary=request_data_holder, order_by=Agency.code
    )

    @property
    def status_label(self) -> str:
        return REQUEST_STATUSES[self.status]

    @property
    def requester_type_label(self) -> str:
        return REQUESTER_TYPES[self.requester_type]

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]


# The trigram indexes need the pg_trgm extension (shipped with PostgreSQL, and trusted: the
# database's owner may create it).
event.listen(
    DataRequest.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)
# On SQLite, the search's index of titles and requesters (see `request_search`).
request_search.attach(DataRequest.__table__)
