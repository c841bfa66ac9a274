"""The advisory group's queue with its filters, the AI reviewer's home, and the demo data."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.ai.tier import tier_of
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, Role, User
from ctdppeia.pdf.snapshot import validate_snapshot
from ctdppeia.reviews.snapshot import build_snapshot
from tests.conftest import AuthActions
from tests.factories.use_cases import new_use_case, start_ai_review


def rows(client: FlaskClient, status: str = "") -> str:
    page = client.get(f"/ai-use-cases/?status={status}").get_data(as_text=True)
    return page.split("<tbody>")[1] if "<tbody>" in page else ""


def test_the_queue_filters_by_where_each_use_case_stands(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, make_user
) -> None:
    new_use_case(app, reviewer, name="Fresh idea")
    in_review = new_use_case(app, reviewer, name="Being looked at")
    start_ai_review(app, reviewer, in_review)
    new_use_case(app, make_user(agency="DOL"), name="Labor's chatbot")
    auth.login(Role.AI_REVIEWER, agency="OPM")
    everything = rows(client)
    assert all(name in everything for name in ("Fresh idea", "Being looked at", "Labor&#39;s"))
    new = rows(client, "new")
    assert "Fresh idea" in new and "Labor&#39;s" in new and "Being looked at" not in new
    reviewing = rows(client, "in-review")
    assert "Being looked at" in reviewing and "Fresh idea" not in reviewing
    assert rows(client, "decided") == ""
    assert "Fresh idea" in rows(client, "nonsense")  # an unknown filter shows everything


def test_the_ai_reviewers_home_leads_to_the_use_cases(
    client: FlaskClient, auth: AuthActions
) -> None:
    auth.login(Role.AI_REVIEWER)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/ai-use-cases/"' in home and "AI use cases" in home
    empty = client.get("/reviews/").get_data(as_text=True)
    assert "page of a request." not in empty


def test_seed_demo_adds_use_cases_in_several_states(
    app: Flask, seeded_demo: str, client: FlaskClient
) -> None:
    with app.app_context():
        # three from the intake's demo, two the advisory group votes on, two in the inventory
        assert db.session.query(AIUseCase).count() == 8
        query = select(Review).where(Review.subject_kind == "ai-use-case")
        states = sorted(review.status for review in db.session.scalars(query))
        # the inventory's two systems were decided: the chatbot's review is confirmed, the
        # fraud score's waits for an approver of its agency (the demo has none)
        assert states == [
            "in-progress",
            "in-progress",
            "locked",
            "locked",
            "submitted",
            "submitted",
            "submitted",
        ]
        # the renewal pre-fill: presumed high-impact (section 6(m)), set aside in writing
        prefill = db.session.scalars(select(AIUseCase).filter_by(name="Renewal pre-fill")).one()
        found = tier_of(db.session.scalars(query.filter_by(subject_id=prefill.id)).one())
        assert (found.questionnaire, found.computed) == ("high", "medium")
        assert found.rebuttal is not None and found.set_aside
        submitted = next(r for r in db.session.scalars(query) if r.status == "submitted")
        snapshot = build_snapshot(submitted)
        validate_snapshot(snapshot)
        assert snapshot["tier"]["computed"] == "medium"
        assert all(item["explanation"] for item in snapshot["tier"]["obligations"])
    password = seeded_demo.split("password for all of them: ")[1].strip()
    login = {"email": "ai-reviewer@demo.ct.gov", "password": password}
    assert client.post("/login", data=login).status_code == 302
    queue = rows(client)
    for status in ("New: no review yet", "In review", "Waiting for a decision", "Decided"):
        assert status in queue
