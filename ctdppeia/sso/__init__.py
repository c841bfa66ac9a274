"""Signing in with the state's directory (OpenID Connect): accounts made and kept in step from
the directory's groups, local passwords only where they belong. See docs/single-sign-on.md."""

from flask import Flask

from ctdppeia.sso import checks, client
from ctdppeia.sso.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    client.init_app(app)
    app.before_request(checks.still_in_directory)
    app.jinja_env.globals["state_sign_in"] = bool(app.config.get("OIDC_ISSUER"))
