"""Checking an uploaded review PDF: its signatures, and whether it is the signed record here.

The result is the same for the public page and the ``verify-pdf`` command. It never shows
what a review says: only its number, the date it was locked and who signed. The comparison
is with the snapshot frozen at signing, never with a record rebuilt from today's data.

The signatures are checked in a child process with a budget and CPU-time, memory and time
limits (``VERIFY_*`` settings): a file over the budget, or a check stopped at a limit, gets the
verdict "could not be checked", never "Genuine".
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from flask import current_app

from ctdppeia.documents.identity import trust_roots
from ctdppeia.documents.job import ChildLimits, JobFailed, JobTimedOut, run_in_child
from ctdppeia.documents.services import document_by_digest
from ctdppeia.models import ReviewDocument
from ctdppeia.pdf import VerificationReport, field_name, verify_pdf
from ctdppeia.pdf.budget import Budget
from ctdppeia.pdf.verify import SIGNED, STOPPED


@dataclass(frozen=True)
class ReviewMatch:
    """The stored review whose record digest the file names."""

    review_id: int
    locked_at: datetime | None
    same_file: bool  # byte for byte the file this site issued
    still_current: bool  # the frozen record here still gives the digest that was signed
    required: tuple[str, ...] = ()  # the roles whose signatures the locked review requires
    readable: bool = False  # the frozen record can be read at /records/<digest>


@dataclass(frozen=True)
class Check:
    report: VerificationReport
    digest: str | None
    match: ReviewMatch | None
    file_sha256: str = ""
    missing: tuple[str, ...] = field(default=())  # required signatures not in the file

    @property
    def signed(self) -> bool:
        return self.report.kind == SIGNED

    @property
    def disallowed_changes(self) -> bool:
        """A change after a signature that the signature does not allow (e.g. a new page)."""
        return any(s.intact and not s.changes_allowed for s in self.report.signatures)

    @property
    def changed_after_signing(self) -> bool:
        """Something was added after signing (the signed part may be intact)."""
        return self.disallowed_changes or bool(self.report.added)

    @property
    def altered(self) -> bool:
        """A signature no longer matches the bytes it covers, or cannot be read."""
        return any(not s.intact for s in self.report.signatures)

    @property
    def complete(self) -> bool:
        """Every required signature is there and no signature field is left empty."""
        return not self.missing and not self.report.unsigned_fields

    @property
    def ok(self) -> bool:
        """The signed record: every signature valid, nothing missing, nothing added, and it
        matches a locked review here whose frozen record gives the same digest."""
        match = self.match
        return self.report.ok and self.complete and match is not None and match.still_current


def check_pdf(data: bytes) -> Check:
    """Verify ``data`` against the signing authority and look up its review."""
    report = signature_report(data)
    digest = report.signed_digest or report.record_digest
    file_sha256 = hashlib.sha256(data).hexdigest() if data else ""
    match = find_review(digest, file_sha256) if digest else None
    missing = _missing(report, match)
    return Check(report, digest, match, file_sha256, missing)


def signature_report(data: bytes) -> VerificationReport:
    """``verify_pdf`` in a child process held to the ``VERIFY_*`` limits; a check stopped at
    a limit, or that failed, is a ``stopped`` report."""
    config = current_app.config
    budget = Budget(int(config["VERIFY_MAX_FIELDS"]), int(config["VERIFY_MAX_REVISIONS"]))
    limits = ChildLimits(
        cpu_seconds=int(config["VERIFY_CPU_SECONDS"]),
        memory_bytes=int(config["VERIFY_MEMORY_MB"]) * 1024 * 1024,
    )
    work = partial(verify_pdf, trust_roots=trust_roots(), budget=budget)
    try:
        return run_in_child(work, data, float(config["VERIFY_TIMEOUT_SECONDS"]), limits)
    except (JobFailed, JobTimedOut) as error:
        current_app.logger.warning("a PDF check was stopped: %s", error)
        return VerificationReport(kind=STOPPED, error=str(error)[:500])


def find_review(digest: str, file_sha256: str = "") -> ReviewMatch | None:
    """The review whose signed PDF carries ``digest``, if this database holds one."""
    document = document_by_digest(digest)
    if document is None:
        return None
    review = document.review
    return ReviewMatch(
        review_id=review.id,
        locked_at=review.confirmed_at,
        same_file=document.file_sha256 == file_sha256,
        still_current=frozen_digest(document) == document.record_digest,
        required=required_roles(document),
        readable=bool(document.snapshot_json),
    )


def frozen_digest(document: ReviewDocument) -> str | None:
    """SHA-256 of the snapshot JSON stored at signing (None for documents issued before
    snapshots were kept, which can only be checked against their stored digest)."""
    if not document.snapshot_json:
        return document.record_digest
    return hashlib.sha256(document.snapshot_json.encode("utf-8")).hexdigest()


def required_roles(document: ReviewDocument) -> tuple[str, ...]:
    if not document.snapshot_json:
        return ("Reviewer", "Approver")
    signers = json.loads(document.snapshot_json).get("signers", [])
    return tuple(str(signer["role"]) for signer in signers)


def _missing(report: VerificationReport, match: ReviewMatch | None) -> tuple[str, ...]:
    if match is None or report.kind != SIGNED:
        return ()
    present = {s.field for s in report.signatures}
    return tuple(role for role in match.required if field_name(role) not in present)
