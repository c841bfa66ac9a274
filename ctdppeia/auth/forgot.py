""" "Forgot your password?": a signed link by email, then a new password.

Asking answers the same page whether or not the address names an account, and takes the same
path: the email is written either way and handed to a background thread only for an active
account, which writes it to the outbox (ctdppeia.outbox), so the answer takes the same time
whether or not the account exists and never waits for the mail server. Asking is rate
limited per client address and per address typed (PASSWORD_RESET_LIMIT). The link
(ctdppeia.auth.reset_links) expires, dies once the password changes, and choosing the
password through it ends every session of the account. With email off, the page says to
ask an administrator instead.
"""

import logging
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import public
from ctdppeia.auth import reset_links, services
from ctdppeia.auth.forms import ForgotPasswordForm, NewPasswordForm
from ctdppeia.database import transaction
from ctdppeia.extensions import db, limiter
from ctdppeia.i18n import current_language
from ctdppeia.mail import MailError, mail_enabled, render_email
from ctdppeia.models import User
from ctdppeia.notices.email import Link, absolute_url, recipient
from ctdppeia.outbox import PendingEmail, queue_email

log = logging.getLogger(__name__)

bp = Blueprint("password_reset", __name__)
# A token no account's link ever matches: the email for an unknown address is written with it.
_NOBODY = (0, "no account")
_SENDER = "ctdppeia.password_reset_sender"


def reset_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_LIMIT"])


def typed_address() -> str:
    return "reset:" + str(ForgotPasswordForm(meta={"csrf": False}).email.data or "").casefold()


@bp.route("/login/forgot", methods=["GET", "POST"])
@public
@limiter.limit(reset_limit, methods=["POST"], scope="password-reset-address")
@limiter.limit(reset_limit, methods=["POST"], key_func=typed_address, scope="password-reset-email")
def ask() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ForgotPasswordForm()
    if mail_enabled() and form.validate_on_submit():
        _send_link(services.find_user(form.email.data or ""))
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot.html", form=form)


def _send_link(user: User | None) -> None:
    """Write the email whoever asked; send it only to an active account."""
    # A directory account has no password here to reset (docs/single-sign-on.md).
    known = user is not None and user.active and not user.from_directory
    user_id, password_hash = (user.id, user.password_hash) if known and user else _NOBODY
    token = reset_links.make_token(user_id, password_hash)
    email = render_email(
        (user.language if known and user else None) or current_language(),
        "password_reset",
        name=user.name if known and user else "",
        url=absolute_url(Link("password_reset.choose", {"token": token})),
        minutes=int(current_app.config["PASSWORD_RESET_MINUTES"]),
    )
    if known and user:
        log.info("password reset link asked for account %s from %s", user.id, request.remote_addr)
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        _sender().submit(_send, app, recipient(user), email.subject, email.text)
    else:
        log.info("password reset link asked for no active account from %s", request.remote_addr)


def _send(app: Flask, to: str, subject: str, text: str) -> None:
    """In the background thread: write the email to the outbox (a job sends it)."""
    with app.app_context():
        try:
            with transaction():
                queue_email(PendingEmail(to, subject, text))
        except MailError as error:
            log.error("password reset email not sent to %r: %s", to, error)
        finally:
            db.session.remove()


def _sender() -> ThreadPoolExecutor:
    """One background sender per application."""
    executor: ThreadPoolExecutor = current_app.extensions.setdefault(
        _SENDER, ThreadPoolExecutor(max_workers=1, thread_name_prefix="reset-mail")
    )
    return executor


def wait_for_sending(app: Flask) -> None:
    """Block until every email handed to the sender so far was sent (tests, shutdown)."""
    executor: ThreadPoolExecutor | None = app.extensions.get(_SENDER)
    if executor is not None:
        done: Future[None] = executor.submit(lambda: None)
        done.result()


@bp.route("/login/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit(reset_limit, methods=["POST"], scope="password-reset-choose")
def choose(token: str) -> str | Response | tuple[str, int]:
    try:
        user = reset_links.user_for(token)
    except reset_links.LinkProblem as problem:
        return render_template("auth/reset_link_problem.html", reason=problem.reason), 410
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_with_link(user, form.new_password.data or "")
        except services.PasswordChangeError as error:
            form.show_error(_(str(error)))  # listed in ctdppeia.i18n
        else:
            flash(_("Your new password is saved. You were signed out everywhere."), "success")
            flash(_("Sign in with your new password."), "info")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
