"""Signing in and out, and changing one's own password."""

import logging

from flask import (
    Blueprint,
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
from werkzeug.wrappers import Response

from ctdppeia.access import ALL_ROLES, public, roles
from ctdppeia.auth import services, sessions, throttle
from ctdppeia.auth.forms import ChangePasswordForm, LoginForm
from ctdppeia.auth.mfa import signin as second_step
from ctdppeia.auth.mfa.forms import CodeForm
from ctdppeia.auth.mfa.services import TwoStepError, check_code
from ctdppeia.auth.redirects import safe_next
from ctdppeia.logs import security_event

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = _l("That email address and password do not match an active account.")
USE_STATE_ACCOUNT = _l(
    'Staff sign in with their state account. Use the button "Sign in with your state account".'
)


@bp.route("/login", methods=["GET", "POST"])
@public
@throttle.limit_sign_in
def login() -> str | Response | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data or "", form.password.data or "")
        except services.DirectoryOnly:
            form.form_errors.append(USE_STATE_ACCOUNT)
            return render_template("auth/login.html", form=form), 403
        if user is not None and user.mfa_enabled:
            second_step.start_pending(user, safe_next(request.args.get("next")))
            return redirect(url_for("auth.second_step"))
        if user is not None:
            sessions.start_session(user)
            security_event(
                "sign-in",
                logging.INFO,
                "sign-in: account %s from %s",
                user.id,
                request.remote_addr,
                user_id=user.id,
                address=request.remote_addr,
            )
            return redirect(safe_next(request.args.get("next")))
        # repr() keeps a typed line break from forging a log line; the password is never logged
        security_event(
            "sign-in.refused",
            logging.WARNING,
            "sign-in refused: %r from %s",
            form.email.data,
            request.remote_addr,
            email=form.email.data,
            address=request.remote_addr,
        )
        form.form_errors.append(WRONG_CREDENTIALS)
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"], endpoint="second_step")
@public
@throttle.limit_sign_in
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
            security_event(
                "sign-in.refused",
                logging.WARNING,
                "sign-in code refused: account %s from %s",
                user.id,
                request.remote_addr,
                user_id=user.id,
                address=request.remote_addr,
            )
            form.show_error(_(str(error)))  # marked in ctdppeia.auth.mfa.services
            return render_template("auth/code.html", form=form), 401
        security_event(
            "sign-in",
            logging.INFO,
            "sign-in with code: account %s from %s",
            user.id,
            request.remote_addr,
            user_id=user.id,
            address=request.remote_addr,
        )
        return redirect(second_step.finish(user))
    return render_template("auth/code.html", form=form)


@bp.route("/logout", methods=["POST"])
@roles(ALL_ROLES)
def logout() -> Response:
    message = _("You have signed out.")  # in the language of the user who signs out
    saved = dict(session)  # what a directory sign-in kept, to end its session there too
    user = current_user._get_current_object()
    services.sign_out(user)
    security_event(
        "sign-out",
        logging.INFO,
        "sign-out: account %s from %s",
        user.id,
        request.remote_addr,
        user_id=user.id,
        address=request.remote_addr,
    )
    logout_user()
    session.clear()
    flash(message, "info")
    # A directory sign-in also ends at the directory, where it offers that (single logout).
    destination = services.sign_out_destination(saved)
    return redirect(destination or url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@roles(ALL_ROLES)
@throttle.limit_checks
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            current, new = form.current_password.data or "", form.new_password.data or ""
            services.change_password(user, current, new)
        except services.PasswordChangeError as error:
            if error.field == "current_password":
                throttle.refused()
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


bp.register_error_handler(RateLimitExceeded, throttle.too_many_attempts)
