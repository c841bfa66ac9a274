"""Checking credentials, signing out everywhere, and changing one's own password.

Another way of signing in (the state's directory, `ctdppeia.sso`) plugs in here: it may refuse
an account its local password (`register_local_password_rule`) and end its own session after
this service's sign-out (`register_sign_out_destination`).
"""

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ctdppeia import audit
from ctdppeia.auth import change_notice
from ctdppeia.auth.passwords import password_problem
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import User
from ctdppeia.models.user import FAST_TEST_HASH_METHOD, fast_password_hash
from ctdppeia.translatable import N_

# Checked when no account matches, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = (
    "scrypt:32768:8:1$K1fRlxLVDIVcQXbo$0fbb2b6d4ad1ff3b66ff0d2f8e04f1d4b1f1a0f1f6d0b5ab6"
    "e05f4d0c9a8d4c0a9f4a4e6c70d9b5d1c0f7d0a3c5e3b7f5a1c9e0d2b4f6a8c0e2d4f6a8b0c2d4e6f8"
)
_FAST_DUMMY_HASH = generate_password_hash("no account", method=FAST_TEST_HASH_METHOD)

WRONG_CURRENT_PASSWORD = N_("That is not your current password.")
SAME_PASSWORD = N_("The new password must differ from the current one.")


class PasswordChangeError(ValueError):
    """A refused password change; `field` is the form field the message belongs beside."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def find_user(email: str) -> User | None:
    query = select(User).where(func.lower(User.email) == email.strip().lower())
    return db.session.scalar(query)


class DirectoryOnly(Exception):
    """The password was right, but this account signs in through the state's directory."""


LocalPasswordRule = Callable[[User], bool]
SignOutDestination = Callable[[Mapping[str, Any]], str | None]


def register_local_password_rule(app: Flask, name: str, rule: LocalPasswordRule) -> None:
    """`rule(user)` False: the account may not sign in with its password here."""
    hooks(app).local_password_rules[name] = rule


def may_use_local_password(user: User) -> bool:
    return all(rule(user) for rule in hooks().local_password_rules.values())


def register_sign_out_destination(app: Flask, name: str, destination: SignOutDestination) -> None:
    """`destination(saved)`: where the browser goes after signing out, given the session as it
    was (to end a session elsewhere too), or None."""
    hooks(app).sign_out_destinations[name] = destination


def sign_out_destination(saved: Mapping[str, Any]) -> str | None:
    """The first place a registered way of signing in sends the browser to, or None."""
    for destination in hooks().sign_out_destinations.values():
        found = destination(saved)
        if found:
            return found
    return None


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None. Says nothing about which part was wrong.
    Raises DirectoryOnly for the right password of an account that may not use it."""
    user = find_user(email)
    if user is None:
        check_password_hash(_FAST_DUMMY_HASH if fast_password_hash() else _DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    if not may_use_local_password(user):
        raise DirectoryOnly
    return user


def sign_out(user: User) -> None:
    """End every session of the account, this one included."""
    with transaction():
        user.end_sessions()
        audit.record(user, "user.signed_out", user, summary=f"{user.name} signed out everywhere")


def change_password(user: User, current: str, new: str) -> None:
    """Change one's own password; every other session of the account ends."""
    if not user.check_password(current):
        raise PasswordChangeError(WRONG_CURRENT_PASSWORD, "current_password")
    problem = password_problem(new)
    if problem is None and current == new:
        problem = SAME_PASSWORD
    if problem is not None:
        raise PasswordChangeError(problem, "new_password")
    with transaction():
        user.set_password(new)
        user.password_must_change = False
        user.end_sessions()
        audit.record(
            user, "user.password_changed", user, summary=f"{user.name} changed their password"
        )
        change_notice.queue(user, change_notice.PASSWORD_CHANGED)


def reset_with_link(user: User, new: str) -> None:
    """Set the password chosen through an emailed reset link: every session of the account
    ends (whoever knew the old password is signed out), and the link dies with the old hash."""
    problem = password_problem(new)
    if problem is not None:
        raise PasswordChangeError(problem, "new_password")
    with transaction():
        user.set_password(new)
        user.password_must_change = False
        user.end_sessions()
        audit.record(
            user,
            "user.password_reset_by_link",
            user,
            summary=f"{user.name} chose a new password through an emailed link",
        )
        change_notice.queue(user, change_notice.PASSWORD_RESET_LINK)
