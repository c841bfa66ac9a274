"""A review keeps the questionnaire version it started with; the folder is loaded at start,
broken files are reported and not offered."""

import hashlib
import logging
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia import create_app
from ctdppeia.extensions import db
from ctdppeia.models import QuestionnaireVersion, Review, Role, User
from ctdppeia.reviews.registry import QuestionnaireRegistry, questionnaires
from tests.conftest import AuthActions, put_session, turn_on_two_step
from tests.factories.reviews import MINI, start_review


def test_starting_stores_the_version_text_once(
    app: Flask, qdir: Path, reviewer: User, request_id: int
) -> None:
    first = start_review(app, reviewer, request_id)
    second = start_review(app, reviewer, request_id)
    with app.app_context():
        versions = db.session.scalars(select(QuestionnaireVersion)).all()
        assert len(versions) == 1
        assert versions[0].text == MINI
        assert versions[0].hash == hashlib.sha256(MINI.encode()).hexdigest()
        reviews = [db.session.get(Review, first), db.session.get(Review, second)]
        assert {r.questionnaire_version_id for r in reviews} == {versions[0].id}


def test_a_review_keeps_its_prompts_after_the_file_changes(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    qdir: Path,
    reviewer: User,
    review_id: int,
) -> None:
    path = qdir / "mini.md"
    path.write_text(
        path.read_text()
        .replace('version: "1"', 'version: "2"')
        .replace("Who is asking?", "Which organization is asking?")
    )
    with app.app_context():
        questionnaires().load()
        assert questionnaires().latest("mini").version == "2"
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/sections/basics").get_data(as_text=True)
    assert "Who is asking?" in page
    assert "Which organization is asking?" not in page
    assert "A newer version of this questionnaire is available" in page
    assert "version 2" in page
    assert "/reviews/start/data-request/" in page  # the offer of a fresh review
    summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
    assert "Who is asking?" in summary and "Mini review, version 1" in summary


def test_a_fresh_review_uses_the_new_version(
    app: Flask, qdir: Path, reviewer: User, request_id: int, review_id: int
) -> None:
    path = qdir / "mini.md"
    path.write_text(path.read_text().replace('version: "1"', 'version: "2"'))
    with app.app_context():
        questionnaires().load()
    fresh = start_review(app, reviewer, request_id)
    with app.app_context():
        labels = {
            db.session.get(Review, rid).questionnaire_version.label for rid in (review_id, fresh)
        }
        assert labels == {"1", "2"}
        assert db.session.scalar(select(func.count()).select_from(QuestionnaireVersion)) == 2


def test_no_banner_while_the_version_is_current(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "A newer version" not in page


def test_the_registry_notices_a_changed_file(qdir: Path, app: Flask) -> None:
    registry = QuestionnaireRegistry(qdir, check_seconds=0)
    with app.app_context():  # the subjects a questionnaire may name are the app's
        registry.load()
        path = qdir / "mini.md"
        path.write_text(path.read_text().replace('version: "1"', 'version: "1.1"'))
        assert registry.latest("mini").version == "1.1"


BROKEN = MINI.replace("{#B2 type=yesno required}", "{#B2 type=maybe required}")


@pytest.fixture
def folder_with_a_broken_file(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "mini.md").write_text(MINI)
    (folder / "broken.md").write_text(BROKEN.replace("id: mini", "id: broken"))
    return folder


def test_broken_files_are_logged_shown_to_admins_and_not_offered(
    folder_with_a_broken_file: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "x",
                "WTF_CSRF_ENABLED": False,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'broken.sqlite3'}",
                "QUESTIONNAIRE_DIR": str(folder_with_a_broken_file),
            }
        )
    logged = [
        r.getMessage() for r in caplog.records if "questionnaire not offered" in r.getMessage()
    ]
    assert logged and "broken.md:" in logged[0] and "maybe" in logged[0]
    registry = app.extensions["questionnaires"]
    assert [q.id for q in registry.offered("data-request")] == ["mini"]
    with app.app_context():
        db.create_all()
        from ctdppeia.admin import services as accounts

        accounts.seed_agencies()
        admin = accounts.create_user(
            None,
            email="a@example.gov",
            name="Admin",
            role=Role.ADMIN,
            agency=accounts.agency_by_code("OPM"),
            password="correct horse battery staple",
        )
        turn_on_two_step(admin)  # as ADMIN_MFA_REQUIRED asks of administrators
        db.session.refresh(admin)
        db.session.expunge(admin)
    client = app.test_client()
    put_session(client, admin)
    page = client.get("/admin/").get_data(as_text=True)
    problem = registry.problems()[0]
    assert f"broken.md:{problem.line}:{problem.col}" in page
    assert "not offered" in page
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def test_admin_page_says_when_every_file_loads(
    client: FlaskClient, auth: AuthActions, qdir: Path
) -> None:
    auth.login(Role.ADMIN)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Every questionnaire file loads without problems." in page


def test_the_shipped_questionnaires_load(app: Flask) -> None:
    registry = app.extensions["questionnaires"]
    assert registry.problems() == []
    assert "dppeia" in registry.current
    assert [q.id for q in registry.offered("data-request")][:1] == ["dppeia"]


def test_the_start_page_mentions_an_unfinished_review(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int, request_id: int
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/start/data-request/{request_id}").get_data(as_text=True)
    assert "already has a review that is not finished" in page
    assert f'href="/reviews/{review_id}">review {review_id}</a> (in progress)' in page
