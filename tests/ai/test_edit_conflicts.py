"""Two people changing one AI use case: a save from an older copy writes only the fields that
person changed; a field both changed waits for a choice, side by side, and is never
overwritten silently."""

import re
from typing import Any

import pytest
from flask import Flask

from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, User
from tests.edit_forms import Editor, carried, fingerprints, open_by_two
from tests.factories.use_cases import FIELDS


@pytest.fixture
def editors(app: Flask, reviewer: User, approver: User, use_case_id: int) -> tuple[Editor, Editor]:
    """The reviewer, then the approver, with the use case's edit page open."""
    url = f"/ai-use-cases/{use_case_id}/edit"
    return open_by_two(app, reviewer, approver, url, "base_name", "base_requests")


def _post(
    editor: Editor, use_case_id: int, opened: dict[str, str] | None = None, /, **typed: Any
) -> Any:
    """Post the edit form with what the page carried (`opened`: what another page carried)."""
    data = {**FIELDS, **(editor.opened if opened is None else opened), **typed}
    return editor.client.post(f"/ai-use-cases/{use_case_id}/edit", data=data)


def _stored(app: Flask, use_case_id: int) -> AIUseCase:
    with app.app_context():
        found = db.session.get(AIUseCase, use_case_id)
        assert found is not None
        db.session.expunge(found)
        return found


def test_two_people_changing_different_fields_both_keep_theirs(
    app: Flask, use_case_id: int, editors: tuple[Editor, Editor]
) -> None:
    first, second = editors

    assert _post(first, use_case_id, vendor="Acme AI, Inc.").status_code == 302
    # the second form still holds the old vendor, which this person never touched
    assert _post(second, use_case_id, stage="in-use").status_code == 302

    stored = _stored(app, use_case_id)
    assert stored.vendor == "Acme AI, Inc." and stored.stage == "in-use"
    assert stored.version == 3


def test_a_field_both_changed_waits_for_a_choice_and_nothing_is_saved(
    app: Flask, use_case_id: int, editors: tuple[Editor, Editor]
) -> None:
    first, second = editors
    assert _post(first, use_case_id, name="Chat v2", vendor="Acme AI, Inc.").status_code == 302

    refused = _post(second, use_case_id, name="Chat v3", stage="in-use")
    assert refused.status_code == 409
    page = refused.text
    assert "Nothing from this page was saved yet" in page
    assert re.search(r'<th scope="row">Name</th><td[^>]*>Chat v2</td><td[^>]*>Chat v3</td>', page)
    assert '<th scope="row">Who makes it</th>' not in page  # changed by one person only
    assert 'value="Chat v3"' in page  # what was typed stays in the form
    assert 'value="Acme AI, Inc."' in page  # the field not changed here now shows what is saved
    stored = _stored(app, use_case_id)
    assert (stored.name, stored.stage, stored.version) == ("Chat v2", "pilot", 2)


def _shown(page: str, name: str) -> str:
    """The value a text input of the page shows."""
    found = re.search(rf'<input[^>]* id="{name}"[^>]* value="([^"]*)"', page) or re.search(
        rf'<input[^>]* value="([^"]*)"[^>]* id="{name}"', page
    )
    assert found is not None, name
    return found.group(1)


def test_pressing_save_again_after_the_conflict_writes_only_this_persons_changes(
    app: Flask, use_case_id: int, editors: tuple[Editor, Editor]
) -> None:
    first, second = editors
    changed = {"name": "Chat v2", "vendor": "Acme AI, Inc."}
    assert _post(first, use_case_id, **changed).status_code == 302
    page = _post(second, use_case_id, name="Chat v3", stage="in-use").text

    # the conflict page carries the new version and fingerprints of what is saved now,
    # and shows the colleague's vendor (a field this person never touched)
    after = carried(page)
    assert after["version"] == "2"
    shown = {field: _shown(page, field) for field in ("name", "vendor")}
    assert shown == {"name": "Chat v3", "vendor": "Acme AI, Inc."}

    again = _post(second, use_case_id, after, stage="in-use", **shown)
    assert again.status_code == 302
    stored = _stored(app, use_case_id)
    assert (stored.name, stored.vendor, stored.stage) == ("Chat v3", "Acme AI, Inc.", "in-use")


def test_choosing_theirs_on_the_conflict_page_keeps_their_answer(
    app: Flask, use_case_id: int, editors: tuple[Editor, Editor]
) -> None:
    first, second = editors
    assert _post(first, use_case_id, name="Chat v2").status_code == 302
    page = _post(second, use_case_id, name="Chat v3", stage="in-use").text
    after = {**fingerprints(page), "version": "2"}

    # the person puts their colleague's name back and keeps their own stage
    assert _post(second, use_case_id, after, name="Chat v2", stage="in-use").status_code == 302
    stored = _stored(app, use_case_id)
    assert (stored.name, stored.stage, stored.version) == ("Chat v2", "in-use", 3)


def test_keeping_mine_on_the_conflict_page_replaces_theirs_and_keeps_the_rest(
    app: Flask, use_case_id: int, editors: tuple[Editor, Editor]
) -> None:
    first, second = editors
    assert _post(first, use_case_id, name="Chat v2", vendor="Acme AI, Inc.").status_code == 302
    page = _post(second, use_case_id, name="Chat v3").text
    after = {**fingerprints(page), "version": "2"}

    saved = _post(second, use_case_id, after, name="Chat v3", vendor="Acme AI, Inc.")
    assert saved.status_code == 302
    stored = _stored(app, use_case_id)
    assert (stored.name, stored.vendor) == ("Chat v3", "Acme AI, Inc.")
