"""Two-step sign-in: a one-time code from an authenticator app after the password."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ctdppeia.auth.mfa.gate import require_admin_two_step
    from ctdppeia.auth.mfa.views import bp

    app.register_blueprint(bp)
    app.before_request(require_admin_two_step)  # after access.enforce_access_rule
