"""Signing in with the state's directory (OpenID Connect): accounts made and kept in step from
the directory's groups, local passwords only where they belong. See docs/single-sign-on.md."""

from flask import Flask

from ctdppeia.sso import checks, client, saml_views
from ctdppeia.sso.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(saml_views.bp)
    client.init_app(app)
    app.before_request(checks.still_in_directory)
    app.jinja_env.globals["state_sign_in"] = _state_sign_in_endpoint(app)


def _state_sign_in_endpoint(app: Flask) -> str | None:
    """Where "Sign in with your state account" leads: OpenID Connect when it is set up, else
    SAML when that is; None hides the button."""
    if app.config.get("OIDC_ISSUER"):
        return "sso.start"
    if app.config.get("SAML_IDP_METADATA_FILE"):
        return "saml.start"
    return None
