"""Fixtures for the signed review PDF: DPPEIA reviews taken to each state through the services,
and helpers to read PDFs with Poppler."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from ctdppeia.documents.identity import authority
from ctdppeia.extensions import db
from ctdppeia.models import RESPONSE_KINDS, DataRequest, Review, ReviewDocument, Role, User
from ctdppeia.questionnaire import Question, evaluate
from ctdppeia.requests.services import create_request
from ctdppeia.reviews import services, workflow
from ctdppeia.reviews.flags import flag_panel
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.state import load_context
from ctdppeia.reviews.subjects import adapter_for
from tests.board_answers.conftest import board_heard
from tests.conftest import MakeUser

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
needs_pdfsig = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="needs pdfsig")

REVIEWER_NAME = "Rosa Delgado"
APPROVER_NAME = "Nguyễn Văn An"


@dataclass(frozen=True)
class Made:
    """Ids of a review and the people around it."""

    review_id: int
    request_id: int
    reviewer: User
    approver: User


def pdf_text(data: bytes) -> str:
    """The text of a PDF via pdftotext, whitespace collapsed to single spaces."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", result.stdout.decode("utf-8"))


def sample_answer(question: Question) -> object:
    """A valid answer for any question type."""
    return {
        "yesno": "yes",
        "choice": question.option_values[0] if question.options else None,
        "multi": [question.option_values[0]] if question.options else None,
        "text": f"Answer to {question.id}",
        "longtext": f"A longer answer to {question.id}, in plain words.",
        "number": 20 if question.max is None or question.max >= 20 else question.max,
        "date": "2027-01-31",
    }[question.type]


def fill_review(app: Flask, user: User, review_id: int, hear_board: bool = True) -> None:
    """Answer every question that is asked and respond to every high flag, so the review can
    be submitted (with `hear_board`, a review the board must hear is shared and its period
    closed with nothing said)."""
    with app.app_context():
        questionnaire = load_context(db.session.get(Review, review_id)).questionnaire
    # The whole review: P0 "no" (the data are not already published), so nothing is skipped.
    answers: dict[str, object] = {"P0": "no"} if questionnaire.has_question("P0") else {}
    for _ in range(3):  # answers reveal other questions; three rounds settle the DPPEIA
        hidden = evaluate(questionnaire, answers).hidden
        answers = {
            q.id: "no" if q.id == "P0" else sample_answer(q)
            for section in questionnaire.sections
            for q in section.questions
            if q.id not in hidden
        }
    for section in questionnaire.sections:
        values = {q.id: answers[q.id] for q in section.questions if q.id in answers}
        with app.app_context():
            review = db.session.get(Review, review_id)
            actor = db.session.get(User, user.id)
            services.save_section(actor, review, section.id, values, review.version, complete=True)
    with app.app_context():
        review = db.session.get(Review, review_id)
        for entry in flag_panel(review).unanswered_high:
            actor = db.session.get(User, user.id)
            kind = next(iter(RESPONSE_KINDS))
            workflow.respond_to_flag(actor, review, entry.flag.id, kind, "We will fix this.")
    if hear_board:
        board_heard(app, user, review_id)  # a board flag: shared, and the period has closed


def start(app: Flask, reviewer: User, agency: str = "DSS") -> tuple[int, int]:
    """A data request of `agency` and a DPPEIA review of it: (review id, request id)."""
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        data_request = create_request(
            actor,
            {
                "title": "Child care subsidies and parents' earnings",
                "requesting_org": "University of Connecticut",
                "contact_name": "José Núñez",
                "contact_email": "jose.nunez@example.edu",
                "requester_type": "university",
                "purpose": "Find out whether families who receive subsidies earn more.",
                "status": "draft",
            },
            [],
        )
        questionnaire = questionnaires().latest("dppeia")
        assert questionnaire is not None
        adapter = adapter_for("data-request")
        subject = db.session.get(DataRequest, data_request.id)
        review = services.start_review(actor, adapter, subject, questionnaire)
        return review.id, data_request.id


def submit(app: Flask, reviewer: User, review_id: int) -> None:
    fill_review(app, reviewer, review_id)
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        review = db.session.get(Review, review_id)
        workflow.submit_review(actor, review, "approve-with-conditions", "Delete by 2029.", "Ok.")


def confirm(app: Flask, approver: User, review_id: int) -> None:
    with app.app_context():
        workflow.confirm_review(
            db.session.get(User, approver.id), db.session.get(Review, review_id)
        )


@pytest.fixture
def reviewer(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, agency="DSS", name=REVIEWER_NAME)


@pytest.fixture
def approver(make_user: MakeUser) -> User:
    return make_user(Role.APPROVER, agency="DSS", name=APPROVER_NAME)


@pytest.fixture
def in_progress(app: Flask, reviewer: User, approver: User) -> Made:
    review_id, request_id = start(app, reviewer)
    return Made(review_id, request_id, reviewer, approver)


@pytest.fixture
def submitted(app: Flask, in_progress: Made) -> Made:
    submit(app, in_progress.reviewer, in_progress.review_id)
    return in_progress


@pytest.fixture
def locked(app: Flask, submitted: Made) -> Made:
    confirm(app, submitted.approver, submitted.review_id)
    return submitted


def stored_pdf(app: Flask, review_id: int) -> bytes:
    with app.app_context():
        query = db.select(ReviewDocument).where(ReviewDocument.review_id == review_id)
        return db.session.scalars(query).one().pdf


@pytest.fixture
def signed_pdf(app: Flask, locked: Made) -> bytes:
    return stored_pdf(app, locked.review_id)


@pytest.fixture
def certificate(app: Flask) -> object:
    """This installation's signing authority certificate (the trust root)."""
    with app.app_context():
        return authority().asn1


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
