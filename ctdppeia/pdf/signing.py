"""Signature fields and PAdES signatures with pyHanko.

The reviewer's signature certifies the document with DocMDP "fill forms", so later signatures
are allowed; the approver counter-signs in their own pre-created field. Each signature is an
incremental update that covers everything before it. The record digest goes into each
signature's reason, which is inside the signed bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, InnerScaling, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.timestamps import TimeStamper
from pyhanko.stamp import TextStampStyle

from .build import build_pdf_with_boxes
from .fonts import stamp_font_for
from .keys import SigningIdentity
from .signoff import SignatureBox

STAMP_FONT_SIZE = 8
STAMP_LEADING = 10
# Text sits at the left, centered vertically, and shrinks if a long name would not fit.
STAMP_LAYOUT = SimpleBoxLayoutRule(
    x_align=AxisAlignment.ALIGN_MIN,
    y_align=AxisAlignment.ALIGN_MID,
    margins=Margins(left=4, right=4, top=0, bottom=0),
    inner_content_scaling=InnerScaling.SHRINK_TO_FIT,
)
STAMP_TEXT = (
    "Digitally signed by %(person)s\n"
    "Role: %(role)s\n"
    "Time: %(when)s\n"
    "Record sha256 %(short_digest)s…\n"
    "Certificate: %(key)s"
)


def reason_text(role: str, digest: str) -> str:
    """The signature reason: ``"Reviewer of review; content sha256=<digest>"``."""
    return f"{role} of review; content sha256={digest}"


def add_signature_fields(pdf: bytes, boxes: Mapping[str, SignatureBox]) -> bytes:
    """Add one empty signature field per box (e.g. ``ReviewerSig``, ``ApproverSig``)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name, box in boxes.items():
        # pyHanko annotates the box as whole points; a PDF rectangle takes any number
        spec = fields.SigFieldSpec(name, on_page=box.page, box=box.rect)  # type: ignore[arg-type]
        fields.append_signature_field(writer, spec)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def build_signable_pdf(
    snapshot: Mapping[str, Any],
    digest: str,
    record_url: str | None = None,
    chain_head: tuple[int, str] | None = None,
) -> bytes:
    """Build the final (not draft) PDF with all signature fields in place, ready to sign."""
    built = build_pdf_with_boxes(snapshot, digest, record_url=record_url, chain_head=chain_head)
    return add_signature_fields(built.data, built.boxes)


def sign_pdf(
    pdf: bytes,
    *,
    field: str,
    identity: SigningIdentity,
    role: str,
    signer_name: str,
    digest: str,
    certify: bool,
    when: datetime,
    timestamper: TimeStamper | None = None,
    font_cache_dir: Path | None = None,
) -> bytes:
    """Sign the existing empty field ``field`` and return the new PDF bytes.

    ``certify=True`` makes a certification signature (DocMDP: form filling and further
    signatures allowed); use it for the first signature only. ``when`` (timezone-aware) is
    the signing time written into the signature and shown in the stamp. ``font_cache_dir``
    optionally keeps the rescaled stamp font on disk between processes.
    """
    if when.tzinfo is None:
        raise ValueError("when must be timezone-aware")
    params = _stamp_params(identity, role, signer_name, digest, when)
    pdf_signer = _TimedPdfSigner(
        _signature_metadata(field, role, signer_name, digest, certify),
        signer=identity.signer,
        timestamper=timestamper,
        stamp_style=_stamp_style(stamp_font_for(STAMP_TEXT % params, font_cache_dir)),
        when=when,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = pdf_signer.sign_pdf(writer, existing_fields_only=True, appearance_text_params=params)
    signed: bytes = out.getvalue()
    return signed


def _signature_metadata(
    field: str, role: str, signer_name: str, digest: str, certify: bool
) -> signers.PdfSignatureMetadata:
    """PAdES, SHA-256, the digest in the reason; certification allows filling in fields."""
    return signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason_text(role, digest),
        name=signer_name,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )


def _stamp_params(
    identity: SigningIdentity, role: str, signer_name: str, digest: str, when: datetime
) -> dict[str, str]:
    return {
        "person": signer_name,
        "role": role,
        "when": when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "short_digest": digest[:16],
        "key": identity.common_name,
    }


def _stamp_style(font_data: bytes) -> TextStampStyle:
    font = StampFontFactory(
        font_file="DejaVuSans (1000 units per em)",
        font_size=STAMP_FONT_SIZE,
        font_data=font_data,
    )
    return TextStampStyle(
        stamp_text=STAMP_TEXT,
        inner_content_layout=STAMP_LAYOUT,
        text_box_style=TextBoxStyle(font=font, font_size=STAMP_FONT_SIZE, leading=STAMP_LEADING),
        border_width=1,
    )


@dataclass(frozen=True)
class StampFontFactory(GlyphAccumulatorFactory):
    """A glyph accumulator factory that reads the rescaled DejaVu Sans from memory."""

    font_data: bytes = b""

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _StampGlyphs(
            writer=writer,
            font_handle=io.BytesIO(self.font_data),
            font_size=self.font_size,
            ot_script_tag=self.ot_script_tag,
            ot_language_tag=self.ot_language_tag,
            writing_direction=self.writing_direction,
            bcp47_lang_code=self.bcp47_lang_code,
            obj_stream=obj_stream,
        )


# pyHanko's subset drops these tables; the subsetter still reads the large layout tables first
# (about a quarter of a second per signature), and keeps 'kern' only when there is no GPOS.
_DROPPED_BY_SUBSET = ("GSUB", "GPOS", "GDEF", "kern")


class _StampGlyphs(GlyphAccumulator):
    """pyHanko's glyph accumulator, with the tables its subset drops removed beforehand.

    Shaping uses its own copy of the font (HarfBuzz), so this changes nothing in the stamp:
    the embedded subset has the same tables, glyphs and widths. ``_extract_subset`` is
    pyHanko's own (0.38, pinned in constraints.txt); if it were renamed, signing would only be
    slower again.
    """

    def _extract_subset(self, options: Any = None) -> None:
        for tag in _DROPPED_BY_SUBSET:
            if tag in self.tt:
                del self.tt[tag]
        super()._extract_subset(options)


class _TimedPdfSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is given instead of read from the clock."""

    def __init__(self, *args: Any, when: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._when = when

    def init_signing_session(
        self, pdf_out: Any, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._when
        return session
