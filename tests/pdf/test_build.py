"""What the built (unsigned) PDF says, checked with pdftotext and pypdf."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from ctdppeia.pdf import build_pdf, record_digest
from ctdppeia.pdf.build import BuiltPdf
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.pdf.conftest import layout_lines

from .sample_snapshot import APPROVER, HOSTILE, LONG_MARKER, REVIEWER


def _flat_outline(items: list[Any], level: int = 0) -> list[tuple[int, str]]:
    entries: list[tuple[int, str]] = []
    for item in items:
        if isinstance(item, list):
            entries += _flat_outline(item, level + 1)
        else:
            entries.append((level, item.title))
    return entries


@needs_pdftotext
def test_cover_page_fields(built: BuiltPdf, session_snapshot: dict[str, Any], digest: str) -> None:
    cover = pdf_text(built.data, 1)
    subject = session_snapshot["subject"]
    for expected in (
        "Why families leave SNAP early: a linked-records study",
        f"Organization {subject['organisation']}",
        "María-José Ortiz <mj.ortiz@example.edu>",
        "DSS, OPM",
        f"Reviewer {REVIEWER} (DSS)",
        f"Approver {APPROVER} (DSS)",
        "Approve with conditions, November 9, 2026",
        "Overall rating High risk",
        "one impact ratio is below 0.8",
        "Review 12",
        "replaces review 7",
        "Data Protection, Privacy + Equity Impact Assessment, version 2026.1",
        "sha256 " + "ab" * 32,
        f"sha256 {digest}",
        "Page 1 of ",
    ):
        assert expected in cover, expected


@needs_pdftotext
def test_every_answered_prompt_and_answer_is_printed(
    built: BuiltPdf, session_snapshot: dict[str, Any]
) -> None:
    text = pdf_text(built.data)
    for section in session_snapshot["sections"]:
        assert section["title"] in text
        for question in section["questions"]:
            assert f"{question['id']}. {question['label']}" in text
            if question["visible"] and LONG_MARKER not in question["answer"]:
                assert question["answer"] in text, question["id"]


@needs_pdftotext
def test_hidden_question_is_marked_not_asked(built: BuiltPdf) -> None:
    text = pdf_text(built.data)
    assert "A4. Question A4: what does the team plan for item 4? Not applicable (not asked)" in text


@needs_pdftotext
def test_unanswered_question_says_no_answer(snapshot: dict[str, Any]) -> None:
    snapshot["sections"][0]["questions"][2]["answer"] = None
    data = build_pdf(snapshot, record_digest(snapshot))
    assert "P3. Question P3: what does the team plan for item 3? No answer" in pdf_text(data)


@needs_pdftotext
def test_user_text_is_never_markup(built: BuiltPdf) -> None:
    text = pdf_text(built.data)
    assert HOSTILE in text
    assert "<script>alert(1)</script> & more." in text


@needs_pdftotext
def test_purpose_markdown_is_rendered_safely(built: BuiltPdf) -> None:
    text = pdf_text(built.data)
    assert "The Department of Social Services wants to learn why families leave SNAP" in text
    assert "• how long families stay enrolled;" in text
    assert "See the study plan (https://example.org/plan) for details." in text
    assert "**" not in text


@needs_pdftotext
def test_long_answer_wraps_across_pages(built: BuiltPdf) -> None:
    total = len(PdfReader(io.BytesIO(built.data)).pages)
    pages = [pdf_text(built.data, n) for n in range(1, total + 1)]
    start = next(i for i, p in enumerate(pages) if "D8. Question D8" in p)
    end = next(i for i, p in enumerate(pages) if LONG_MARKER in p)
    assert end > start


@needs_pdftotext
def test_flags_are_summarised_with_severity_in_words(built: BuiltPdf) -> None:
    text = pdf_text(built.data)
    assert "4 flags: 1 high, 1 medium, 1 low, 1 for information." in text
    for words in ("High", "Medium", "Low", "For information"):
        assert re.search(rf"{words} — \S", text), words
    assert "Raised by these answers: C2: Race or ethnicity; A9: ZIP code" in text
    assert "No response yet" in text


@needs_pdftotext
def test_analysis_table_and_suppressed_group(built: BuiltPdf) -> None:
    text = pdf_text(built.data)
    assert "reference group, White (the group with the highest rate of the outcome)" in text
    assert "White (reference) 480 240 50.0% — — —" in text  # a record without verdicts
    assert "Black or African American 310 112 36.1% 0.0001 0.0002" in text
    assert "Black or African American 0.72 Fails" in text
    assert "0.72 · below 0.8" in text
    assert "0.8 (four-fifths rule)" in text
    rows = [line for line in layout_lines(built.data) if "Alaska Native" in line]
    assert rows, "the suppressed group is listed"
    for row in rows:
        assert not re.search(r"\d", row), row
    assert any("too few to report" in row for row in rows)


@needs_pdftotext
def test_all_board_comments_and_replies(built: BuiltPdf) -> None:
    text = pdf_text(built.data)
    for number in range(1, 21):
        assert f"Board comment {number}: please explain how families are told & asked." in text
    assert text.count("Reply from José Núñez, Reviewer") == 6


@needs_pdftotext
def test_decision_part(built: BuiltPdf) -> None:
    text = pdf_text(built.data)
    assert "Decision: Approve with conditions" in text
    assert "Suppress cells under 11. Delete working copies by June 30." in text
    assert f"Confirmed by {APPROVER}, Nov 9, 2026, 11:44 AM EST." in text


@needs_pdftotext
def test_signoff_page_and_boxes(built: BuiltPdf) -> None:
    reader = PdfReader(io.BytesIO(built.data))
    last = len(reader.pages)
    text = pdf_text(built.data, last)
    assert f"Reviewer: {REVIEWER}, DSS" in text
    assert f"Approver: {APPROVER}, DSS" in text
    assert set(built.boxes) == {"ReviewerSig", "ApproverSig"}
    for box in built.boxes.values():
        assert box.page == last - 1
        x1, y1, x2, y2 = box.rect
        assert 0 < x1 < x2 < 612 and 0 < y1 < y2 < 792


@needs_pdftotext
def test_every_page_has_header_and_footer(built: BuiltPdf, digest: str) -> None:
    total = len(PdfReader(io.BytesIO(built.data)).pages)
    for number in range(1, total + 1):
        text = pdf_text(built.data, number)
        assert "ctdppeia review record" in text
        assert f"Page {number} of {total}" in text
        assert f"Record digest sha256 {digest[:16]}…" in text


def test_metadata(built: BuiltPdf, digest: str) -> None:
    reader = PdfReader(io.BytesIO(built.data))
    meta = reader.metadata
    assert meta.title == (
        "Data request review 12: Why families leave SNAP early: a linked-records study"
    )
    assert f"sha256={digest}" in meta.subject
    assert f"sha256={digest}" in meta["/Keywords"]
    assert REVIEWER in meta.author
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-US"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])


def test_outline_has_parts_and_sections(built: BuiltPdf, session_snapshot: dict) -> None:
    outline = _flat_outline(PdfReader(io.BytesIO(built.data)).outline)
    top = [title for level, title in outline if level == 0]
    assert top == [
        "Summary",
        "Purpose",
        "Flags",
        "Answers",
        "Outcome analyses",
        "Board comments",
        "Decision",
        "Sign-off",
    ]
    nested = [title for level, title in outline if level == 1]
    for section in session_snapshot["sections"]:
        assert section["title"] in nested
    assert "Applications approved by race or ethnicity" in nested


@needs_pdftotext
def test_draft_has_watermark_and_no_signature_fields(snapshot: dict[str, Any]) -> None:
    data = build_pdf(snapshot, record_digest(snapshot), draft=True)
    reader = PdfReader(io.BytesIO(data))
    assert not reader.get_fields()
    for number, page in enumerate(reader.pages, start=1):
        assert "DRAFT — not signed" in pdf_text(data, number)
        # pdftotext skips diagonal text; pypdf reads the watermark, drawn last on each page.
        assert page.extract_text().rstrip().endswith("\nDRAFT")
    assert "Draft: not for signing" in pdf_text(data, len(reader.pages))


@needs_pdftotext
def test_final_build_has_no_draft_text(built: BuiltPdf) -> None:
    assert "DRAFT" not in pdf_text(built.data)


def test_wrong_digest_is_refused(snapshot: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="digest"):
        build_pdf(snapshot, "0" * 64)


def test_invalid_snapshot_is_refused(snapshot: dict[str, Any]) -> None:
    del snapshot["subject"]["title"]
    with pytest.raises(ValueError, match=r"subject\.title"):
        build_pdf(snapshot, "0" * 64)


def test_duplicate_roles_are_refused(snapshot: dict[str, Any]) -> None:
    snapshot["signers"][1]["role"] = "Reviewer"
    with pytest.raises(ValueError, match="different role"):
        build_pdf(snapshot, record_digest(snapshot))


@needs_pdftotext
def test_minimal_snapshot_builds(snapshot: dict[str, Any]) -> None:
    snapshot.update(flags=[], analyses=[], comments=[], decision=None)
    snapshot["review"].update(rating=None, rating_explanation=None, locked_at=None, amends=None)
    snapshot["subject"]["summary_markdown"] = ""
    text = pdf_text(build_pdf(snapshot, record_digest(snapshot)))
    assert "The answers raised no flags." in text
    assert "The board made no comments on this review." in text
    assert "No decision has been recorded yet." in text
    assert "Overall rating Not rated" in text
    assert "Outcome analyses" not in text
