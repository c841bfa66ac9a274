"""The signed PDF of a review: made when the review is confirmed, then handed out as stored.

:func:`make_signed_record` freezes the snapshot and builds and signs the PDF outside any
database transaction, with a time limit. :func:`store_document` then saves the file together
with the exact snapshot JSON that was signed; the caller commits it with the confirmation, so
a review is never locked without its signed PDF and no half-signed file is ever stored.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.audit_chain import chain_head
from ctdppeia.documents.identity import passphrase, person_pkcs12
from ctdppeia.documents.job import JobTimedOut, SignerKey, SigningJob, run_with_time_limit
from ctdppeia.extensions import db
from ctdppeia.links import public_url
from ctdppeia.models import Review, ReviewDocument, User
from ctdppeia.pdf import build_pdf, canonical_bytes, record_digest
from ctdppeia.pdf.authority import identity_from_pkcs12
from ctdppeia.reviews.confirmation import ConfirmationStep, Confirming
from ctdppeia.reviews.display import iso
from ctdppeia.reviews.errors import ReviewError
from ctdppeia.reviews.snapshot import Confirmation, build_snapshot
from ctdppeia.unavailable import DATABASE_ERRORS


class SigningFailed(ReviewError):
    """The signed PDF could not be made, so the review was not confirmed."""

    code = 500
    title = "The signed PDF could not be made"

    def __init__(self, advice: str = "") -> None:
        super().__init__(
            advice
            or "The decision was not confirmed and the review has not changed. Try again in a "
            "moment. If it happens again, tell your administrator: the signing authority or "
            "its passphrase may be missing or wrong."
        )


class SigningTooSlow(SigningFailed):
    code = 503
    title = "Signing took too long"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"Building and signing the PDF did not finish within {seconds:g} seconds, so it "
            "was stopped. The decision was not confirmed and the review has not changed. Try "
            "again later; if it happens again, tell your administrator (the review may hold "
            "very long answers, or the server is busy)."
        )


@dataclass(frozen=True)
class Signature:
    role: str
    user: User
    when: datetime
    certify: bool


@dataclass(frozen=True)
class SignedRecord:
    """A signed PDF and the frozen snapshot it was made from, not yet stored."""

    snapshot: dict[str, Any]
    canonical: str
    digest: str
    data: bytes
    serials: tuple[str, ...]
    signatures: tuple[Signature, ...]


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    signed: bool  # False: an unsigned draft preview
    digest: str = ""  # the record digest (JSON records): SHA-256 of `data`


class RecordNotKept(ReviewError):
    """A review signed before the signed snapshot was stored: only its PDF exists."""

    code = 404
    title = "This review's record was not kept as data"

    def __init__(self) -> None:
        super().__init__(
            "This review was signed before the record behind each PDF was stored, so only "
            "its signed PDF can be downloaded."
        )


def record_url(digest: str) -> str:
    """Where anyone can read the accessible record (under PUBLIC_BASE_URL: ctdppeia.links)."""
    return public_url("documents.record", {"digest": digest})


def make_signed_record(review: Review, confirmation: Confirmation | None = None) -> SignedRecord:
    """Freeze the snapshot of the review as confirmed and build and sign its PDF.

    Runs no transaction of its own: it reads, ends the read, then signs. Raises
    ``SigningFailed`` (or ``SigningTooSlow``) when the PDF cannot be made in time.
    """
    snapshot = build_snapshot(review, confirmation)
    digest = record_digest(snapshot)
    signatures = _signatures(review, confirmation)
    try:
        keys = tuple(_key(signature) for signature in signatures)
        secret = passphrase()
        serials = tuple(identity_from_pkcs12(key.pkcs12, secret).serial_hex for key in keys)
        url, head = record_url(digest), audit_chain_head()
        job = SigningJob(snapshot, digest, url, head, keys, secret, font_cache_dir())
        db.session.rollback()  # hold no database transaction while signing
        data = run_with_time_limit(job, float(current_app.config["SIGNING_TIMEOUT_SECONDS"]))
    except JobTimedOut as error:
        current_app.logger.error("signing review %s took too long: %s", review.id, error)
        raise SigningTooSlow(current_app.config["SIGNING_TIMEOUT_SECONDS"]) from error
    except DATABASE_ERRORS:
        raise  # the database did not answer: its own page says so (ctdppeia.unavailable)
    except Exception as error:
        current_app.logger.exception("could not sign the PDF of review %s", review.id)
        raise SigningFailed() from error
    canonical = canonical_bytes(snapshot).decode("utf-8")
    return SignedRecord(snapshot, canonical, digest, data, serials, signatures)


def font_cache_dir() -> Path | None:
    """Where the signature stamp's font is kept once built (CACHE_DIR), or None: in memory."""
    configured = current_app.config.get("CACHE_DIR")
    return Path(configured) / "fonts" if configured else None


def _sign_on_confirmation(review: Review, confirming: Confirming) -> SignedRecord:
    confirmation = Confirmation(
        confirming.approver, confirming.at, confirming.note, confirming.inputs
    )
    return make_signed_record(review, confirmation)


def _store_on_confirmation(review: Review, _confirming: Confirming, record: SignedRecord) -> None:
    store_document(review, record)


# Every confirmation is signed before it is saved, and saved with its signed PDF.
signing_step = ConfirmationStep(prepare=_sign_on_confirmation, after_lock=_store_on_confirmation)


def _signatures(review: Review, confirmation: Confirmation | None) -> tuple[Signature, ...]:
    """The reviewer who submitted (certifying, at submission), then the approver."""
    reviewer, submitted = review.submitted_by, review.submitted_at
    approver = confirmation.approver if confirmation else review.confirmed_by
    confirmed = confirmation.at if confirmation else review.confirmed_at
    if reviewer is None or submitted is None or approver is None or confirmed is None:
        raise ValueError("only a confirmed review can be signed")
    return (
        Signature("Reviewer", reviewer, submitted, True),
        Signature("Approver", approver, confirmed, False),
    )


def _key(signature: Signature) -> SignerKey:
    user = signature.user
    key = person_pkcs12(user)
    return SignerKey(signature.role, user.name, signature.when, signature.certify, key)


def store_document(review: Review, record: SignedRecord) -> ReviewDocument:
    """Add the signed file and its frozen snapshot to the session (the caller commits)."""
    document = ReviewDocument(
        review_id=review.id,
        schema=str(record.snapshot["schema"]),
        record_digest=record.digest,
        snapshot_json=record.canonical,
        pdf=record.data,
        file_sha256=hashlib.sha256(record.data).hexdigest(),
        reviewer_signed_at=record.signatures[0].when,
        approver_signed_at=record.signatures[1].when,
        certificate_serial=record.serials[0],
        approver_certificate_serial=record.serials[1],
    )
    db.session.add(document)
    for signature, serial in zip(record.signatures, record.serials, strict=True):
        _record_signature(review, document, signature, serial)
    return document


def _record_signature(
    review: Review, document: ReviewDocument, signature: Signature, serial: str
) -> None:
    role = signature.role.lower()
    audit.record(
        signature.user,
        "review.pdf_signed",
        document,
        scope=review,
        changes={
            "role": (None, signature.role),
            "signed_at": (None, iso(signature.when)),
            "certificate_serial": (None, serial),
            "record_digest": (None, document.record_digest),
            "file_sha256": (None, document.file_sha256),
        },
        summary=f"{signature.user.name} signed the PDF of review {review.id} as {role} "
        f"(certificate {serial}, record digest {document.record_digest[:16]}…)",
    )


def audit_chain_head() -> tuple[int, str] | None:
    """The audit log's latest event and hash, printed on the sign-off page."""
    head = chain_head()
    return None if head is None else (head.event_id, head.hash)


def stored_document(review: Review) -> ReviewDocument | None:
    query = select(ReviewDocument).where(ReviewDocument.review_id == review.id)
    return db.session.scalar(query)


def document_by_digest(digest: str) -> ReviewDocument | None:
    query = select(ReviewDocument).where(ReviewDocument.record_digest == digest)
    return db.session.scalars(query.order_by(ReviewDocument.id)).first()


class NoSignedPdf(ReviewError):
    """A locked review without its stored PDF: the confirmation stores both together, so
    only a database changed by hand can hold one. Nothing is signed on a download."""

    code = 404
    title = "This review has no signed PDF"

    def __init__(self) -> None:
        super().__init__(
            "The review is locked but its signed PDF is not stored. Tell your administrator."
        )


def review_pdf(review: Review) -> Download:
    """The signed PDF of a locked review, else an unsigned preview marked DRAFT."""
    if review.is_locked:
        document = stored_document(review)
        if document is None:
            raise NoSignedPdf()
        return Download(document.pdf, f"review-{review.id}.pdf", True)
    snapshot = build_snapshot(review)
    data = build_pdf(snapshot, record_digest(snapshot), draft=True)
    return Download(data, f"review-{review.id}-draft.pdf", False)


def review_record(review: Review) -> Download:
    """The record behind the PDF, as canonical JSON: for a locked review, the snapshot frozen
    at signing, byte for byte (its SHA-256 is the record digest printed in the signed PDF);
    else the record as it stands now, marked draft by its file name."""
    if review.is_locked:
        document = stored_document(review)
        if document is None:
            raise NoSignedPdf()
        if not document.snapshot_json:
            raise RecordNotKept()
        data = document.snapshot_json.encode("utf-8")
        return Download(data, f"review-{review.id}.json", True, document.record_digest)
    data = canonical_bytes(build_snapshot(review))
    digest = hashlib.sha256(data).hexdigest()
    return Download(data, f"review-{review.id}-draft.json", False, digest)
