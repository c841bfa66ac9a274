"""An account whose password an administrator chose uses no page but the password change
until its owner picks their own (User.password_must_change); checked on every request, after
the access rule and the administrators' two-step gate."""

from flask import Flask, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import rule_for

# What the account may still do: change the password, sign out, choose the language, and
# (administrators, whose gate comes first) set up two-step sign-in.
OPEN_ENDPOINTS = frozenset({"auth.change_password", "auth.logout", "account.language"})


def _concerns(endpoint: str | None) -> bool:
    """True for a signed-in account's request to a page that is not always open."""
    if endpoint is None or endpoint in OPEN_ENDPOINTS or endpoint.startswith("mfa."):
        return False
    rule = rule_for(current_app, endpoint)
    if rule is None or rule.is_public:
        return False
    return bool(current_user.is_authenticated)


def require_own_password() -> Response | None:
    """before_request: send an account with a password chosen for it to the password change."""
    if not _concerns(request.endpoint) or not current_user.password_must_change:
        return None
    # the password page says why (templates/auth/password.html)
    return redirect(url_for("auth.change_password"))


def init_app(app: Flask) -> None:
    app.before_request(require_own_password)
