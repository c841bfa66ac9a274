"""The "About this questionnaire" page: its edition, sources, who maintains it and how to
propose a change, linked from the start page; honest when the file says nothing of them."""

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import Role, User
from ctdppeia.reviews.registry import QuestionnaireRegistry
from tests.conftest import AuthActions, MakeUser

ABOUT = """---
id: told
title: A questionnaire that says where it comes from
version: "7.2"
subject: data-request
summary: Questions for a test.
about: |
  Written for the tests, from **two** sources.
sources:
  - The first source <b>in bold</b>.
  - The second source.
maintained-by: The test team.
changes: Write to the test team.
---

# Basics {#basics}

## Is it ready? {#B1 type=yesno}
"""
SILENT = (
    ABOUT.split("about:")[0].replace("id: told", "id: silent") + "---\n" + ABOUT.split("---\n")[2]
)


def _use(app: Flask, folder: Path) -> None:
    registry = QuestionnaireRegistry(folder, check_seconds=0)
    with app.app_context():
        registry.load()
    app.extensions["questionnaires"] = registry


def test_the_page_shows_what_the_file_says(
    app: Flask, client: FlaskClient, auth: AuthActions, make_user: MakeUser, tmp_path: Path
) -> None:
    (tmp_path / "told.md").write_text(ABOUT, encoding="utf-8")
    (tmp_path / "silent.md").write_text(SILENT, encoding="utf-8")
    _use(app, tmp_path)
    auth.login(make_user(Role.REVIEWER, agency="DSS"))
    page = client.get("/reviews/questionnaires/told/about").get_data(as_text=True)
    assert "<h1>About this questionnaire</h1>" in page
    assert "<dt>Edition</dt><dd>7.2</dd>" in page
    assert "Written for the tests, from <strong>two</strong> sources." in page
    assert "<li>The first source &lt;b&gt;in bold&lt;/b&gt;.</li>" in page
    assert "The test team." in page and "Write to the test team." in page
    assert "working draft" not in page.lower()
    silent = client.get("/reviews/questionnaires/silent/about").get_data(as_text=True)
    assert "file does not list its sources." in silent
    assert "does not say who maintains it" in silent
    assert client.get("/reviews/questionnaires/nothing/about").status_code == 404


def test_the_shipped_dppeia_has_an_about_page_linked_from_the_start_page(
    client: FlaskClient, auth: AuthActions, reviewer: User, request_id: int
) -> None:
    auth.login(reviewer)
    start = client.get(f"/reviews/start/data-request/{request_id}").get_data(as_text=True)
    assert 'href="/reviews/questionnaires/dppeia/about"' in start
    assert "working draft" not in start and "official document" not in start
    about = client.get("/reviews/questionnaires/dppeia/about").get_data(as_text=True)
    assert "<h2>Sources</h2>" in about and "How to propose a change" in about


def test_a_board_member_cannot_see_it(
    client: FlaskClient, auth: AuthActions, make_user: MakeUser
) -> None:
    auth.login(make_user(Role.BOARD, agency="OPM"))
    assert client.get("/reviews/questionnaires/dppeia/about").status_code == 404


def test_signed_out_it_asks_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/reviews/questionnaires/dppeia/about")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
