"""Review snapshot -> ReportLab PDF -> pyHanko signatures; verification.

Plain data in, bytes out: nothing here imports Flask or the database.

Typical use::

    digest = record_digest(snapshot)                 # store it with the review
    pdf = build_signable_pdf(snapshot, digest)       # final PDF with empty signature fields
    identity = load_signing_identity(ensure_signing_identity(path, passphrase, org), passphrase)
    pdf = sign_pdf(pdf, field="ReviewerSig", identity=identity, role="Reviewer",
                   signer_name="José Núñez", digest=digest, certify=True, when=now)
    pdf = sign_pdf(pdf, field="ApproverSig", identity=identity, role="Approver",
                   signer_name="Nguyễn Văn An", digest=digest, certify=False, when=now)
    report = verify_pdf(pdf, [identity.certificate])  # report.ok, report.signed_digest
"""

from .build import BuiltPdf, build_pdf, build_pdf_with_boxes
from .digest import canonical_bytes, record_digest
from .keys import SigningIdentity, ensure_signing_identity, load_signing_identity
from .signing import add_signature_fields, build_signable_pdf, reason_text, sign_pdf
from .signoff import SignatureBox, field_name
from .snapshot import SCHEMA, validate_snapshot
from .verify import SignatureReport, VerificationReport, verify_pdf

__all__ = [
    "SCHEMA",
    "BuiltPdf",
    "SignatureBox",
    "SignatureReport",
    "SigningIdentity",
    "VerificationReport",
    "add_signature_fields",
    "build_pdf",
    "build_pdf_with_boxes",
    "build_signable_pdf",
    "canonical_bytes",
    "ensure_signing_identity",
    "field_name",
    "load_signing_identity",
    "reason_text",
    "record_digest",
    "sign_pdf",
    "validate_snapshot",
    "verify_pdf",
]
