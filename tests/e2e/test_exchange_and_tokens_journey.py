"""In a real browser: an approver makes an API token (shown once) and revokes it; a reviewer
imports a review file that does not fit and reads every problem by its field. Both pages are
axe-core clean at desktop and phone widths, with no sideways scrolling."""

import json
import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from ctdppeia.requests.services import create_request
from tests.e2e.conftest import LiveUser

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]


def _request(live_app: Flask, owner: LiveUser) -> int:
    with live_app.app_context():
        user = db.session.get(User, owner.id)
        fields = {
            "title": f"Wages {uuid.uuid4().hex[:6]}", "requesting_org": "UConn",
            "contact_name": "Mei Chen", "contact_email": "mei@example.edu",
            "requester_type": "university", "purpose": "Pay and child care.", "status": "draft",
        }  # fmt: skip
        return create_request(user, fields, []).id


def test_an_approver_makes_a_token_sees_it_once_and_revokes_it(
    page: Any, make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None], axe_at_widths: AxeCheck,
) -> None:  # fmt: skip
    sign_in(page, make_live_user(Role.APPROVER, agency="DSS"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    name = f"Monthly report {uuid.uuid4().hex[:6]}"
    page.get_by_label("What the token is for").fill(name)
    page.get_by_label("Read the agency's reviews").check()
    page.get_by_role("button", name="Make the token").click()
    shown = page.locator("code.token")
    expect(shown).to_have_text(re.compile(r"^ctd_[A-Za-z0-9_-]{43}$"))
    axe_at_widths(page, "the API tokens page with a new token")
    page.goto("/api-tokens")
    expect(page.locator("code.token")).to_have_count(0)
    page.get_by_role("button", name=f"Revoke the token {name}").click()
    expect(page.get_by_text(f"The token “{name}” is revoked")).to_be_visible()


def test_a_file_that_does_not_fit_lists_every_problem_by_field(
    page: Any, live_app: Flask, make_live_user: Callable[..., LiveUser],
    sign_in: Callable[[Any, LiveUser], None], axe_at_widths: AxeCheck, tmp_path: Any,
) -> None:  # fmt: skip
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    request_id = _request(live_app, reviewer)
    sign_in(page, reviewer)
    page.goto(f"/requests/{request_id}")
    page.get_by_role("link", name="Import a review from a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a review from a file")
    broken = tmp_path / "review.json"
    broken.write_text(json.dumps({"format": "ctdppeia-review-exchange/1", "answers": "none"}))
    page.get_by_label("The review exchange file (JSON)").set_input_files(str(broken))
    page.get_by_role("button", name="Import the review").click()
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("The file was not imported")
    expect(problems.locator("code", has_text="answers")).to_have_count(1)
    expect(problems).to_contain_text("'questionnaire' is a required property")
    axe_at_widths(page, "the import page with problems")
