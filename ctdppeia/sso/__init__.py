"""Signing in with the state's directory (OpenID Connect): accounts made and kept in step from
the directory's groups, local passwords only where they belong. See docs/single-sign-on.md."""

from collections.abc import Mapping
from typing import Any

from flask import Flask

from ctdppeia.auth.services import register_local_password_rule, register_sign_out_destination
from ctdppeia.models import User
from ctdppeia.sso import checks, client, saml, saml_views
from ctdppeia.sso.settings import may_use_local_password
from ctdppeia.sso.views import bp
from ctdppeia.templatehooks import offering, register_template_hook


def _local_password(user: User) -> bool:
    return may_use_local_password(user.email, user.role, user.from_directory)


def _openid_logout(saved: Mapping[str, Any]) -> str | None:
    return client.logout_destination(saved.get(client.ID_TOKEN_KEY))


def _saml_logout(saved: Mapping[str, Any]) -> str | None:
    return saml.logout_destination(saved.get(saml.SESSION_KEY))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_local_password_rule(app, "directory", _local_password)  # DIRECTORY_ONLY_ROLES
    register_sign_out_destination(app, "openid", _openid_logout)  # single logout, in order
    register_sign_out_destination(app, "saml", _saml_logout)
    app.register_blueprint(saml_views.bp)
    client.init_app(app)
    app.before_request(checks.still_in_directory)
    endpoint = _state_sign_in_endpoint(app)
    if endpoint is not None:  # the button, above the form for local passwords
        button = offering({"state_sign_in": endpoint})
        register_template_hook(app, "sign_in_options", "sso", "sso/_sign_in.html", button)


def _state_sign_in_endpoint(app: Flask) -> str | None:
    """Where "Sign in with your state account" leads: OpenID Connect when it is set up, else
    SAML when that is; None: no button."""
    if app.config.get("OIDC_ISSUER"):
        return "sso.start"
    if app.config.get("SAML_IDP_METADATA_FILE"):
        return "saml.start"
    return None
