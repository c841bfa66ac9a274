"""The owner agency's draft of its use case's inventory entry: who may read and save it, that
a save publishes nothing and is audited, and that the publish form starts from it."""

from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.inventory.fields import LABELS
from ctdppeia.models import AIUseCase, AuditEvent, InventoryDraft, InventoryEntryVersion, Role
from tests.checkpages import through_check
from tests.conftest import AuthActions
from tests.factories.inventory import Clock, MakeUseCase, Publish, entry_form


def _url(use_case_id: int) -> str:
    return f"/ai-use-cases/{use_case_id}/inventory/draft"


def _draft(**changes: Any) -> dict[str, Any]:
    return {"revision": "0", **entry_form(**changes)}


def _drafts(app: Flask) -> list[InventoryDraft]:
    with app.app_context():
        return list(db.session.scalars(select(InventoryDraft)))


def _published(app: Flask) -> list[InventoryEntryVersion]:
    with app.app_context():
        return list(db.session.scalars(select(InventoryEntryVersion)))


class FormValues(HTMLParser):
    """The values a browser would post from the page's first form with `action`."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.values = action, False, {}
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.inside = found.get("action") == self.action
        elif not self.inside:
            return
        elif tag == "input" and found.get("type") not in ("submit", "checkbox"):
            self.values[found["name"]] = found.get("value") or ""
        elif tag == "textarea":
            self.textarea = found["name"]
            self.values[self.textarea] = ""
        elif tag == "select":
            self.select = found["name"]
            self.values[self.select] = ""
        elif tag == "option" and self.select and "selected" in found:
            self.values[self.select] = found.get("value") or ""

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def _form_values(page: str, action: str) -> dict[str, str]:
    parser = FormValues(action)
    parser.feed(page)
    return {
        key: value.removeprefix("\r\n").removeprefix("\n") for key, value in parser.values.items()
    }


def test_the_owner_agency_saves_a_draft_that_publishes_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase,
    fixed_clock: Clock,
) -> None:  # fmt: skip
    use_case_id = make_use_case(name="Fraud flags")
    page = client.get(_url(use_case_id))
    assert page.status_code == 302  # signed out: to the sign-in page
    drafter = auth.login(Role.REVIEWER, agency="DSS")
    page = client.get(_url(use_case_id)).get_data(as_text=True)
    assert 'value="Fraud flags"' in page  # pre-filled from the use case, as the publish form
    assert "No draft yet" in page
    response = client.post(_url(use_case_id), data=_draft(vendor="Pinpoint Analytics"))
    assert response.status_code == 302
    assert _published(app) == []
    [draft] = _drafts(app)
    assert draft.fields["vendor"] == "Pinpoint Analytics"
    assert (draft.revision, draft.drafted_by_id, draft.based_on_version) == (1, drafter.id, 0)
    assert draft.drafted_at == fixed_clock.moment
    with app.app_context():
        assert db.session.get_one(AIUseCase, use_case_id).public_id is None
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inventory.draft"))
        assert event is not None and event.actor_id == drafter.id
        assert LABELS["vendor"] in event.summary
    page = client.get(_url(use_case_id)).get_data(as_text=True)
    assert 'value="Pinpoint Analytics"' in page
    assert "Draft saved by" in page


def test_an_approver_saves_and_every_save_is_audited(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    auth.login(Role.APPROVER, agency="DSS")
    assert client.post(_url(use_case_id), data=_draft()).status_code == 302
    second = _draft(how_to_appeal="Write to the appeals office.", revision="1")
    assert client.post(_url(use_case_id), data=second).status_code == 302
    [draft] = _drafts(app)
    assert draft.revision == 2
    with app.app_context():
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "inventory.draft")
        ).all()
        assert len(events) == 2


def test_problems_are_shown_but_do_not_block_a_draft(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case(decided=None)
    auth.login(Role.REVIEWER, agency="DSS")
    response = client.post(_url(use_case_id), data=_draft(vendor="", capabilities_and_uses=""))
    assert response.status_code == 302
    page = client.get(_url(use_case_id)).get_data(as_text=True)
    assert 'id="draft-problems"' in page
    assert "has not decided on this use case yet" in page
    assert "4a-2e" in page.split('id="draft-problems"')[1].split("</div>")[0]
    assert len(_drafts(app)) == 1 and _published(app) == []


def test_lengths_are_limited_and_nothing_is_saved(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    auth.login(Role.REVIEWER, agency="DSS")
    response = client.post(_url(use_case_id), data=_draft(name="x" * 5000))
    assert response.status_code == 422
    assert _drafts(app) == []


def test_a_save_over_a_newer_draft_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    auth.login(Role.REVIEWER, agency="DSS")
    client.post(_url(use_case_id), data=_draft(vendor="First"))
    response = client.post(_url(use_case_id), data=_draft(vendor="Second", revision="0"))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "saved the draft after you opened this page" in page
    assert 'value="Second"' in page  # what was typed is kept
    assert 'name="revision" type="hidden" value="1"' in page or 'value="1"' in page
    [draft] = _drafts(app)
    assert (draft.fields["vendor"], draft.revision) == ("First", 1)


def test_another_agencys_staff_get_404(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case(agency="DSS")
    auth.login(Role.APPROVER, agency="DOL")
    assert client.get(_url(use_case_id)).status_code == 404
    assert client.post(_url(use_case_id), data=_draft()).status_code == 404
    assert _drafts(app) == []


@pytest.mark.parametrize("role", [Role.BOARD])
def test_board_members_are_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase, role: Role
) -> None:
    use_case_id = make_use_case()
    auth.login(role, agency="DSS")
    assert client.get(_url(use_case_id)).status_code == 404
    assert client.post(_url(use_case_id), data=_draft()).status_code == 404
    assert _drafts(app) == []


@pytest.mark.parametrize("role", [Role.AI_REVIEWER, Role.ADMIN])
def test_ai_reviewers_and_administrators_read_but_never_save(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase, role: Role
) -> None:
    use_case_id = make_use_case()
    auth.login(Role.REVIEWER, agency="DSS")
    client.post(_url(use_case_id), data=_draft(vendor="Pinpoint Analytics"))
    auth.logout()
    auth.login(role, agency="DAS")
    page = client.get(_url(use_case_id))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Pinpoint Analytics" in text and "<form" not in text.split("<main")[-1]
    assert client.post(_url(use_case_id), data=_draft(vendor="Changed")).status_code == 403
    [draft] = _drafts(app)
    assert draft.fields["vendor"] == "Pinpoint Analytics" and draft.revision == 1


def test_the_publish_form_starts_from_the_draft_and_publishes_it_unchanged(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    drafter = auth.login(Role.REVIEWER, agency="DSS")
    proposed = _draft(
        vendor="Pinpoint Analytics",
        human_oversight="A caseworker checks every flag.",
        change_note="First entry, drafted by the agency.",
        withhold_vendor="The contract names a fraud-detection method.",
    )
    client.post(_url(use_case_id), data=proposed)
    auth.logout()
    auth.login(Role.AI_REVIEWER, agency="DAS")
    url = f"/ai-use-cases/{use_case_id}/inventory"
    page = client.get(url).get_data(as_text=True)
    assert 'id="agency-draft"' in page and drafter.name in page
    assert "A caseworker checks every flag." in page
    values = _form_values(page, url)
    assert values["change_note"] == "First entry, drafted by the agency."
    response = through_check(client, url, values, "publish")
    assert response.status_code == 302, response.get_data(as_text=True)
    [version] = _published(app)
    assert version.fields["human_oversight"] == "A caseworker checks every flag."
    assert version.fields["vendor"] is None  # withheld, as the agency proposed
    assert version.fields["withheld"] == {"vendor": "The contract names a fraud-detection method."}
    assert version.fields["change_note"] == "First entry, drafted by the agency."
    [draft] = _drafts(app)
    for key, value in draft.fields.items():
        if key in version.fields and key not in version.fields["withheld"]:
            assert version.fields[key] == value, key
    # Once a version is published after it, the draft no longer pre-fills the forms.
    page = client.get(url).get_data(as_text=True)
    assert 'id="agency-draft"' not in page


def test_a_draft_saved_after_publication_prefills_the_next_version(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase,
    publish: Publish,
) -> None:  # fmt: skip
    use_case_id = make_use_case()
    publish(use_case_id)
    auth.logout()
    auth.login(Role.REVIEWER, agency="DSS")
    page = client.get(_url(use_case_id)).get_data(as_text=True)
    assert "Staff read a sample of answers every week." in page  # from the published version
    client.post(_url(use_case_id), data=_draft(how_to_appeal="Ask at any office."))
    [draft] = _drafts(app)
    assert draft.based_on_version == 1
    auth.logout()
    auth.login(Role.AI_REVIEWER, agency="DAS")
    page = client.get(f"/ai-use-cases/{use_case_id}/inventory").get_data(as_text=True)
    assert "Ask at any office." in page and 'id="agency-draft"' in page


def test_a_save_after_a_publication_the_form_did_not_show_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase,
    publish: Publish,
) -> None:  # fmt: skip
    use_case_id = make_use_case()
    auth.logout()
    auth.login(Role.REVIEWER, agency="DSS")
    client.post(_url(use_case_id), data=_draft(vendor="First"))  # revision 1
    auth.logout()
    auth.login(Role.AI_REVIEWER, agency="DAS")
    assert publish(use_case_id).status_code == 302
    auth.logout()
    auth.login(Role.REVIEWER, agency="DSS")
    response = client.post(_url(use_case_id), data=_draft(vendor="Second", revision="1"))
    assert response.status_code == 409
    assert "A new version of the entry was published" in response.get_data(as_text=True)
    [draft] = _drafts(app)
    assert (draft.fields["vendor"], draft.revision) == ("First", 1)
