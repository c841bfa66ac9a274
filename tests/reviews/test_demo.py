"""The demo data includes one review in progress with flags, one waiting for the approver and
one locked review."""

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Review
from ctdppeia.pdf.snapshot import validate_snapshot
from ctdppeia.reviews.flags import flag_panel
from ctdppeia.reviews.snapshot import build_snapshot


def test_seed_demo_creates_sample_reviews(
    app: Flask, seeded_demo: str, runner: FlaskCliRunner
) -> None:
    with app.app_context():
        requests_only = select(Review).where(Review.subject_kind == "data-request")
        reviews = {r.status: r for r in db.session.scalars(requests_only)}
        assert set(reviews) == {"in-progress", "submitted", "locked"}
        assert reviews["submitted"].submitted_by.email == "reviewer@demo.ct.gov"
        open_review, locked = reviews["in-progress"], reviews["locked"]
        panel = flag_panel(open_review)
        flag_ids = [entry.flag.id for entry in panel.entries]
        assert "reid-1" in flag_ids and panel.rating == "high"
        assert any(entry.response for entry in panel.entries)
        assert locked.confirmed_by.email == "approver@demo.ct.gov"
        assert locked.submitted_by.email == "reviewer@demo.ct.gov"
        statuses = {r.title[:5]: r.status for r in db.session.scalars(select(DataRequest))}
        assert statuses == {"Child": "in_review", "Emerg": "decided", "Food ": "in_review"}
        validate_snapshot(build_snapshot(locked))
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # a second run changes nothing
    with app.app_context():
        assert len(db.session.scalars(select(Review)).all()) == 10  # seven of AI use cases
