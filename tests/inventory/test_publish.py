"""Publishing an entry: the form, its pre-fill, the refusals, the ids, new versions, retiring."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.inventory import services
from ctdppeia.inventory.fields import STATUTORY
from ctdppeia.models import AIUseCase, AuditEvent, InventoryEntryVersion, Role, User
from tests.conftest import AuthActions
from tests.factories.inventory import Clock, MakeUseCase, Publish, use_case_panel


def _versions(app: Flask) -> list[InventoryEntryVersion]:
    with app.app_context():
        return list(db.session.scalars(select(InventoryEntryVersion)))


def test_the_form_starts_from_the_use_case(
    client: FlaskClient, publisher: User, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case(name="Fraud flags", vendor="Pinpoint Analytics")
    page = client.get(f"/ai-use-cases/{use_case_id}/inventory").get_data(as_text=True)
    assert 'value="Fraud flags"' in page
    assert 'value="Pinpoint Analytics"' in page
    assert "Help residents find the right form." in page
    assert '<option selected value="pilot">' in page
    assert "not in the inventory yet" in page
    assert page.count('<span class="required">(required)</span>') == 9  # 4a-2e and decision


def test_publishing_gives_an_id_and_a_first_version(
    app: Flask,
    client: FlaskClient,
    publisher: User,
    make_use_case: MakeUseCase,
    publish: Publish,
    fixed_clock: Clock,
) -> None:
    use_case_id = make_use_case()
    response = publish(use_case_id)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/ai-use-cases/{use_case_id}/inventory/versions/1/published"
    )
    [version] = _versions(app)
    assert (version.public_id, version.version) == ("CT-DSS-0001", 1)
    assert version.published_at == fixed_clock.moment
    assert version.fields["decision_date"] == "2025-01-15"
    assert version.fields["impact_assessment_before_use"] is True
    assert version.fields["personal_data"] is False
    assert version.fields["agency_name"] == "Department of Social Services"
    with app.app_context():
        assert db.session.get(AIUseCase, use_case_id).public_id == "CT-DSS-0001"
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "inventory.publish")
        )
        assert event is not None and event.actor_id == publisher.id


def test_ids_count_per_agency_and_stay_across_versions(
    app: Flask, make_use_case: MakeUseCase, publish: Publish
) -> None:
    first, second, other = make_use_case(), make_use_case(), make_use_case(agency="DOL")
    publish(first)
    publish(second)
    publish(other)
    publish(first, risk_tier="medium", change_note="Re-assessed")
    found = sorted((v.public_id, v.version, v.use_case_id) for v in _versions(app))
    assert found == [
        ("CT-DOL-0001", 1, other),
        ("CT-DSS-0001", 1, first),
        ("CT-DSS-0001", 2, first),
        ("CT-DSS-0002", 1, second),
    ]


def test_a_new_version_starts_from_the_last_published_one(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    publish(use_case_id, how_to_appeal="Write to the appeals office.")
    page = client.get(f"/ai-use-cases/{use_case_id}/inventory").get_data(as_text=True)
    assert "Write to the appeals office." in page
    assert "version 1 of" in page


def test_publishing_refuses_empty_statutory_fields_one_message_each(
    app: Flask, make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    response = publish(
        use_case_id,
        name="  ",
        vendor="",
        capabilities_and_uses="",
        decision_role="",
        impact_assessment_before_use="",
        human_oversight="Kept as typed",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for message in STATUTORY.values():
        assert message.replace("“", "&#34;").replace("”", "&#34;") in page or message in page
    assert "Kept as typed" in page
    assert _versions(app) == []


def test_publishing_refuses_missing_decision_facts_and_a_review_before_the_decision(
    app: Flask, make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    page = publish(use_case_id, decision_date="", development_stage="").get_data(as_text=True)
    assert "Enter the date of the advisory group" in page
    assert "Choose the development stage of the system." in page
    assert "every export needs it" not in page  # the status follows the stage: no second word
    page = publish(use_case_id, next_review_date="2025-01-01").get_data(as_text=True)
    assert "The next review must be on or after the decision date." in page
    assert _versions(app) == []


def test_the_service_refuses_what_the_form_would(app: Flask, make_use_case: MakeUseCase) -> None:
    use_case_id = make_use_case()
    with app.app_context():
        use_case = db.session.get(AIUseCase, use_case_id)
        with pytest.raises(services.PublishError) as refused:
            services.publish(None, use_case, {"name": "x", "status": "retired"})  # type: ignore[arg-type]
        assert set(refused.value.problems) >= set(STATUTORY) - {"name"}
        assert services.check({"decision_role": "decides-everything"})["decision_role"]


def test_retiring_publishes_a_retired_version(
    app: Flask,
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    fixed_clock: Clock,
) -> None:
    use_case_id = make_use_case()
    publish(use_case_id)
    fixed_clock.set(2026, 9, 30, 12, 0)
    response = client.post(
        f"/ai-use-cases/{use_case_id}/inventory/retire", data={"note": "Replaced by staff."}
    )
    assert response.status_code == 302
    latest = max(_versions(app), key=lambda v: v.version)
    assert (latest.version, latest.fields["status"]) == (2, "retired")
    assert latest.fields["retired_on"] == "2026-09-30"
    assert latest.fields["change_note"] == "Replaced by staff."
    page = client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    assert "Retired" in page and "Replaced by staff." in page
    again = client.post(f"/ai-use-cases/{use_case_id}/inventory/retire", data={"note": "Again"})
    assert again.status_code == 422
    assert "already retired" in again.get_data(as_text=True)


def test_retiring_needs_a_published_entry_and_a_reason(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    url = f"/ai-use-cases/{use_case_id}/inventory/retire"
    assert "not in the inventory" in client.post(url, data={"note": "x"}).get_data(as_text=True)
    publish(use_case_id)
    assert "Say why the system is retired" in client.post(url, data={"note": " "}).get_data(
        as_text=True
    )
    refused = client.post(url, data={"note": "Replaced. See /ai-inventory/CT-DSS-0999 [REDACTED]"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "The link /ai-inventory/CT-DSS-0999 leads to no public page here." in page
    assert "Remove the leftover redaction mark" in page
    assert len(_versions(app)) == 1


def test_only_ai_reviewers_publish_and_unknown_use_cases_answer_404(
    client: FlaskClient, auth: AuthActions, make_use_case: MakeUseCase
) -> None:
    use_case_id = make_use_case()
    auth.login(Role.APPROVER, agency="DSS")
    assert client.get(f"/ai-use-cases/{use_case_id}/inventory").status_code == 403
    auth.logout()
    auth.login(Role.AI_REVIEWER, agency="DAS")
    assert client.get("/ai-use-cases/99999/inventory").status_code == 404
    assert (
        client.post("/ai-use-cases/99999/inventory/retire", data={"note": "x"}).status_code == 404
    )


def test_the_use_case_panel_links_the_entry_and_the_form(
    app: Flask, make_use_case: MakeUseCase, publish: Publish, publisher: User
) -> None:
    from flask_login import login_user

    use_case_id = make_use_case()
    publish(use_case_id)
    with app.test_request_context():
        use_case = db.session.get(AIUseCase, use_case_id)
        html = use_case_panel(use_case)
        assert 'href="/ai-inventory/CT-DSS-0001"' in html
        assert "/inventory" not in html.replace("/ai-inventory/", "")  # signed out: no form link
        login_user(db.session.get(User, publisher.id))
        html = use_case_panel(use_case)
        assert f'href="/ai-use-cases/{use_case_id}/inventory"' in html
        assert "Publish a new version" in html


def test_publishing_an_unchanged_entry_makes_no_new_version(
    app: Flask, client: FlaskClient, publisher: User, make_use_case: MakeUseCase, publish: Publish
) -> None:
    use_case_id = make_use_case()
    assert publish(use_case_id).status_code == 302
    with app.app_context():
        events = len(db.session.scalars(select(AuditEvent)).all())
    again = publish(use_case_id, change_note="Published again, nothing new.")
    assert again.status_code == 302 and again.headers["Location"].endswith("/CT-DSS-0001")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Nothing changed: version 1 of CT-DSS-0001 is still the one in the inventory" in page
    assert [v.version for v in _versions(app)] == [1]
    with app.app_context():
        assert len(db.session.scalars(select(AuditEvent)).all()) == events
    assert publish(use_case_id, vendor="Another vendor").status_code == 302
    assert [v.version for v in _versions(app)] == [1, 2]
