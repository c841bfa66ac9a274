"""API fixtures: agency tokens made through the service, as the token page makes them."""

from collections.abc import Callable

import pytest
from flask import Flask

from ctdppeia.admin.services import agency_by_code
from ctdppeia.api import tokens
from ctdppeia.extensions import db
from ctdppeia.models import Role, User
from tests.conftest import MakeUser

MakeToken = Callable[..., str]
ALL_SCOPES = ["requests:read", "reviews:read"]


@pytest.fixture
def make_token(app: Flask, make_user: MakeUser) -> MakeToken:
    """make_token("DSS", scopes=[...], days=30): a new token's secret."""

    def make(agency: str = "DSS", scopes: list[str] | None = None, days: int = 30) -> str:
        approver = make_user(Role.APPROVER, agency=agency)
        with app.app_context():
            user = db.session.get(User, approver.id)
            made = tokens.create_token(
                user, agency_by_code(agency), "Reports", scopes or ALL_SCOPES, days
            )
            return made.secret

    return make


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
