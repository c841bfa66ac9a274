"""Records written straight to the database, without the services and their audit events: for
a state the pages would take many steps to reach (a review waiting for approval or for the
advisory group), for the live server of the browser journeys, and for a database the
migrations built. Each function runs inside an app context, flushes and leaves the commit to
the caller."""

from typing import Any

from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, DataRequest, Review
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.registry import pin, questionnaires

# What `stored_use_case` writes unless told otherwise.
USE_CASE: dict[str, Any] = {
    "name": "Benefits chatbot",
    "vendor": "Acme AI",
    "description": "Answers questions about benefits from public pages.",
    "intended_use": "Help residents find the right form.",
    "stage": "pilot",
    "hosting": "vendor-cloud",
}

# What `stored_request` writes unless told otherwise.
REQUEST: dict[str, Any] = {
    "title": "Wages",
    "requesting_org": "UConn",
    "contact_name": "Pat",
    "contact_email": "pat@example.edu",
    "requester_type": "university",
    "purpose": "A study.",
}


def stored_use_case(agency_id: int, created_by_id: int, **fields: Any) -> AIUseCase:
    """A use case of the agency, proposed by the user `created_by_id` (USE_CASE's fields,
    changed by `fields`)."""
    use_case = AIUseCase(agency_id=agency_id, created_by_id=created_by_id, **{**USE_CASE, **fields})
    db.session.add(use_case)
    db.session.flush()
    return use_case


def stored_request(owner_agency_id: int, created_by_id: int, **fields: Any) -> DataRequest:
    """A data request of the agency, recorded by the user `created_by_id` (REQUEST's fields,
    changed by `fields`)."""
    values = {**REQUEST, **fields}
    request = DataRequest(owner_agency_id=owner_agency_id, created_by_id=created_by_id, **values)
    db.session.add(request)
    db.session.flush()
    return request


def stored_review(
    subject: AIUseCase | DataRequest, by_id: int, submitted: bool = True, **fields: Any
) -> Review:
    """A review of the subject with no answers, on the latest questionnaire of its kind
    (Responsible AI for a use case, the DPPEIA for a data request), started by the user
    `by_id` and, when `submitted`, submitted by them now: waiting for approval, or for the
    advisory group. `fields`: other columns (``amends_id``, ...)."""
    if isinstance(subject, AIUseCase):
        kind, questionnaire_id, owner_agency_id = "ai-use-case", "responsible-ai", subject.agency_id
    else:
        kind, questionnaire_id, owner_agency_id = "data-request", "dppeia", subject.owner_agency_id
    questionnaire = questionnaires().latest(questionnaire_id)
    assert questionnaire is not None
    review = Review(
        subject_kind=kind,
        subject_id=subject.id,
        owner_agency_id=owner_agency_id,
        questionnaire_version=pin(questionnaire),
        started_by_id=by_id,
        completed_sections=[],
        submitted_at=utcnow() if submitted else None,
        submitted_by_id=by_id if submitted else None,
        **fields,
    )
    db.session.add(review)
    db.session.flush()
    return review
