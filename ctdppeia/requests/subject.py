"""Data requests as the subject of reviews (the DPPEIA questionnaire's `data-request`)."""

from typing import Any

from flask import Flask, url_for
from sqlalchemy import Select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import Agency, DataRequest, User
from ctdppeia.requests import services
from ctdppeia.reviews.subjects import SubjectAdapter, register_subject

TEXT = ("text", "longtext")
# The request status a review's status moves it to.
FOLLOWS = {"in-progress": "in_review", "locked": "decided"}


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
        return services.get_visible_or_404(user, subject_id)

    def visible_ids(self, user: User) -> Select[Any]:
        return services.visible_to(user).with_only_columns(DataRequest.id)

    def get(self, subject_id: int) -> DataRequest | None:
        return db.session.get(DataRequest, subject_id)

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
        """The request is in review while a review is open, and decided once one is locked.
        A withdrawn request stays withdrawn."""
        new = FOLLOWS.get(status)
        if new is None or subject.status in (new, "withdrawn"):
            return
        old, subject.status = subject.status, new
        audit.record(
            actor,
            "request.status_changed",
            subject,
            changes={"status": (old, new)},
            summary=f"The request is now {subject.status_label.lower()} (its review changed)",
        )


def init_app(app: Flask) -> None:
    register_subject(DataRequestSubject())
