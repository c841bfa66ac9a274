"""People: a client signed in as someone, and the directory of the single sign-on provider."""

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.models import User
from tests.conftest import PASSWORD, put_session


def as_user(app: Flask, user: User) -> FlaskClient:
    """A new client signed in as `user`."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if response.location.endswith("/login/code"):  # two-step sign-in: tests/mfa type codes
        put_session(client, user)
    return client


# The single sign-on provider's groups and the app's mapping of them (tests/sso, tests/e2e).
GROUPS: dict[str, dict[str, Any]] = {
    "dss-reviewers": {"role": "reviewer", "agency": "DSS"},
    "dss-approvers": {"role": "approver", "agency": "DSS"},
    "state-admins": {"role": "admin", "agency": "OPM"},
    "ai-group-chair": {"role": "ai_reviewer", "agency": "OPM", "ai_chair": True},
}

# The provider's accounts: who signs in there, and the groups they are in.
ACCOUNTS: dict[str, dict[str, Any]] = {
    "ana": {"email": "ana.reviewer@ct.gov", "name": "Ana Reviewer", "groups": ["dss-reviewers"]},
    "bo": {"email": "bo.approver@ct.gov", "name": "Bo Approver", "groups": ["dss-approvers"]},
    "cy": {
        "email": "cy.admin@ct.gov",
        "name": "Cy Admin",
        "groups": ["state-admins"],
        "amr": ["pwd", "mfa"],
    },
    "di": {
        "email": "di.admin@ct.gov",
        "name": "Di Admin",
        "groups": ["state-admins"],
        "amr": ["pwd"],
    },
    "ed": {"email": "ed.other@ct.gov", "name": "Ed Other", "groups": ["unmapped-group"]},
    "fay": {
        "email": "fay@ct.gov",
        "name": "Fay Two Hats",
        "groups": ["dss-reviewers", "dss-approvers"],
    },
}
