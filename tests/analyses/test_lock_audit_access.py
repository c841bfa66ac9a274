"""Who may use the analysis pages, the audit trail, and the lock: the service refuses with a
clear message, the pages answer with it, and the database refuses raw SQL."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from ctdppeia.analyses import services
from ctdppeia.analyses.services import LOCKED_ADVICE, AnalysisInput
from ctdppeia.disparity import GroupCount
from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, OutcomeGroup, Review, Role, User
from ctdppeia.models.review_lock import LOCKED
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.errors import ReviewLocked, ReviewSubmitted
from tests.analyses.conftest import (
    ROWS,
    analysis_ids,
    events,
    form_data,
    lock_review,
    post_table,
    stored_rows,
    upload,
)
from tests.conftest import AuthActions, MakeUser

INPUT = AnalysisInput(
    "Service level", "Hired", "favourable", "best", None,
    (GroupCount("A", 100, 50), GroupCount("B", 100, 30)),
)  # fmt: skip


@pytest.fixture
def analysis_id(app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User,
                review_id: int) -> int:  # fmt: skip
    auth.login(reviewer)
    assert post_table(client, review_id).status_code == 302
    return analysis_ids(app, review_id)[0]


def urls(review_id: int, analysis_id: int) -> list[tuple[str, str]]:
    base = f"/reviews/{review_id}/analyses"
    return [
        ("GET", base),
        ("GET", f"{base}/{analysis_id}"),
        ("GET", f"{base}/new"),
        ("POST", f"{base}/new"),
        ("GET", f"{base}/{analysis_id}/edit"),
        ("POST", f"{base}/{analysis_id}/edit"),
        ("GET", f"{base}/upload"),
        ("POST", f"{base}/{analysis_id}/upload"),
        ("GET", f"{base}/{analysis_id}/delete"),
        ("POST", f"{base}/{analysis_id}/delete"),
    ]


# --- the lock -------------------------------------------------------------------------------


def test_the_service_refuses_changes_to_a_locked_review(
    app: Flask, analysis_id: int, review_id: int, reviewer: User, approver: User
) -> None:
    lock_review(app, review_id, reviewer, approver)
    with app.app_context():
        actor = db.session.get(User, reviewer.id)
        review = db.session.get(Review, review_id)
        analysis = db.session.get(OutcomeAnalysis, analysis_id)
        for attempt in (
            lambda: services.create_analysis(actor, review, INPUT),
            lambda: services.update_analysis(actor, analysis, INPUT),
            lambda: services.delete_analysis(actor, analysis),
        ):
            with pytest.raises(ReviewLocked) as refused:
                attempt()
            assert refused.value.advice == LOCKED_ADVICE
    assert stored_rows(app) == (1, 3)


def test_the_service_refuses_changes_while_waiting_for_approval(
    app: Flask, analysis_id: int, review_id: int, reviewer: User
) -> None:
    with app.app_context():
        review = db.session.get(Review, review_id)
        review.submitted_at, review.submitted_by_id = utcnow(), reviewer.id
        db.session.commit()
        with pytest.raises(ReviewSubmitted):
            services.update_analysis(
                db.session.get(User, reviewer.id), db.session.get(OutcomeAnalysis, analysis_id),
                INPUT,
            )  # fmt: skip


def test_the_pages_refuse_changes_to_a_locked_review(
    app: Flask, client: FlaskClient, analysis_id: int, review_id: int, reviewer: User,
    approver: User,
) -> None:  # fmt: skip
    lock_review(app, review_id, reviewer, approver)
    for method, url in urls(review_id, analysis_id)[2:]:
        if url.endswith("upload") and method == "POST":
            response = upload(client, review_id, b"group,total,outcome\n", analysis_id=analysis_id)
        else:
            response = client.open(url, method=method, data=form_data())
        page = response.get_data(as_text=True)
        assert response.status_code == 409, (method, url)
        assert "This review is locked" in page and "start an amendment" in page
    assert stored_rows(app) == (1, 3)
    page = client.get(f"/reviews/{review_id}/analyses/{analysis_id}").get_data(as_text=True)
    assert "Change the table" not in page and "Delete this analysis" not in page
    listing = client.get(f"/reviews/{review_id}/analyses").get_data(as_text=True)
    assert "cannot change" in listing and "Add an analysis" not in listing


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO outcome_analysis (review_id, title, outcome_label, direction, "
        "reference_method, created_by_id, created_at, updated_by_id, updated_at) "
        "VALUES (:review, 'Sneaky', 'x', 'favourable', 'best', :user, :now, :user, :now)",
        "UPDATE outcome_analysis SET title = 'Changed' WHERE review_id = :review",
        "DELETE FROM outcome_analysis WHERE review_id = :review",
        "INSERT INTO outcome_group (analysis_id, review_id, position, label, total, outcome) "
        "VALUES (:analysis, :review, 9, 'Sneaky', 10, 5)",
        "UPDATE outcome_group SET outcome = 0 WHERE review_id = :review",
        "DELETE FROM outcome_group WHERE review_id = :review",
    ],
    ids=["insert analysis", "update analysis", "delete analysis", "insert group",
         "update group", "delete group"],
)  # fmt: skip
def test_the_database_refuses_raw_sql_on_a_locked_review(
    app: Flask, analysis_id: int, review_id: int, reviewer: User, approver: User, statement: str
) -> None:
    lock_review(app, review_id, reviewer, approver)
    params = {"review": review_id, "analysis": analysis_id, "user": reviewer.id, "now": utcnow()}
    with app.app_context():
        with pytest.raises(DBAPIError) as refused:
            db.session.execute(text(statement), params)
            db.session.flush()
        db.session.rollback()
        assert LOCKED in str(refused.value)
        analysis = db.session.get(OutcomeAnalysis, analysis_id)
        assert analysis.title == "Benefit applications 2024"
        assert [(g.label, g.outcome) for g in analysis.groups] == [(r[0], int(r[2])) for r in ROWS]


def test_raw_sql_still_works_before_the_lock(app: Flask, analysis_id: int, review_id: int) -> None:
    with app.app_context():
        db.session.execute(text("UPDATE outcome_group SET outcome = 1 WHERE review_id = :r"),
                           {"r": review_id})  # fmt: skip
        db.session.commit()
        assert {g.outcome for g in db.session.get(OutcomeAnalysis, analysis_id).groups} == {1}


def test_the_database_checks_the_counts(app: Flask, analysis_id: int, review_id: int) -> None:
    for change in ("outcome = total + 1", "total = -1, outcome = 0", "label = '  '"):
        with app.app_context():
            with pytest.raises(DBAPIError):
                db.session.execute(text(f"UPDATE outcome_group SET {change}"))
                db.session.flush()
            db.session.rollback()
    with app.app_context(), pytest.raises(DBAPIError):
        db.session.execute(text("UPDATE outcome_analysis SET direction = 'sideways'"))
    with app.app_context(), pytest.raises(DBAPIError):
        # a group cannot claim another review than its analysis's
        db.session.execute(text("UPDATE outcome_group SET review_id = review_id + 1000"))


# --- the audit trail ------------------------------------------------------------------------


def test_every_change_is_audited_under_the_review(
    app: Flask, client: FlaskClient, analysis_id: int, review_id: int
) -> None:
    (created,) = events(app, "analysis.created")
    assert (created.scope_type, created.scope_id) == ("review", review_id)
    assert (created.object_type, created.object_id) == ("outcome_analysis", analysis_id)
    assert created.changes["title"] == [None, "Benefit applications 2024"]
    assert "Asian: 4 of 8" in created.changes["groups"][1]
    url = f"/reviews/{review_id}/analyses/{analysis_id}"
    rows = [("White", "200", "120"), ("Black or African American", "150", "60")]
    client.post(f"{url}/edit", data=form_data(rows, title="Renamed"))
    (changed,) = events(app, "analysis.changed")
    assert changed.changes["title"] == ["Benefit applications 2024", "Renamed"]
    assert "Asian" in changed.changes["groups"][0] and "Asian" not in changed.changes["groups"][1]
    assert "direction" not in changed.changes
    client.post(f"{url}/edit", data=form_data(rows, title="Renamed"))  # no change, no event
    assert len(events(app, "analysis.changed")) == 1
    client.post(f"{url}/delete")
    (deleted,) = events(app, "analysis.deleted")
    assert (deleted.scope_type, deleted.scope_id) == ("review", review_id)
    assert deleted.changes["title"] == ["Renamed", None]
    assert stored_rows(app) == (0, 0)
    history = client.get(f"/reviews/{review_id}").get_data(as_text=True)
    assert "Added the outcome analysis “Benefit applications 2024”" in history
    assert "Deleted the outcome analysis “Renamed”" in history


def test_delete_asks_first(
    app: Flask, client: FlaskClient, analysis_id: int, review_id: int
) -> None:
    page = client.get(f"/reviews/{review_id}/analyses/{analysis_id}/delete")
    assert "Delete the analysis “Benefit applications 2024”?" in page.get_data(as_text=True)
    assert stored_rows(app) == (1, 3)


# --- who may do what ------------------------------------------------------------------------


def test_board_members_are_refused_every_page(
    client: FlaskClient, auth: AuthActions, analysis_id: int, review_id: int
) -> None:
    auth.logout()
    auth.login(Role.BOARD)
    for method, url in [*urls(review_id, analysis_id), ("GET", "/analyses/template.csv")]:
        assert client.open(url, method=method).status_code == 404, (method, url)


def test_other_agencies_get_404_and_change_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, analysis_id: int, review_id: int
) -> None:
    auth.logout()
    auth.login(Role.REVIEWER, agency="DOT")
    for method, url in urls(review_id, analysis_id):
        response = client.open(url, method=method, data=form_data(title="Hijacked"))
        assert response.status_code == 404, (method, url)
    assert stored_rows(app) == (1, 3)
    assert events(app, "analysis.changed") == []


def test_ai_reviewers_cannot_see_data_request_reviews(
    client: FlaskClient, auth: AuthActions, analysis_id: int, review_id: int
) -> None:
    auth.logout()
    auth.login(Role.AI_REVIEWER)
    for method, url in urls(review_id, analysis_id)[:3]:
        assert client.open(url, method=method).status_code == 404, (method, url)


def test_admins_read_but_do_not_change(
    client: FlaskClient, auth: AuthActions, analysis_id: int, review_id: int
) -> None:
    auth.logout()
    auth.login(Role.ADMIN)
    for method, url in urls(review_id, analysis_id):
        expected = (
            200
            if method == "GET"
            and "/new" not in url
            and not url.endswith(("edit", "upload", "delete"))
            else 403
        )
        assert client.open(url, method=method).status_code == expected, (method, url)


def test_an_approver_of_the_agency_may_add(
    app: Flask, client: FlaskClient, auth: AuthActions, approver: User, analysis_id: int,
    review_id: int,
) -> None:  # fmt: skip
    auth.logout()
    auth.login(approver)
    assert post_table(client, review_id, title="By the approver").status_code == 302
    assert len(analysis_ids(app, review_id)) == 2


def test_an_analysis_of_another_review_is_not_found(
    app: Flask, client: FlaskClient, make_user: MakeUser, analysis_id: int, review_id: int
) -> None:
    with app.app_context():
        review = db.session.get(Review, review_id)
        other = Review(subject_kind=review.subject_kind, subject_id=review.subject_id,
                       owner_agency_id=review.owner_agency_id,
                       questionnaire_version_id=review.questionnaire_version_id,
                       started_by_id=review.started_by_id, completed_sections=[])  # fmt: skip
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    assert client.get(f"/reviews/{other_id}/analyses/{analysis_id}").status_code == 404
    assert client.post(f"/reviews/{other_id}/analyses/{analysis_id}/delete").status_code == 404
    assert stored_rows(app) == (1, 3)
    with app.app_context():
        assert db.session.get(OutcomeGroup, 1) is not None


def test_saving_without_a_change_keeps_the_last_change(
    app: Flask, client: FlaskClient, auth: AuthActions, approver: User, analysis_id: int,
    review_id: int,
) -> None:  # fmt: skip
    with app.app_context():
        before = db.session.get(OutcomeAnalysis, analysis_id).updated_at
    auth.logout()
    auth.login(approver)
    url = f"/reviews/{review_id}/analyses/{analysis_id}/edit"
    assert client.post(url, data=form_data()).status_code == 302
    with app.app_context():
        analysis = db.session.get(OutcomeAnalysis, analysis_id)
        assert analysis.updated_at == before and analysis.updated_by.name == "Rosa Reviewer"
    assert events(app, "analysis.changed") == []
