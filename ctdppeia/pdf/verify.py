"""Check the signatures of an uploaded review PDF. Never raises, whatever the input.

Each signature is validated offline against explicit trust roots with a fresh
ValidationContext. A signature counts as valid only when pyHanko's ``bottom_line`` holds:
the bytes are intact, the certificate chains to a trust root, and any change made after
signing is one the signature allows (filling in the next signature field).

The file as a whole passes only when, besides, no signature field is left empty and nothing
lies outside the last signature: it must cover the entire file (no later update, no bytes
after its end). ``unsigned_fields`` and ``added`` say exactly what is missing or added.

Before any signature is validated, the file's form fields and revisions are counted against a
``Budget`` (``budget.py``): a file over it is not checked (``over-budget``). A ``MemoryError``
is never turned into a verdict: it reaches the caller, which runs the check in a child process
with a memory limit and says the file could not be checked.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import ValidationContext

from .budget import Budget, over_budget
from .digest import find_digest

NOT_A_PDF = "not-a-pdf"
UNREADABLE = "unreadable"
EMPTY = "empty"
NO_SIGNATURES = "no-signatures"
SIGNED = "signed"
OVER_BUDGET = "over-budget"  # more fields or revisions than the check examines
STOPPED = "stopped"  # the check ran over its time or memory limit (set by the caller)

_REASON = re.compile(r"^\s*(?P<role>.+?) of review;")
_NOISY_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "fontTools")
_ALLOWED_CHANGES = {"NONE", "LTA_UPDATES", "FORM_FILLING"}


@dataclass(frozen=True)
class SignatureReport:
    """What one signature says and whether it holds."""

    field: str
    signer: str | None = None
    certificate_subject: str | None = None  # name, role, agency and email in the certificate
    issuer: str | None = None
    signer_name: str | None = None
    role: str | None = None
    signed_at: datetime | None = None
    certifying: bool = False
    intact: bool = False
    trusted: bool = False
    valid: bool = False
    coverage: str | None = None
    modification_level: str | None = None
    docmdp_ok: bool | None = None
    changed_after: bool | None = None
    digest: str | None = None
    summary: str = ""
    error: str | None = None

    @property
    def changes_allowed(self) -> bool:
        """True when nothing, or only allowed form filling, happened after this signature."""
        return bool(self.docmdp_ok) and self.modification_level in _ALLOWED_CHANGES


@dataclass(frozen=True)
class VerificationReport:
    """The verdict on a file.

    ``kind`` is ``signed`` (see ``signatures``), ``no-signatures``, ``empty``, ``not-a-pdf``,
    ``unreadable`` (it looks like a PDF but cannot be parsed; ``error`` says why),
    ``over-budget`` (not checked; ``error`` says what is over) or ``stopped``.
    """

    kind: str
    signatures: tuple[SignatureReport, ...] = ()
    record_digest: str | None = None
    error: str | None = None
    pages: int | None = None
    unsigned_fields: tuple[str, ...] = ()  # signature fields nobody signed
    added: tuple[str, ...] = ()  # what lies outside the last signature, in words

    @property
    def signatures_ok(self) -> bool:
        """At least one signature, and every signature valid (``bottom_line``)."""
        return bool(self.signatures) and all(s.valid for s in self.signatures)

    @property
    def ok(self) -> bool:
        """Every signature valid, no empty signature field, nothing outside the last one."""
        return self.signatures_ok and not self.unsigned_fields and not self.added

    @property
    def signed_digest(self) -> str | None:
        """The digest named in every signature's reason, if they all name the same one."""
        digests = {s.digest for s in self.signatures}
        return digests.pop() if len(digests) == 1 else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly form (times as ISO strings) including ``ok``."""
        data = asdict(self)
        data["ok"] = self.ok
        data["signatures_ok"] = self.signatures_ok
        data["signed_digest"] = self.signed_digest
        for sig, report in zip(data["signatures"], self.signatures, strict=True):
            sig["signed_at"] = sig["signed_at"].isoformat() if sig["signed_at"] else None
            sig["changes_allowed"] = report.changes_allowed
        return data


def verify_pdf(
    data: bytes, trust_roots: list[Any], budget: Budget | None = None
) -> VerificationReport:
    """Verify every signature in ``data`` against ``trust_roots`` (certificates), if the file
    is within ``budget`` (default: ``Budget()``)."""
    _quiet_loggers()
    try:
        return _verify(data, [_as_asn1(c) for c in trust_roots], budget or Budget())
    except MemoryError:
        raise
    except Exception as exc:  # the verdict must never be an exception
        return VerificationReport(kind=NOT_A_PDF, error=_describe(exc))


def _verify(data: bytes, roots: list[asn1_x509.Certificate], budget: Budget) -> VerificationReport:
    if not data or not data.strip():
        return VerificationReport(kind=EMPTY)
    if b"%PDF-" not in data[:1024]:
        return VerificationReport(kind=NOT_A_PDF, error="The file does not start like a PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(data))
        excess = over_budget(reader, budget)
        if excess is not None:
            return VerificationReport(kind=OVER_BUDGET, error=excess)
        sigs = reader.embedded_regular_signatures
    except MemoryError:
        raise
    except Exception as exc:  # any parse failure is a verdict
        return VerificationReport(kind=UNREADABLE, error=_describe(exc))
    digest = _metadata_digest(reader)
    pages = _safe(lambda: int(reader.root["/Pages"]["/Count"]), None)
    if not sigs:
        return VerificationReport(kind=NO_SIGNATURES, record_digest=digest, pages=pages)
    reports = tuple(_check_signature(sig, roots) for sig in sigs)
    return VerificationReport(
        kind=SIGNED,
        signatures=reports,
        record_digest=digest,
        pages=pages,
        unsigned_fields=_safe(lambda: _unsigned_fields(reader), ("(unreadable fields)",)),
        added=_safe(lambda: _outside_last_signature(data, reader, sigs), ("unreadable",))
        + _other_digest(digest, reports),
    )


def _other_digest(metadata: str | None, reports: tuple[SignatureReport, ...]) -> tuple[str, ...]:
    """The document information naming another record than the signatures do."""
    signed = {report.digest for report in reports if report.digest}
    if metadata is None or not signed or metadata in signed:
        return ()
    return (f"the document information names another record digest ({metadata[:16]}…)",)


def _unsigned_fields(reader: PdfFileReader) -> tuple[str, ...]:
    return tuple(str(name) for name, value, _ in enumerate_sig_fields(reader) if value is None)


def _outside_last_signature(
    data: bytes, reader: PdfFileReader, sigs: list[EmbeddedPdfSignature]
) -> tuple[str, ...]:
    """What the file holds beyond the byte range of its last signature, in words."""
    last = max(sigs, key=lambda sig: _range_end(sig))
    extra = len(data) - _range_end(last)
    if extra <= 0:
        return ()
    later = range(last.signed_revision + 1, reader.xrefs.total_revisions)
    if not later:
        return (f"{extra} bytes of other data after the end of the last signature",)
    found = [f"{len(later)} update(s) ({extra} bytes) made after the last signature"]
    signed = reader.get_historical_resolver(last.signed_revision)
    info_ids = {_info_id(trailer) for trailer in (reader.trailer_view, signed.trailer_view)}
    for revision in later:
        for ref in reader.xrefs.explicit_refs_in_revision(revision):
            found.append(_describe_object(reader, signed, ref, info_ids))
    return tuple(dict.fromkeys(found))


def _range_end(sig: EmbeddedPdfSignature) -> int:
    byte_range = sig.sig_object["/ByteRange"]
    return int(byte_range[2]) + int(byte_range[3])


def _info_id(trailer: Any) -> int | None:
    found: int | None = _safe(lambda: trailer.raw_get("/Info").idnum, None)
    return found


def _describe_object(reader: PdfFileReader, signed: Any, ref: Any, info_ids: set[Any]) -> str:
    if ref.idnum in info_ids:
        now = _safe(lambda: dict(reader.get_object(ref)), {})
        before = _safe(lambda: dict(signed.get_object(ref)), {})
        keys = sorted(str(k) for k in set(now) | set(before) if now.get(k) != before.get(k))
        return "changed document information: " + (", ".join(keys) or "rewritten unchanged")
    kind = _safe(lambda: str(reader.get_object(ref).get("/Type", "")), "")
    return f"changed object {ref.idnum}" + (f" ({kind.lstrip('/')})" if kind else "")


def _check_signature(
    sig: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate]
) -> SignatureReport:
    base = _describe_signature(sig)
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(sig, context, ts_validation_context=context)
    except MemoryError:
        raise
    except Exception as exc:  # a corrupt signature is an invalid one
        return SignatureReport(**base, summary="INVALID", error=_describe(exc))
    return SignatureReport(**base, **_status_fields(status))


def _describe_signature(sig: EmbeddedPdfSignature) -> dict[str, Any]:
    reason = _safe(lambda: str(sig.sig_object.get("/Reason", "")), "")
    match = _REASON.match(reason)
    return {
        "field": _safe(lambda: str(sig.field_name), "?"),
        "signer": _safe(lambda: _common_name(sig.signer_cert), None),
        "certificate_subject": _safe(lambda: _subject_words(sig.signer_cert), None),
        "issuer": _safe(lambda: sig.signer_cert.issuer.native.get("common_name"), None),
        "signer_name": _safe(lambda: _optional_str(sig.sig_object.get("/Name")), None),
        "role": match.group("role") if match else None,
        "signed_at": _safe(lambda: sig.self_reported_timestamp, None),
        "certifying": _safe(lambda: sig.docmdp_level is not None, False),
        "digest": find_digest(reason),
    }


def _status_fields(status: Any) -> dict[str, Any]:
    coverage = _name(getattr(status, "coverage", None))
    return {
        "intact": bool(status.intact),
        "trusted": bool(getattr(status, "trusted", False)),
        "valid": bool(status.bottom_line),
        "coverage": coverage,
        "modification_level": _name(getattr(status, "modification_level", None)),
        "docmdp_ok": getattr(status, "docmdp_ok", None),
        "changed_after": None if coverage is None else coverage != "ENTIRE_FILE",
        "summary": _safe(status.summary, ""),
    }


def _metadata_digest(reader: PdfFileReader) -> str | None:
    info = _safe(lambda: reader.trailer_view["/Info"], None)
    if info is None:
        return None
    return find_digest(_safe(lambda: str(info.get("/Subject", "")), ""))


def _as_asn1(cert: Any) -> asn1_x509.Certificate:
    """Accept asn1crypto or ``cryptography`` certificates (or DER bytes)."""
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    if isinstance(cert, bytes):
        return asn1_x509.Certificate.load(cert)
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _common_name(cert: asn1_x509.Certificate) -> str | None:
    name: str | None = cert.subject.native.get("common_name")
    return name


def _subject_words(cert: asn1_x509.Certificate) -> str:
    subject = cert.subject.native
    keys = ("common_name", "organizational_unit_name", "organization_name", "email_address")
    return ", ".join(str(subject[key]) for key in keys if subject.get(key))


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _name(value: Any) -> str | None:
    return None if value is None else getattr(value, "name", str(value))


def _safe(getter: Any, default: Any) -> Any:
    try:
        return getter()
    except MemoryError:
        raise
    except Exception:  # reading a damaged file must not raise
        return default


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:500]


def _quiet_loggers() -> None:
    for name in _NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.ERROR:
            logger.setLevel(logging.ERROR)
