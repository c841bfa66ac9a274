"""Edit conflicts lose nothing: a save after someone else saved writes only the answers this
person changed since opening the page; an answer both changed is never replaced without a
choice."""

import re

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import Role, User
from tests.conftest import PASSWORD, MakeUser
from tests.factories.reviews import save, version_of
from tests.reviews.test_saving import _state

URL = "/reviews/{}/sections/basics"


def _client_for(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _opened(client: FlaskClient, review_id: int) -> dict[str, str]:
    """What the page carries in hidden inputs: the version and one fingerprint per answer."""
    page = client.get(URL.format(review_id)).get_data(as_text=True)
    return _hidden(page)


def _hidden(page: str) -> dict[str, str]:
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert version is not None
    bases = dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page))
    assert set(bases) == {"base_B1", "base_B2", "base_B3", "base_B4"}
    return {"version": version.group(1), **bases}


def _post(client: FlaskClient, review_id: int, opened: dict[str, str], **fields: str) -> object:
    """Post the whole form as a browser does: every answer as shown, and what was changed."""
    data = {**opened, "action": "save"}
    data.update(
        {k if k.startswith(("keep_", "decide")) else f"q_{k}": v for k, v in fields.items()}
    )
    return client.post(URL.format(review_id), data=data)


def _people(app: Flask, reviewer: User, make_user: MakeUser) -> tuple[FlaskClient, FlaskClient]:
    colleague = make_user(Role.REVIEWER, agency="DSS", name="Colin Colleague")
    return _client_for(app, reviewer), _client_for(app, colleague)


def _seed(app: Flask, reviewer: User, review_id: int) -> None:
    save(app, reviewer, review_id, "basics", {"B1": "agency", "B2": "no", "B4": "First note"})


def test_two_people_changing_different_answers_both_keep_theirs(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> None:
    _seed(app, reviewer, review_id)
    mine, theirs = _people(app, reviewer, make_user)
    opened_mine, opened_theirs = _opened(mine, review_id), _opened(theirs, review_id)

    saved = _post(theirs, review_id, opened_theirs, B1="agency", B2="no", B4="Their note")
    assert saved.status_code == 302
    merged = _post(mine, review_id, opened_mine, B1="university", B2="no", B4="First note")
    assert merged.status_code == 302  # nothing clashed: saved without asking

    answers = _state(app, review_id)["answers"]
    assert answers["B1"] == "university"  # mine
    assert answers["B4"] == "Their note"  # theirs, which the stale form still showed
    page = mine.get(merged.headers["Location"]).get_data(as_text=True)
    assert "Their answers to B4 were kept" in page


def test_an_answer_both_changed_waits_for_a_choice(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> None:
    _seed(app, reviewer, review_id)
    mine, theirs = _people(app, reviewer, make_user)
    opened_mine, opened_theirs = _opened(mine, review_id), _opened(theirs, review_id)
    assert (
        _post(
            theirs, review_id, opened_theirs, B1="university", B2="no", B4="Their note"
        ).status_code
        == 302
    )
    before = _state(app, review_id)

    refused = _post(mine, review_id, opened_mine, B1="agency", B2="no", B4="My note")
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
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> None:
    _seed(app, reviewer, review_id)
    mine, theirs = _people(app, reviewer, make_user)
    opened_mine, opened_theirs = _opened(mine, review_id), _opened(theirs, review_id)
    assert (
        _post(
            theirs, review_id, opened_theirs, B1="university", B2="no", B4="Their note"
        ).status_code
        == 302
    )

    refused = _post(mine, review_id, opened_mine, B1="agency", B2="no", B4="My note")
    again = _hidden(refused.get_data(as_text=True))
    chosen = _post(
        mine, review_id, again, B1="university", B2="no", B4="My note", decide="B4", keep_B4="mine"
    )
    assert chosen.status_code == 302
    answers = _state(app, review_id)["answers"]
    assert answers["B4"] == "My note" and answers["B1"] == "university"

    # the colleague's old page, posted again unchanged, overwrites nothing
    stale = _post(theirs, review_id, opened_theirs, B1="agency", B2="no", B4="First note")
    assert stale.status_code == 302
    assert _state(app, review_id)["answers"] == answers
    # and a change to an answer someone changed since is a conflict, not an overwrite
    clash = _post(theirs, review_id, opened_theirs, B1="agency", B2="no", B4="Third note")
    assert clash.status_code == 409
    assert _state(app, review_id)["answers"] == answers


def test_a_form_without_fingerprints_cannot_clobber_either(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> None:
    _seed(app, reviewer, review_id)
    loaded = version_of(app, review_id)
    mine, theirs = _people(app, reviewer, make_user)
    assert (
        _post(
            theirs, review_id, _opened(theirs, review_id), B1="agency", B2="no", B4="Their note"
        ).status_code
        == 302
    )
    before = _state(app, review_id)
    bare = {"version": str(loaded)}
    refused = _post(mine, review_id, bare, B1="agency", B2="no", B4="First note")
    assert refused.status_code == 409
    assert _state(app, review_id) == before


def test_a_background_draft_never_makes_the_choice(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> None:
    _seed(app, reviewer, review_id)
    mine, theirs = _people(app, reviewer, make_user)
    opened_mine, opened_theirs = _opened(mine, review_id), _opened(theirs, review_id)
    saved = _post(theirs, review_id, opened_theirs, B1="agency", B2="no", B4="Their note")
    assert saved.status_code == 302
    refused = _post(mine, review_id, opened_mine, B1="university", B2="no", B4="My note")
    again = _hidden(refused.get_data(as_text=True))
    data = {**again, "q_B1": "university", "q_B2": "no", "q_B4": "My note", "decide": "B4"}
    draft = mine.post(
        f"/reviews/{review_id}/sections/basics/draft",
        data=data,
        headers={"Accept": "application/json"},
    )
    assert draft.status_code == 200
    answers = _state(app, review_id)["answers"]
    assert answers["B4"] == "Their note"  # waits for the choice
    assert answers["B1"] == "university"  # what only this person changed is saved


def test_numbers_dates_and_lists_left_alone_count_as_unchanged(
    app: Flask, reviewer: User, make_user: MakeUser, review_id: int
) -> None:
    save(app, reviewer, review_id, "details", {"D1": 20, "D2": "2027-01-31", "D3": ["race"]})
    mine, _ = _people(app, reviewer, make_user)
    url = f"/reviews/{review_id}/sections/details"
    page = mine.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert version is not None
    opened = {
        "version": version.group(1),
        **dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page)),
    }
    assert set(opened) == {"version", "base_D1", "base_D2", "base_D3", "base_D4"}
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
