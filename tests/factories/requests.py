"""Data requests: the form a reviewer fills in, and requests recorded through the services."""

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import Flask

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.models import User
from ctdppeia.requests.services import create_request

MakeRequest = Callable[..., int]

# A draft request from a university: what `new_request` records unless told otherwise.
DRAFT: dict[str, Any] = {
    "title": "Wages and child care",
    "requesting_org": "UConn",
    "contact_name": "José Núñez",
    "contact_email": "jose@example.edu",
    "requester_type": "university",
    "purpose": "Find out *why*.",
    "status": "draft",
}


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
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def new_request(app: Flask, user: User, title: str = DRAFT["title"], **fields: Any) -> int:
    """A draft request recorded by `user` (the fields of DRAFT, changed by `fields`)."""
    with app.app_context():
        owner = db.session.get_one(User, user.id)
        return create_request(owner, {**DRAFT, "title": title, **fields}, []).id


def record_request(app: Flask, user: User, holders: tuple[str, ...] = (), **fields: Any) -> int:
    """A request with data holders and dates, recorded by `user` (the ``make_request``
    fixture)."""
    values: dict[str, Any] = {
        "title": "A request",
        "requesting_org": "Some organization",
        "contact_name": "Sam Contact",
        "contact_email": "sam@example.org",
        "requester_type": "nonprofit",
        "purpose": "A purpose.",
        "delivery_date": date(2027, 1, 1),
        "destruction_date": date(2028, 1, 1),
    }
    values.update(fields)
    with app.app_context():
        author = db.session.get_one(User, user.id)
        holder_ids = [accounts.agency_by_code(code).id for code in holders]
        return create_request(author, values, holder_ids).id
