"""The OpenID Connect client (Authlib): the authorization code flow with PKCE (S256), `state`
and `nonce` checked, the ID token's signature, issuer, audience and expiry verified against the
provider's discovery document and keys, fetched once and fetched again when a token is signed
with a key not yet seen (the provider rotated its keys)."""

from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from requests import RequestException

from ctdppeia.links import public_url

CLIENT_NAME = "state"
EXTENSION = "authlib.integrations.flask_client"
# The session key of the ID token of a directory sign-in (the hint for single logout).
ID_TOKEN_KEY = "sso_id_token"


def init_app(app: Flask) -> None:
    oauth = OAuth(app)
    issuer = app.config.get("OIDC_ISSUER")
    if not issuer:
        return
    oauth.register(
        CLIENT_NAME,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=f"{str(issuer).rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={
            "scope": app.config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "timeout": app.config["OIDC_TIMEOUT_SECONDS"],
        },
    )


def provider() -> Any:
    """The registered client (Authlib's FlaskOAuth2App) of this app."""
    return current_app.extensions[EXTENSION].create_client(CLIENT_NAME)


def groups_of(claims: dict[str, Any]) -> list[str]:
    """The directory groups a set of claims names (OIDC_GROUPS_CLAIM), as strings."""
    value = claims.get(current_app.config["OIDC_GROUPS_CLAIM"]) or []
    return [value] if isinstance(value, str) else [str(group) for group in value]


def logout_destination(id_token: str | None) -> str | None:
    """Where to send the browser after signing out, to end the directory's session too (OpenID
    Connect RP-initiated logout), or None when there is nothing to end there."""
    if not id_token or not bool(current_app.config.get("OIDC_ISSUER")):
        return None
    try:
        metadata = provider().load_server_metadata()
    except (RequestException, ValueError):
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    result = provider().create_logout_url(
        post_logout_redirect_uri=public_url("auth.login"), id_token_hint=id_token
    )
    return str(result["url"])
