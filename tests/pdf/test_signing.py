"""Signature fields, the two signatures, and what PDF tools make of them."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.general import SigningError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from ctdppeia.pdf import fonts, sign_pdf
from ctdppeia.pdf.keys import SigningIdentity
from tests.factories.pdfs import needs_pdfsig, needs_pdftoppm, needs_pdftotext, pdf_text

from .sample_snapshot import APPROVER, REVIEWER


def _statuses(data: bytes, roots: list[Any]) -> list[Any]:
    statuses = []
    for sig in PdfFileReader(io.BytesIO(data)).embedded_signatures:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        statuses.append(validate_pdf_signature(sig, context))
    return statuses


def test_fields_are_precreated(with_fields: bytes) -> None:
    fields = PdfReader(io.BytesIO(with_fields)).get_fields()
    assert set(fields) == {"ReviewerSig", "ApproverSig"}
    assert all(f.get("/FT") == "/Sig" for f in fields.values())


def test_both_signatures_are_valid_with_the_organisation_root(
    signed: bytes, identity: SigningIdentity
) -> None:
    reviewer, approver = _statuses(signed, [identity.certificate])
    assert reviewer.bottom_line and approver.bottom_line
    assert reviewer.modification_level.name == "FORM_FILLING"
    assert approver.coverage.name == "ENTIRE_FILE"


def test_signatures_are_untrusted_without_the_root(
    signed: bytes, other_identity: SigningIdentity
) -> None:
    for status in _statuses(signed, [other_identity.certificate]):
        assert status.intact and not status.trusted and not status.bottom_line


def test_reviewer_certifies_and_approver_counter_signs(signed: bytes, digest: str) -> None:
    reader = PdfFileReader(io.BytesIO(signed))
    reviewer, approver = reader.embedded_signatures
    assert reviewer.field_name == "ReviewerSig"
    assert reviewer.docmdp_level == MDPPerm.FILL_FORMS
    assert approver.field_name == "ApproverSig"
    assert approver.docmdp_level is None
    assert reviewer.sig_object["/Reason"] == f"Reviewer of review; content sha256={digest}"
    assert approver.sig_object["/Reason"] == f"Approver of review; content sha256={digest}"
    assert reviewer.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert reviewer.self_reported_timestamp == datetime(2026, 11, 9, 16, 50, tzinfo=UTC)


@needs_pdfsig
def test_pdfsig_reports_every_signature_valid(signed: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True)
    assert result.stdout.count("Signature is Valid.") == 2, result.stdout
    assert "ETSI.CAdES.detached" in result.stdout


@needs_pdftotext
def test_stamps_name_signer_role_time_and_digest(signed: bytes, digest: str) -> None:
    last = len(PdfReader(io.BytesIO(signed)).pages)
    text = pdf_text(signed, last)
    for name, role, time in (
        (REVIEWER, "Reviewer", "16:50:00"),
        (APPROVER, "Approver", "17:05:00"),
    ):
        assert re.search(
            rf"Digitally signed by {name} Role: {role} Time: 2026-11-09 {time} UTC "
            rf"Record sha256 {digest[:16]}…",
            text,
        ), text


@needs_pdftoppm
def test_signoff_page_renders(signed: bytes, tmp_path: Path) -> None:
    last = len(PdfReader(io.BytesIO(signed)).pages)
    source = tmp_path / "signed.pdf"
    source.write_bytes(signed)
    args = ["pdftoppm", "-png", "-r", "40", "-singlefile", "-f", str(last), "-l", str(last)]
    subprocess.run([*args, str(source), str(tmp_path / "signoff")], check=True)
    assert (tmp_path / "signoff.png").read_bytes().startswith(b"\x89PNG")


def test_signing_time_must_be_timezone_aware(
    with_fields: bytes, identity: SigningIdentity, digest: str
) -> None:
    with pytest.raises(ValueError, match="timezone"):
        sign_pdf(
            with_fields,
            field="ReviewerSig",
            identity=identity,
            role="Reviewer",
            signer_name=REVIEWER,
            digest=digest,
            certify=True,
            when=datetime(2026, 11, 9, 16, 50),
        )


def test_unknown_field_is_an_error(
    with_fields: bytes, identity: SigningIdentity, digest: str
) -> None:
    with pytest.raises(SigningError, match="NoSuchSig"):
        sign_pdf(
            with_fields,
            field="NoSuchSig",
            identity=identity,
            role="Reviewer",
            signer_name=REVIEWER,
            digest=digest,
            certify=True,
            when=datetime.now(UTC),
        )


def test_stamp_font_is_rescaled_once_and_kept(tmp_path: Path) -> None:
    data = fonts.stamp_font_bytes()
    assert data is fonts.stamp_font_bytes(tmp_path)  # one rescale per process
    assert TTFont(io.BytesIO(data))["head"].unitsPerEm == 1000
    assert "FFTM" not in TTFont(io.BytesIO(data))


def test_stamp_font_disk_cache(tmp_path: Path) -> None:
    built = fonts._load_or_build(tmp_path)
    [cached] = tmp_path.glob("DejaVuSans-1000upem-*.ttf")
    assert cached.read_bytes() == built
    assert fonts._load_or_build(tmp_path) == built
