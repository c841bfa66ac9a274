"""The AI use case list in pages: newest first, "Older" and "Newer" links, the status filter
kept across pages, and a page key that does not parse."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia import keyset
from tests.conftest import AuthActions
from tests.factories.use_cases import new_use_case, start_ai_review

pytestmark = pytest.mark.usefixtures("small_pages")


@pytest.fixture
def small_pages(app: Flask) -> None:
    app.config["AI_USE_CASES_PER_PAGE"] = 3


def _link(html: str, rel: str) -> str | None:
    """The href of the pagination link with `rel` ("next" is older, "prev" is newer)."""
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', html)
    return found.group(1).replace("&amp;", "&") if found else None


def _names(html: str) -> list[str]:
    return re.findall(r'<a href="/ai-use-cases/\d+">([^<]+)</a>', html)


def _make(app: Flask, user: object, count: int, start: int = 1) -> list[int]:
    return [new_use_case(app, user, name=f"Tool {n:02}") for n in range(start, start + count)]  # type: ignore[arg-type]


def test_the_list_pages_to_older_and_newer_use_cases(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: object
) -> None:
    _make(app, reviewer, 7)
    auth.login(reviewer)
    first = client.get("/ai-use-cases/").get_data(as_text=True)
    assert "7 use cases, newest first" in first
    assert _names(first) == ["Tool 07", "Tool 06", "Tool 05"]
    assert _link(first, "prev") is None
    older = _link(first, "next")
    assert older is not None and "older=" in older and "Older use cases" in first
    second = client.get(older).get_data(as_text=True)
    assert _names(second) == ["Tool 04", "Tool 03", "Tool 02"]
    last = client.get(_link(second, "next") or "").get_data(as_text=True)
    assert _names(last) == ["Tool 01"] and _link(last, "next") is None
    newer = _link(last, "prev")
    assert newer is not None and "newer=" in newer
    assert _names(client.get(newer).get_data(as_text=True)) == _names(second)


def test_an_unreadable_page_key_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: object
) -> None:
    """Every shape of broken key is in tests/security/test_page_keys.py."""
    _make(app, reviewer, 4)
    auth.login(reviewer)
    for key in ("older=yesterday_1", "newer=x", "older=2026-01-01T00:00:00_99999999999999999999"):
        assert client.get(f"/ai-use-cases/?{key}").status_code == 400, key


def test_the_status_filter_is_kept_across_pages(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: object
) -> None:
    ids = _make(app, reviewer, 8)
    for use_case_id in ids[::2]:  # Tool 01, 03, 05, 07 are in review
        start_ai_review(app, reviewer, use_case_id)  # type: ignore[arg-type]
    auth.login(reviewer)
    first = client.get("/ai-use-cases/?status=in-review").get_data(as_text=True)
    assert "4 use cases, newest first" in first
    assert _names(first) == ["Tool 07", "Tool 05", "Tool 03"]
    older = _link(first, "next")
    assert older is not None and "status=in-review" in older
    second = client.get(older).get_data(as_text=True)
    assert _names(second) == ["Tool 01"]
    newer = _link(second, "prev")
    assert newer is not None and "status=in-review" in newer
    assert _names(client.get(newer).get_data(as_text=True)) == _names(first)
    fresh = client.get("/ai-use-cases/?status=new").get_data(as_text=True)
    assert _names(fresh) == ["Tool 08", "Tool 06", "Tool 04"]


def test_the_count_stops_at_the_cap(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(keyset, "COUNT_CAP", 5)
    _make(app, reviewer, 7)
    auth.login(reviewer)
    html = client.get("/ai-use-cases/").get_data(as_text=True)
    assert "More than 5 use cases" in html
    assert "More than 5 use cases" in client.get("/ai-use-cases/?status=new").get_data(as_text=True)


def test_another_agency_sees_none_of_them_on_any_page(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: object, make_user: object
) -> None:
    from ctdppeia.models import Role

    _make(app, reviewer, 4)
    auth.login(make_user(Role.REVIEWER, agency="DOL"))  # type: ignore[operator]
    html = client.get("/ai-use-cases/").get_data(as_text=True)
    assert _names(html) == [] and "No AI use cases to show" in html
    assert (
        _names(client.get("/ai-use-cases/?older=2999-01-01T00:00:00_9").get_data(as_text=True))
        == []
    )
