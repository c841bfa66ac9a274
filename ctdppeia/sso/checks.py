"""A directory account stays signed in only while the directory still says the person belongs:
every DIRECTORY_RECHECK_SECONDS the provider's user information is asked again with the access
token of the last sign-in. A person in no mapped group any more is signed out, and the account
closes; a token the provider no longer accepts ends the session (sign in again)."""

import logging
from datetime import timedelta

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from requests import RequestException
from werkzeug.wrappers import Response

from ctdppeia.auth.mfa.codes import unseal
from ctdppeia.database import transaction
from ctdppeia.models import User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.sso import accounts, client, saml, settings

log = logging.getLogger(__name__)


def _due(user: User, setting: str) -> bool:
    interval = timedelta(seconds=float(current_app.config[setting]))
    checked = user.directory_checked_at
    return checked is None or utcnow() - checked >= interval


def _sign_out(message: str) -> Response:
    logout_user()
    session.clear()
    flash(message, "info")
    return redirect(url_for("auth.login"))


def _left_every_group(claims: dict[str, object]) -> bool:
    """True when the provider's answer lists the person's groups and none gives a role. (A
    provider whose user information has no groups, such as Entra ID's, proves only that the
    token is still accepted.)"""
    if current_app.config["OIDC_GROUPS_CLAIM"] not in claims:
        return False
    return settings.assignment_for(client.groups_of(claims)) is None


def still_in_directory() -> Response | None:
    """before_request: ask the directory again when it is time; sign out who left it."""
    if not current_user.is_authenticated or not current_user.from_directory:
        return None
    user: User = current_user._get_current_object()
    if user.directory_token is None:
        return _saml_again(user)
    if not settings.enabled() or not _due(user, "DIRECTORY_RECHECK_SECONDS"):
        return None
    token = unseal(user.directory_token)
    if token is None:
        return _sign_out(_("Your state sign-in has ended. Sign in again."))
    try:
        claims = client.provider().userinfo(token={"access_token": token, "token_type": "Bearer"})
    except (RequestException, ValueError) as error:
        log.info("directory check failed for account %s: %s", user.id, error)
        return _sign_out(_("Your state sign-in has ended. Sign in again."))
    if _left_every_group(dict(claims)):
        with transaction():
            accounts.close(user, "removed from every mapped group")
        log.warning("account %s removed by the directory: signed out", user.id)
        return _sign_out(_("Your state account no longer gives you a role in this service."))
    with transaction():
        accounts.remember_token(user, token)
    return None


def _saml_again(user: User) -> Response | None:
    """A SAML sign-in gives nothing to ask the identity provider with later: past
    SAML_RECHECK_SECONDS the session ends and the browser goes through the identity provider
    again (at once, when it still has a session there), which refuses a person it removed."""
    if not _due(user, "SAML_RECHECK_SECONDS"):
        return None
    logout_user()
    session.clear()
    if request.method == "GET" and saml.enabled():
        return redirect(url_for("saml.start", next=request.full_path.rstrip("?")))
    flash(_("Your state sign-in has ended. Sign in again."), "info")
    return redirect(url_for("auth.login"))
