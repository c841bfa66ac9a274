"""Build the review PDF from a snapshot (plain data in, bytes out)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable

from ctdppeia.limits import clean_text

from .actions import actions
from .advisory import advisory
from .analyses import analyses
from .cover import cover
from .digest import record_digest
from .page import CountingCanvas, Metadata, PageInfo, ReviewDocTemplate
from .parts import answers, comments, decision, flags, purpose
from .signoff import SignatureBox, field_name, signoff
from .snapshot import validate_snapshot
from .tier import tier
from .words import KIND, word


@dataclass(frozen=True)
class BuiltPdf:
    """An unsigned review PDF and where each signature box is (keyed by field name)."""

    data: bytes
    boxes: dict[str, SignatureBox]


def build_pdf(
    snapshot: Mapping[str, Any], digest: str, *, draft: bool = False, record_url: str | None = None
) -> bytes:
    """Return the review PDF as bytes (no signature fields; see :func:`build_pdf_with_boxes`)."""
    return build_pdf_with_boxes(snapshot, digest, draft=draft, record_url=record_url).data


def build_pdf_with_boxes(
    snapshot: Mapping[str, Any],
    digest: str,
    *,
    draft: bool = False,
    record_url: str | None = None,
    chain_head: tuple[int, str] | None = None,
) -> BuiltPdf:
    """Build the PDF and report where each signer's box landed. `chain_head` (audit event
    number, hash) is printed on the sign-off page; it is not part of the record digest.

    ``record_url`` is where the accessible (HTML) version of the signed record can be read;
    it is printed on the cover and the sign-off page.

    Raises ``ValueError`` if the snapshot is malformed, if two signers share a role, or if
    ``digest`` is not the record digest of ``snapshot``.
    """
    _check(snapshot, digest)
    boxes: dict[str, SignatureBox] = {}
    output = io.BytesIO()
    doc = ReviewDocTemplate(
        output, _page_info(snapshot, digest, draft), _metadata(snapshot, digest)
    )
    story = _story(snapshot, digest, boxes, draft, record_url, chain_head)
    doc.build(story, canvasmaker=CountingCanvas)
    return BuiltPdf(output.getvalue(), boxes)


def _check(snapshot: Mapping[str, Any], digest: str) -> None:
    validate_snapshot(snapshot)
    names = [field_name(s["role"]) for s in snapshot["signers"]]
    if len(set(names)) != len(names):
        raise ValueError("snapshot.signers: each signer needs a different role")
    if digest != record_digest(snapshot):
        raise ValueError("the digest is not the record digest of this snapshot")


def _story(
    snapshot: Mapping[str, Any],
    digest: str,
    boxes: dict[str, SignatureBox],
    draft: bool,
    record_url: str | None,
    chain_head: tuple[int, str] | None = None,
) -> list[Flowable]:
    return [
        *cover(snapshot, digest, draft, record_url),
        *purpose(snapshot),
        *flags(snapshot),
        *tier(snapshot),
        *answers(snapshot),
        *analyses(snapshot),
        *comments(snapshot),
        *decision(snapshot),
        *advisory(snapshot),
        *actions(snapshot),
        *signoff(snapshot, boxes, draft, record_url, chain_head),
    ]


def _page_info(snapshot: Mapping[str, Any], digest: str, draft: bool) -> PageInfo:
    return PageInfo(
        subject_title=_one_line(snapshot["subject"]["title"]), digest=digest, draft=draft
    )


def _metadata(snapshot: Mapping[str, Any], digest: str) -> Metadata:
    subject = snapshot["subject"]
    kind = word(KIND, subject["kind"])
    review_id = snapshot["review"]["id"]
    names = ", ".join(f"{s['name']} ({s['role']})" for s in snapshot["signers"])
    keywords = [
        "ctdppeia",
        snapshot["schema"],
        kind,
        f"review {review_id}",
        *subject["agencies"],
        f"sha256={digest}",
    ]
    return Metadata(
        title=_one_line(f"{kind} review {review_id}: {subject['title']}"),
        author=_one_line(names),
        subject=f"Review {review_id} of {kind.lower()} {subject['id']}; record sha256={digest}",
        keywords=_one_line(", ".join(keywords)),
    )


def _one_line(text: str) -> str:
    """Metadata text: no control or bidirectional control characters (a PDF reader shows
    them, and an override would show a name reversed)."""
    return clean_text(text, single_line=True)
