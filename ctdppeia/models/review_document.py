"""The signed PDF of a locked review, kept exactly as it was issued.

One row per review, written in the same transaction that confirms the review. The row is
append-only: database triggers refuse any UPDATE or DELETE, so the stored file can be handed
out again byte for byte. ``attach`` registers the trigger SQL as DDL events so ``create_all``
makes it; the migrations carry their own copy (tests/migrations compares the two).
"""

from datetime import datetime

from sqlalchemy import DDL, CheckConstraint, ForeignKey, LargeBinary, String, Table, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ctdppeia.extensions import Model
from ctdppeia.models.review import Review
from ctdppeia.models.timestamps import UTCDateTime, utcnow

TABLE = "review_document"
APPEND_ONLY = "a signed review document is kept as issued and cannot change"


class ReviewDocument(Model):
    """The signed PDF of one review and what it was made from."""

    __tablename__ = TABLE
    __table_args__ = (
        CheckConstraint("length(record_digest) = 64", name="record_digest_is_sha256"),
        CheckConstraint("length(file_sha256) = 64", name="file_sha256_is_sha256"),
        CheckConstraint("approver_signed_at >= reviewer_signed_at", name="approver_signs_last"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review.id"), unique=True)
    # The snapshot schema the digest was computed on, e.g. "ctdppeia-review/1".
    schema: Mapped[str] = mapped_column(String(40))
    # SHA-256 (hex) of the canonical review record; printed in the PDF and in each signature.
    record_digest: Mapped[str] = mapped_column(String(64), index=True)
    # The canonical snapshot JSON whose SHA-256 is the record digest: what was signed, frozen.
    # (Empty only for documents issued before snapshots were kept.)
    snapshot_json: Mapped[str | None] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    # SHA-256 (hex) of the signed file, to recognize this exact file later.
    file_sha256: Mapped[str] = mapped_column(String(64), index=True)
    reviewer_signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    approver_signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Serial numbers (hex) of the reviewer's and the approver's signing certificates.
    certificate_serial: Mapped[str] = mapped_column(String(80))
    approver_certificate_serial: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    review: Mapped[Review] = relationship()


SQLITE = [
    f"CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
    for op in ("UPDATE", "DELETE")
]
POSTGRESQL = [
    f"CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger AS $$ "
    f"BEGIN RAISE EXCEPTION '{APPEND_ONLY}'; END; $$ LANGUAGE plpgsql",
    f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()",
]


def statements(dialect: str) -> list[str]:
    """The SQL that makes the table append-only (run after the table exists)."""
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(dialect, [])


def attach(table: Table) -> None:
    for dialect in ("sqlite", "postgresql"):
        for sql in statements(dialect):
            event.listen(table, "after_create", DDL(sql).execute_if(dialect=dialect))


attach(ReviewDocument.__table__)
