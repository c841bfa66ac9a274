"""Signing in through the state's directory, and back out of it."""

import logging
from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, abort, current_app, render_template, request, session
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException
from werkzeug.wrappers import Response

from ctdppeia.access import public
from ctdppeia.auth.redirects import safe_next
from ctdppeia.links import public_url
from ctdppeia.sso import client, settings
from ctdppeia.sso.accounts import DirectoryRefusal, Person
from ctdppeia.sso.client import ID_TOKEN_KEY
from ctdppeia.sso.signin import SignedIn, finish

log = logging.getLogger(__name__)

bp = Blueprint("sso", __name__)

NEXT_KEY = "sso_next"


@bp.route("/sign-in/state")
@public
def start() -> Response:
    """Send the browser to the directory's sign-in page (a new state, nonce and PKCE verifier)."""
    if not settings.enabled():
        abort(404)
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    return client.provider().authorize_redirect(public_url("sso.callback"))


def refused(message: str, status: int) -> tuple[str, int]:
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
        return refused(_("The state's sign-in service did not confirm who you are."), 400)
    try:
        return _sign_in(token)
    except DirectoryRefusal as refusal:
        log.warning("directory sign-in refused: %s from %s", refusal, request.remote_addr)
        return refused(_(str(refusal)), 403)  # the messages are marked in ctdppeia.sso


def _sign_in(token: dict[str, Any]) -> Response:
    claims = dict(token.get("userinfo") or {})
    issuer = str(claims.get("iss") or current_app.config["OIDC_ISSUER"])
    signed_in = SignedIn(
        person=Person.from_claims(issuer, claims),
        groups=client.groups_of(claims),
        second_step=settings.mfa_satisfied(claims),
        access_token=str(token["access_token"]),
    )
    response = finish(signed_in, str(session.get(NEXT_KEY) or "/"))
    session[ID_TOKEN_KEY] = token.get("id_token")
    return response
