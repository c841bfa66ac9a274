"""The second step of signing in, kept in the session between the password and the code.

After the right password, an account with two-step sign-in is not signed in: the session holds
only which account is waiting for its code, for PENDING_MINUTES. The right code then starts
a new session, marked as having passed the second step (PASSED_KEY).
"""

from datetime import UTC, datetime, timedelta

from flask import session

from ctdppeia.auth import sessions
from ctdppeia.extensions import db
from ctdppeia.models import User

PENDING_KEY = "mfa_pending"
PASSED_KEY = "mfa_passed"
PENDING_MINUTES = 10


def start_pending(user: User, next_path: str) -> None:
    """The password was right: wait for the code, signed out."""
    session.clear()
    session[PENDING_KEY] = {
        "user": user.id,
        "generation": user.session_generation,
        "at": sessions.now().timestamp(),
        "next": next_path,
    }


def _pending() -> dict[str, object] | None:
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("at"), int | float):
        return None
    age = sessions.now() - datetime.fromtimestamp(pending["at"], UTC)
    if not timedelta(0) <= age < timedelta(minutes=PENDING_MINUTES):
        return None
    return pending


def pending_user() -> User | None:
    """The account waiting for its code, while it still may sign in."""
    pending = _pending()
    if pending is None or not isinstance(pending.get("user"), int):
        return None
    user = db.session.get(User, pending["user"])
    if user is None or not user.active or not user.mfa_enabled:
        return None
    if pending.get("generation") != user.session_generation:
        return None
    return user


def finish(user: User) -> str:
    """The code was right: sign in with a new session; where to go next."""
    pending = _pending() or {}
    next_path = str(pending.get("next") or "/")
    sessions.start_session(user)
    mark_passed()
    return next_path


def mark_passed() -> None:
    session[PASSED_KEY] = True


def has_passed() -> bool:
    return session.get(PASSED_KEY) is True
