"""The public inventory in pages, signed out: most recently changed first, "Older" and "Newer"
links that keep the filters (and the year), a key that does not parse, and files that hold
every system whatever page is shown."""

import csv
import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import AuthActions
from tests.factories.inventory import Clock, MakeUseCase, Publish


@pytest.fixture
def five_systems(
    app: Flask,
    make_use_case: MakeUseCase,
    publish: Publish,
    auth: AuthActions,
    fixed_clock: Clock,
) -> None:
    """Systems 1 to 5, published a day apart in 2025: 1, 3 and 5 by DSS, 2 and 4 by DOL (high
    tier, in use); two to a page; signed out afterwards."""
    app.config["INVENTORY_PER_PAGE"] = 2
    for number in range(1, 6):
        agency = "DSS" if number % 2 else "DOL"
        use_case_id = make_use_case(agency=agency, name=f"System {number}")
        fixed_clock.set(2025, 6, number, 12, 0)
        extra = (
            {} if agency == "DSS" else {"development_stage": "pre_deployment", "risk_tier": "high"}
        )
        assert publish(use_case_id, name=f"System {number}", **extra).status_code == 302
    auth.logout()


def _names(html: str) -> list[str]:
    return re.findall(r'<h3 lang="en"><a href="/ai-inventory/CT-[A-Z]+-\d+">([^<]+)</a></h3>', html)


def _link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _walk(client: FlaskClient, url: str) -> list[list[str]]:
    """The names on each page, from `url` following "Older" links, then back by "Newer"."""
    pages, html = [], client.get(url).get_data(as_text=True)
    pages.append(_names(html))
    while (older := _link(html, "next")) is not None:
        html = client.get(older).get_data(as_text=True)
        pages.append(_names(html))
    back = _link(html, "prev")
    if back is not None:
        assert _names(client.get(back).get_data(as_text=True)) == pages[-2]
    return pages


@pytest.mark.usefixtures("five_systems")
def test_the_inventory_pages_to_older_and_newer_systems(client: FlaskClient) -> None:
    first = client.get("/ai-inventory").get_data(as_text=True)
    assert "5 systems" in first and "Most recently changed first." in first
    assert _link(first, "prev") is None and "Older systems" in first
    pages = _walk(client, "/ai-inventory")
    assert pages == [["System 5", "System 4"], ["System 3", "System 2"], ["System 1"]]


@pytest.mark.usefixtures("five_systems")
def test_the_page_links_speak_spanish_to_a_spanish_reader(client: FlaskClient) -> None:
    client.post("/account/language/choose", data={"language": "es", "next": "/ai-inventory"})
    first = client.get("/ai-inventory").get_data(as_text=True)
    assert "Sistemas más antiguos" in first and "Older systems" not in first
    second = client.get(str(_link(first, "next"))).get_data(as_text=True)
    assert "Sistemas más nuevos" in second and "Newer systems" not in second


@pytest.mark.usefixtures("five_systems")
def test_the_filters_are_kept_across_pages(client: FlaskClient) -> None:
    first = client.get("/ai-inventory?agency=dss&status=pilot").get_data(as_text=True)
    assert "3 systems" in first
    older = _link(first, "next")
    assert older is not None and "agency=dss" in older and "status=pilot" in older
    assert _walk(client, "/ai-inventory?agency=dss&status=pilot") == [
        ["System 5", "System 3"],
        ["System 1"],
    ]
    assert _walk(client, "/ai-inventory?tier=high") == [["System 4", "System 2"]]


@pytest.mark.usefixtures("five_systems")
def test_an_unreadable_page_key_is_refused(client: FlaskClient, fixed_clock: Clock) -> None:
    """Today's list and a past year's: every shape of broken key is in
    tests/security/test_page_keys.py."""
    for key in ("older=yesterday_1", "newer=x", "older=2026-01-01T00:00:00_99999999999999999999"):
        assert client.get(f"/ai-inventory?{key}").status_code == 400, key
    fixed_clock.set(2026, 2, 1, 12, 0)
    for key in ("older=2025-13-01T00:00:00Z_CT-X", "newer=x", "older=0001-01-01T00:00:00_1"):
        response = client.get(f"/ai-inventory?year=2025&{key}")
        assert response.status_code == 400, key
        assert "That page of the list does not exist" in response.get_data(as_text=True)
    assert _names(client.get("/ai-inventory?year=2025").get_data(as_text=True)) == [
        "System 5",
        "System 4",
    ]


@pytest.mark.usefixtures("five_systems")
def test_a_past_year_pages_the_same_way_and_keeps_the_year(
    client: FlaskClient, fixed_clock: Clock
) -> None:
    fixed_clock.set(2026, 2, 1, 12, 0)
    first = client.get("/ai-inventory?year=2025").get_data(as_text=True)
    assert "5 systems" in first and "end of December 31, 2025" in first
    older = _link(first, "next")
    assert older is not None and "year=2025" in older
    pages = _walk(client, "/ai-inventory?year=2025")
    assert pages == [["System 5", "System 4"], ["System 3", "System 2"], ["System 1"]]
    assert _walk(client, "/ai-inventory?year=2025&agency=DOL") == [["System 4", "System 2"]]


@pytest.mark.usefixtures("five_systems")
def test_the_files_hold_every_system_whatever_the_page(
    client: FlaskClient, fixed_clock: Clock
) -> None:
    fixed_clock.set(2026, 2, 1, 12, 0)
    for path in ("/ai-inventory.csv", "/ai-inventory/2025.csv"):
        rows = list(csv.DictReader(io.StringIO(client.get(path).get_data(as_text=True))))
        assert sorted(row["name"] for row in rows) == [f"System {n}" for n in range(1, 6)]
    for path in ("/ai-inventory.json", "/ai-inventory/2025.json"):
        systems = client.get(path).get_json()["systems"]
        assert sorted(system["name"] for system in systems) == [f"System {n}" for n in range(1, 6)]


def test_the_files_of_an_empty_inventory(client: FlaskClient) -> None:
    document = client.get("/ai-inventory.json").get_json()
    assert document["systems"] == [] and document["year"] is None
    assert client.get("/ai-inventory.csv").get_data(as_text=True).startswith("public_id,")
