"""Signing in through the state's directory, and back out of it."""

import logging

from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, abort, current_app, redirect, render_template, request, session
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from ctdppeia.access import public
from ctdppeia.auth import sessions
from ctdppeia.auth.redirects import safe_next
from ctdppeia.database import transaction
from ctdppeia.i18n import N_
from ctdppeia.links import public_url
from ctdppeia.mfa.signin import mark_passed
from ctdppeia.models import Role
from ctdppeia.sso import accounts, client, settings
from ctdppeia.sso.accounts import DirectoryRefusal, Person

log = logging.getLogger(__name__)

bp = Blueprint("sso", __name__)

NEXT_KEY = "sso_next"
ID_TOKEN_KEY = "sso_id_token"


@bp.route("/sign-in/state")
@public
def start() -> Response:
    """Send the browser to the directory's sign-in page (a new state, nonce and PKCE verifier)."""
    if not settings.enabled():
        abort(404)
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    return client.provider().authorize_redirect(public_url("sso.callback"))


def _refused(message: str, status: int) -> tuple[str, int]:
    return render_template("sso/refused.html", message=message), status


@bp.route("/sign-in/state/return")
@public
def callback() -> Response | tuple[str, int]:
    """The directory sends the browser back here with a one-time code."""
    if not settings.enabled():
        abort(404)
    try:
        token = client.provider().authorize_access_token()
    except (OAuthError, JoseError, RequestException, ValueError) as error:
        log.warning("directory sign-in refused: %s from %s", error, request.remote_addr)
        return _refused(_("The state's sign-in service did not confirm who you are."), 400)
    try:
        return _sign_in(token)
    except DirectoryRefusal as refusal:
        log.warning("directory sign-in refused: %s from %s", refusal, request.remote_addr)
        return _refused(_(str(refusal)), 403)  # the messages are marked in ctdppeia.sso


def _sign_in(token: dict) -> Response:
    claims = dict(token.get("userinfo") or {})
    issuer = str(claims.get("iss") or current_app.config["OIDC_ISSUER"])
    person = Person.from_claims(issuer, claims)
    assignment = settings.assignment_for(client.groups_of(claims))
    if assignment is None:
        _close_if_known(person, "signed in without a mapped group")
        raise DirectoryRefusal(NO_ROLE)
    if assignment.role is Role.ADMIN and not settings.mfa_satisfied(claims):
        raise DirectoryRefusal(NO_MFA)
    with transaction():
        user = accounts.bring_in_step(person, assignment, str(token["access_token"]))
    next_path = str(session.get(NEXT_KEY) or "/")
    sessions.start_session(user)
    session[ID_TOKEN_KEY] = token.get("id_token")
    mark_passed()  # the directory asked for what two-step sign-in asks (checked above)
    log.info("sign-in from the directory: account %s from %s", user.id, request.remote_addr)
    return redirect(safe_next(next_path))


def _close_if_known(person: Person, reason: str) -> None:
    user = accounts.find(person)
    if user is not None and user.active:
        with transaction():
            accounts.close(user, reason)


NO_ROLE = N_(
    "Your state account is not in a group that gives you a role in this service. "
    "Ask your agency's administrator to add you."
)
NO_MFA = N_(
    "Administrators must sign in to their state account with a second step, such as a code "
    "or an app. Sign in again that way."
)


def logout_destination(id_token: str | None) -> str | None:
    """Where to send the browser after signing out, to end the directory's session too (OpenID
    Connect RP-initiated logout), or None when there is nothing to end there."""
    if not id_token or not settings.enabled():
        return None
    try:
        metadata = client.provider().load_server_metadata()
    except (RequestException, ValueError):
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    result = client.provider().create_logout_url(
        post_logout_redirect_uri=public_url("auth.login"), id_token_hint=id_token
    )
    return str(result["url"])
