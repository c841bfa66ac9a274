"""Two people changing one AI use case: a save from an older copy writes only the fields that
person changed; a field both changed waits for a choice, side by side, and is never
overwritten silently."""

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, User
from tests.conftest import PASSWORD
from tests.factories.use_cases import FIELDS, new_use_case


def _client(app: Flask, user: User) -> FlaskClient:
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    return client


def _opened(client: FlaskClient, use_case_id: int) -> dict[str, str]:
    """The hidden inputs of the edit page: the version and a fingerprint of each field."""
    page = client.get(f"/ai-use-cases/{use_case_id}/edit").text
    bases = dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page))
    assert "base_name" in bases and "base_requests" in bases
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert version is not None
    return {**bases, "version": version.group(1)}


def _post(client: FlaskClient, use_case_id: int, opened: dict[str, str], **typed: Any) -> Any:
    return client.post(f"/ai-use-cases/{use_case_id}/edit", data={**FIELDS, **opened, **typed})


def _stored(app: Flask, use_case_id: int) -> AIUseCase:
    with app.app_context():
        found = db.session.get(AIUseCase, use_case_id)
        assert found is not None
        db.session.expunge(found)
        return found


def test_two_people_changing_different_fields_both_keep_theirs(
    app: Flask, reviewer: User, approver: User
) -> None:
    use_case_id = new_use_case(app, reviewer)
    first, second = _client(app, reviewer), _client(app, approver)
    first_copy, second_copy = _opened(first, use_case_id), _opened(second, use_case_id)

    assert _post(first, use_case_id, first_copy, vendor="Acme AI, Inc.").status_code == 302
    # the second form still holds the old vendor, which this person never touched
    assert _post(second, use_case_id, second_copy, stage="in-use").status_code == 302

    stored = _stored(app, use_case_id)
    assert stored.vendor == "Acme AI, Inc." and stored.stage == "in-use"
    assert stored.version == 3


def test_a_field_both_changed_waits_for_a_choice_and_nothing_is_saved(
    app: Flask, reviewer: User, approver: User
) -> None:
    use_case_id = new_use_case(app, reviewer)
    first, second = _client(app, reviewer), _client(app, approver)
    first_copy, second_copy = _opened(first, use_case_id), _opened(second, use_case_id)
    assert (
        _post(first, use_case_id, first_copy, name="Chat v2", vendor="Acme AI, Inc.").status_code
        == 302
    )

    refused = _post(second, use_case_id, second_copy, name="Chat v3", stage="in-use")
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
    app: Flask, reviewer: User, approver: User
) -> None:
    use_case_id = new_use_case(app, reviewer)
    first, second = _client(app, reviewer), _client(app, approver)
    first_copy, second_copy = _opened(first, use_case_id), _opened(second, use_case_id)
    changed = {"name": "Chat v2", "vendor": "Acme AI, Inc."}
    assert _post(first, use_case_id, first_copy, **changed).status_code == 302
    page = _post(second, use_case_id, second_copy, name="Chat v3", stage="in-use").text

    # the conflict page carries the new version and fingerprints of what is saved now,
    # and shows the colleague's vendor (a field this person never touched)
    after = dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page))
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    assert version is not None and version.group(1) == "2"
    shown = {field: _shown(page, field) for field in ("name", "vendor")}
    assert shown == {"name": "Chat v3", "vendor": "Acme AI, Inc."}

    again = _post(second, use_case_id, {**after, "version": "2"}, stage="in-use", **shown)
    assert again.status_code == 302
    stored = _stored(app, use_case_id)
    assert (stored.name, stored.vendor, stored.stage) == ("Chat v3", "Acme AI, Inc.", "in-use")


def test_choosing_theirs_on_the_conflict_page_keeps_their_answer(
    app: Flask, reviewer: User, approver: User
) -> None:
    use_case_id = new_use_case(app, reviewer)
    first, second = _client(app, reviewer), _client(app, approver)
    first_copy, second_copy = _opened(first, use_case_id), _opened(second, use_case_id)
    assert _post(first, use_case_id, first_copy, name="Chat v2").status_code == 302
    page = _post(second, use_case_id, second_copy, name="Chat v3", stage="in-use").text
    after = {**dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page)), "version": "2"}

    # the person puts their colleague's name back and keeps their own stage
    assert _post(second, use_case_id, after, name="Chat v2", stage="in-use").status_code == 302
    stored = _stored(app, use_case_id)
    assert (stored.name, stored.stage, stored.version) == ("Chat v2", "in-use", 3)


def test_keeping_mine_on_the_conflict_page_replaces_theirs_and_keeps_the_rest(
    app: Flask, reviewer: User, approver: User
) -> None:
    use_case_id = new_use_case(app, reviewer)
    first, second = _client(app, reviewer), _client(app, approver)
    first_copy, second_copy = _opened(first, use_case_id), _opened(second, use_case_id)
    assert (
        _post(first, use_case_id, first_copy, name="Chat v2", vendor="Acme AI, Inc.").status_code
        == 302
    )
    page = _post(second, use_case_id, second_copy, name="Chat v3").text
    after = {**dict(re.findall(r'name="(base_\w+)" value="(\w+)"', page)), "version": "2"}

    saved = _post(second, use_case_id, after, name="Chat v3", vendor="Acme AI, Inc.")
    assert saved.status_code == 302
    stored = _stored(app, use_case_id)
    assert (stored.name, stored.vendor) == ("Chat v3", "Acme AI, Inc.")
