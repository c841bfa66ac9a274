"""With Spanish chosen, every page a Resident Advisory Board member or a signed-out visitor can
reach shows no English that is not marked `lang="en"` (WCAG 3.1.1 and 3.1.2).

The pages are walked from the application's own routes (every GET route open to the public or
to the board), filled with every object of the demo data they can show, so a new page or a new
string is walked without being listed here.
"""

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.access import rule_for
from ctdppeia.auth import reset_links
from ctdppeia.extensions import db
from ctdppeia.i18n import LANGUAGE_COOKIE
from ctdppeia.models import (
    BoardComment,
    BoardShare,
    InventoryEntryVersion,
    ReviewDocument,
    Role,
    User,
)
from tests.conftest import put_session
from tests.i18n.spanish_walk import english_strings, reads_as_english

# Pages that are files, not pages (their human labels are checked in tests/inventory).
NOT_PAGES = frozenset({"static", "health.healthz", "health.readyz"})
# The read-only API answers JSON for programs (docs/api.md), not pages for people.
NOT_PAGES |= {"api.inventory", "api.inventory_entry", "api.inventory_years", "api.inventory_year"}
NOT_PAGES |= {"api.reviews", "api.review", "api.requests_list", "api.request_detail"}


def _values(app: Flask, member: User) -> dict[str, list[object]]:
    """Every demo object a route argument can name."""
    with app.app_context():
        account = db.session.get(User, member.id)
        return {
            "share_id": list(db.session.scalars(select(BoardShare.id))),
            "comment_id": list(
                db.session.scalars(
                    select(BoardComment.id).where(BoardComment.author_id == member.id)
                )
            ),
            "public_id": sorted(set(db.session.scalars(select(InventoryEntryVersion.public_id)))),
            "digest": list(db.session.scalars(select(ReviewDocument.record_digest))),
            "token": [reset_links.make_token(account.id, account.password_hash), "used-or-forged"],
            "year": [2026],
        }


def _urls(app: Flask, reachable: set[Role] | None, member: User) -> Iterator[str]:
    values = _values(app, member)
    for rule in app.url_map.iter_rules():
        access = rule_for(app, rule.endpoint)
        if rule.endpoint in NOT_PAGES or "GET" not in (rule.methods or ()) or access is None:
            continue
        if rule.rule.endswith((".json", ".csv", ".pdf", ".pem", ".crt")):
            continue
        if not (access.is_public or (reachable and access.allowed and access.allowed & reachable)):
            continue
        if not rule.arguments:
            yield rule.rule
            continue
        [argument] = rule.arguments
        for value in values.get(argument, []):
            yield app.url_map.bind("localhost").build(rule.endpoint, {argument: value})


def _unmarked_english(client: FlaskClient, urls: list[str]) -> list[str]:
    found = []
    for url in urls:
        response = client.get(url)
        if "text/html" not in response.content_type:
            continue
        for text in english_strings(response.get_data(as_text=True)):
            found.append(f"{url} [{response.status_code}]: {text}")
    return found


@pytest.fixture
def member(app: Flask, seeded_demo: str) -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.role == Role.BOARD))
        assert user is not None
        user.language = "es"
        db.session.commit()
        db.session.refresh(user)
        db.session.expunge(user)
        return user


def test_the_detector_finds_unmarked_english_and_passes_marked_english() -> None:
    assert english_strings("<p>Sign in with your email address.</p>")
    assert english_strings("<button>Sign in</button>")  # an interface string, exactly
    assert english_strings('<input type="submit" value="Sign in">')
    assert not english_strings('<p lang="en">Sign in with your email address.</p>')
    assert not english_strings('<div lang="en"><p><b>The</b> summary is in English.</p></div>')
    assert not english_strings("<p>Inicie sesión con su correo electrónico.</p>")
    assert not english_strings("<script>if (a && b) { return the.value; }</script>")
    assert reads_as_english("What the agency says it will do")
    assert not reads_as_english("Lo que la agencia dice que hará")


def test_a_board_member_meets_no_unmarked_english(
    app: Flask, client: FlaskClient, member: User
) -> None:
    urls = sorted(set(_urls(app, {Role.BOARD}, member)))
    assert any(url.startswith("/board/projects/") for url in urls)
    put_session(client, member)
    assert _unmarked_english(client, urls) == []


def test_a_signed_out_visitor_meets_no_unmarked_english(
    app: Flask, client: FlaskClient, member: User
) -> None:
    urls = [*sorted(set(_urls(app, None, member))), "/no-such-page"]
    assert "/verify" in urls and any(url.startswith("/records/") for url in urls)
    client.set_cookie(LANGUAGE_COOKIE, "es")
    assert _unmarked_english(client, urls) == []
