"""Long text in the PDF: cut into paragraph-sized pieces, so the layout time grows in step with
the text (one 4.7 MB answer used to take over 14 minutes); markdown takes the web's path; the
metadata carries no control or bidirectional control characters."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from reportlab.platypus import Flowable, Paragraph

from ctdppeia import limits
from ctdppeia.pdf import build_pdf, record_digest
from ctdppeia.pdf.markup import CHUNK
from ctdppeia.pdf.parts import answers, comments, decision, flags, purpose
from tests.factories.pdfs import needs_pdftotext, pdf_text

SENTENCE = "The team keeps the extract in the enclave and deletes it when the study ends. "


def _long(length: int, marker: str) -> str:
    text = SENTENCE * (length // len(SENTENCE) + 1)
    return text[: length - len(marker)] + marker


def _long_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Every long text at its limit, each on one line (the worst case for layout)."""
    snapshot["sections"][0]["questions"][7]["answer"] = _long(limits.LONG_TEXT, "END-ANSWER")
    snapshot["flags"][0]["response"]["text"] = _long(limits.RESPONSE, "END-RESPONSE")
    snapshot["comments"][2]["replies"][0]["body"] = _long(limits.RESPONSE, "END-REPLY")
    snapshot["decision"]["rationale"] = _long(limits.DECISION_TEXT, "END-RATIONALE")
    snapshot["subject"]["summary_markdown"] = "**Bold** " + _long(limits.PURPOSE, "END-PURPOSE")
    return snapshot


def _paragraphs(story: list[Flowable]) -> list[Paragraph]:
    return [f for f in story if isinstance(f, Paragraph)]


def test_no_paragraph_holds_more_than_a_piece_of_text(snapshot: dict[str, Any]) -> None:
    snapshot = _long_snapshot(snapshot)
    story = [
        *purpose(snapshot),
        *flags(snapshot),
        *answers(snapshot),
        *comments(snapshot),
        *decision(snapshot),
    ]
    longest = max(len(p.getPlainText()) for p in _paragraphs(story))
    assert longest <= CHUNK + 100  # a piece, and at most a short label before it


@needs_pdftotext
def test_every_long_text_is_printed_whole(snapshot: dict[str, Any]) -> None:
    snapshot = _long_snapshot(snapshot)
    text = pdf_text(build_pdf(snapshot, record_digest(snapshot)))
    for marker in ("END-ANSWER", "END-RESPONSE", "END-REPLY", "END-RATIONALE", "END-PURPOSE"):
        assert marker in text, marker
    sentences = 5 * limits.RESPONSE // len(SENTENCE)
    # a few sentences are broken by a page's running head and foot
    assert text.count("deletes it when the study ends.") >= 0.95 * sentences


MARKDOWN = """\
The plan is **important** and *careful*.

- first point
- second point

1. step one
2. step two

See [the plan](https://example.org/plan), [bad](javascript:alert(1)) and
[worse](JAVASCRIPT:alert(2)).

<script>alert(3)</script>
"""


@needs_pdftotext
def test_purpose_markdown_comes_out_as_on_the_web(snapshot: dict[str, Any]) -> None:
    snapshot["subject"]["summary_markdown"] = MARKDOWN
    data = build_pdf(snapshot, record_digest(snapshot))
    text = pdf_text(data)
    assert "The plan is important and careful." in text
    assert "• first point • second point" in text
    assert "1. step one 2. step two" in text
    assert "See the plan (https://example.org/plan), bad and worse." in text
    assert "javascript" not in text.lower()
    _assert_no_script(data)
    # Raw HTML is shown as the text typed, as on the web page; it is never a script.
    assert "<script>alert(3)</script>" in text


def _assert_no_script(data: bytes) -> None:
    """No JavaScript anywhere a PDF reader would run it: document actions, names, links."""
    assert b"javascript" not in data.lower()  # object dictionaries are not compressed
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    assert "/OpenAction" not in root and "/AA" not in root
    assert "/JavaScript" not in root.get("/Names", {})
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            assert action.get("/S") != "/JavaScript"
            assert not str(action.get("/URI", "")).lower().startswith("javascript")


def test_emphasis_survives_as_bold_and_italic(snapshot: dict[str, Any]) -> None:
    snapshot["subject"]["summary_markdown"] = MARKDOWN
    [first] = [p for p in _paragraphs(purpose(snapshot)) if "important" in p.getPlainText()]
    assert "<b>important</b>" in first.text and "<i>careful</i>" in first.text


def test_metadata_has_no_bidi_or_control_characters(snapshot: dict[str, Any]) -> None:
    snapshot["subject"]["title"] = "Budget \u202egnp.exe\x00 \u2066study\u2069"
    snapshot["signers"][0]["name"] = "\u202bAna\u202c \u202dLee\x07"
    data = build_pdf(snapshot, record_digest(snapshot))
    info = PdfReader(io.BytesIO(data)).metadata
    assert info is not None
    fields = [info.title or "", info.author or "", info.subject or "", str(info.get("/Keywords"))]
    for value in fields:
        assert not set(value) & set(limits.BIDI_CONTROLS + "\x00\x07"), repr(value)
    assert "Budget gnp.exe study" in (info.title or "")
    assert "Ana Lee (Reviewer)" in (info.author or "")
