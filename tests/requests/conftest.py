"""Helpers for the data request tests: the form a reviewer fills in, and requests made directly."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from flask import Flask

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import User
from ctdppeia.requests.services import create_request

MakeRequest = Callable[..., int]


def agency_id(app: Flask, code: str) -> int:
    with app.app_context():
        return accounts.agency_by_code(code).id


def request_form(app: Flask, **overrides: Any) -> dict[str, Any]:
    """A valid filled-in request form; a None override leaves that field out."""
    form: dict[str, Any] = {
        "title": "Housing stability and school attendance",
        "requesting_org": "Yale School of Public Health",
        "contact_name": "Dana Lee",
        "contact_email": "dana.lee@example.edu",
        "requester_type": "university",
        "purpose": "Study whether **stable housing** helps children attend school.",
        "data_holders": [agency_id(app, "DOH"), agency_id(app, "SDE")],
        "datasets": "Homeless management information system\nAttendance records",
        "data_elements": "Student ID\nDays absent",
        "delivery_date": "2027-03-01",
        "destruction_date": "2028-03-01",
        "status": "draft",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


@pytest.fixture
def make_request(app: Flask) -> MakeRequest:
    """Record a request as `user` directly: make_request(user, title=..., holders=("DSS",))."""

    def make(user: User, holders: tuple[str, ...] = (), **fields: Any) -> int:
        values: dict[str, Any] = {
            "title": "A request",
            "requesting_org": "Some organisation",
            "contact_name": "Sam Contact",
            "contact_email": "sam@example.org",
            "requester_type": "nonprofit",
            "purpose": "A purpose.",
            "delivery_date": date(2027, 1, 1),
            "destruction_date": date(2028, 1, 1),
            "status": "draft",
        }
        values.update(fields)
        with app.app_context():
            author = db.session.get(User, user.id)
            holder_ids = [accounts.agency_by_code(code).id for code in holders]
            return create_request(author, values, holder_ids).id

    return make
