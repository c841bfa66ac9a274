"""`flask export-pdf` and `flask verify-pdf`."""

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner

from ctdppeia.pdf import verify_pdf
from tests.documents.conftest import Made, stored_pdf, write
from tests.documents.tamper import append_page, flip_digest_digit


def test_export_writes_the_stored_signed_pdf(
    app: Flask, runner: FlaskCliRunner, locked: Made, tmp_path: Path
) -> None:
    out = tmp_path / "out.pdf"
    result = runner.invoke(args=["export-pdf", str(locked.review_id), str(out)])
    assert result.exit_code == 0, result.output
    assert "signed PDF" in result.output and "(locked)" in result.output
    assert out.read_bytes() == stored_pdf(app, locked.review_id)


def test_export_of_an_unlocked_review_writes_a_draft(
    runner: FlaskCliRunner, in_progress: Made, tmp_path: Path, certificate: object
) -> None:
    out = tmp_path / "draft.pdf"
    result = runner.invoke(args=["export-pdf", str(in_progress.review_id), str(out)])
    assert result.exit_code == 0, result.output
    assert "not locked yet" in result.output and "DRAFT" in result.output
    assert verify_pdf(out.read_bytes(), [certificate]).kind == "no-signatures"


def test_export_of_a_missing_review_fails(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["export-pdf", "4242", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "There is no review 4242." in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_verify_good_file_exits_0_and_names_the_review(
    runner: FlaskCliRunner, locked: Made, signed_pdf: bytes, tmp_path: Path
) -> None:
    result = runner.invoke(args=["verify-pdf", str(write(tmp_path, "r.pdf", signed_pdf))])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Result: Genuine")
    assert f"Matches a review here: Yes: review #{locked.review_id}" in result.output
    assert "Signature 1: Reviewer" in result.output and "Signature 2: Approver" in result.output
    assert result.output.count("Result: Valid") == 2


def test_verify_bad_files_exit_1(
    app: Flask, runner: FlaskCliRunner, locked: Made, signed_pdf: bytes, tmp_path: Path
) -> None:
    from ctdppeia.extensions import db
    from ctdppeia.models import ReviewDocument

    with app.app_context():
        digest = db.session.scalars(db.select(ReviewDocument.record_digest)).one()
    cases = {
        "tampered.pdf": (flip_digest_digit(signed_pdf, digest), "changed after it was signed"),
        "appended.pdf": (append_page(signed_pdf), "added to the file after it was signed"),
        "garbage.pdf": (b"\x00\x01 not a pdf at all", "This is not a PDF file."),
        "empty.pdf": (b"", "The file is empty."),
    }
    for name, (data, message) in cases.items():
        result = runner.invoke(args=["verify-pdf", str(write(tmp_path, name, data))])
        assert result.exit_code == 1, name
        assert message in result.output, name


def test_verify_unsigned_draft_exits_1(
    runner: FlaskCliRunner, in_progress: Made, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.pdf"
    runner.invoke(args=["export-pdf", str(in_progress.review_id), str(draft)])
    result = runner.invoke(args=["verify-pdf", str(draft)])
    assert result.exit_code == 1
    assert "This PDF has no digital signatures." in result.output


def test_verify_missing_file_is_a_usage_error(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["verify-pdf", str(tmp_path / "nothing.pdf")])
    assert result.exit_code == 2
