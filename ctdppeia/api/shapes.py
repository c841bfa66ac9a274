"""What the API sends for a review and a data request: plain dicts, the shapes the OpenAPI
document describes (times as ISO 8601 UTC with a Z, to the second)."""

from datetime import date
from typing import Any

from sqlalchemy import select

from ctdppeia.exchange.document import export_document
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Review, ReviewDocument
from ctdppeia.reviews.display import iso
from ctdppeia.reviews.subjects import adapter_for


def review_items(reviews: list[Review]) -> list[dict[str, Any]]:
    """A page of reviews: their subjects' titles and record digests read once for the page."""
    ids = [review.id for review in reviews]
    query = select(ReviewDocument.review_id, ReviewDocument.record_digest)
    rows = db.session.execute(query.where(ReviewDocument.review_id.in_(ids)))
    digests: dict[int, str] = {row[0]: row[1] for row in rows}
    titles: dict[tuple[str, int], str] = {}
    for kind in {review.subject_kind for review in reviews}:
        adapter = adapter_for(kind)
        wanted = [review.subject_id for review in reviews if review.subject_kind == kind]
        for subject_id, subject in adapter.get_many(wanted).items():
            titles[(kind, subject_id)] = adapter.title(subject)
    return [
        _review(review, titles[(review.subject_kind, review.subject_id)], digests.get(review.id))
        for review in reviews
    ]


def review_item(review: Review) -> dict[str, Any]:
    return review_items([review])[0]


def _review(review: Review, title: str, digest: str | None) -> dict[str, Any]:
    version = review.questionnaire_version
    decision = review.current_decision
    return {
        "id": review.id,
        "subject": {
            "kind": review.subject_kind,
            "id": review.subject_id,
            "title": title,
        },
        "questionnaire": {
            "id": version.questionnaire_key,
            "edition": version.label,
            "hash": version.hash,
        },
        "status": review.status,
        "started_at": iso(review.started_at),
        "updated_at": iso(review.updated_at),
        "submitted_at": iso(review.submitted_at),
        "confirmed_at": iso(review.confirmed_at),
        "recommendation": decision.recommendation if decision is not None else None,
        "record_digest": digest if review.is_locked else None,
    }


def review_detail(review: Review) -> dict[str, Any]:
    """The review, and its exchange document (answers, flags, responses, decision)."""
    return {**review_item(review), "exchange": export_document(review)}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def request_item(data_request: DataRequest) -> dict[str, Any]:
    return {
        "id": data_request.id,
        "title": data_request.title,
        "requesting_org": data_request.requesting_org,
        "requester_type": data_request.requester_type,
        "status": data_request.status,
        "purpose": data_request.purpose,
        "datasets": data_request.datasets,
        "delivery_date": _day(data_request.delivery_date),
        "destruction_date": _day(data_request.destruction_date),
        "data_holders": sorted(agency.code for agency in data_request.data_holders),
        "created_at": iso(data_request.created_at),
        "updated_at": iso(data_request.updated_at),
    }
