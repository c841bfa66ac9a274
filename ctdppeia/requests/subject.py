"""Data requests as the subject of reviews (the DPPEIA questionnaire's `data-request`)."""

from typing import Any

from flask import Flask, url_for
from sqlalchemy import ColumnElement, CompoundSelect, Select, and_, false, or_, select
from sqlalchemy.orm import selectinload

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import Agency, DataRequest, Review, Role, User
from ctdppeia.requests import permissions
from ctdppeia.reviews.subjects import SubjectAdapter, register_subject

TEXT = ("text", "longtext")


class DataRequestSubject(SubjectAdapter):
    kind = "data-request"
    label = "data request"
    default_questionnaire = "dppeia"
    prefill_fields = {
        "title": TEXT,
        "requesting-org": TEXT,
        "contact": TEXT,
        "requester-type": ("choice",),
        "purpose": TEXT,
        "datasets": TEXT,
        "data-elements": TEXT,
        "delivery-date": ("date",),
        "destruction-date": ("date",),
    }

    def load_visible_or_404(self, user: User, subject_id: int) -> DataRequest:
        return permissions.get_visible_or_404(user, subject_id)

    def visible_ids(self, user: User) -> Select[Any] | CompoundSelect | None:
        return permissions.visible_ids(user)

    def reviews_visible_to(self, user: User) -> ColumnElement[bool] | None:
        """Reviews of the requests the user's agency owns (the review's stored owner) or
        holds data for (`permissions.holder_of_review`): each checked row by row, so a page
        of the list stops when it is full instead of collecting every id first."""
        if user.role is Role.ADMIN:
            return None
        if user.role not in permissions.AGENCY_STAFF:
            return false()
        owned = and_(Review.subject_kind == self.kind, Review.owner_agency_id == user.agency_id)
        return or_(owned, permissions.holder_of_review(user.agency_id))

    def get(self, subject_id: int) -> DataRequest | None:
        return db.session.get(DataRequest, subject_id)

    def get_many(self, subject_ids: list[int]) -> dict[int, DataRequest]:
        query = (
            select(DataRequest)
            .where(DataRequest.id.in_(subject_ids))
            .options(selectinload(DataRequest.owner_agency))
        )
        return {found.id: found for found in db.session.scalars(query)} if subject_ids else {}

    def title(self, subject: DataRequest) -> str:
        return subject.title

    def url(self, subject: DataRequest) -> str:
        return url_for("requests.show", request_id=subject.id)

    def owner_agency(self, subject: DataRequest) -> Agency:
        return subject.owner_agency

    def agencies(self, subject: DataRequest) -> list[str]:
        holders = [agency.code for agency in subject.data_holders]
        owner = subject.owner_agency.code
        return [owner, *(code for code in holders if code != owner)]

    def organisation(self, subject: DataRequest) -> str:
        return subject.requesting_org

    def contact(self, subject: DataRequest) -> str:
        return f"{subject.contact_name}, {subject.contact_email}"

    def summary_markdown(self, subject: DataRequest) -> str:
        return subject.purpose

    def may_answer(self, user: User, subject: DataRequest) -> bool:
        return permissions.may_answer(user, subject)

    def may_decide(self, user: User, subject: DataRequest) -> bool:
        return permissions.may_decide(user, subject)

    def prefill_value(self, subject: DataRequest, name: str) -> object | None:
        values: dict[str, object | None] = {
            "title": subject.title,
            "requesting-org": subject.requesting_org,
            "contact": self.contact(subject),
            "requester-type": subject.requester_type,
            "purpose": subject.purpose,
            "datasets": subject.datasets,
            "data-elements": subject.data_elements,
            "delivery-date": subject.delivery_date,
            "destruction-date": subject.destruction_date,
        }
        return values.get(name)

    def on_review_status_changed(self, subject: DataRequest, status: str, actor: User) -> None:
        """The request's status follows its reviews: in review while one is open (in progress
        or waiting for approval), decided once they are all locked, a draft before any."""
        db.session.flush()  # the review's own change first, so the query below sees it
        new = status_from_reviews(subject.id)
        if subject.status == new:
            return
        old, subject.status = subject.status, new
        audit.record(
            actor,
            "request.status_changed",
            subject,
            changes={"status": (old, new)},
            summary=f"The request is now {subject.status_label.lower()} (its review changed)",
        )


def status_from_reviews(request_id: int) -> str:
    """The request status that the state of its reviews gives."""
    query = select(Review.confirmed_at).where(
        Review.subject_kind == DataRequestSubject.kind, Review.subject_id == request_id
    )
    confirmed = list(db.session.scalars(query))
    if not confirmed:
        return "draft"
    return "in_review" if any(at is None for at in confirmed) else "decided"


def init_app(app: Flask) -> None:
    register_subject(app, DataRequestSubject())
