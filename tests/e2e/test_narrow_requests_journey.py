"""A reviewer on a phone (390 px, touch) and at 200% zoom: the agencies are checkboxes picked by
tap and by keyboard, and the request list fits the screen as one card per request."""

import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from ctdppeia.requests.services import create_request
from tests.e2e.conftest import LiveServer, LiveUser, sign_in

pytestmark = pytest.mark.e2e

AxeCheck = Callable[..., None]
PHONE = {"width": 390, "height": 844}
ZOOM_200 = {"width": 640, "height": 450}  # 1280 x 900 at 200% zoom: the same CSS width


@pytest.fixture
def phone(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _scroll_width(page: Any) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _fits(page: Any) -> None:
    width = page.viewport_size["width"]
    assert _scroll_width(page) <= width, f"the page scrolls sideways: {_scroll_width(page)}px"


def _record_requests(live_app: Flask, user: LiveUser, count: int) -> str:
    """Requests with long names and several agencies, as a busy list has; their common word."""
    token = uuid.uuid4().hex[:6]
    with live_app.app_context():
        author = db.session.get(User, user.id)
        holders = [accounts.agency_by_code(code).id for code in ("DSS", "SDE", "DOL", "OEC")]
        for number in range(count):
            fields = {
                "title": f"Attendance of children in SNAP households {token} number {number}",
                "requesting_org": "University of Connecticut, Neag School of Education",
                "contact_name": "Mei Chen",
                "contact_email": "mei.chen@example.edu",
                "requester_type": "university",
                "purpose": "Whether food assistance helps children attend school.",
            }
            create_request(author, fields, holders)
    return token


def test_agencies_are_checked_by_tap_and_by_keyboard_on_a_phone(
    phone: Any, make_live_user: Callable[..., LiveUser], axe_check: AxeCheck
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    sign_in(phone, reviewer)
    phone.goto("/requests/new")
    agencies = phone.get_by_role("group", name="Agencies whose data is asked for")
    expect(agencies).to_contain_text("Check each agency that holds the data.")
    _fits(phone)
    axe_check(phone, "the new request form at 390 px")

    agencies.get_by_text("DOL — Department of Labor").tap()
    expect(agencies.get_by_label("DOL — Department of Labor")).to_be_checked()
    agencies.get_by_label("OEC — Office of Early Childhood").focus()
    phone.keyboard.press("Space")
    expect(agencies.get_by_label("OEC — Office of Early Childhood")).to_be_checked()
    box = agencies.get_by_label("OEC — Office of Early Childhood").bounding_box()
    assert box is not None and box["width"] >= 20 and box["height"] >= 20

    phone.get_by_label("Title").fill("Child care and wages")
    phone.get_by_role("button", name="Save request").click()
    expect(phone.get_by_role("alert")).to_contain_text(re.compile("Name the organi[sz]ation"))
    expect(agencies.get_by_label("DOL — Department of Labor")).to_be_checked()
    expect(agencies.get_by_label("OEC — Office of Early Childhood")).to_be_checked()
    _fits(phone)
    axe_check(phone, "the new request form with errors at 390 px")


@pytest.mark.parametrize("size", [PHONE, ZOOM_200], ids=["390px", "200pct-zoom"])
def test_the_request_list_fits_the_screen_as_cards(
    phone: Any,
    live_app: Flask,
    make_live_user: Callable[..., LiveUser],
    axe_check: AxeCheck,
    tmp_path: Path,
    size: dict[str, int],
) -> None:
    reviewer = make_live_user(Role.REVIEWER, agency="DSS")
    token = _record_requests(live_app, reviewer, 3)
    phone.set_viewport_size(size)
    sign_in(phone, reviewer)
    phone.goto(f"/requests/?q={token}")
    rows = phone.locator("table.list tbody tr")
    expect(rows).to_have_count(3)
    _fits(phone)
    card = rows.first
    expect(
        card.get_by_role("cell", name="Status: Draft")
    ).to_be_visible()  # each cell names its column
    expect(
        card.get_by_role("cell", name="Agencies holding the data: DOL, DSS, OEC, SDE")
    ).to_be_visible()
    recorded = card.locator("td[data-label='Recorded']")
    assert recorded.bounding_box()["width"] <= size["width"]
    expect(recorded).to_contain_text("EST")  # December: Eastern standard time, with its zone
    rows_box = [rows.nth(n).bounding_box() for n in range(3)]
    assert rows_box[0]["y"] + rows_box[0]["height"] <= rows_box[1]["y"], "cards overlap"
    phone.screenshot(path=str(tmp_path / f"requests-{size['width']}.png"), full_page=True)
    axe_check(phone, f"the request list at {size['width']} px")
