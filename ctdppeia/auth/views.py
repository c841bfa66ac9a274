"""Signing in and out, and changing one's own password."""

import logging

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_login import current_user, logout_user

from ctdppeia.access import ALL_ROLES, public, roles
from ctdppeia.auth import services, sessions
from ctdppeia.auth.forms import ChangePasswordForm, LoginForm
from ctdppeia.auth.redirects import safe_next
from ctdppeia.extensions import limiter
from ctdppeia.mfa import signin as second_step
from ctdppeia.mfa.forms import CodeForm
from ctdppeia.mfa.services import TwoStepError, check_code

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = _l("That email address and password do not match an active account.")


def _failed_login(response: Response) -> bool:
    """Only failed attempts count against the rate limits."""
    return request.method == "POST" and response.status_code != 302


def _address_limit() -> str:
    return str(current_app.config["LOGIN_FAILURE_LIMIT"])


def _account_limit() -> str:
    return str(current_app.config["ACCOUNT_FAILURE_LIMIT"])


def _account_key() -> str:
    """Failed sign-ins are also counted per account, whatever address they come from: by the
    email typed at the first step, by the account waiting for its code at the second."""
    if request.endpoint == "auth.second_step":
        user = second_step.pending_user()
        return "account:" + (user.email.lower() if user is not None else "")
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


# A wrong password and a wrong code count towards the same limits (shared scopes).
_limit_address = limiter.shared_limit(
    _address_limit, scope="sign-in-address", methods=["POST"], deduct_when=_failed_login
)
_limit_account = limiter.shared_limit(
    _account_limit,
    scope="sign-in-account",
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed_login,
)


@bp.route("/login", methods=["GET", "POST"])
@public
@_limit_address
@_limit_account
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data or "", form.password.data or "")
        if user is not None and user.mfa_enabled:
            second_step.start_pending(user, safe_next(request.args.get("next")))
            return redirect(url_for("auth.second_step"))
        if user is not None:
            sessions.start_session(user)
            log.info("sign-in: account %s from %s", user.id, request.remote_addr)
            return redirect(safe_next(request.args.get("next")))
        # repr() keeps a typed line break from forging a log line; the password is never logged
        log.warning("sign-in refused: %r from %s", form.email.data, request.remote_addr)
        form.form_errors.append(WRONG_CREDENTIALS)
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"], endpoint="second_step")
@public
@_limit_address
@_limit_account
def second_step_code() -> str | Response | tuple[str, int]:
    """The second step: the code from the authenticator app, or a recovery code."""
    user = second_step.pending_user()
    if user is None:
        flash(_("Sign in with your email address and password first."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            check_code(user, form.code.data or "")
        except TwoStepError as error:
            log.warning("sign-in code refused: account %s from %s", user.id, request.remote_addr)
            form.show_error(_(str(error)))  # marked in ctdppeia.mfa.services
            return render_template("auth/code.html", form=form), 401
        log.info("sign-in with code: account %s from %s", user.id, request.remote_addr)
        return redirect(second_step.finish(user))
    return render_template("auth/code.html", form=form)


def too_many_sign_ins(error: RateLimitExceeded) -> tuple[str, int, list[tuple[str, str]]]:
    """The sign-in page again, saying plainly that signing in is paused for a while."""
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    log.warning(
        "sign-in paused (%s): %r from %s", error.description, _account_key(), request.remote_addr
    )
    return render_template("auth/login.html", form=LoginForm(), locked=True), 429, headers


@bp.route("/logout", methods=["POST"])
@roles(ALL_ROLES)
def logout() -> Response:
    message = _("You have signed out.")  # in the language of the user who signs out
    services.sign_out(current_user._get_current_object())  # type: ignore[attr-defined]
    logout_user()
    session.clear()
    flash(message, "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@roles(ALL_ROLES)
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()  # type: ignore[attr-defined]
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
        except services.PasswordChangeError as error:
            form.show_error(error.field, _(str(error)))  # listed in ctdppeia.i18n
        else:
            sessions.keep_session(user)
            flash(_("Your password was changed. You were signed out everywhere else."), "success")
            return redirect(url_for("auth.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/")
@roles(ALL_ROLES)
def home() -> str:
    return render_template("auth/home.html")


bp.register_error_handler(RateLimitExceeded, too_many_sign_ins)
