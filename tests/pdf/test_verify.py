"""verify_pdf gives a verdict for any input and never raises."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.stamp import TextStamp, TextStampStyle

from ctdppeia.pdf import verify_pdf
from ctdppeia.pdf.build import BuiltPdf
from ctdppeia.pdf.keys import SigningIdentity


def _stamp_after_signing(data: bytes) -> bytes:
    """A well-formed incremental update that draws new text on page 1."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    TextStamp(writer, TextStampStyle(stamp_text="Approved by nobody")).apply(0, 100, 100)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _page_after_signing(data: bytes) -> bytes:
    """A well-formed incremental update that appends a new page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    content = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td ET"))
    box = generic.ArrayObject(generic.NumberObject(n) for n in (0, 0, 612, 792))
    page = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Page"),
            pdf_name("/MediaBox"): box,
            pdf_name("/Resources"): generic.DictionaryObject(),
            pdf_name("/Contents"): content,
        }
    )
    writer.insert_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _flip_digest_digit(data: bytes, digest: str) -> bytes:
    """Change one hex digit of the first printed digest (inside the signed byte range)."""
    needle = f"sha256={digest}".encode()
    at = data.index(needle) + len(b"sha256=")
    replacement = b"0" if data[at : at + 1] != b"0" else b"1"
    return data[:at] + replacement + data[at + 1 :]


def test_signed_review_is_ok(signed: bytes, identity: SigningIdentity, digest: str) -> None:
    report = verify_pdf(signed, [identity.certificate])
    assert report.kind == "signed" and report.ok
    assert report.record_digest == digest and report.signed_digest == digest
    reviewer, approver = report.signatures
    assert (reviewer.field, reviewer.role, reviewer.certifying) == ("ReviewerSig", "Reviewer", True)
    assert (approver.field, approver.role, approver.certifying) == (
        "ApproverSig",
        "Approver",
        False,
    )
    assert reviewer.signer == identity.common_name
    assert reviewer.signer_name == "José Núñez"
    assert reviewer.intact and reviewer.trusted and reviewer.valid
    assert reviewer.changed_after and reviewer.changes_allowed
    assert reviewer.modification_level == "FORM_FILLING"
    assert not approver.changed_after and approver.coverage == "ENTIRE_FILE"
    assert reviewer.signed_at is not None and reviewer.signed_at.isoformat().startswith("2026-11")
    assert report.to_dict()["ok"] is True


def test_cryptography_certificates_are_accepted(signed: bytes, identity: SigningIdentity) -> None:
    from cryptography import x509

    cert = x509.load_der_x509_certificate(identity.certificate.dump())
    assert verify_pdf(signed, [cert]).ok
    assert verify_pdf(signed, [identity.certificate.dump()]).ok


def test_untrusted_signer_is_not_ok(signed: bytes, other_identity: SigningIdentity) -> None:
    report = verify_pdf(signed, [other_identity.certificate])
    assert report.kind == "signed" and not report.ok
    assert all(s.intact and not s.trusted and not s.valid for s in report.signatures)
    assert not verify_pdf(signed, []).ok


def test_one_changed_byte_in_signed_range_is_invalid(
    signed: bytes, identity: SigningIdentity, digest: str
) -> None:
    report = verify_pdf(_flip_digest_digit(signed, digest), [identity.certificate])
    assert report.kind == "signed" and not report.ok
    assert all(not s.intact and not s.valid for s in report.signatures)


@pytest.mark.parametrize("alter", [_stamp_after_signing, _page_after_signing])
def test_change_appended_after_signing_is_altered(
    signed: bytes, identity: SigningIdentity, alter: Callable[[bytes], bytes]
) -> None:
    report = verify_pdf(alter(signed), [identity.certificate])
    assert report.kind == "signed" and not report.ok
    for sig in report.signatures:
        assert sig.intact and sig.changed_after and not sig.changes_allowed and not sig.valid
        assert sig.modification_level == "OTHER"


def test_corrupt_signature_blob_is_invalid_with_error(
    signed: bytes, identity: SigningIdentity
) -> None:
    start = signed.rindex(b"/Contents <") + len(b"/Contents <") + 200
    broken = signed[:start] + (b"0" * 40) + signed[start + 40 :]
    report = verify_pdf(broken, [identity.certificate])
    assert report.kind == "signed" and not report.ok
    assert report.signatures[0].valid
    assert not report.signatures[1].valid
    assert report.signatures[1].error


def test_not_a_pdf_empty_and_unsigned(built: BuiltPdf) -> None:
    assert verify_pdf(b"", []).kind == "empty"
    assert verify_pdf(b"  \n", []).kind == "empty"
    assert verify_pdf(b"PK\x03\x04 a zip file", []).kind == "not-a-pdf"
    assert verify_pdf("not bytes at all", []).kind == "not-a-pdf"  # type: ignore[arg-type]
    unsigned = verify_pdf(built.data, [])
    assert unsigned.kind == "no-signatures" and not unsigned.ok
    assert unsigned.record_digest is not None


def test_damaged_pdf_is_unreadable() -> None:
    report = verify_pdf(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", [])
    assert report.kind == "unreadable" and not report.ok
    assert report.error


def test_truncated_signed_pdf_never_raises(signed: bytes, identity: SigningIdentity) -> None:
    for cut in (100, len(signed) // 2, len(signed) - 50):
        assert not verify_pdf(signed[:cut], [identity.certificate]).ok


def test_pyhanko_loggers_are_quiet(signed: bytes) -> None:
    verify_pdf(signed, [])
    assert logging.getLogger("pyhanko").level >= logging.ERROR
    assert logging.getLogger("pyhanko_certvalidator").level >= logging.ERROR


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_any_single_byte_change_never_raises(
    signed: bytes, identity: SigningIdentity, position: int, value: int
) -> None:
    at = position % len(signed)
    mutated = signed[:at] + bytes([value]) + signed[at + 1 :]
    report = verify_pdf(mutated, [identity.certificate])
    assert report.kind in {"signed", "no-signatures", "unreadable", "not-a-pdf"}
    if mutated != signed and report.ok:
        # a change outside the signed ranges (e.g. padding of a signature) can leave it valid
        assert report.kind == "signed"


@settings(max_examples=30, deadline=None)
@given(data=st.binary(max_size=2048))
def test_random_bytes_never_raise(data: bytes) -> None:
    report = verify_pdf(data, [])
    assert not report.ok
    assert verify_pdf(b"%PDF-1.4\n" + data, []).ok is False
