"""Checking an uploaded review PDF: its signatures, and whether it matches a review here.

The result is the same for the public page and the ``verify-pdf`` command. It never shows
what a review says: only its number and the date it was locked.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from ctdppeia.documents.identity import trust_roots
from ctdppeia.extensions import db
from ctdppeia.models import ReviewDocument
from ctdppeia.pdf import VerificationReport, record_digest, verify_pdf
from ctdppeia.pdf.verify import SIGNED
from ctdppeia.reviews.snapshot import build_snapshot


@dataclass(frozen=True)
class ReviewMatch:
    """The stored review whose record digest the file names."""

    review_id: int
    locked_at: datetime | None
    same_file: bool  # byte for byte the file this site issued
    still_current: bool  # the review's record today still gives the same digest


@dataclass(frozen=True)
class Check:
    report: VerificationReport
    digest: str | None
    match: ReviewMatch | None
    file_sha256: str = ""

    @property
    def signed(self) -> bool:
        return self.report.kind == SIGNED

    @property
    def changed_after_signing(self) -> bool:
        """Something not allowed was added after a signature (the signed part may be intact)."""
        return any(s.intact and not s.changes_allowed for s in self.report.signatures)

    @property
    def altered(self) -> bool:
        """A signature no longer matches the bytes it covers, or cannot be read."""
        return any(not s.intact for s in self.report.signatures)

    @property
    def ok(self) -> bool:
        """At least one signature, every one intact, trusted and allowing what came after."""
        return self.report.ok


def check_pdf(data: bytes) -> Check:
    """Verify ``data`` against this installation's certificate and look up its review."""
    report = verify_pdf(data, trust_roots())
    digest = report.signed_digest or report.record_digest
    file_sha256 = hashlib.sha256(data).hexdigest() if data else ""
    match = find_review(digest, file_sha256) if digest else None
    return Check(report, digest, match, file_sha256)


def find_review(digest: str, file_sha256: str = "") -> ReviewMatch | None:
    """The review whose signed PDF carries ``digest``, if this database holds one."""
    query = select(ReviewDocument).where(ReviewDocument.record_digest == digest)
    document = db.session.scalars(query.order_by(ReviewDocument.id)).first()
    if document is None:
        return None
    review = document.review
    return ReviewMatch(
        review_id=review.id,
        locked_at=review.confirmed_at,
        same_file=document.file_sha256 == file_sha256,
        still_current=current_digest(document) == document.record_digest,
    )


def current_digest(document: ReviewDocument) -> str | None:
    """The record digest of the review as stored today (None if it cannot be rebuilt)."""
    try:
        return record_digest(build_snapshot(document.review))
    except Exception:  # a verdict must not fail because a record cannot be rebuilt
        current_app.logger.exception("cannot rebuild the record of review %s", document.review_id)
        return None
