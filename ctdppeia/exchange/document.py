"""A review as an exchange document (format ``ctdppeia-review-exchange/1``), and its canonical
bytes.

The document holds what a review is made of and nothing that names this installation: no row
ids, no accounts, no subject. Answers, flag states and flag responses, the questionnaire's
identity (id, edition and the SHA-256 of its text) and the decision. Times are ISO 8601 UTC to
the second. Importing the document and exporting the new review gives the same bytes.

The decision block is the review's own once it has been submitted here. A review imported and
not yet submitted here repeats the decision block of the file it came from, so that the
decision made where it was decided travels with it.
"""

import json
from typing import Any

from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import (
    FlagResponse,
    Review,
    ReviewAnswer,
    ReviewDocument,
    ReviewFlagState,
    ReviewImport,
)
from ctdppeia.reviews.display import iso

FORMAT = "ctdppeia-review-exchange/1"


def canonical_bytes(document: dict[str, Any]) -> bytes:
    """Sorted keys, no whitespace between tokens, UTF-8 without escapes, no NaN."""
    text = json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def export_document(review: Review) -> dict[str, Any]:
    version = review.questionnaire_version
    return {
        "format": FORMAT,
        "questionnaire": {
            "id": version.questionnaire_key,
            "edition": version.label,
            "hash": version.hash,
            "title": version.title,
            "subject": version.subject,
        },
        "started_at": iso(review.started_at),
        "completed_sections": sorted(review.completed_sections or []),
        "answers": _answers(review),
        "flags": _flags(review),
        "responses": _responses(review),
        "decision": _decision(review),
    }


def _answers(review: Review) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(ReviewAnswer)
        .where(ReviewAnswer.review_id == review.id, ReviewAnswer.value.is_not(None))
        .order_by(ReviewAnswer.question_id)
    )
    return [
        {"question": row.question_id, "value": row.value, "updated_at": iso(row.updated_at)}
        for row in rows
        if row.value is not None
    ]


def _flags(review: Review) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(ReviewFlagState)
        .where(ReviewFlagState.review_id == review.id)
        .order_by(ReviewFlagState.flag_id)
    )
    return [
        {
            "flag": row.flag_id,
            "severity": row.severity,
            "questions": list(row.question_ids or []),
            "raised_at": iso(row.raised_at),
            "cleared_at": iso(row.cleared_at),
        }
        for row in rows
    ]


def _responses(review: Review) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(FlagResponse)
        .where(FlagResponse.review_id == review.id)
        .order_by(FlagResponse.created_at, FlagResponse.id)
    )
    return [
        {"flag": row.flag_id, "kind": row.kind, "text": row.text, "created_at": iso(row.created_at)}
        for row in rows
    ]


def _decision(review: Review) -> dict[str, Any]:
    origin = db.session.scalar(select(ReviewImport).where(ReviewImport.review_id == review.id))
    if origin is not None and review.submitted_at is None and not review.decisions:
        return dict(origin.decision)
    signed = db.session.scalar(select(ReviewDocument).where(ReviewDocument.review_id == review.id))
    return {
        "status": review.status,
        "submitted_at": iso(review.submitted_at),
        "confirmed_at": iso(review.confirmed_at),
        "record_digest": signed.record_digest if signed is not None and review.is_locked else None,
        "decisions": [
            {
                "recommendation": item.recommendation,
                "conditions": item.conditions,
                "rationale": item.rationale,
                "submitted_at": iso(item.submitted_at),
                "returned_at": iso(item.returned_at),
                "return_comment": item.return_comment,
            }
            for item in review.decisions
        ],
    }
