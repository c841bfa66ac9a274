"""Signing in with SAML 2.0 against a real identity provider (pysaml2's IdP): the account from
the directory's groups, and every response that must be refused."""

import base64
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia import create_app
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Role, SamlRequest, User
from ctdppeia.models.timestamps import utcnow
from tests.conftest import _test_settings
from tests.factories.people import GROUPS
from tests.sso.saml_idp import (
    IDP_ENTITY_ID,
    IDP_SLO_URL,
    MFA_CONTEXT,
    IdentityProvider,
    key_and_certificate,
    xmlsec_ready,
)

ANA = {"email": ["ana.reviewer@ct.gov"], "name": ["Ana Reviewer"], "groups": ["dss-reviewers"]}


@pytest.fixture
def idp(tmp_path: Path) -> IdentityProvider:
    why_not = xmlsec_ready()
    if why_not:
        pytest.skip(why_not)
    folder = tmp_path / "idp"
    folder.mkdir()
    return IdentityProvider(folder).start()


@pytest.fixture
def saml_app(app: Flask, idp: IdentityProvider, tmp_path: Path) -> Iterator[Flask]:
    """An app on `app`'s database that signs staff in with the test identity provider, whose
    metadata the identity provider has loaded."""
    key_file, cert_file = key_and_certificate(tmp_path, "sp")
    settings = {
        "SAML_IDP_METADATA_FILE": idp.metadata_file,
        "SAML_SP_KEY_FILE": key_file,
        "SAML_SP_CERT_FILE": cert_file,
        "DIRECTORY_GROUPS": GROUPS,
        "PUBLIC_BASE_URL": "http://localhost",
    }
    made = create_app(_test_settings(str(app.config["DATABASE_URL"])) | settings)
    metadata = made.test_client().get("/saml/metadata")
    assert metadata.status_code == 200
    idp.trust(metadata.get_data(as_text=True))
    yield made
    with made.app_context():
        db.session.remove()
        db.engine.dispose()


def begin(client: FlaskClient) -> str:
    response = client.get("/saml/sign-in", query_string={"next": "/requests"})
    assert response.status_code == 302
    return response.location


def post(client: FlaskClient, saml_response: str) -> Any:
    return client.post("/saml/acs", data={"SAMLResponse": saml_response})


def account(app: Flask, email: str) -> User | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is not None:
            _ = user.agency.code
            db.session.expunge(user)
        return user


def test_a_signed_assertion_signs_the_person_in(saml_app: Flask, idp: IdentityProvider) -> None:
    client = saml_app.test_client()
    response = post(client, idp.respond(begin(client), ANA, "ana-1"))
    assert response.status_code == 302 and response.location == "/requests"
    user = account(saml_app, "ana.reviewer@ct.gov")
    assert user is not None and user.from_directory
    assert (user.role, user.agency.code, user.directory_issuer) == (
        Role.REVIEWER, "DSS", IDP_ENTITY_ID,
    )  # fmt: skip
    assert client.get("/").status_code == 200
    with saml_app.app_context():
        actions = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_id == user.id)
        )
        assert "user.created_from_directory" in list(actions)


def test_the_metadata_describes_this_service(saml_app: Flask) -> None:
    text = saml_app.test_client().get("/saml/metadata").get_data(as_text=True)
    assert 'entityID="http://localhost/saml/metadata"' in text
    assert "http://localhost/saml/acs" in text and "X509Certificate" in text


def test_an_unsigned_assertion_is_refused(saml_app: Flask, idp: IdentityProvider) -> None:
    client = saml_app.test_client()
    response = post(client, idp.respond(begin(client), ANA, "ana-1", sign_assertion=False))
    assert response.status_code == 400
    assert account(saml_app, "ana.reviewer@ct.gov") is None


def test_a_tampered_assertion_is_refused(saml_app: Flask, idp: IdentityProvider) -> None:
    client = saml_app.test_client()
    signed = base64.b64decode(idp.respond(begin(client), ANA, "ana-1")).decode()
    tampered = signed.replace("dss-reviewers", "state-admins")
    assert tampered != signed
    response = post(client, base64.b64encode(tampered.encode()).decode())
    assert response.status_code == 400
    assert account(saml_app, "ana.reviewer@ct.gov") is None


def test_a_replayed_assertion_is_refused(saml_app: Flask, idp: IdentityProvider) -> None:
    client = saml_app.test_client()
    start = begin(client)
    request_id = client.get_cookie("ctdppeia-saml-request", path="/saml/")
    assert request_id is not None
    saml_response = idp.respond(start, ANA, "ana-1")
    assert post(client, saml_response).status_code == 302
    assert post(client, saml_response).status_code == 400  # its request is answered already
    # Even with its request open again (another host's copy, a race), the assertion is used up.
    with saml_app.app_context():
        db.session.add(
            SamlRequest(
                id=request_id.value, next_path="/", expires_at=utcnow() + timedelta(minutes=5)
            )
        )
        db.session.commit()
    replay = saml_app.test_client()
    replay.set_cookie("ctdppeia-saml-request", request_id.value, path="/saml/")
    assert post(replay, saml_response).status_code == 400
    assert replay.get("/").status_code == 302  # not signed in
    with saml_app.app_context():
        assert db.session.get(SamlRequest, request_id.value) is not None  # refused: not used


def test_an_assertion_for_another_recipient_is_refused(
    saml_app: Flask, idp: IdentityProvider
) -> None:
    client = saml_app.test_client()
    other = "http://localhost/other/acs"
    response = post(client, idp.respond(begin(client), ANA, "ana-1", destination=other))
    assert response.status_code == 400


def test_an_expired_assertion_is_refused(saml_app: Flask, idp: IdentityProvider) -> None:
    idp.set_lifetime(-10)  # NotOnOrAfter ten minutes ago, past the minute of clock skew allowed
    client = saml_app.test_client()
    assert post(client, idp.respond(begin(client), ANA, "ana-1")).status_code == 400
    assert account(saml_app, "ana.reviewer@ct.gov") is None


def test_an_assertion_for_another_audience_is_refused(
    saml_app: Flask, idp: IdentityProvider
) -> None:
    client = saml_app.test_client()
    saml_response = idp.respond(begin(client), ANA, "ana-1", audience="http://other.example/sp")
    assert post(client, saml_response).status_code == 400
    assert account(saml_app, "ana.reviewer@ct.gov") is None


def test_a_response_this_browser_did_not_ask_for_is_refused(
    saml_app: Flask, idp: IdentityProvider
) -> None:
    asker = saml_app.test_client()
    saml_response = idp.respond(begin(asker), ANA, "ana-1")
    assert post(saml_app.test_client(), saml_response).status_code == 400
    assert account(saml_app, "ana.reviewer@ct.gov") is None


def test_an_administrator_needs_the_second_step_context(
    saml_app: Flask, idp: IdentityProvider
) -> None:
    saml_app.config["ADMIN_MFA_REQUIRED"] = True
    admin = {"email": ["cy@ct.gov"], "name": ["Cy"], "groups": ["state-admins"]}
    client = saml_app.test_client()
    assert post(client, idp.respond(begin(client), admin, "cy-1")).status_code == 403
    client = saml_app.test_client()
    response = post(client, idp.respond(begin(client), admin, "cy-1", context=MFA_CONTEXT))
    assert response.status_code == 302
    assert client.get("/admin/users/").status_code == 200


def test_a_group_that_maps_to_no_role_is_refused(saml_app: Flask, idp: IdentityProvider) -> None:
    client = saml_app.test_client()
    nobody = {"email": ["ed@ct.gov"], "name": ["Ed"], "groups": ["unmapped"]}
    assert post(client, idp.respond(begin(client), nobody, "ed-1")).status_code == 403
    assert account(saml_app, "ed@ct.gov") is None


def test_a_saml_sign_in_goes_back_to_the_identity_provider_when_it_lapses(
    saml_app: Flask, idp: IdentityProvider
) -> None:
    saml_app.config["SAML_RECHECK_SECONDS"] = 0
    client = saml_app.test_client()
    assert post(client, idp.respond(begin(client), ANA, "ana-1")).status_code == 302
    response = client.get("/requests")
    assert response.status_code == 302
    assert response.location.startswith("/saml/sign-in?next=/requests")
    # The identity provider no longer lists the person in a mapped group: refused, closed.
    again = client.get(response.location).location
    removed = {**ANA, "groups": []}
    assert post(client, idp.respond(again, removed, "ana-1")).status_code == 403
    user = account(saml_app, "ana.reviewer@ct.gov")
    assert user is not None and not user.active
    assert client.get("/").status_code == 302


def test_signing_out_asks_the_identity_provider_to_end_its_session_too(
    saml_app: Flask, idp: IdentityProvider
) -> None:
    client = saml_app.test_client()
    post(client, idp.respond(begin(client), ANA, "ana-1"))
    response = client.post("/logout")
    assert response.status_code == 302 and response.location.startswith(IDP_SLO_URL)
    assert client.get("/").status_code == 302  # this service's session ended at once
    name_id, back = idp.answer_logout(response.location)  # the signature checks out there
    assert name_id == "ana-1"
    parts = urlsplit(back)
    answered = client.get(parts.path, query_string=parts.query)
    assert answered.status_code == 302 and answered.location == "/login"


def test_the_identity_provider_can_end_a_persons_sessions_here(
    saml_app: Flask, idp: IdentityProvider
) -> None:
    client = saml_app.test_client()
    post(client, idp.respond(begin(client), ANA, "ana-1"))
    assert client.get("/").status_code == 200
    unsigned = urlsplit(idp.logout_request("http://localhost/saml/metadata", "ana-1", sign=False))
    other = saml_app.test_client()
    assert other.get(unsigned.path, query_string=unsigned.query).status_code == 400
    assert client.get("/").status_code == 200  # an unsigned request ends nothing
    signed = urlsplit(idp.logout_request("http://localhost/saml/metadata", "ana-1"))
    answer = other.get(signed.path, query_string=signed.query)
    assert answer.status_code == 302 and answer.location.startswith(IDP_SLO_URL)
    assert "SAMLResponse=" in answer.location
    assert client.get("/").status_code == 302
