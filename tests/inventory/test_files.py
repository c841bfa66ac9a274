"""The files: CSV in the open data portal's conventions and JSON valid against the published
schema, for the inventory today and for each frozen year."""

import csv
import io
import json
import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator, FormatChecker

from ctdppeia.inventory.fields import COLUMNS
from tests.conftest import AuthActions
from tests.factories.inventory import Clock, MakeUseCase, Publish, Sign

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture
def published(
    make_use_case: MakeUseCase, publish: Publish, auth: AuthActions, fixed_clock: Clock, sign: Sign
) -> None:
    """Two systems published in 2025 (one with a formula-like vendor and non-ASCII text), one
    changed in 2026; signed out, on 1 March 2026."""
    fixed_clock.set(2025, 5, 1, 12, 0)
    first = make_use_case()
    publish(first, decision_date="2025-04-01", next_review_date="2026-01-31")
    publish(
        make_use_case(agency="DOL"),
        vendor='=HYPERLINK("http://evil")',
        capabilities_and_uses="+1 score; -2 flags; @mention; Ñandú café — “quoted”",
        human_oversight="Line one\nLine two, with a comma",
        how_to_appeal=None,
        decision_date="2025-04-01",
    )
    fixed_clock.set(2026, 3, 1, 12, 0)
    sign(first)
    deployed = {"development_stage": "deployed", "decision_date": "2026-02-20"}
    publish(first, **deployed, next_review_date="2028-02-20")
    auth.logout()


def _validator(client: FlaskClient) -> Draft202012Validator:
    response = client.get("/ai-inventory/schema/v1.json")
    assert response.status_code == 200
    schema = response.get_json(force=True)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith("/ai-inventory/schema/v1.json")
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _rows(client: FlaskClient, path: str) -> list[dict[str, str]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert not data.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


@pytest.mark.parametrize("path", ["/ai-inventory.json", "/ai-inventory/2025.json"])
def test_every_json_file_is_valid_against_the_schema(
    client: FlaskClient, published: None, path: str
) -> None:
    validator = _validator(client)
    response = client.get(path)
    assert response.mimetype == "application/json"
    document = response.get_json()
    errors = [error.message for error in validator.iter_errors(document)]
    assert errors == []
    assert document["$schema"].endswith("/ai-inventory/schema/v1.json")
    assert len(document["systems"]) == 2


def test_the_schema_refuses_what_it_should(client: FlaskClient, published: None) -> None:
    validator = _validator(client)
    document: dict[str, Any] = client.get("/ai-inventory.json").get_json()
    system = document["systems"][0]
    for change in (
        {"name": ""},
        {"status": "deployed"},
        {"decision_date": "01/02/2026"},
        {"public_id": "DSS-1"},
        {"internal_note": "x"},
    ):
        broken = {**document, "systems": [{**system, **change}]}
        assert not validator.is_valid(broken), change
    missing = {key: value for key, value in system.items() if key != "vendor"}
    assert not validator.is_valid({**document, "systems": [missing]})


def test_csv_one_row_a_system_iso_dates_and_utf8(client: FlaskClient, published: None) -> None:
    rows = _rows(client, "/ai-inventory.csv")
    assert [row["public_id"] for row in rows] == ["CT-DOL-0001", "CT-DSS-0001"]
    dss = rows[1]
    assert dss["version"] == "2"
    assert dss["status"] == "in_use"
    assert dss["decision_date"] == "2026-02-20"
    assert dss["impact_assessment_before_use"] == "true"
    assert dss["personal_data"] == "false"
    assert ISO_MOMENT.match(dss["published_at"])
    for row in rows:
        for key in ("decision_date", "next_review_date", "last_change"):
            assert ISO_DATE.match(row[key]), (key, row[key])
    dol = rows[0]
    assert "Ñandú café — “quoted”" in dol["capabilities_and_uses"]
    assert dol["human_oversight"] == "Line one\nLine two, with a comma"
    assert dol["how_to_appeal"] == ""


def test_csv_neutralises_formulas(client: FlaskClient, published: None) -> None:
    dol = _rows(client, "/ai-inventory.csv")[0]
    assert dol["vendor"] == '\'=HYPERLINK("http://evil")'
    assert dol["capabilities_and_uses"].startswith("'+1 score")
    for row in _rows(client, "/ai-inventory.csv"):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_the_year_file_neutralises_formulas(client: FlaskClient, published: None) -> None:
    dol = next(row for row in _rows(client, "/ai-inventory/2025.csv") if "DOL" in row["public_id"])
    assert dol["vendor"] == '\'=HYPERLINK("http://evil")'
    assert dol["capabilities_and_uses"].startswith("'+1 score")


def test_the_year_file_as_csv(client: FlaskClient, published: None) -> None:
    rows = _rows(client, "/ai-inventory/2025.csv")
    dss = next(row for row in rows if row["public_id"] == "CT-DSS-0001")
    assert (dss["version"], dss["status"]) == ("1", "pilot")
    assert dss["review_overdue"] == "false"  # due 31 January 2026: not yet at the end of 2025
    assert json.loads(client.get("/ai-inventory/2025.json").data)["year"] == 2025
