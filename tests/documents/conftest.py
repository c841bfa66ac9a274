"""Fixtures for the signed review PDF: DPPEIA reviews taken to each state through the services,
and helpers to read PDFs with Poppler.

Filling, submitting and signing a review takes seconds, so it is done once per test process
(``_signed_review``) and its databases are saved; ``submitted`` and ``locked`` put the saved one
under the test's app whenever the test's database is exactly where the saved step started from
(the same rows, settings and instance folder), and otherwise take the step for real."""

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
from ctdppeia.reviews import services, setaside, workflow
from ctdppeia.reviews.flags import flag_panel
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.state import load_context
from ctdppeia.reviews.subjects import adapter_for
from tests import databases
from tests.board.answers.conftest import board_heard
from tests.conftest import MakeUser, _new_app, create_test_user

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
        review = db.session.get(Review, review_id)
        inputs = setaside.each_with(review, "Closed before release.")  # open gaps set aside
        workflow.confirm_review(db.session.get(User, approver.id), review, "", inputs)


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


@dataclass(frozen=True)
class SignedReview:
    """The review of ``in_progress`` as the ``submitted`` and ``locked`` steps leave it."""

    made: Made
    submitted: databases.SavedState
    locked: databases.SavedState


_RESTORED = "tests.documents.restored"


@pytest.fixture(scope="session")
def _signed_review(
    tmp_path_factory: pytest.TempPathFactory,
    _models_template: str,
    _postgres_copies: databases.PostgresCopies | None,
) -> SignedReview:
    """A review started, submitted and signed once per test process, exactly as the fixtures
    below do it on a new database, with the database saved after each step."""
    folder = tmp_path_factory.mktemp("signed-review")
    if _postgres_copies is not None:
        name = f"{_postgres_copies.database}_work"
        url = _postgres_copies.copy_database(_models_template, name)
    else:
        shutil.copyfile(_models_template, folder / "work.sqlite3")
        url = f"sqlite:///{folder / 'work.sqlite3'}"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("CTDPPEIA_ENV", "development")
        app = _new_app(folder, monkeypatch, url)
        reviewer = create_test_user(app, 1, Role.REVIEWER, "DSS", None, name=REVIEWER_NAME)
        approver = create_test_user(app, 2, Role.APPROVER, "DSS", None, name=APPROVER_NAME)
        review_id, request_id = start(app, reviewer)
        steps = []
        for kind, step in (
            ("submitted", lambda: submit(app, reviewer, review_id)),
            ("locked", lambda: confirm(app, approver, review_id)),
        ):
            before, files = databases.row_counts(app), databases.instance_files(app)
            step()
            steps.append(databases.save_state(app, _postgres_copies, folder, kind, before, files))
    return SignedReview(Made(review_id, request_id, reviewer, approver), *steps)


def _same_people(made: Made, saved: Made) -> bool:
    return (made.review_id, made.request_id, made.reviewer.id, made.approver.id) == (
        saved.review_id,
        saved.request_id,
        saved.reviewer.id,
        saved.approver.id,
    )


@pytest.fixture
def submitted(
    app: Flask,
    in_progress: Made,
    _signed_review: SignedReview,
    _postgres_copies: databases.PostgresCopies | None,
) -> Made:
    saved = _signed_review.submitted
    if _same_people(in_progress, _signed_review.made) and databases.fits(app, saved):
        databases.restore_state(app, _postgres_copies, saved)
        app.extensions[_RESTORED] = "submitted"
    else:
        submit(app, in_progress.reviewer, in_progress.review_id)
    return in_progress


@pytest.fixture
def locked(
    app: Flask,
    submitted: Made,
    _signed_review: SignedReview,
    _postgres_copies: databases.PostgresCopies | None,
) -> Made:
    saved = _signed_review.locked
    if app.extensions.get(_RESTORED) == "submitted" and databases.fits(app, saved):
        databases.restore_state(app, _postgres_copies, saved)
        app.extensions[_RESTORED] = "locked"
    else:
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


def set_aside_all(app: Flask, review_id: int) -> dict[str, str]:
    """The confirm form's reasons setting aside every item to close before approval."""
    with app.app_context():
        inputs = setaside.each_with(db.session.get(Review, review_id), "Closed before release.")
    return {setaside.FIELD + flag_id: reason for flag_id, reason in inputs[setaside.STEP].items()}
