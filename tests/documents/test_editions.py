"""Reviews keep their edition: a review started under an earlier edition of the DPPEIA (the files
as shipped before, kept in tests/questionnaire/edition-*/) still renders, sums up and exports
after the current edition is loaded; a review under the current edition shows risks and gaps
apart, the rating's reason, and no flag from an unanswered question."""

import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from ctdppeia.reviews.flags import flag_panel
from ctdppeia.reviews.registry import QuestionnaireRegistry, questionnaires
from ctdppeia.reviews.snapshot import build_snapshot
from ctdppeia.reviews.state import load_context
from tests.conftest import AuthActions
from tests.factories.pdfs import needs_pdftotext, pdf_text
from tests.factories.reviews import dppeia_review, fill_review

ROOT = Path(__file__).resolve().parents[2]
FIRST_EDITION = ROOT / "tests" / "questionnaire" / "edition-2026.1" / "dppeia.md"
SECOND_EDITION = ROOT / "tests" / "questionnaire" / "edition-2026.2" / "dppeia.md"
CURRENT_EDITION = ROOT / "questionnaires" / "dppeia.md"


def use_folder(app: Flask, folder: Path) -> None:
    registry = QuestionnaireRegistry(folder, check_seconds=0)
    with app.app_context():
        registry.load()
    app.extensions["questionnaires"] = registry


@pytest.fixture
def folder(app: Flask, tmp_path: Path) -> Path:
    """A questionnaire folder holding the first edition of the DPPEIA, used by the app."""
    path = tmp_path / "questionnaires"
    path.mkdir()
    shutil.copy(FIRST_EDITION, path / "dppeia.md")
    use_folder(app, path)
    return path


def test_the_editions_are_the_files_shipped_before() -> None:
    text = FIRST_EDITION.read_text(encoding="utf-8")
    assert 'version: "2026.1"' in text and "kind:" not in text
    second = SECOND_EDITION.read_text(encoding="utf-8")
    assert 'version: "2026.2"' in second and "resident:" not in second
    assert 'version: "2027.1"' in CURRENT_EDITION.read_text(encoding="utf-8")


@needs_pdftotext
def test_a_first_edition_review_still_renders_sums_up_and_exports(
    app: Flask, client: FlaskClient, auth: AuthActions, folder: Path, reviewer: User
) -> None:
    review_id, _ = dppeia_review(app, reviewer)
    fill_review(app, reviewer, review_id)
    with app.app_context():
        old = load_context(db.session.get(Review, review_id)).questionnaire
        assert old.version == "2026.1"
        section_ids = [section.id for section in old.sections]
    shutil.copy(CURRENT_EDITION, folder / "dppeia.md")
    with app.app_context():
        questionnaires().load()
        assert questionnaires().latest("dppeia").version == "2027.1"

    auth.login(reviewer)
    for section_id in section_ids:
        page = client.get(f"/reviews/{review_id}/sections/{section_id}")
        assert page.status_code == 200, section_id
        assert "version 2026.1" in page.get_data(as_text=True)
    text = client.get(f"/reviews/{review_id}/sections/planning").get_data(as_text=True)
    assert "A newer version of this questionnaire is available" in text
    assert "Did residents or people with lived experience help shape the question?" in text

    summary = client.get(f"/reviews/{review_id}/summary")
    assert summary.status_code == 200
    body = summary.get_data(as_text=True)
    assert "version 2026.1" in body and "To close before approval" not in body
    with app.app_context():
        review = db.session.get(Review, review_id)
        snapshot = build_snapshot(review)
        assert snapshot["questionnaire"]["version"] == "2026.1"
        assert all(flag["kind"] == "risk" for flag in snapshot["flags"])
        assert snapshot["review"]["rating"] == flag_panel(review).rating == "high"

    pdf = client.get(f"/reviews/{review_id}/review.pdf")
    assert pdf.status_code == 200
    words = pdf_text(pdf.data)
    assert "2026.1" in words and "To close before approval" not in words
    assert "Did residents or people with lived experience help shape the question?" in words


@needs_pdftotext
def test_a_second_edition_review_still_renders_sums_up_and_exports(
    app: Flask, client: FlaskClient, auth: AuthActions, tmp_path: Path, reviewer: User
) -> None:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(SECOND_EDITION, folder / "dppeia.md")
    use_folder(app, folder)
    review_id, _ = dppeia_review(app, reviewer)
    fill_review(app, reviewer, review_id)
    shutil.copy(CURRENT_EDITION, folder / "dppeia.md")
    with app.app_context():
        questionnaires().load()
        assert questionnaires().latest("dppeia").version == "2027.1"
        assert load_context(db.session.get(Review, review_id)).questionnaire.version == "2026.2"
    auth.login(reviewer)
    summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    assert "version 2026.2" in summary and "A newer version of this questionnaire" in summary
    assert "To close before approval" in summary  # its gaps, as written then
    assert "Will the data be joined with other data?" in summary  # A8, gone from 2027.1
    words = pdf_text(client.get(f"/reviews/{review_id}/review.pdf").data)
    assert "2026.2" in words and "Will the data be joined with other data?" in words


@needs_pdftotext
def test_a_current_edition_review_shows_gaps_basis_reason_and_obligations(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    use_folder(app, CURRENT_EDITION.parent)
    review_id, _ = dppeia_review(app, reviewer)
    fill_review(app, reviewer, review_id)
    with app.app_context():
        review = db.session.get(Review, review_id)
        panel = flag_panel(review)
        assert panel.gaps and panel.risks
        assert panel.rating == max(
            (entry.flag.severity for entry in panel.risks),
            key=("info", "low", "medium", "high").index,
        )
        gap = panel.gaps[0].flag
        basis = next(entry.flag.basis for entry in panel.risks if entry.flag.basis)
        assert panel.rating == "high"  # "yes" to everything raises high risk flags
        obligation = panel.obligations[0]

    auth.login(reviewer)
    summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    assert "To close before approval" in summary
    assert gap.title.replace("'", "&#39;").replace('"', "&#34;") in summary
    assert "Based on" in summary and basis in summary
    assert obligation in summary
    section = client.get(f"/reviews/{review_id}/sections/access").get_data(as_text=True)
    assert "To close before approval" in section

    assert '<p class="rating-reason">High because ' in summary
    words = pdf_text(client.get(f"/reviews/{review_id}/review.pdf").data)
    assert "To close before approval" in words
    assert "Based on:" in words
    assert "What a case at this rating must do" in words
    assert "High because " in words


def test_a_new_current_edition_review_raises_no_flag(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User
) -> None:
    """Started with only the request's own answers, a review has nothing to act on but the
    questions not answered yet, each listed once."""
    use_folder(app, CURRENT_EDITION.parent)
    review_id, _ = dppeia_review(app, reviewer)
    with app.app_context():
        panel = flag_panel(db.session.get(Review, review_id))
        assert panel.entries == []
    auth.login(reviewer)
    summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    start_at = summary.index('id="act-first"')
    act = summary[start_at : summary.index("</section>", start_at)]
    assert "Are all the data requested already published" in act
    assert act.count("Are all the data requested already published") == 1
