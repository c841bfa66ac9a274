"""The cover page: what was reviewed, by whom, the decision, the rating and the digest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.lib.units import inch
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from .markup import plain
from .page import heading
from .styles import FRAME_WIDTH, field_table_style, styles
from .words import KIND, RATING, RECOMMENDATION, date_only, when, word

LABEL_WIDTH = 1.75 * inch

CHECK_TEXT = (
    "The record digest is a SHA-256 fingerprint of the review data. If any answer, comment or "
    "decision changes, the digest changes too. The signatures on the last page cover this "
    "whole file: a PDF reader shows them as broken if anything in the file is changed after "
    "signing."
)


def accessible_version(record_url: str | None) -> str:
    """The sentence that points to the HTML version of the record (empty without a URL)."""
    if not record_url:
        return ""
    link = plain(record_url)
    return (
        "An accessible version of this record (a web page, for screen readers) with the same "
        f'record digest: <link href="{link}">{link}</link>'
    )


def cover(
    snapshot: Mapping[str, Any], digest: str, draft: bool, record_url: str | None = None
) -> list[Flowable]:
    """The cover page flowables, ending with a page break."""
    s = styles()
    subject = snapshot["subject"]
    review = snapshot["review"]
    kind = word(KIND, subject["kind"])
    story: list[Flowable] = [
        Paragraph(f"{kind} review record" + (" — DRAFT, not signed" if draft else ""), s.kicker),
        heading(plain(subject["title"]), s.title, "cover", outline="Summary"),
        Paragraph(f"{kind} {subject['id']} · Review {review['id']}", s.muted),
        Spacer(1, 10),
        _fields(_cover_rows(snapshot, digest)),
        Spacer(1, 10),
    ]
    story += _rating(review)
    story += [Spacer(1, 8), Paragraph(CHECK_TEXT, s.muted)]
    if record_url and not draft:
        story.append(Paragraph(accessible_version(record_url), s.muted))
    story.append(PageBreak())
    return story


def _cover_rows(snapshot: Mapping[str, Any], digest: str) -> list[tuple[str, str]]:
    subject = snapshot["subject"]
    review = snapshot["review"]
    questionnaire = snapshot["questionnaire"]
    rows = [
        ("Organization", plain(subject["organisation"])),
        ("Contact", plain(subject["contact"])),
        ("State agencies", plain(", ".join(subject["agencies"]) or "None named")),
    ]
    rows += [(plain(signer["role"]), _signer(signer)) for signer in snapshot["signers"]]
    rows += [
        ("Decision", _decision(snapshot.get("decision"))),
        ("Overall rating", plain(word(RATING, review["rating"], "Not rated"))),
        ("Review", _review(review)),
        ("Questionnaire", plain(f"{questionnaire['title']}, version {questionnaire['version']}")),
        ("Questionnaire hash", f"<font size=8>sha256 {plain(questionnaire['hash'])}</font>"),
        ("Record digest", f"<font size=8>sha256 {plain(digest)}</font>"),
    ]
    return rows


def _signer(signer: Mapping[str, Any]) -> str:
    agency = f" ({plain(signer['agency'])})" if signer.get("agency") else ""
    return f"{plain(signer['name'])}{agency}"


def _decision(decision: Mapping[str, Any] | None) -> str:
    if decision is None:
        return "No decision yet"
    text = plain(word(RECOMMENDATION, decision["recommendation"]))
    moment = decision.get("confirmed_at") or decision.get("submitted_at")
    return f"<b>{text}</b>, {plain(date_only(moment))}"


def _review(review: Mapping[str, Any]) -> str:
    parts = [f"Review {review['id']}, status: {plain(review['status'])}"]
    parts.append(f"started {plain(when(review['started_at']))}")
    if review.get("locked_at"):
        parts.append(f"locked {plain(when(review['locked_at']))}")
    if review.get("amends") is not None:
        parts.append(f"replaces review {review['amends']}")
    return "; ".join(parts)


def _rating(review: Mapping[str, Any]) -> list[Flowable]:
    s = styles()
    rating = word(RATING, review["rating"], "Not rated")
    story: list[Flowable] = [Paragraph(f"Overall rating: {plain(rating)}", s.h2)]
    if review.get("rating_reason"):
        story.append(Paragraph(f"<b>{plain(review['rating_reason'])}</b>", s.body))
    explanation = review.get("rating_explanation")
    story.append(Paragraph(plain(explanation or "No explanation was given."), s.body))
    obligations = review.get("rating_obligations") or []
    if obligations:
        story.append(Paragraph("<b>What a case at this rating must do:</b>", s.body))
        story += [Paragraph(plain(item), s.bullet, bulletText="•") for item in obligations]
    return story


def _fields(rows: list[tuple[str, str]]) -> Table:
    s = styles()
    data = [[Paragraph(label, s.cell_bold), Paragraph(value, s.cell)] for label, value in rows]
    return Table(
        data,
        colWidths=[LABEL_WIDTH, FRAME_WIDTH - LABEL_WIDTH],
        style=field_table_style(),
        hAlign="LEFT",
    )
