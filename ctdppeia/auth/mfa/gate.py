"""Administrators use no page but the two-step sign-in ones until they have turned it on and
passed it in this session (ADMIN_MFA_REQUIRED); checked on every request, after the access
rule."""

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from ctdppeia.access import rule_for
from ctdppeia.auth.mfa.signin import has_passed
from ctdppeia.models import Role

# What an administrator may still do before: sign out, choose the language, set it up.
OPEN_ENDPOINTS = frozenset({"auth.logout", "account.language"})


def _concerns(endpoint: str | None) -> bool:
    """True for a signed-in administrator's request to a page that is not always open."""
    if endpoint is None or endpoint in OPEN_ENDPOINTS or endpoint.startswith("mfa."):
        return False
    rule = rule_for(current_app, endpoint)
    if rule is None or rule.is_public:
        return False
    return bool(current_user.is_authenticated and current_user.role is Role.ADMIN)


def require_admin_two_step() -> Response | None:
    """before_request: send an administrator without two-step sign-in to its set-up page."""
    if not current_app.config["ADMIN_MFA_REQUIRED"] or not _concerns(request.endpoint):
        return None
    if (current_user.mfa_enabled or current_user.from_directory) and has_passed():
        return None  # a directory account passed the directory's own second step
    current_app.logger.info(
        "administrator %s without two-step sign-in sent from %s", current_user.id, request.path
    )
    if current_user.mfa_enabled:  # turned on, but this session never passed it: sign in again
        logout_user()
        session.clear()
        flash(_("Sign in again, with the code from your authenticator app."), "info")
        return redirect(url_for("auth.login"))
    flash(
        _(
            "You manage accounts, so you must turn on two-step sign-in first. It takes two "
            "minutes and an app on your phone."
        ),
        "info",
    )
    return redirect(url_for("mfa.setup"))
