"""Risk flags and gaps in the PDF: gaps listed apart, each flag's basis, the rating's
obligations; snapshots made before these keys existed still build."""

from __future__ import annotations

from typing import Any

from ctdppeia.pdf import build_pdf, record_digest, validate_snapshot
from tests.factories.pdfs import needs_pdftotext, pdf_text


def with_gap(snapshot: dict[str, Any]) -> dict[str, Any]:
    first, second = snapshot["flags"][0], snapshot["flags"][1]
    first["kind"], first["basis"] = "risk", "CMS cell-size policy"
    second["kind"], second["basis"] = "gap", None
    second["title"] = "No signed agreement yet"
    snapshot["review"]["rating_obligations"] = ["A reviewer answers every high flag in writing."]
    return snapshot


@needs_pdftotext
def test_gaps_basis_and_obligations_are_printed(snapshot: dict[str, Any]) -> None:
    snapshot = with_gap(snapshot)
    validate_snapshot(snapshot)
    text = pdf_text(build_pdf(snapshot, record_digest(snapshot)))
    assert "What a case at this rating must do: • A reviewer answers every high flag" in text
    assert "To close before approval (1)" in text
    assert "; 1 of them to close before approval." in text
    assert "Based on: CMS cell-size policy" in text
    assert "(to close before approval) — No signed agreement yet" in text
    gaps_at = text.index("To close before approval (1)")
    assert text.index("No signed agreement yet") > gaps_at  # listed under the gaps heading


@needs_pdftotext
def test_the_rating_reason_is_printed_under_the_rating(snapshot: dict[str, Any]) -> None:
    snapshot["review"]["rating_reason"] = "High because small counts could identify people."
    validate_snapshot(snapshot)
    text = pdf_text(build_pdf(snapshot, record_digest(snapshot)))
    rating_at = text.index("Overall rating: High risk High because")
    assert text.index("small counts could identify people.") > rating_at


@needs_pdftotext
def test_a_snapshot_without_the_new_keys_still_builds(snapshot: dict[str, Any]) -> None:
    for flag in snapshot["flags"]:
        flag.pop("kind", None)
        flag.pop("basis", None)
    snapshot["review"].pop("rating_obligations", None)
    snapshot["review"].pop("rating_reason", None)
    validate_snapshot(snapshot)
    text = pdf_text(build_pdf(snapshot, record_digest(snapshot)))
    assert "To close before approval" not in text and "Based on:" not in text
    assert "Each flag in full" in text
