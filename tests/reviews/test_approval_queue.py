"""The approval queue on the review list: the most recent reviews the approver may decide,
capped, with a link to all of them."""

import re
from collections import Counter

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Review, User
from ctdppeia.reviews import listing
from ctdppeia.scale.seed import seed_scale
from tests.conftest import put_session

PASSWORD = "scale password 12345"


def _busiest_approver(app: Flask) -> tuple[User, int]:
    """The approver of the agency with the most reviews waiting, and how many wait."""
    with app.app_context():
        owners = db.session.scalars(
            select(DataRequest.owner_agency_id)
            .join(Review, Review.subject_id == DataRequest.id)
            .where(Review.submitted_at.is_not(None))
        )
        agency_id, waiting = Counter(owners).most_common(1)[0]
        approver = db.session.scalar(
            select(User).where(User.agency_id == agency_id, User.email.like("approver-%"))
        )
        assert approver is not None
        db.session.expunge(approver)
    return approver, waiting


def test_the_queue_shows_the_most_recent_and_links_to_the_rest(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app.app_context():
        seed_scale(200, PASSWORD)
    approver, waiting = _busiest_approver(app)
    assert waiting >= 3
    monkeypatch.setattr(listing, "QUEUE_SHOWN", 2)
    put_session(client, approver)
    html = client.get("/reviews/").get_data(as_text=True)
    queue = html.split("<h2>All reviews you can see</h2>")[0]
    assert "The 2 most recently submitted reviews you can confirm or send back" in queue
    assert len(re.findall(r'href="/reviews/\d+"', queue)) == 2
    assert 'href="/reviews/?status=submitted"' in queue
    monkeypatch.setattr(listing, "QUEUE_SHOWN", 25)
    html = client.get("/reviews/").get_data(as_text=True)
    queue = html.split("<h2>All reviews you can see</h2>")[0]
    assert f"{waiting} reviews you can confirm or send back" in queue
    assert len(re.findall(r'href="/reviews/\d+"', queue)) == waiting
    assert "status=submitted" not in queue
