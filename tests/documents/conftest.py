"""Fixtures for the signed review PDF: DPPEIA reviews taken to each state through the services
(tests/factories/reviews.py).

Filling, submitting and signing a review takes seconds, so it is done once per test process
(``_signed_review``) and its databases are saved; ``submitted`` and ``locked`` put the saved one
under the test's app whenever the test's database is exactly where the saved step started from
(the same rows, settings and instance folder), and otherwise take the step for real."""

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask

from ctdppeia.documents.identity import authority
from ctdppeia.extensions import db
from ctdppeia.models import ReviewDocument, Role, User
from tests import databases
from tests.conftest import MakeUser, _new_app, create_test_user
from tests.factories.reviews import confirm, dppeia_review, submit

REVIEWER_NAME = "Rosa Delgado"
APPROVER_NAME = "Nguyễn Văn An"


@dataclass(frozen=True)
class Made:
    """Ids of a review and the people around it."""

    review_id: int
    request_id: int
    reviewer: User
    approver: User


@pytest.fixture
def reviewer(make_user: MakeUser) -> User:
    return make_user(Role.REVIEWER, agency="DSS", name=REVIEWER_NAME)


@pytest.fixture
def approver(make_user: MakeUser) -> User:
    return make_user(Role.APPROVER, agency="DSS", name=APPROVER_NAME)


@pytest.fixture
def in_progress(app: Flask, reviewer: User, approver: User) -> Made:
    review_id, request_id = dppeia_review(app, reviewer)
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
        review_id, request_id = dppeia_review(app, reviewer)
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
