"""Signing in and out."""

from flask import Blueprint, Response, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from ctdppeia.access import ALL_ROLES, public, roles
from ctdppeia.auth.forms import LoginForm
from ctdppeia.auth.services import authenticate
from ctdppeia.extensions import limiter

bp = Blueprint("auth", __name__)

WRONG_CREDENTIALS = _l("That email address and password do not match an active account.")


def _failed_login(response: Response) -> bool:
    """Only failed attempts count against the rate limit."""
    return request.method == "POST" and response.status_code != 302


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_FAILURE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_login)
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            session.clear()
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.form_errors.append(WRONG_CREDENTIALS)
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@roles(ALL_ROLES)
def logout() -> Response:
    message = _("You have signed out.")  # in the language of the user who signs out
    logout_user()
    session.clear()
    flash(message, "info")
    return redirect(url_for("auth.login"))


@bp.route("/")
@roles(ALL_ROLES)
def home() -> str:
    return render_template("auth/home.html")


def _safe_next(target: str | None) -> str:
    """Follow ?next= only to a path on this site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("auth.home")
