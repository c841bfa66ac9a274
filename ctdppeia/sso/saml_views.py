"""SAML 2.0 sign-in: this service's metadata, the start, and the assertion consumer service."""

import logging
from dataclasses import asdict

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response as BaseResponse

from ctdppeia import audit
from ctdppeia.access import public
from ctdppeia.auth.redirects import safe_next
from ctdppeia.database import transaction
from ctdppeia.extensions import csrf
from ctdppeia.sso import accounts, saml
from ctdppeia.sso.accounts import DirectoryRefusal, Person
from ctdppeia.sso.signin import finish
from ctdppeia.sso.views import refused

log = logging.getLogger(__name__)

bp = Blueprint("saml", __name__, url_prefix="/saml")

# Names the request this browser started. SameSite=None (with Secure) so that the identity
# provider's cross-site POST brings it back; Lax on plain HTTP, where None is not allowed.
REQUEST_COOKIE = "ctdppeia-saml-request"
SAML_RESPONSE_MAX = 200_000  # characters of a base64 SAMLResponse


def _enabled_or_404() -> None:
    if not saml.enabled():
        abort(404)


@bp.route("/metadata")
@public
def metadata() -> Response:
    _enabled_or_404()
    return Response(saml.metadata(), mimetype="application/samlmetadata+xml")


@bp.route("/sign-in")
@public
def start() -> BaseResponse:
    _enabled_or_404()
    request_id, location = saml.start(safe_next(request.args.get("next")))
    response = redirect(location)
    secure = bool(current_app.config["SESSION_COOKIE_SECURE"])
    response.set_cookie(
        REQUEST_COOKIE,
        request_id,
        max_age=int(saml.REQUEST_LIFETIME.total_seconds()),
        path="/saml/",
        secure=secure,
        httponly=True,
        samesite="None" if secure else "Lax",
    )
    return response


@bp.route("/acs", methods=["POST"])
@public
@csrf.exempt  # the signed response, answering this browser's own request, is the proof
def acs() -> BaseResponse | tuple[str, int]:
    _enabled_or_404()
    saml_response = request.form.get("SAMLResponse", "")
    request_id = request.cookies.get(REQUEST_COOKIE, "")
    try:
        if not saml_response or len(saml_response) > SAML_RESPONSE_MAX:
            raise DirectoryRefusal(saml.NOT_CONFIRMED)
        with transaction():
            signed_in, next_path, saml_session = saml.read_response(saml_response, request_id)
        response = finish(signed_in, next_path)
        session[saml.SESSION_KEY] = asdict(saml_session)
    except DirectoryRefusal as refusal:
        log.warning("SAML sign-in refused: %s from %s", refusal, request.remote_addr)
        status = 400 if str(refusal) == saml.NOT_CONFIRMED else 403
        return refused(_(str(refusal)), status)  # the messages are marked in ctdppeia.sso
    response.delete_cookie(REQUEST_COOKIE, path="/saml/")
    return response


@bp.route("/slo")
@public
def slo() -> BaseResponse:
    """Single logout: the identity provider's answer to ours, or its own request to end a
    person's sessions here (signed; every session of the account ends)."""
    _enabled_or_404()
    if "SAMLRequest" not in request.args:
        flash(_("You have signed out."), "info")
        return redirect(url_for("auth.login"))
    try:
        issuer, name_id, answer = saml.read_logout_request(request.args)
    except ValueError as error:
        log.warning("SAML logout request refused: %s from %s", error, request.remote_addr)
        abort(400)
    user = accounts.find(Person(issuer=issuer, subject=name_id, email="", name=""))
    if user is not None:
        with transaction():
            user.end_sessions()
            audit.record(
                None, "user.signed_out_by_directory", user,
                summary=f"The identity provider ended {user.name}'s sessions",
            )  # fmt: skip
    return redirect(answer)
