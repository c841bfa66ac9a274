"""The exports to other standards (OMB 2025 CSV, UK ATRS tier 1 and tier 2, the Dutch
register's standard): each valid against what it publishes about itself (a JSON Schema, or the
CSV's column specification), for 1,000 entries made in bulk and for the demo inventory."""

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import insert, select

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.inventory import validator
from ctdppeia.inventory.standards import EntryView, omb
from ctdppeia.inventory.standards.crosswalk import END, START, markdown
from ctdppeia.inventory.standards.jsonfiles import STANDARDS, document_schema, head
from ctdppeia.models import AIUseCase, InventoryCurrent, InventoryEntryVersion, Role
from tests.conftest import MakeUser
from tests.factories.inventory import Clock
from tests.inventory import seeded
from tests.inventory.standard_checks import column_errors, csv_rows, schema_errors

BASE = "https://ai.example.ct.gov"
JSON_FILES = {
    "atrs-tier-1": ("/ai-inventory/atrs-tier-1.json", "/ai-inventory/schema/atrs-tier-1-v1.json"),
    "atrs-tier-2": ("/ai-inventory/atrs-tier-2.json", "/ai-inventory/schema/atrs-tier-2-v1.json"),
    "algoritmeregister": (
        "/ai-inventory/algoritmeregister.json",
        "/ai-inventory/schema/algoritmeregister-v1.json",
    ),
}
OMB_CSV, OMB_COLUMNS = "/ai-inventory/omb-2025.csv", "/ai-inventory/schema/omb-2025-columns.json"


def _assert_the_added_fields_are_exported(
    records: list[dict[str, Any]], rows: list[dict[str, str]]
) -> None:
    """The fields added in December 2026 reach OMB's columns: withholding, first use, the
    signed assessment, a presumption set aside with its reason, the minimum practices."""
    assert {row["is_withheld"] for row in rows} == {"No", "Other"}
    for record, row in zip(records, rows, strict=True):
        assert row["is_withheld"] == ("Other" if record["withheld"] else "No")
        used = record["date_first_used"]
        assert row["operational_date"] == (used if used and used[0].isdigit() else "")
        assert row["pia_url"] == (record["impact_assessment_record"] or "")
        high = record["risk_tier"] == "high"
        if record["rules_risk_tier"] == "high" and not high:
            assert row["is_high_impact"] == "Presumed High-Impact, but Not High-impact"
            assert row["HI_justification"] == record["tier_change_reason"]
        else:
            assert row["HI_justification"] == ""
        done = record["practice_testing"] == "done"
        assert (row["hi_testing_conducted"] == "Yes") == (high and done)
        assert (row["hi_independent_review"] != "") == high
    consulted = {row["hi_public_consultation"] for row in rows}
    assert consulted == {"", "['Other']", "['In-progress']"}


def test_a_thousand_clean_entries_make_valid_files_in_every_standard() -> None:
    records = seeded.records(1000)
    assert validator.validate(records) == []
    views = [EntryView(record, BASE) for record in records]
    for slug, standard in STANDARDS.items():
        document = {
            "$schema": f"{BASE}/schema",
            **head(standard, "2026-12-01T00:00:00Z"),
            "records": [standard.record(view) for view in views],
        }
        assert schema_errors(document_schema(standard, f"{BASE}/{slug}"), document) == [], slug
    rows = csv_rows(b"".join(omb.csv_chunks(views)))
    assert len(rows) == 1000
    assert column_errors(omb.column_specification(BASE), rows) == []
    stages = {row["development_stage"] for row in rows}
    assert stages == {"Pre-deployment", "Pilot", "Deployed", "Retired"}
    _assert_the_added_fields_are_exported(records, rows)
    assert {row["contracting_usage"] for row in rows} == {
        "Vendor Purchased",
        "In-house Development",
    }


def test_the_omb_column_specification_lists_every_closed_columns_values() -> None:
    spec = omb.column_specification(BASE)
    counts = {c["name"]: len(c["values"]) for c in spec["columns"] if "values" in c}
    assert counts == {
        "is_withheld": 4, "development_stage": 4, "is_high_impact": 3, "topic_area": 15,
        "classification": 6, "contracting_usage": 3, "have_ato": 2, "has_pii": 2,
        "demographic_features": 12, "has_custom_code": 2, "hi_testing_conducted": 3,
        "hi_assessment_completed": 3, "hi_independent_review": 5, "hi_ongoing_monitoring": 3,
        "hi_training_established": 3, "hi_failsafe_presence": 4, "hi_appeal_process": 5,
        "hi_public_consultation": 6,
    }  # fmt: skip
    stage = next(c for c in spec["columns"] if c["name"] == "development_stage")
    assert stage["values"][2] == {
        "value": "Deployed",
        "template_wording": "c) Deployed \u2013 The use case is being actively authorized or "
        "utilized to support the functions or mission of an agency.",
    }


def _served(client: FlaskClient) -> dict[str, Any]:
    """Every export and its specification, as served; each checked against the other."""
    found: dict[str, Any] = {}
    for slug, (path, schema_path) in JSON_FILES.items():
        response = client.get(path)
        assert response.status_code == 200 and response.mimetype == "application/json"
        document = response.get_json()
        schema = client.get(schema_path).get_json(force=True)
        assert schema["$id"].endswith(schema_path)
        assert document["$schema"] == schema["$id"]
        assert schema_errors(schema, document) == [], slug
        found[slug] = document["records"]
    response = client.get(OMB_CSV)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    spec = client.get(OMB_COLUMNS).get_json(force=True)
    rows = csv_rows(response.get_data())
    assert column_errors(spec, rows) == []
    found["omb"] = rows
    return found


def _bulk(app: Flask, owner_id: int, count: int) -> None:
    """``count`` published systems straight into the database, in bulk."""
    agencies = {code: accounts.agency_by_code(code) for code, _ in seeded.AGENCIES}
    records = seeded.records(count)
    use_cases = [
        {
            "id": 5000 + number,
            "agency_id": agencies[record["agency_code"]].id,
            "name": record["name"], "vendor": record["vendor"],
            "description": "d", "intended_use": "u", "stage": "pilot", "hosting": "vendor-cloud",
            "public_id": record["public_id"], "created_by_id": owner_id,
        }
        for number, record in enumerate(records)
    ]  # fmt: skip
    db.session.execute(insert(AIUseCase), use_cases)
    versions = [
        {
            "use_case_id": 5000 + number,
            "public_id": record["public_id"],
            "version": record["version"],
            "published_at": datetime.fromisoformat(record["published_at"]).astimezone(UTC),
            "published_by_id": owner_id,
            "fields": {key: record[key] for key in seeded.content(number)},
        }
        for number, record in enumerate(records)
    ]
    db.session.execute(insert(InventoryEntryVersion), versions)
    for version in db.session.scalars(select(InventoryEntryVersion)):
        current = InventoryCurrent(use_case_id=version.use_case_id)
        current.point_at(version)  # as publishing does: each is its system's only version
        db.session.add(current)
    db.session.commit()


def test_the_served_files_hold_a_thousand_systems_valid_against_their_schemas(
    app: Flask, client: FlaskClient, make_user: MakeUser
) -> None:
    owner = make_user(Role.AI_REVIEWER, agency="DAS")
    with app.app_context():
        _bulk(app, owner.id, 1000)
    served = _served(client)
    assert {len(records) for records in served.values()} == {1000}
    ids = [row["id"] for row in served["omb"]]
    assert ids == sorted(ids) and len(set(ids)) == 1000


def test_the_demo_inventory_in_every_standard(
    app: Flask, runner: FlaskCliRunner, client: FlaskClient, fixed_clock: Clock
) -> None:
    fixed_clock.set(2026, 11, 28, 9, 0)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    served = _served(client)
    rows = {row["id"]: row for row in served["omb"]}
    assert set(rows) == {"CT-DSS-0001", "CT-DOL-0001"}
    chatbot, fraud = rows["CT-DSS-0001"], rows["CT-DOL-0001"]
    assert (chatbot["development_stage"], chatbot["is_withheld"]) == ("Deployed", "No")
    assert (fraud["development_stage"], fraud["has_pii"]) == ("Retired", "Yes")
    assert chatbot["contact_email"] == "dss.ai.questions@ct.gov"
    dutch = {record["source_id"]: record for record in served["algoritmeregister"]}
    assert dutch["CT-DOL-0001"]["status"] == "Buiten gebruik"
    assert dutch["CT-DOL-0001"]["end_date"] == "2025-08"
    tier_1 = {record["id"]: record for record in served["atrs-tier-1"]}
    assert tier_1["CT-DSS-0001"]["website_url"].endswith("/ai-inventory/CT-DSS-0001")
    assert runner.invoke(args=["inventory", "check"]).output.startswith("No problems in 2 ")


def test_the_inventory_page_links_every_export_and_specification(client: FlaskClient) -> None:
    page = client.get("/ai-inventory").get_data(as_text=True)
    for path in [OMB_CSV, OMB_COLUMNS, *(p for pair in JSON_FILES.values() for p in pair)]:
        assert f'href="{path}"' in page, path
    assert 'href="/ai-inventory/omb-2025.csv"' not in client.get(
        "/ai-inventory?year=2025"
    ).get_data(as_text=True)


@pytest.mark.parametrize("slug", sorted(STANDARDS))
def test_a_field_no_entry_holds_is_always_null_and_says_why(slug: str) -> None:
    properties = document_schema(STANDARDS[slug], BASE)["$defs"]["record"]["properties"]
    blank = [target for target in STANDARDS[slug].targets if target.is_blank]
    assert blank
    for target in blank:
        found = properties
        if target.section:
            section = properties[target.section]
            found = section.get("items", section)["properties"]
        assert found[target.name]["type"] == "null"
        assert target.blank_why in found[target.name]["description"]


def test_the_crosswalk_page_is_what_the_mappings_do(runner: FlaskCliRunner) -> None:
    page = (Path(__file__).parents[2] / "docs" / "inventory-crosswalk.md").read_text()
    written = page[page.index(START) : page.index(END) + len(END)] + "\n"
    assert written == markdown()
    assert runner.invoke(args=["inventory", "crosswalk"]).output == markdown()
    assert json.dumps(omb.HEADERS).count('"') == 72  # 36 columns
