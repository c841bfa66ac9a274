"""Queues that read stored state: each review keeps its subject's owner agency (filled by the
migration for the reviews already there, kept by every new review), the approver's panel
counts up to a cap and then says "more than", and the review list's caption does the same.
The counts are exact up to the cap; the items listed are the same either way."""

from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from ctdppeia import keyset, waiting
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, DataRequest, Review, Role, User
from ctdppeia.reviews import waiting as reviews_waiting
from ctdppeia.waiting import capped_counts, overdue_since
from tests.conftest import MakeUser, create_test_user
from tests.factories.people import as_user
from tests.factories.requests import new_request
from tests.factories.reviews import start_review
from tests.factories.stored import stored_request, stored_review
from tests.factories.use_cases import one_per_queue_status
from tests.migration_steps import revision_before
from tests.reviews.conftest import APPROVALS
from tests.waiting_page import panel


def _waiting_count(page: str) -> str:
    start = page.index(APPROVALS)
    return page[page.index('class="waiting-count">', start) :].split(">", 1)[1].split("<", 1)[0]


def test_below_the_cap_the_counts_are_exact(
    app: Flask, three_waiting: list[int], approver: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(waiting, "COUNT_CAP", 3)
    page = as_user(app, approver).get("/").get_data(as_text=True)
    assert _waiting_count(page) == "(3, 2 overdue)"
    assert "3 items wait for you." in page and "2 are overdue." in page
    assert "more than" not in page.lower()


def test_past_the_cap_the_panel_says_more_than_and_still_lists_the_oldest(
    app: Flask, three_waiting: list[int], approver: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(waiting, "COUNT_CAP", 2)
    client = as_user(app, approver)
    page = client.get("/").get_data(as_text=True)
    assert _waiting_count(page) == "(more than 2, 2 overdue)"
    assert "More than 2 items wait for you." in page and "2 are overdue." in page
    monkeypatch.setattr(reviews_waiting, "SHOWN", 1)
    page = client.get("/").get_data(as_text=True)
    assert "See them all" in page and "See all 3" not in page
    monkeypatch.setattr(reviews_waiting, "SHOWN", 5)
    monkeypatch.setattr(waiting, "COUNT_CAP", 1)
    page = client.get("/").get_data(as_text=True)
    assert _waiting_count(page) == "(more than 1, more than 1 overdue)"
    assert "More than 1 items wait for you." in page and "More than 1 are overdue." in page
    monkeypatch.setattr(waiting, "COUNT_CAP", 100)
    groups = panel(client)  # the items do not depend on the cap
    assert groups[APPROVALS].titles == ["Oldest request", "Middle request", "Newest request"]


def test_capped_counts_are_exact_to_the_cap_then_one_more(
    app: Flask, three_waiting: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.test_request_context():
        query = select(Review.submitted_at).where(Review.submitted_at.is_not(None))
        late = overdue_since()
        for cap, expected in ((5, (3, 2)), (3, (3, 2)), (2, (3, 2)), (1, (2, 2)), (0, (1, 1))):
            monkeypatch.setattr(waiting, "COUNT_CAP", cap)
            assert capped_counts(query, Review.submitted_at, late) == expected, cap


def test_the_review_list_counts_up_to_its_cap(
    app: Flask, three_waiting: list[int], approver: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = as_user(app, approver)
    assert "3 reviews, most recently changed first" in client.get("/reviews/").get_data(True)
    monkeypatch.setattr(keyset, "COUNT_CAP", 2)
    page = client.get("/reviews/").get_data(as_text=True)
    assert "More than 2 reviews, most recently changed first" in page
    assert page.count("Oldest request") >= 1 and page.count("Newest request") >= 1


def test_a_new_review_keeps_its_subjects_owner_and_a_data_holder_sees_it(
    app: Flask, qdir: Path, reviewer: User, make_user: MakeUser
) -> None:
    holder = make_user(Role.REVIEWER, agency="DOL", name="Dana Holder")
    outsider = make_user(Role.REVIEWER, agency="DEEP", name="Otto Outsider")
    request_id = new_request(app, reviewer, "Shared wages")
    review_id = start_review(app, reviewer, request_id)
    with app.app_context():
        review = db.session.get_one(Review, review_id)
        request = db.session.get_one(DataRequest, request_id)
        assert review.owner_agency_id == request.owner_agency_id
        dol = db.session.get_one(User, holder.id).agency_id
        db.session.execute(
            text("INSERT INTO request_data_holder (request_id, agency_id) VALUES (:r, :a)"),
            {"r": request_id, "a": dol},
        )
        db.session.commit()
    assert "Shared wages" in as_user(app, holder).get("/reviews/").get_data(as_text=True)
    assert "Shared wages" not in as_user(app, outsider).get("/reviews/").get_data(as_text=True)


def test_the_migration_fills_the_owner_of_existing_reviews_locked_ones_too(
    migrated_app: Flask,
) -> None:
    owner = create_test_user(migrated_app, 1, Role.REVIEWER, "DSS", two_step=False)
    chair = create_test_user(migrated_app, 2, Role.AI_REVIEWER, "OPM", two_step=False)
    approver = create_test_user(migrated_app, 3, Role.APPROVER, "DSS", two_step=False)
    with migrated_app.app_context():
        user = db.session.get_one(User, owner.id)
        one_per_queue_status(
            user, db.session.get_one(User, chair.id), db.session.get_one(User, approver.id)
        )
        _data_request_review(user)
        expected = _owners()
        assert len(expected) == 6 and all(expected.values())
        db.session.remove()
        downgrade(revision=revision_before("sc23c0de0011"))
        db.session.remove()
        columns = list(db.session.execute(text("SELECT * FROM review")).keys())
        assert "owner_agency_id" not in columns
        db.session.remove()
        upgrade()
        db.session.remove()
        assert _owners() == expected
        confirmed = db.session.scalar(select(Review).where(Review.confirmed_at.is_not(None)))
        assert confirmed is not None
        confirmed.last_section = "changed"  # the lock still holds after the migration
        with pytest.raises(Exception, match="locked"):
            db.session.commit()
        db.session.rollback()


def _data_request_review(user: User) -> None:
    """A data request of the user's agency whose DPPEIA review waits for approval."""
    request = stored_request(user.agency_id, user.id)
    stored_review(request, user.id)
    db.session.commit()


def _owners() -> dict[int, int]:
    """Each review's stored owner agency, checked against its subject's owner."""
    found = {}
    for review in db.session.scalars(select(Review)):
        if review.subject_kind == "ai-use-case":
            subject_owner = db.session.get_one(AIUseCase, review.subject_id).agency_id
        else:
            subject_owner = db.session.get_one(DataRequest, review.subject_id).owner_agency_id
        assert review.owner_agency_id == subject_owner
        found[review.id] = review.owner_agency_id
    return found
