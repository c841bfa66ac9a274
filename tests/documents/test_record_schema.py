"""The signed record's JSON Schema: published at a stable address, and every record the
application makes (Responsible-AI and DPPEIA, with board comments, tiers, determinations and
the advisory group's record) follows it."""

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewDocument
from ctdppeia.pdf import SCHEMA, validate_snapshot
from ctdppeia.reviews.snapshot import build_snapshot
from ctdppeia.severity import SEVERITIES
from tests.conftest import AuthActions
from tests.documents.conftest import Made

ADDRESS = "/records/schema/v2.json"


def _published(client: FlaskClient) -> dict[str, Any]:
    response = client.get(ADDRESS)
    assert response.status_code == 200
    schema: dict[str, Any] = response.get_json(force=True)
    return schema


def _errors(schema: dict[str, Any], record: object) -> list[str]:
    return [error.message for error in Draft202012Validator(schema).iter_errors(record)]


def _closed(schema: Any) -> Any:
    """The schema with no key left undescribed: every object refuses keys it does not name.
    (The published schema lets readers meet keys added later; here every key the application
    writes must be in it.)"""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    found = {key: _closed(value) for key, value in schema.items()}
    if "properties" in schema:
        found["additionalProperties"] = False
    return found


def _every_key_described(schema: dict[str, Any], record: object) -> list[str]:
    return _errors(_closed(schema), record)


def test_the_schema_is_public_with_its_own_address_as_id(app: Flask, client: FlaskClient) -> None:
    response = client.get(ADDRESS)
    assert response.status_code == 200
    assert response.mimetype == "application/schema+json"
    assert response.cache_control.public and response.cache_control.max_age == 86400
    schema = response.get_json(force=True)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == app.config["PUBLIC_BASE_URL"].rstrip("/") + ADDRESS
    assert schema["properties"]["schema"] == {"const": SCHEMA} and SCHEMA == "ctdppeia-review/2"


def test_a_cached_copy_is_revalidated_with_its_etag(client: FlaskClient) -> None:
    etag = client.get(ADDRESS).headers["ETag"]
    again = client.get(ADDRESS, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.data


def test_severities_in_the_schema_are_the_applications(client: FlaskClient) -> None:
    defs = _published(client)["$defs"]
    assert defs["flag"]["properties"]["severity"]["enum"] == list(SEVERITIES)
    assert defs["review"]["properties"]["rating"]["enum"] == [*SEVERITIES, None]


def test_the_signed_and_the_draft_records_follow_the_published_schema(
    client: FlaskClient, auth: AuthActions, locked: Made, in_progress: Made
) -> None:
    schema = _published(client)
    auth.login(locked.reviewer)
    for made in (locked, in_progress):
        record = json.loads(client.get(f"/reviews/{made.review_id}/review.json").data)
        assert _errors(schema, record) == []
        assert _every_key_described(schema, record) == []


def test_every_demo_record_follows_the_schema(
    app: Flask, client: FlaskClient, seeded_demo: str
) -> None:
    """The demo holds both questionnaires, board comments with responses, AI tiers with
    determinations, and the advisory group's decisions: each stored signed record, and each
    review's record as it stands, is valid."""
    schema = _published(client)
    with app.app_context():
        records = [build_snapshot(review) for review in db.session.scalars(select(Review))]
        stored = db.session.scalars(select(ReviewDocument.snapshot_json)).all()
        records += [json.loads(text) for text in stored if text]
    for record in records:
        assert _errors(schema, record) == [], record["review"]["id"]
        assert _every_key_described(schema, record) == [], record["review"]["id"]
        validate_snapshot(record)
    kinds = {record["subject"]["kind"] for record in records}
    assert kinds == {"data-request", "ai-use-case"}
    assert any(record["comments"] for record in records)
    assert any(record["analyses"] for record in records)
    assert any(record.get("advisory", {}).get("decision") for record in records)
    assert any(record.get("tier", {}).get("rebuttal") for record in records)
    assert len(stored) >= 2


def test_the_summary_and_the_public_record_link_the_schema(
    app: Flask, client: FlaskClient, auth: AuthActions, locked: Made
) -> None:
    with app.app_context():
        query = select(ReviewDocument.record_digest).where(
            ReviewDocument.review_id == locked.review_id
        )
        digest = db.session.scalars(query).one()
    public = client.get(f"/records/{digest}").get_data(as_text=True)
    assert f'<a href="{ADDRESS}">JSON Schema</a>' in public
    auth.login(locked.reviewer)
    summary = client.get(f"/reviews/{locked.review_id}/summary").get_data(as_text=True)
    assert f'<a href="{ADDRESS}">record\'s JSON Schema</a>' in summary


def test_an_amendments_record_follows_the_schema(
    client: FlaskClient, auth: AuthActions, locked: Made
) -> None:
    auth.login(locked.reviewer)
    response = client.post(f"/reviews/{locked.review_id}/amend")
    amendment_id = int(response.headers["Location"].rsplit("/", 1)[1])
    record = json.loads(client.get(f"/reviews/{amendment_id}/review.json").data)
    assert record["review"]["amends"] == locked.review_id
    assert _every_key_described(_published(client), record) == []


def test_an_undescribed_key_is_seen(client: FlaskClient, auth: AuthActions, locked: Made) -> None:
    """The closed check can fail: a key the schema does not name is reported, and the
    published schema still takes it (readers ignore keys they do not know)."""
    auth.login(locked.reviewer)
    record = json.loads(client.get(f"/reviews/{locked.review_id}/review.json").data)
    record["sections"][0]["questions"][0]["mood"] = "calm"
    schema = _published(client)
    assert _errors(schema, record) == []
    errors = _every_key_described(schema, record)
    assert len(errors) == 1 and "'mood' was unexpected" in errors[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r["review"].pop("rating"), r"snapshot\.review is missing the key 'rating'"),
        (lambda r: r["signers"][0].update(name=7), r"snapshot\.signers\[0\]\.name: expected"),
        (lambda r: r.update(decision="yes"), r"snapshot\.decision"),
    ],
)
def test_a_broken_record_is_refused_naming_the_path(
    client: FlaskClient, auth: AuthActions, locked: Made, change: Any, message: str
) -> None:
    auth.login(locked.reviewer)
    record = json.loads(client.get(f"/reviews/{locked.review_id}/review.json").data)
    change(record)
    assert _errors(_published(client), record)
    with pytest.raises(ValueError, match=message):
        validate_snapshot(record)
