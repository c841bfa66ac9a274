"""Edit conflicts lose nothing: a save after someone else saved writes only the answers this
person changed since opening the page; an answer both changed is never replaced without a
choice."""

from typing import Any

import pytest
from flask import Flask

from ctdppeia.models import Role, User
from tests.conftest import MakeUser
from tests.edit_forms import Editor, carried, open_by_two
from tests.factories.people import as_user
from tests.factories.reviews import save, version_of
from tests.reviews.test_saving import _state

URL = "/reviews/{}/sections/basics"
BASICS = ("base_B1", "base_B2", "base_B3", "base_B4")
DETAILS = ("base_D1", "base_D2", "base_D3", "base_D4")


def _hidden(page: str, parts: tuple[str, ...] = BASICS) -> dict[str, str]:
    """What the page carries in hidden inputs: the version and one fingerprint per answer."""
    opened = carried(page)
    assert set(opened) == {"version", *parts}
    return opened


@pytest.fixture
def editors(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> tuple[Editor, Editor]:
    """The reviewer answers part of the basics; then they (mine) and a colleague of their
    agency (theirs) open the section."""
    save(app, reviewer, review_id, "basics", {"B1": "agency", "B2": "no", "B4": "First note"})
    colleague = make_user(Role.REVIEWER, agency="DSS", name="Colin Colleague")
    mine, theirs = open_by_two(app, reviewer, colleague, URL.format(review_id))
    assert set(mine.opened) == set(theirs.opened) == {"version", *BASICS}
    return mine, theirs


def _post(
    editor: Editor, review_id: int, opened: dict[str, str] | None = None, /, **fields: str
) -> Any:
    """Post the whole form as a browser does: every answer as shown, and what was changed
    (`opened`: what another page carried, else what the section's page did)."""
    data = {**(editor.opened if opened is None else opened), "action": "save"}
    data.update(
        {k if k.startswith(("keep_", "decide")) else f"q_{k}": v for k, v in fields.items()}
    )
    return editor.client.post(URL.format(review_id), data=data)


def test_two_people_changing_different_answers_both_keep_theirs(
    app: Flask, review_id: int, editors: tuple[Editor, Editor]
) -> None:
    mine, theirs = editors

    saved = _post(theirs, review_id, B1="agency", B2="no", B4="Their note")
    assert saved.status_code == 302
    merged = _post(mine, review_id, B1="university", B2="no", B4="First note")
    assert merged.status_code == 302  # nothing clashed: saved without asking

    answers = _state(app, review_id)["answers"]
    assert answers["B1"] == "university"  # mine
    assert answers["B4"] == "Their note"  # theirs, which the stale form still showed
    page = mine.client.get(merged.headers["Location"]).get_data(as_text=True)
    assert "Their answers to B4 were kept" in page


def test_an_answer_both_changed_waits_for_a_choice(
    app: Flask, review_id: int, editors: tuple[Editor, Editor]
) -> None:
    mine, theirs = editors
    assert _post(theirs, review_id, B1="university", B2="no", B4="Their note").status_code == 302
    before = _state(app, review_id)

    refused = _post(mine, review_id, B1="agency", B2="no", B4="My note")
    assert refused.status_code == 409
    assert _state(app, review_id) == before  # nothing overwritten
    page = refused.get_data(as_text=True)
    assert "Their saved answer" in page and "Their note" in page and "My note" in page
    assert "<legend>B4: which answer do you keep?</legend>" in page
    assert 'name="keep_B4" value="theirs"' in page and 'name="keep_B4" value="mine"' in page
    assert 'name="keep_B1"' not in page  # B1: only they changed it, nothing to choose
    assert 'value="university" checked' in page or 'checked id="answer-B1-1"' in page
    again = _hidden(page)
    assert again["version"] == str(before["version"])

    # saving without a choice asks again and saves nothing
    unchosen = _post(mine, review_id, again, B1="university", B2="no", B4="My note", decide="B4")
    assert unchosen.status_code == 409
    assert "Choose which answer to keep for B4" in unchosen.get_data(as_text=True)
    assert _state(app, review_id) == before

    kept = _post(
        mine,
        review_id,
        again,
        B1="university",
        B2="no",
        B4="My note",
        decide="B4",
        keep_B4="theirs",
    )
    assert kept.status_code == 302
    assert _state(app, review_id)["answers"]["B4"] == "Their note"
    assert _state(app, review_id)["answers"]["B1"] == "university"


def test_choosing_mine_writes_mine_and_a_stale_form_still_cannot_clobber(
    app: Flask, review_id: int, editors: tuple[Editor, Editor]
) -> None:
    mine, theirs = editors
    assert _post(theirs, review_id, B1="university", B2="no", B4="Their note").status_code == 302

    refused = _post(mine, review_id, B1="agency", B2="no", B4="My note")
    again = _hidden(refused.get_data(as_text=True))
    chosen = _post(
        mine, review_id, again, B1="university", B2="no", B4="My note", decide="B4", keep_B4="mine"
    )
    assert chosen.status_code == 302
    answers = _state(app, review_id)["answers"]
    assert answers["B4"] == "My note" and answers["B1"] == "university"

    # the colleague's old page, posted again unchanged, overwrites nothing
    stale = _post(theirs, review_id, B1="agency", B2="no", B4="First note")
    assert stale.status_code == 302
    assert _state(app, review_id)["answers"] == answers
    # and a change to an answer someone changed since is a conflict, not an overwrite
    clash = _post(theirs, review_id, B1="agency", B2="no", B4="Third note")
    assert clash.status_code == 409
    assert _state(app, review_id)["answers"] == answers


def test_a_form_without_fingerprints_cannot_clobber_either(
    app: Flask, review_id: int, editors: tuple[Editor, Editor]
) -> None:
    mine, theirs = editors
    loaded = version_of(app, review_id)
    assert _post(theirs, review_id, B1="agency", B2="no", B4="Their note").status_code == 302
    before = _state(app, review_id)
    bare = {"version": str(loaded)}
    refused = _post(mine, review_id, bare, B1="agency", B2="no", B4="First note")
    assert refused.status_code == 409
    assert _state(app, review_id) == before


def test_a_background_draft_never_makes_the_choice(
    app: Flask, review_id: int, editors: tuple[Editor, Editor]
) -> None:
    mine, theirs = editors
    saved = _post(theirs, review_id, B1="agency", B2="no", B4="Their note")
    assert saved.status_code == 302
    refused = _post(mine, review_id, B1="university", B2="no", B4="My note")
    again = _hidden(refused.get_data(as_text=True))
    data = {**again, "q_B1": "university", "q_B2": "no", "q_B4": "My note", "decide": "B4"}
    draft = mine.client.post(
        f"/reviews/{review_id}/sections/basics/draft",
        data=data,
        headers={"Accept": "application/json"},
    )
    assert draft.status_code == 200
    answers = _state(app, review_id)["answers"]
    assert answers["B4"] == "Their note"  # waits for the choice
    assert answers["B1"] == "university"  # what only this person changed is saved


def test_numbers_dates_and_lists_left_alone_count_as_unchanged(
    app: Flask, reviewer: User, review_id: int
) -> None:
    save(app, reviewer, review_id, "details", {"D1": 20, "D2": "2027-01-31", "D3": ["race"]})
    mine = as_user(app, reviewer)
    url = f"/reviews/{review_id}/sections/details"
    opened = _hidden(mine.get(url).get_data(as_text=True), DETAILS)
    save(
        app,
        reviewer,
        review_id,
        "details",
        {"D1": 30, "D2": "2027-02-01", "D3": ["race", "health"]},
    )

    shown = {"q_D1": "20", "q_D2": "2027-01-31", "q_D3": ["race"], "q_D4": "Mine"}
    saved = mine.post(url, data={**opened, **shown, "action": "save"})
    assert saved.status_code == 302
    answers = _state(app, review_id)["answers"]
    assert (answers["D1"], answers["D2"], answers["D3"]) == (30, "2027-02-01", ["race", "health"])
    assert answers["D4"] == "Mine"
