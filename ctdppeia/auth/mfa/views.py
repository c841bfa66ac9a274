"""The two-step sign-in pages of one's own account: its state, setting it up, turning it off."""

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import ALL_ROLES, roles
from ctdppeia.auth import sessions, throttle
from ctdppeia.auth.mfa import codes, services
from ctdppeia.auth.mfa.forms import RenewForm, SetUpForm, TurnOffForm
from ctdppeia.auth.mfa.signin import mark_passed
from ctdppeia.models import User

bp = Blueprint("mfa", __name__, url_prefix="/account/two-step")

bp.register_error_handler(RateLimitExceeded, throttle.too_many_attempts)

SETUP_KEY = "mfa_setup_key"  # the new key, encrypted, until a code confirms it


def _user() -> User:
    return current_user._get_current_object()


@bp.route("/")
@roles(ALL_ROLES)
def status() -> str:
    return _status_page(_user())


def _status_page(user: User) -> str:
    """Whether it is on: also what set-up shows when it is on, and turn-off when it is off."""
    left = len(services.unused_recovery_codes(user)) if user.mfa_enabled else 0
    retired = user.mfa_enabled and services.has_retired_recovery_codes(user)
    return render_template("auth/mfa/status.html", user=user, recovery_left=left, retired=retired)


def _setup_key() -> str:
    """The key being set up: the same one across reloads, until it is confirmed."""
    key = codes.unseal(session.get(SETUP_KEY))
    if key is None:
        key = codes.new_key()
        session[SETUP_KEY] = codes.seal(key)
    return key


@bp.route("/set-up", methods=["GET", "POST"])
@roles(ALL_ROLES)
@throttle.limit_checks
def setup() -> str | Response | tuple[str, int]:
    user = _user()
    if user.mfa_enabled:
        return _status_page(user)
    key, form = _setup_key(), SetUpForm()
    if form.validate_on_submit():
        try:
            recovery = services.enable(user, key, form.code.data or "")
        except services.TwoStepError as error:
            throttle.refused()
            form.show_error(_(str(error)))
        else:
            session.pop(SETUP_KEY, None)
            sessions.keep_session(user)  # every other session of the account has ended
            mark_passed()  # a right code was just typed in this session
            return render_template("auth/mfa/recovery_codes.html", recovery=recovery)
    qr = codes.qr_svg(key, user.email, _("QR code for your authenticator app"))
    page = render_template("auth/mfa/setup.html", form=form, qr=qr, key=codes.grouped(key))
    return (page, 400) if form.errors else page


@bp.route("/turn-off", methods=["GET", "POST"])
@roles(ALL_ROLES)
@throttle.limit_checks
def turn_off() -> str | Response | tuple[str, int]:
    user = _user()
    if not user.mfa_enabled:
        return _status_page(user)
    form = TurnOffForm()
    if form.validate_on_submit():
        try:
            services.disable(user, form.password.data or "", form.code.data or "")
        except services.TwoStepError as error:
            throttle.refused()
            form.show_error(error.field, _(str(error)))
        else:
            flash(_("Two-step sign-in is off."), "success")
            return redirect(url_for("mfa.status"))
    page = render_template("auth/mfa/turn_off.html", form=form)
    return (page, 400) if form.errors else page


@bp.route("/recovery-codes", methods=["GET", "POST"])
@roles(ALL_ROLES)
@throttle.limit_checks
def renew() -> str | Response | tuple[str, int]:
    """Ten new recovery codes in place of the old ones (used up, lost, or of the old kind)."""
    user = _user()
    if not user.mfa_enabled:
        return _status_page(user)
    form = RenewForm()
    if form.validate_on_submit():
        try:
            recovery = services.renew_recovery_codes(
                user, form.password.data or "", form.code.data or ""
            )
        except services.TwoStepError as error:
            throttle.refused()
            form.show_error(error.field, _(str(error)))
        else:
            return render_template("auth/mfa/recovery_codes.html", recovery=recovery, renewed=True)
    page = render_template("auth/mfa/renew.html", form=form)
    return (page, 400) if form.errors else page
