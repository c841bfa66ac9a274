"""Importing a review exchange file: one transaction that saves the whole review or nothing.

The new review starts in progress under the subject the person chose (the decision travels as
the record of where it was made: see `document`). Every row is written as the importing
person's, with the times the file gives; the audit log says who imported which file.
"""

import hashlib
from typing import Any

from ctdppeia import audit
from ctdppeia.exchange.checks import CheckedFile, check_document, moment, read_file
from ctdppeia.extensions import db
from ctdppeia.models import (
    FlagResponse,
    Review,
    ReviewAnswer,
    ReviewFlagState,
    ReviewImport,
    Role,
    User,
)
from ctdppeia.reviews import permissions
from ctdppeia.reviews.registry import pin
from ctdppeia.reviews.services import transaction
from ctdppeia.reviews.subjects import SubjectAdapter


def import_review(user: User, adapter: SubjectAdapter, subject: Any, data: bytes) -> Review:
    """A new review of `subject` made from the exchange file `data`; ExchangeFileError (nothing
    saved) when the file does not fit; NotAllowed unless `user` may import here."""
    ensure_may_import(user, adapter, subject)
    checked = check_document(read_file(data), adapter.kind)
    with transaction():
        review = _write(user, adapter, subject, checked)
        db.session.add(
            ReviewImport(
                review_id=review.id,
                file_sha256=hashlib.sha256(data).hexdigest(),
                decision=checked.document["decision"],
                imported_by_id=user.id,
            )
        )
        edition = checked.questionnaire.version
        summary = f"Imported a review from a file ({checked.questionnaire.title}, {edition})"
        audit.record(user, "review.imported", review, scope=subject, summary=summary)
        adapter.on_review_status_changed(subject, "in-progress", user)
    return review


def may_import(user: User, adapter: SubjectAdapter, subject: Any) -> bool:
    """Administrators, and whoever may answer the subject's reviews (its agency's staff)."""
    return user.role is Role.ADMIN or permissions.may_answer_subject(user, adapter, subject)


def ensure_may_import(user: User, adapter: SubjectAdapter, subject: Any) -> None:
    if not may_import(user, adapter, subject):
        permissions.ensure_may_answer_subject(user, adapter, subject)


def _write(user: User, adapter: SubjectAdapter, subject: Any, checked: CheckedFile) -> Review:
    document = checked.document
    review = Review(
        subject_kind=adapter.kind,
        subject_id=subject.id,
        owner_agency_id=adapter.owner_agency(subject).id,
        questionnaire_version=pin(checked.questionnaire),
        started_by=user,
        started_at=moment(document["started_at"]),
        completed_sections=list(document["completed_sections"]),
    )
    db.session.add(review)
    db.session.flush()
    rows: list[Any] = [
        ReviewAnswer(
            review_id=review.id,
            question_id=item["question"],
            value=item["value"],
            changed_in_version=review.version,
            updated_at=moment(item["updated_at"]),
            updated_by_id=user.id,
        )
        for item in document["answers"]
    ]
    rows += [
        ReviewFlagState(
            review_id=review.id,
            flag_id=item["flag"],
            severity=item["severity"],
            question_ids=list(item["questions"]),
            raised_at=moment(item["raised_at"]),
            cleared_at=moment(item["cleared_at"]) if item["cleared_at"] else None,
        )
        for item in document["flags"]
    ]
    rows += [
        FlagResponse(
            review_id=review.id,
            flag_id=item["flag"],
            kind=item["kind"],
            text=item["text"],
            created_by_id=user.id,
            created_at=moment(item["created_at"]),
        )
        for item in document["responses"]
    ]
    db.session.add_all(rows)
    return review
