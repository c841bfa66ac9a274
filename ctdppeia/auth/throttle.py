"""The limits on checking a password or a code, wherever one is checked.

Wrong passwords and wrong codes are counted twice, in two Flask-Limiter scopes that every such
check shares: per client address (LOGIN_FAILURE_LIMIT) and per account, whatever address the
attempts come from (ACCOUNT_FAILURE_LIMIT). Signing in, the code step, changing one's password,
and setting up or turning off two-step sign-in all count towards the same two counters, so a
guess costs the same on every page.

The account counter is keyed on the account itself, never on text as typed: at sign-in, the
account the address names once the sign-in form has cleaned it (the very form the page uses,
so a hidden character it removes cannot open a second counter); at the code step, the account
waiting for its code; on the account pages, the signed-in account. An address that names no
account is counted under its cleaned, case-folded form.
"""

import logging
import math
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import current_app, g, render_template, request
from flask_babel import gettext as _
from flask_limiter import RateLimitExceeded, RouteLimit
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia import limits
from ctdppeia.auth.forms import LoginForm
from ctdppeia.auth.mfa import signin as second_step
from ctdppeia.auth.services import find_user
from ctdppeia.extensions import limiter
from ctdppeia.logs import security_event
from ctdppeia.models import User

P = ParamSpec("P")
R = TypeVar("R")

SIGN_IN_ENDPOINTS = frozenset({"auth.login", "auth.second_step"})
_REFUSED = "ctdppeia_credential_refused"


def address_limit() -> str:
    return str(current_app.config["LOGIN_FAILURE_LIMIT"])


def account_limit() -> str:
    return str(current_app.config["ACCOUNT_FAILURE_LIMIT"])


def typed_address() -> str:
    """The email address of a sign-in form as the form itself reads it (cleaned, stripped)."""
    return str(LoginForm(meta={"csrf": False}).email.data or "")


def _account_in_question() -> User | None:
    """The account a password or code is being checked for, when there is one."""
    if request.endpoint == "auth.login":
        address = typed_address()
        return find_user(address) if 0 < len(address) <= limits.EMAIL else None
    if request.endpoint == "auth.second_step":
        return second_step.pending_user()
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def account_key() -> str:
    """The per-account counter's key: the account's id, else the address the form read."""
    user = _account_in_question()
    if user is not None:
        return f"account:{user.id}"
    return "address:" + typed_address().casefold()[: limits.EMAIL]


def refused() -> None:
    """Say that this request's password or code was wrong: it counts towards the limits."""
    setattr(g, _REFUSED, True)


def _failed_sign_in(response: Response) -> bool:
    """At sign-in, anything but being let through (a redirect) counts."""
    return request.method == "POST" and response.status_code != 302


def _was_refused(response: Response) -> bool:
    """On the account pages, only a wrong password or code counts, not a weak new password."""
    return request.method == "POST" and bool(g.get(_REFUSED))


def _limits(deduct_when: Callable[[Response], bool]) -> list[RouteLimit]:
    return [
        limiter.shared_limit(
            address_limit, scope="sign-in-address", methods=["POST"], deduct_when=deduct_when
        ),
        limiter.shared_limit(
            account_limit,
            scope="sign-in-account",
            key_func=account_key,
            methods=["POST"],
            deduct_when=deduct_when,
        ),
    ]


def _both(
    deduct_when: Callable[[Response], bool],
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(view: Callable[P, R]) -> Callable[P, R]:
        for limit in reversed(_limits(deduct_when)):
            view = limit(view)
        return view

    return decorate


# The sign-in form and the code step: every POST that does not sign in counts.
limit_sign_in = _both(_failed_sign_in)
# The signed-in pages that check a password or a code: a POST counts when `refused()` was said.
limit_checks = _both(_was_refused)


def too_many_attempts(error: RateLimitExceeded) -> tuple[str, int, list[tuple[str, str]]]:
    """Say plainly that checking a password or code is paused for a while: on the sign-in
    pages, the sign-in page again; on an account page, an error page that says so."""
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    security_event(
        "sign-in.paused",
        logging.WARNING,
        "sign-in paused (%s): %r from %s",
        error.description,
        account_key(),
        request.remote_addr,
        account=account_key(),
        address=request.remote_addr,
        limit=str(error.description),
    )
    if request.endpoint in SIGN_IN_ENDPOINTS:
        page = render_template("auth/login.html", form=LoginForm(), locked=True)
    else:
        title = _("Too many wrong passwords or codes")
        page = render_template("errors/error.html", code=429, title=title, advice=_wait_advice())
    return page, 429, headers


def _wait_advice() -> str:
    """What to do, with the minutes left until the limit that was reached lets go."""
    reached = limiter.current_limit
    seconds = reached.window.reset_time - time.time() if reached is not None else 60
    minutes = max(1, math.ceil(seconds / 60))
    if minutes == 1:
        return _(
            "There were too many wrong tries for this account or from your network, so it "
            "is paused. Wait one minute, then try again. If it was not you, tell your "
            "agency's administrator."
        )
    return _(
        "There were too many wrong tries for this account or from your network, so it is "
        "paused. Wait %(minutes)s minutes, then try again. If it was not you, tell your "
        "agency's administrator.",
        minutes=minutes,
    )
