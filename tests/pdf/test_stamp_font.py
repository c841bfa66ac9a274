"""The stamp font: the common (Latin) part for Latin text, the whole font for anything else."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from fontTools.ttLib import TTFont
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from ctdppeia.pdf import fonts, sign_pdf
from ctdppeia.pdf.keys import SigningIdentity
from tests.factories.pdfs import needs_pdftotext, pdf_text

LATIN = "Digitally signed by Nguyễn Văn An\nRole: Approver\nRecord sha256 0a1b…\nJosé Núñez"
GREEK = "Digitally signed by Αλέξης Παπαδόπουλος"


def _font(data: bytes) -> TTFont:
    return TTFont(io.BytesIO(data))


def test_latin_text_gets_the_common_part_of_the_font() -> None:
    common = fonts.stamp_font_for(LATIN)
    whole = fonts.stamp_font_bytes()
    assert common is not whole
    assert _font(common)["maxp"].numGlyphs < _font(whole)["maxp"].numGlyphs / 3
    covered = _font(common).getBestCmap()
    assert all(ord(char) in covered for char in LATIN.replace("\n", ""))


def test_other_scripts_get_the_whole_font() -> None:
    assert fonts.stamp_font_for(GREEK) is fonts.stamp_font_bytes()
    assert fonts.stamp_font_for(LATIN + "ж") is fonts.stamp_font_bytes()


def test_common_part_draws_like_the_whole_font() -> None:
    """Same advance widths for every character it has, and its kerning kept."""
    common, whole = _font(fonts.stamp_font_for("")), _font(fonts.stamp_font_bytes())
    common_map, whole_map = common.getBestCmap(), whole.getBestCmap()
    assert common["head"].unitsPerEm == 1000
    for codepoint, glyph in common_map.items():
        assert common["hmtx"][glyph] == whole["hmtx"][whole_map[codepoint]], hex(codepoint)
    features = common["GPOS"].table.FeatureList.FeatureRecord
    assert any(feature.FeatureTag == "kern" for feature in features)


def test_common_part_is_kept_on_disk(tmp_path: Path) -> None:
    folder = tmp_path
    built = fonts._load_or_build(folder, fonts.COMMON_TAG, lambda _: b"part")
    assert built == b"part"
    [cached] = folder.glob(f"DejaVuSans-1000upem-*-{fonts.COMMON_TAG}.ttf")
    assert fonts._load_or_build(folder, fonts.COMMON_TAG, lambda _: b"other") == b"part"
    assert cached.read_bytes() == b"part"


@needs_pdftotext
def test_a_name_in_another_script_is_stamped_and_the_signature_valid(
    with_fields: bytes, identity: SigningIdentity, digest: str
) -> None:
    signed = sign_pdf(
        with_fields,
        field="ReviewerSig",
        identity=identity,
        role="Reviewer",
        signer_name="Αλέξης Παπαδόπουλος",
        digest=digest,
        certify=True,
        when=datetime(2026, 11, 9, 16, 50, tzinfo=UTC),
    )
    text = pdf_text(signed, len(PdfReader(io.BytesIO(signed)).pages))
    assert re.search(r"Digitally signed by Αλέξης Παπαδόπουλος Role: Reviewer", text), text
    [signature] = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    context = ValidationContext(trust_roots=[identity.certificate], allow_fetching=False)
    assert validate_pdf_signature(signature, context).bottom_line
