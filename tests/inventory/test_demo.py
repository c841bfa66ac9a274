"""`seed-demo` fills the public inventory: two systems, one with two versions, one retired
last year, and valid files for this year and the past ones."""

from flask.testing import FlaskClient, FlaskCliRunner
from jsonschema import Draft202012Validator

from tests.factories.inventory import Clock


def test_the_demo_inventory(
    runner: FlaskCliRunner, client: FlaskClient, fixed_clock: Clock
) -> None:
    fixed_clock.set(2026, 11, 28, 9, 0)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    current = client.get("/ai-inventory.json").get_json()
    systems = {system["public_id"]: system for system in current["systems"]}
    assert set(systems) == {"CT-DSS-0001", "CT-DOL-0001"}
    assert (systems["CT-DSS-0001"]["version"], systems["CT-DSS-0001"]["status"]) == (2, "in_use")
    assert systems["CT-DOL-0001"]["status"] == "retired"
    assert systems["CT-DOL-0001"]["retired_on"] == "2025-08-20"
    schema = client.get("/ai-inventory/schema/v1.json").get_json(force=True)
    validator = Draft202012Validator(schema)
    for path in ("/ai-inventory.json", "/ai-inventory/2024.json", "/ai-inventory/2025.json"):
        assert list(validator.iter_errors(client.get(path).get_json())) == [], path
    last_year = client.get("/ai-inventory/2025.json").get_json()["systems"]
    assert [(s["public_id"], s["status"]) for s in last_year] == [("CT-DOL-0001", "retired")]
    page = client.get("/ai-inventory/CT-DSS-0001").get_data(as_text=True)
    assert "Version 2" in page and "Version 1" in page and "In full use after the pilot" in page
