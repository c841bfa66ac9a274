"""The OpenID Connect client (Authlib): the authorization code flow with PKCE (S256), `state`
and `nonce` checked, the ID token's signature, issuer, audience and expiry verified against the
provider's discovery document and keys, fetched once and fetched again when a token is signed
with a key not yet seen (the provider rotated its keys)."""

from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

CLIENT_NAME = "state"
EXTENSION = "authlib.integrations.flask_client"


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
