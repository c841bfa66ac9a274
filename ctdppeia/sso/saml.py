"""SAML 2.0 sign-in (pysaml2, signatures checked by xmlsec1): this service is the service
provider, the state's identity provider is described by its metadata file. Assertions must be
signed; the audience, the recipient, NotOnOrAfter and InResponseTo are checked by pysaml2
against the request this browser started (kept in the database and named by a cookie, since
the identity provider's POST back is cross-site and brings no session cookie); each assertion
is accepted once (SamlAssertionUsed)."""

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT, SAMLError
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.s_utils import SamlException
from saml2.saml import NameID
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.links import public_url
from ctdppeia.models import SamlAssertionUsed, SamlRequest
from ctdppeia.models.timestamps import utcnow
from ctdppeia.sso.accounts import DirectoryRefusal, Person
from ctdppeia.sso.signin import SignedIn
from ctdppeia.translatable import N_

EXTENSION = "ctdppeia.saml"
REQUEST_LIFETIME = timedelta(minutes=10)
SESSION_KEY = "saml_session"  # what single logout needs (SamlSession, as a dict)
NOT_CONFIRMED = N_("The state's sign-in service did not confirm who you are.")


def enabled() -> bool:
    return bool(current_app.config.get("SAML_IDP_METADATA_FILE"))


def entity_id() -> str:
    configured = current_app.config.get("SAML_SP_ENTITY_ID")
    return str(configured) if configured else public_url("saml.metadata")


def _settings() -> dict[str, Any]:
    config = current_app.config
    keys = {"key_file": config["SAML_SP_KEY_FILE"], "cert_file": config["SAML_SP_CERT_FILE"]}
    return {
        "entityid": entity_id(),
        "xmlsec_binary": config.get("SAML_XMLSEC_BINARY") or shutil.which("xmlsec1"),
        **keys,
        "encryption_keypairs": [keys],
        "metadata": {"local": [config["SAML_IDP_METADATA_FILE"]]},
        "accepted_time_diff": int(config["SAML_CLOCK_SKEW_SECONDS"]),
        "allow_unknown_attributes": True,
        "service": {
            "sp": {
                "endpoints": {
                    "assertion_consumer_service": [(public_url("saml.acs"), BINDING_HTTP_POST)],
                    "single_logout_service": [(public_url("saml.slo"), BINDING_HTTP_REDIRECT)],
                },
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": True,
                "allow_unsolicited": False,
            }
        },
    }


def client() -> Saml2Client:
    """This app's service provider (made once: reading the metadata takes a while)."""
    made = current_app.extensions.get(EXTENSION)
    if made is None:
        config = SPConfig()
        config.load(_settings())
        made = current_app.extensions[EXTENSION] = Saml2Client(config=config)
    return made


def metadata() -> str:
    """This service provider's metadata, for the identity provider's administrators."""
    text = create_metadata_string(None, config=client().config, valid=24 * 365, sign=False)
    return text.decode() if isinstance(text, bytes) else str(text)


def start(next_path: str) -> tuple[str, str]:
    """A signed authentication request: its id (remembered with where to go after), and the
    address of the identity provider that carries it (HTTP-Redirect binding)."""
    request_id, info = client().prepare_for_authenticate(binding=BINDING_HTTP_REDIRECT)
    with transaction():
        expires_at = utcnow() + REQUEST_LIFETIME
        db.session.add(SamlRequest(id=request_id, next_path=next_path, expires_at=expires_at))
    return str(request_id), dict(info["headers"])["Location"]


def _take_request(request_id: str) -> str:
    """Where to go after, for the request this browser started; each request answers once."""
    row = db.session.get(SamlRequest, request_id) if request_id else None
    if row is None or row.expires_at < utcnow():
        raise DirectoryRefusal(NOT_CONFIRMED)
    next_path = row.next_path
    taken = db.session.execute(delete(SamlRequest).where(SamlRequest.id == request_id))
    if taken.rowcount != 1:  # type: ignore[attr-defined]  # another request took it first
        raise DirectoryRefusal(NOT_CONFIRMED)
    return next_path


def _first(attributes: dict[str, list[str]], name: str) -> str:
    values = attributes.get(name) or [""]
    return str(values[0])


def _mark_used(assertion_id: str, until: int) -> None:
    expires = datetime.fromtimestamp(until, UTC) if until else utcnow() + REQUEST_LIFETIME
    try:
        db.session.add(SamlAssertionUsed(id=assertion_id, expires_at=expires))
        db.session.flush()
    except IntegrityError as error:
        current_app.logger.warning("SAML assertion %r was used already: refused", assertion_id)
        raise DirectoryRefusal(NOT_CONFIRMED) from error


@dataclass(frozen=True)
class SamlSession:
    """What single logout needs of a SAML sign-in (kept in the session)."""

    idp: str
    name_id: str
    name_id_format: str | None
    session_index: str | None


def read_response(saml_response: str, request_id: str) -> tuple[SignedIn, str, SamlSession]:
    """The person the identity provider's response vouches for, and where to go next; raises
    DirectoryRefusal for any response this browser's request did not get, or got already.
    (In the caller's transaction: the request and the assertion are used up with it.)"""
    next_path = _take_request(request_id)
    try:
        response = client().parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={request_id: next_path}
        )
    except Exception as error:  # pysaml2 raises a dozen unrelated types for a bad response
        current_app.logger.warning("SAML response refused: %r", error)
        raise DirectoryRefusal(NOT_CONFIRMED) from error
    if response is None or response.assertion is None:
        raise DirectoryRefusal(NOT_CONFIRMED)
    _mark_used(str(response.assertion.id), int(response.not_on_or_after or 0))
    return _signed_in(response), next_path, _saml_session(response)


def _saml_session(response: Any) -> SamlSession:
    statements = getattr(response.assertion, "authn_statement", None) or []
    index = statements[0].session_index if statements else None
    return SamlSession(
        idp=str(response.issuer()),
        name_id=str(response.name_id.text),
        name_id_format=response.name_id.format,
        session_index=str(index) if index else None,
    )


def logout_location(signed_in: SamlSession) -> str | None:
    """The identity provider's single logout address with a signed LogoutRequest for this
    sign-in (HTTP-Redirect), or None when the identity provider offers no single logout."""
    services = client().metadata.single_logout_service(
        signed_in.idp, BINDING_HTTP_REDIRECT, "idpsso"
    )
    if not services:
        return None
    destination = services[0]["location"]
    name_id = NameID(format=signed_in.name_id_format, text=signed_in.name_id)
    _request_id, logout_request = client().create_logout_request(
        destination,
        signed_in.idp,
        name_id=name_id,
        reason="urn:oasis:names:tc:SAML:2.0:logout:user",
        session_indexes=[signed_in.session_index] if signed_in.session_index else None,
    )
    info = client().apply_binding(
        BINDING_HTTP_REDIRECT, str(logout_request), destination, sign=True
    )
    return str(dict(info["headers"])["Location"])


def read_logout_request(args: Mapping[str, str]) -> tuple[str, str, str]:
    """The identity provider's signed LogoutRequest (HTTP-Redirect): (its issuer, the person's
    NameID, where to send the LogoutResponse). Raises ValueError for anything else."""
    if not args.get("SigAlg") or not args.get("Signature"):
        raise ValueError("an unsigned LogoutRequest")
    try:
        parsed = client().parse_logout_request(
            args["SAMLRequest"],
            BINDING_HTTP_REDIRECT,
            relay_state=args.get("RelayState"),
            sigalg=args["SigAlg"],
            signature=args["Signature"],
        )
    except Exception as error:  # pysaml2 raises a dozen unrelated types for a bad request
        raise ValueError(f"a LogoutRequest that does not check: {error!r}") from error
    if parsed is None:
        raise ValueError("a LogoutRequest that does not check")
    message = parsed.message
    issuer = str(message.issuer.text)
    response = client().create_logout_response(message, [BINDING_HTTP_REDIRECT], sign=True)
    services = client().metadata.single_logout_service(issuer, BINDING_HTTP_REDIRECT, "idpsso")
    destination = services[0]["location"] if services else ""
    info = client().apply_binding(
        BINDING_HTTP_REDIRECT, str(response), destination, response=True, sign=True
    )
    return issuer, str(message.name_id.text), str(dict(info["headers"])["Location"])


def _signed_in(response: Any) -> SignedIn:
    config = current_app.config
    attributes: dict[str, list[str]] = dict(response.ava or {})
    claims = {
        "sub": response.name_id.text,
        "email": _first(attributes, config["SAML_EMAIL_ATTRIBUTE"]),
        "name": _first(attributes, config["SAML_NAME_ATTRIBUTE"]),
    }
    contexts = {str(context) for context, _authorities, _instant in response.authn_info()}
    return SignedIn(
        person=Person.from_claims(str(response.issuer()), claims),
        groups=[str(group) for group in attributes.get(config["SAML_GROUPS_ATTRIBUTE"], [])],
        second_step=bool(contexts & set(config["SAML_MFA_CONTEXTS"])),
    )


def logout_destination(saved: object) -> str | None:
    """After this service's sign-out: the identity provider's single logout, for a SAML sign-in
    (`saved`: what the session kept), or None."""
    if not isinstance(saved, dict) or not enabled():
        return None
    try:
        return logout_location(SamlSession(**saved))
    except (TypeError, ValueError, SAMLError, SamlException) as error:
        current_app.logger.warning("SAML single logout not started: %r", error)
        return None
