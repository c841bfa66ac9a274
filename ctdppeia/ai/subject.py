"""AI use cases as the subject of reviews (the Responsible-AI questionnaire's `ai-use-case`).

Who answers: the owner agency's reviewers and approvers, and AI reviewers of any agency (the
advisory group). Who confirms: an approver of the owner agency, as for data requests.
"""

from typing import Any

from flask import Flask, url_for
from sqlalchemy import ColumnElement, Select, and_, exists, false, select
from sqlalchemy.orm import selectinload

from ctdppeia.ai import permissions
from ctdppeia.ai.tier import tier_of
from ctdppeia.extensions import db
from ctdppeia.models import Agency, AIUseCase, Review, Role, User
from ctdppeia.reviews.subjects import SubjectAdapter, register_subject

TEXT = ("text", "longtext")

# The intake's values as the answers of the questionnaire's choice questions (I5, I6, I11).
STAGE_ANSWERS = {"lab-test": "lab", "pilot": "pilot", "in-use": "production"}
STAGE_ANSWERS["procurement"] = "procurement"
HOSTING_ANSWERS = {
    "agency": "state-hosted",
    "state-data-centre": "state-hosted",
    "vendor-cloud": "vendor-cloud",
    "built-in": "built-in",
}
IN_USE_ANSWERS = {"lab-test": "no", "pilot": "yes", "in-use": "yes", "procurement": "no"}


class AIUseCaseSubject(SubjectAdapter):
    kind = "ai-use-case"
    rating_heading = "Risk tier"
    label = "AI use case"
    default_questionnaire = "responsible-ai"
    prefill_fields = {
        "name": TEXT,
        "vendor": TEXT,
        "name-and-vendor": TEXT,
        "description": TEXT,
        "intended-use": TEXT,
        "description-and-use": TEXT,
        "stage": ("choice",),
        "in-use": ("yesno",),
        "hosting": ("choice",),
        "technique": TEXT,
        "public-contact": TEXT,
    }

    def load_visible_or_404(self, user: User, subject_id: int) -> AIUseCase:
        return permissions.get_visible_or_404(user, subject_id)

    def visible_ids(self, user: User) -> Select[Any] | None:
        if user.role in (Role.ADMIN, Role.AI_REVIEWER):
            return None  # every use case (as `permissions.visible_to` says)
        return permissions.visible_to(user).with_only_columns(AIUseCase.id)

    def reviews_visible_to(self, user: User) -> ColumnElement[bool] | None:
        """Every use case's reviews for administrators and AI reviewers; the owner agency's
        staff see those of their agency (the review's stored owner)."""
        if user.role in (Role.ADMIN, Role.AI_REVIEWER):
            return None
        if user.role not in permissions.AGENCY_STAFF:
            return false()
        return and_(Review.subject_kind == self.kind, Review.owner_agency_id == user.agency_id)

    def ready_for_decision(self) -> ColumnElement[bool]:
        """The approver confirms once the advisory group has decided (`advisory.record`'s
        gate): the use case's stored status is then "waiting for approval"."""
        return exists().where(
            AIUseCase.id == Review.subject_id, AIUseCase.queue_status == "waiting-approval"
        )

    def get(self, subject_id: int) -> AIUseCase | None:
        return db.session.get(AIUseCase, subject_id)

    def get_many(self, subject_ids: list[int]) -> dict[int, AIUseCase]:
        query = (
            select(AIUseCase)
            .where(AIUseCase.id.in_(subject_ids))
            .options(selectinload(AIUseCase.agency))
        )
        return {found.id: found for found in db.session.scalars(query)} if subject_ids else {}

    def title(self, subject: AIUseCase) -> str:
        return subject.name

    def url(self, subject: AIUseCase) -> str:
        return url_for("ai.show", use_case_id=subject.id)

    def owner_agency(self, subject: AIUseCase) -> Agency:
        return subject.agency

    def agencies(self, subject: AIUseCase) -> list[str]:
        return [subject.agency.code]

    def organisation(self, subject: AIUseCase) -> str:
        return subject.vendor

    def contact(self, subject: AIUseCase) -> str:
        return subject.public_contact

    def summary_markdown(self, subject: AIUseCase) -> str:
        return f"{subject.description}\n\n**What it will be used for:** {subject.intended_use}"

    def rating_label(self, review: Review, computed: str) -> str:
        """The risk tier in force (an override, a presumption), not the questionnaire's rating."""
        return tier_of(review).label

    def may_answer(self, user: User, subject: AIUseCase) -> bool:
        return permissions.may_answer(user, subject)

    def may_decide(self, user: User, subject: AIUseCase) -> bool:
        return permissions.may_decide(user, subject)

    def prefill_value(self, subject: AIUseCase, name: str) -> object | None:
        values: dict[str, object | None] = {
            "name": subject.name,
            "vendor": subject.vendor,
            "name-and-vendor": f"{subject.name}, made by {subject.vendor}",
            "description": subject.description,
            "intended-use": subject.intended_use,
            "description-and-use": f"{subject.description}\n\n{subject.intended_use}",
            "stage": STAGE_ANSWERS.get(subject.stage),
            "in-use": IN_USE_ANSWERS.get(subject.stage),
            "hosting": HOSTING_ANSWERS.get(subject.hosting),
            "technique": subject.technique,
            "public-contact": subject.public_contact,
        }
        return values.get(name)


def init_app(app: Flask) -> None:
    register_subject(app, AIUseCaseSubject())
