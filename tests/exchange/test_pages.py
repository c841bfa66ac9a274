"""The exchange file, the editable copies and the import page over HTTP: who may read and
import (accounts that must be refused included), the checks that name the field, and nothing
half-saved."""

import io
import json
from pathlib import Path

import docx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from odf import teletype
from odf.opendocument import load
from odf.text import P
from sqlalchemy import func, select

from ctdppeia.admin.services import agency_by_code
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, FlagResponse, Review, ReviewAnswer, Role, User
from tests.conftest import AuthActions, MakeUser, put_session
from tests.factories.requests import new_request
from tests.factories.reviews import FULL_BASICS, save


@pytest.fixture
def answered(app: Flask, qdir: Path, reviewer: User, review_id: int) -> int:
    save(app, reviewer, review_id, "basics", FULL_BASICS, complete=True)
    save(app, reviewer, review_id, "details", {"D1": 5, "D3": ["race"], "D4": "Ana"})
    with app.app_context():
        review = db.session.get(Review, review_id)
        db.session.add(
            FlagResponse(
                review_id=review_id,
                flag_id="names",
                kind="mitigation",
                text="Names are replaced by codes.",
                created_by_id=reviewer.id,
            )
        )
        db.session.commit()
        assert review.id == review_id
    return review_id


def _file(client: FlaskClient, review_id: int) -> bytes:
    response = client.get(f"/reviews/{review_id}/exchange.json")
    assert response.status_code == 200
    return response.data


def _upload(client: FlaskClient, request_id: int, data: bytes) -> object:
    return client.post(
        f"/reviews/import/data-request/{request_id}",
        data={"file": (io.BytesIO(data), "review.json")},
        content_type="multipart/form-data",
    )


def _counts(app: Flask) -> tuple[int, int, int]:
    with app.app_context():
        return (
            db.session.scalar(select(func.count()).select_from(Review)) or 0,
            db.session.scalar(select(func.count()).select_from(ReviewAnswer)) or 0,
            db.session.scalar(select(func.count()).select_from(FlagResponse)) or 0,
        )


def test_the_owner_exports_and_the_file_fits_the_published_schema(
    client: FlaskClient, auth: AuthActions, reviewer: User, answered: int
) -> None:
    auth.login(reviewer)
    document = json.loads(_file(client, answered))
    schema = client.get("/reviews/exchange/schema/v1.json")
    assert schema.status_code == 200 and schema.mimetype == "application/schema+json"
    Draft202012Validator(schema.get_json()).validate(document)
    assert schema.get_json()["$id"].endswith("/reviews/exchange/schema/v1.json")
    assert {a["question"]: a["value"] for a in document["answers"]}["D1"] == 5
    assert document["responses"][0]["text"] == "Names are replaced by codes."
    assert document["questionnaire"]["id"] == "mini"


def test_a_data_holders_reviewer_reads_but_may_not_import(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    make_user: MakeUser,
    answered: int,
    request_id: int,
) -> None:
    with app.app_context():
        data_request = db.session.get(DataRequest, request_id)
        data_request.data_holders.append(agency_by_code("DOT"))
        db.session.commit()
    auth.login(make_user(Role.REVIEWER, agency="DOT"))
    data = _file(client, answered)
    assert client.get(f"/reviews/{answered}/copy.docx").status_code == 200
    assert client.get(f"/reviews/import/data-request/{request_id}").status_code == 403
    assert _upload(client, request_id, data).status_code == 403


@pytest.mark.parametrize(
    ("role", "agency"), [(Role.REVIEWER, "DOL"), (Role.APPROVER, "DOL"), (Role.BOARD, "DSS")]
)
def test_accounts_that_cannot_see_the_review_get_nothing(
    client: FlaskClient,
    auth: AuthActions,
    make_user: MakeUser,
    answered: int,
    request_id: int,
    role: Role,
    agency: str,
) -> None:
    put_session(client, make_user(role, agency=agency))
    for suffix in ("exchange.json", "copy.docx", "copy.odt"):
        assert client.get(f"/reviews/{answered}/{suffix}").status_code == 404
    assert client.get(f"/reviews/import/data-request/{request_id}").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client: FlaskClient, answered: int) -> None:
    response = client.get(f"/reviews/{answered}/exchange.json")
    assert response.status_code == 302 and "/login" in response.location


def test_import_makes_a_new_review_in_progress(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, answered: int
) -> None:
    auth.login(reviewer)
    data = _file(client, answered)
    other = new_request(app, reviewer, "Second request")
    response = _upload(client, other, data)
    assert response.status_code == 302
    new_id = int(response.location.rsplit("/", 1)[1])
    assert new_id != answered
    assert _file(client, new_id) == data
    page = client.get(f"/reviews/{new_id}/summary").get_data(as_text=True)
    assert "editable copy (Word, DOCX)" in page


def test_an_administrator_may_import(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    answered: int,
    make_user: MakeUser,
) -> None:
    auth.login(reviewer)
    data = _file(client, answered)
    auth.logout()
    put_session(client, make_user(Role.ADMIN))
    assert _upload(client, new_request(app, reviewer, "Third"), data).status_code == 302


def _broken(data: bytes, change: object) -> bytes:
    document = json.loads(data)
    change(document)  # type: ignore[operator]
    return json.dumps(document).encode()


def _set_answer(document: dict, value: object) -> None:
    document["answers"][0]["value"] = value


BROKEN = [
    (lambda d: d.pop("answers"), "file", "'answers' is a required property"),
    (lambda d: d["questionnaire"].update(hash="0" * 64), "questionnaire.hash", "does not have"),
    (lambda d: _set_answer(d, "maybe"), "answers[0].value", "not one of the answers offered"),
    (lambda d: d["answers"][0].update(question="Z9"), "answers[0].question", "no question Z9"),
    (
        lambda d: d["answers"][1].update(updated_at="2026-02-30T10:00:00Z"),
        "answers[1].updated_at",
        "not a time of the calendar",
    ),
    (lambda d: d["responses"][0].update(kind="shrug"), "responses[0].kind", "is not one of"),
    (lambda d: d["responses"][0].update(text="x" * 20_001), "responses[0].text", "is too long"),
    (lambda d: d["flags"][0].update(flag="nope"), "flags[0].flag", "no flag nope"),
    (lambda d: d["decision"].update(status="locked"), "decision.confirmed_at", "does not fit"),
    (lambda d: d.update(extra=1), "file", "Additional properties are not allowed"),
]


@pytest.mark.parametrize(("change", "field", "words"), BROKEN)
def test_a_file_that_does_not_fit_names_the_field_and_saves_nothing(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    answered: int,
    change: object,
    field: str,
    words: str,
) -> None:
    auth.login(reviewer)
    data = _file(client, answered)
    before = _counts(app)
    response = _upload(client, new_request(app, reviewer, "Target"), _broken(data, change))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"<code>{field}</code>" in page and words in page.replace("&#39;", "'")
    assert _counts(app) == before


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\xff\xfe", "not UTF-8"),
        (b"{", "not JSON"),
        (b'{"a":1,"a":2}', "appears twice"),
        (b"[1]", "one JSON object"),
        (b'{"x": NaN}', "NaN is not a number"),
    ],
)
def test_files_that_are_not_one_json_object_are_refused(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    reviewer: User,
    request_id: int,
    data: bytes,
    words: str,
) -> None:
    auth.login(reviewer)
    before = _counts(app)
    response = _upload(client, request_id, data)
    assert response.status_code == 400 and words in response.get_data(as_text=True)
    assert _counts(app) == before


def test_the_editable_copies_hold_the_questions_and_answers_and_say_they_are_not_the_record(
    client: FlaskClient, auth: AuthActions, reviewer: User, answered: int
) -> None:
    auth.login(reviewer)
    word = client.get(f"/reviews/{answered}/copy.docx")
    assert word.status_code == 200 and word.mimetype.endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(word.data))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0].startswith("Not the signed record.")
    assert document.sections[0].header.paragraphs[0].text.startswith("Not the signed record")
    assert "Who is asking?" in paragraphs and "A state agency" in paragraphs
    assert "Mitigation or condition: Names are replaced by codes." in paragraphs
    odt = client.get(f"/reviews/{answered}/copy.odt")
    assert odt.status_code == 200 and odt.mimetype == "application/vnd.oasis.opendocument.text"
    loaded = load(io.BytesIO(odt.data))
    texts = [teletype.extractText(p) for p in loaded.text.getElementsByType(P)]
    assert texts[0].startswith("Not the signed record.")
    assert "Who is asking?" in texts and "A state agency" in texts
    headers = [teletype.extractText(p) for p in loaded.masterstyles.getElementsByType(P)]
    assert "Not the signed record: an editable copy" in headers
