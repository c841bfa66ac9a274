"""The review snapshot the PDF is built from: its exact shape and plain values."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from ctdppeia.pdf.snapshot import validate_snapshot
from ctdppeia.reviews import workflow
from ctdppeia.reviews.snapshot import build_snapshot, register_snapshot_part
from tests.factories.reviews import complete_review, save

ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _snapshot(app: Flask, review_id: int) -> dict[str, Any]:
    with app.app_context():
        return build_snapshot(db.session.get(Review, review_id))


def _walk(value: object) -> Iterator[object]:
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def test_an_open_review_snapshot(
    app: Flask, reviewer: User, review_id: int, request_id: int
) -> None:
    save(app, reviewer, review_id, "basics", {"B1": "agency", "B2": "yes", "B3": "no"})
    save(
        app,
        reviewer,
        review_id,
        "details",
        {"D1": 0.75, "D2": "2027-01-31", "D3": ["race", "health"]},
    )
    snap = _snapshot(app, review_id)
    validate_snapshot(snap)
    assert snap["schema"] == "ctdppeia-review/2"
    assert snap["review"]["status"] == "in-progress" and snap["review"]["locked_at"] is None
    assert snap["review"]["rating"] == "high"
    assert snap["review"]["rating_explanation"] == "Needs changes before approval."
    assert ISO_Z.fullmatch(snap["review"]["started_at"])
    assert snap["subject"] == {
        "kind": "data-request",
        "id": request_id,
        "title": "Wages and child care",
        "organisation": "UConn",
        "contact": "José Núñez, jose@example.edu",
        "agencies": ["DSS"],
        "summary_markdown": "Find out *why*.",
    }
    assert snap["questionnaire"]["id"] == "mini" and len(snap["questionnaire"]["hash"]) == 64
    questions = {q["id"]: q for s in snap["sections"] for q in s["questions"]}
    assert questions["B1"]["answer"] == "A state agency"
    assert questions["D1"]["answer"] == "0.75"
    assert questions["D2"]["answer"] == "January 31, 2027"
    assert questions["D3"]["answer"] == "Race; Health"
    assert questions["D4"] == {
        "id": "D4",
        "label": "Contact name",
        "type": "text",
        "visible": True,
        "answer": None,
        "answered_by": None,
    }
    flags = {flag["id"]: flag for flag in snap["flags"]}
    assert [f["severity"] for f in snap["flags"]] == ["high", "high", "medium"]
    assert flags["names-kept"]["raised_by"] == ["B3: Will names be removed after linking?: No"]
    assert flags["names-kept"]["route"] == "board" and flags["names-kept"]["response"] is None
    assert snap["analyses"] == [] and snap["comments"] == []
    assert snap["decision"] is None
    assert snap["signers"] == [{"role": "Reviewer", "name": "Rosa Reviewer", "agency": "DSS"}]
    assert not any(isinstance(value, float) for value in _walk(snap))


def test_hidden_questions_are_marked_not_visible(
    app: Flask, reviewer: User, review_id: int
) -> None:
    save(app, reviewer, review_id, "basics", {"B2": "no", "B3": "no"})
    questions = {q["id"]: q for s in _snapshot(app, review_id)["sections"] for q in s["questions"]}
    assert questions["B3"]["visible"] is False and questions["B3"]["answer"] is None


def test_a_locked_review_snapshot(
    app: Flask, reviewer: User, approver: User, review_id: int
) -> None:
    complete_review(app, reviewer, review_id)
    with app.app_context():
        review = db.session.get(Review, review_id)
        actor = db.session.get(User, reviewer.id)
        workflow.respond_to_flag(actor, review, "names", "mitigation", "Codes only.")
        workflow.submit_review(actor, review, "approve-with-conditions", "Delete by 2029.", "Ok.")
        workflow.confirm_review(db.session.get(User, approver.id), review)
    snap = _snapshot(app, review_id)
    validate_snapshot(snap)
    assert snap["review"]["status"] == "locked" and ISO_Z.fullmatch(snap["review"]["locked_at"])
    assert snap["decision"]["recommendation"] == "approve-with-conditions"
    assert snap["decision"]["submitted_by"] == "Rosa Reviewer"
    assert snap["decision"]["confirmed_by"] == "Ana Approver"
    response = snap["flags"][0]["response"]
    assert response["kind"] == "mitigation" and response["by"] == "Rosa Reviewer"
    assert ISO_Z.fullmatch(response["at"])
    assert snap["signers"] == [
        {"role": "Reviewer", "name": "Rosa Reviewer", "agency": "DSS"},
        {"role": "Approver", "name": "Ana Approver", "agency": "DSS"},
    ]


@pytest.fixture
def providers(app: Flask) -> None:
    register_snapshot_part(
        app, "analyses", "test", lambda review, _: [{"id": 1, "title": "Approvals"}]
    )
    register_snapshot_part(
        app, "comments", "test", lambda review, _: [{"author": "Marcus", "body": "Hi"}]
    )
    register_snapshot_part(app, "extra", "test", lambda review, _: {"said": "yes"})
    register_snapshot_part(app, "absent", "test", lambda review, _: None)


def test_analyses_and_comments_come_from_providers(
    app: Flask, review_id: int, providers: None
) -> None:
    snap = _snapshot(app, review_id)
    assert snap["analyses"] == [{"id": 1, "title": "Approvals"}]
    assert snap["comments"] == [{"author": "Marcus", "body": "Hi"}]
    assert snap["extra"] == {"said": "yes"} and "absent" not in snap


def test_a_provider_cannot_replace_the_reviews_own_parts(app: Flask) -> None:
    with pytest.raises(ValueError, match="the review's own part"):
        register_snapshot_part(app, "decision", "x", lambda review, _: None)
