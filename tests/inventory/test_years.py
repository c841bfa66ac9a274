"""Each year frozen as it stood at the end of 31 December (Connecticut time), with a fixed
clock: later versions never change it, it cannot be changed in the database, retired systems
stay in the years they were used."""

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, InventoryEntryVersion, InventoryYear
from tests.conftest import AuthActions
from tests.factories.inventory import Clock, MakeUseCase, Publish


def _systems(client: FlaskClient, year: int) -> dict[str, dict[str, object]]:
    response = client.get(f"/ai-inventory/{year}.json")
    assert response.status_code == 200, response.status_code
    return {system["public_id"]: system for system in response.get_json()["systems"]}


def test_a_version_published_after_31_december_does_not_change_that_year(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, fixed_clock: Clock
) -> None:
    use_case_id = make_use_case()
    fixed_clock.set(2025, 6, 1, 12, 0)
    publish(use_case_id, risk_tier="low", decision_date="2025-05-01")
    fixed_clock.set(2026, 1, 1, 4, 59)  # 23:59 on 31 December in Connecticut
    publish(use_case_id, risk_tier="medium", decision_date="2025-12-31")
    fixed_clock.set(2026, 1, 1, 5, 0)  # midnight in Connecticut: 2026 has begun
    publish(use_case_id, risk_tier="high", decision_date="2026-01-01")
    assert _systems(client, 2025)["CT-DSS-0001"]["risk_tier"] == "medium"
    assert _systems(client, 2025)["CT-DSS-0001"]["version"] == 2
    fixed_clock.set(2026, 8, 1, 12, 0)
    publish(use_case_id, risk_tier="low", decision_date="2026-07-01")
    assert _systems(client, 2025)["CT-DSS-0001"]["version"] == 2
    current = client.get("/ai-inventory.json").get_json()["systems"][0]
    assert current["version"] == 4


def test_a_year_is_frozen_on_first_request_and_stored_for_good(
    app: Flask,
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    fixed_clock: Clock,
) -> None:
    fixed_clock.set(2025, 6, 1, 12, 0)
    publish(make_use_case())
    fixed_clock.set(2026, 2, 1, 12, 0)
    with app.app_context():
        assert db.session.get(InventoryYear, 2025) is None
    page = client.get("/ai-inventory?year=2025").get_data(as_text=True)
    assert "as it stood at the end of December 31, 2025" in page
    with app.app_context():
        frozen = db.session.get(InventoryYear, 2025)
        assert frozen is not None and frozen.frozen_at == fixed_clock.moment
        assert frozen.document["as_of"] == "2026-01-01T05:00:00Z"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inventory.freeze"))
        assert event is not None and event.actor_id is None
        with pytest.raises(DBAPIError, match="cannot change"):
            db.session.execute(text("UPDATE inventory_year SET frozen_at = frozen_at"))
        db.session.rollback()
        with pytest.raises(DBAPIError, match="cannot change"):
            db.session.execute(text("DELETE FROM inventory_year"))
        db.session.rollback()
        with pytest.raises(DBAPIError, match="cannot change"):
            db.session.execute(text("UPDATE inventory_entry_version SET version = 9"))
        db.session.rollback()


def test_the_freeze_command(
    app: Flask,
    runner: FlaskCliRunner,
    make_use_case: MakeUseCase,
    publish: Publish,
    fixed_clock: Clock,
) -> None:
    fixed_clock.set(2025, 6, 1, 12, 0)
    publish(make_use_case())
    publish(make_use_case(agency="DOL"))
    result = runner.invoke(args=["inventory", "freeze", "2025"])
    assert result.exit_code != 0 and "2025 is not over yet" in result.output
    fixed_clock.set(2026, 1, 2, 12, 0)
    result = runner.invoke(args=["inventory", "freeze", "2025"])
    assert result.exit_code == 0, result.output
    assert "Froze the 2025 inventory: 2 systems." in result.output
    again = runner.invoke(args=["inventory", "freeze", "2025"])
    assert "frozen already; nothing changed" in again.output
    assert runner.invoke(args=["inventory", "freeze", "1999"]).exit_code != 0


def test_a_year_not_over_or_before_the_first_entry_answers_404(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, fixed_clock: Clock
) -> None:
    fixed_clock.set(2025, 6, 1, 12, 0)
    publish(make_use_case())
    for year in (2024, 2025, 2026):
        assert client.get(f"/ai-inventory/{year}.json").status_code == 404
        assert client.get(f"/ai-inventory/{year}.csv").status_code == 404


def test_a_retired_system_stays_in_the_years_it_was_used(
    client: FlaskClient, make_use_case: MakeUseCase, publish: Publish, fixed_clock: Clock
) -> None:
    use_case_id = make_use_case()
    fixed_clock.set(2024, 3, 1, 12, 0)
    publish(use_case_id, decision_date="2024-02-01", next_review_date="2025-02-01")
    fixed_clock.set(2025, 7, 1, 12, 0)
    client.post(f"/ai-use-cases/{use_case_id}/inventory/retire", data={"note": "Stopped."})
    fixed_clock.set(2027, 1, 15, 12, 0)
    assert _systems(client, 2024)["CT-DSS-0001"]["status"] == "pilot"
    retired = _systems(client, 2025)["CT-DSS-0001"]
    assert (retired["status"], retired["retired_on"]) == ("retired", "2025-07-01")
    assert retired["review_overdue"] is False
    assert _systems(client, 2026) == {}
    current = client.get("/ai-inventory.json").get_json()["systems"]
    assert [system["status"] for system in current] == ["retired"]
    page = client.get("/ai-inventory?year=2025&status=retired").get_data(as_text=True)
    assert "CT-DSS-0001" in page


def test_the_list_offers_each_year_that_is_over(
    app: Flask,
    client: FlaskClient,
    make_use_case: MakeUseCase,
    publish: Publish,
    auth: AuthActions,
    fixed_clock: Clock,
) -> None:
    fixed_clock.set(2024, 3, 1, 12, 0)
    publish(make_use_case(), decision_date="2024-02-01")
    fixed_clock.set(2026, 5, 1, 12, 0)
    auth.logout()
    page = client.get("/ai-inventory").get_data(as_text=True)
    assert '<option value="2025">As it stood at the end of 2025</option>' in page
    assert '<option value="2024">' in page and '<option value="2026">' not in page
    with app.app_context():
        assert db.session.scalar(select(InventoryEntryVersion.public_id)) == "CT-DSS-0001"
