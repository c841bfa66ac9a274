"""The signed PDF of a review: issued when the review is confirmed, then handed out as stored.

``issue_signed_pdf`` runs inside the confirmation's transaction: if building or signing the
PDF fails, it raises ``SigningFailed`` and the confirmation rolls back with it.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ctdppeia import audit
from ctdppeia.audit_chain import chain_head
from ctdppeia.documents.identity import instance_dir, signing_identity
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDocument, User
from ctdppeia.pdf import (
    SigningIdentity,
    build_pdf,
    build_signable_pdf,
    field_name,
    record_digest,
    sign_pdf,
)
from ctdppeia.reviews.display import iso
from ctdppeia.reviews.errors import ReviewError
from ctdppeia.reviews.snapshot import build_snapshot


class SigningFailed(ReviewError):
    """The signed PDF could not be made, so the review was not confirmed."""

    code = 500
    title = "The signed PDF could not be made"

    def __init__(self) -> None:
        super().__init__(
            "The decision was not confirmed and the review has not changed. Try again in a "
            "moment. If it happens again, tell your administrator: the signing key or its "
            "passphrase may be missing or wrong."
        )


@dataclass(frozen=True)
class Signature:
    role: str
    user: User
    when: datetime
    certify: bool


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    signed: bool  # False: an unsigned draft preview


def signatures_of(review: Review) -> list[Signature]:
    """The reviewer who submitted (certifying, at submission), then the approver."""
    reviewer, submitted = review.submitted_by, review.submitted_at
    approver, confirmed = review.confirmed_by, review.confirmed_at
    if reviewer is None or submitted is None or approver is None or confirmed is None:
        raise ValueError("only a confirmed review can be signed")
    return [
        Signature("Reviewer", reviewer, submitted, True),
        Signature("Approver", approver, confirmed, False),
    ]


def issue_signed_pdf(review: Review) -> ReviewDocument:
    """Build, sign and store the final PDF of a review being confirmed (no commit here).

    Call it after ``confirmed_by``/``confirmed_at`` are set, so the record digest is computed
    on the final snapshot, the same one ``build_snapshot`` gives for the locked review later.
    """
    signatures = signatures_of(review)
    db.session.flush()
    snapshot = build_snapshot(review)
    digest = record_digest(snapshot)
    try:
        identity = signing_identity()
        pdf = build_signable_pdf(snapshot, digest, audit_chain_head())
        data = _sign_all(pdf, signatures, identity, digest)
    except Exception as error:
        current_app.logger.exception("could not sign the PDF of review %s", review.id)
        raise SigningFailed() from error
    document = ReviewDocument(
        review_id=review.id,
        schema=str(snapshot["schema"]),
        record_digest=digest,
        pdf=data,
        file_sha256=hashlib.sha256(data).hexdigest(),
        reviewer_signed_at=signatures[0].when,
        approver_signed_at=signatures[1].when,
        certificate_serial=identity.serial_hex,
    )
    db.session.add(document)
    for signature in signatures:
        _record_signature(review, document, signature, identity)
    return document


def _sign_all(
    pdf: bytes, signatures: list[Signature], identity: SigningIdentity, digest: str
) -> bytes:
    for signature in signatures:
        pdf = sign_pdf(
            pdf,
            field=field_name(signature.role),
            identity=identity,
            role=signature.role,
            signer_name=signature.user.name,
            digest=digest,
            certify=signature.certify,
            when=signature.when,
            font_cache_dir=instance_dir(),
        )
    return pdf


def _record_signature(
    review: Review, document: ReviewDocument, signature: Signature, identity: SigningIdentity
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
            "certificate_serial": (None, identity.serial_hex),
            "record_digest": (None, document.record_digest),
            "file_sha256": (None, document.file_sha256),
        },
        summary=f"{signature.user.name} signed the PDF of review {review.id} as {role} "
        f"(certificate {identity.serial_hex}, record digest {document.record_digest[:16]}…)",
    )


def audit_chain_head() -> tuple[int, str] | None:
    """The audit log's latest event and hash, printed on the sign-off page."""
    head = chain_head()
    return None if head is None else (head.event_id, head.hash)


def stored_document(review: Review) -> ReviewDocument | None:
    query = select(ReviewDocument).where(ReviewDocument.review_id == review.id)
    return db.session.scalar(query)


def document_for_locked(review: Review) -> ReviewDocument:
    """The stored signed PDF; a review locked before PDFs were signed gets one now, once."""
    document = stored_document(review)
    if document is not None:
        return document
    try:
        document = issue_signed_pdf(review)
        db.session.commit()
    except IntegrityError:  # another request issued it at the same moment
        db.session.rollback()
        document = stored_document(review)
        if document is None:
            raise
    except BaseException:
        db.session.rollback()
        raise
    return document


def review_pdf(review: Review) -> Download:
    """The signed PDF of a locked review, else an unsigned preview marked DRAFT."""
    if review.is_locked:
        document = document_for_locked(review)
        return Download(document.pdf, f"review-{review.id}.pdf", True)
    snapshot = build_snapshot(review)
    data = build_pdf(snapshot, record_digest(snapshot), draft=True)
    return Download(data, f"review-{review.id}-draft.pdf", False)
