"""Sessions that end on the server.

The session cookie is signed, not stored, so ending a session means refusing it. Each session
carries the account's session generation from sign-in and the time of sign-in; a request is
served only while the generation still matches (signing out, a password change or reset and
deactivation raise it) and sign-in was less than SESSION_ABSOLUTE_HOURS ago. The idle limit
(SESSION_IDLE_MINUTES) is the cookie's own: Flask refuses a cookie signed longer ago than that,
measured with the same clock as the rest (`ClockedSessionInterface`).
"""

from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import login_user
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from ctdppeia.extensions import db, login_manager
from ctdppeia.models import User

GENERATION_KEY = "session_generation"
SIGNED_IN_KEY = "signed_in_at"


def now() -> datetime:
    """The clock sessions are measured with (tests replace it)."""
    return datetime.now(UTC)


def start_session(user: User) -> None:
    """Sign in with a new session: nothing of the session before sign-in is kept."""
    session.clear()
    login_user(user)
    session[GENERATION_KEY] = user.session_generation
    session[SIGNED_IN_KEY] = now().timestamp()


def keep_session(user: User) -> None:
    """Bind the current session to the account's new generation (after a password change)."""
    session[GENERATION_KEY] = user.session_generation


def absolute_lifetime() -> timedelta:
    return timedelta(hours=float(current_app.config["SESSION_ABSOLUTE_HOURS"]))


def session_is_current(user: User) -> bool:
    """True while the session was made for the account's current generation and is not too old."""
    generation = session.get(GENERATION_KEY)
    signed_in = session.get(SIGNED_IN_KEY)
    if not isinstance(generation, int) or not isinstance(signed_in, int | float):
        return False
    if generation != user.session_generation:
        return False
    age = now() - datetime.fromtimestamp(signed_in, UTC)
    return timedelta(0) <= age < absolute_lifetime()


class _ClockedSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(now().timestamp())


class ClockedSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the cookie's time (and so the idle limit) read from
    `now`, so that the idle limit is measured like the absolute one."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        serializer = super().get_signing_serializer(app)
        if serializer is not None:
            serializer.signer = _ClockedSigner
        return serializer


def load_user(user_id: str) -> User | None:
    """The signed-in account, while it is active and this session has not been ended."""
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is not None and user.active and session_is_current(user):
        return user
    session.clear()  # an ended session is forgotten, and the browser gets an empty cookie
    return None


def init_app(app: Flask) -> None:
    """Load the signed-in account from its session, and sign cookies with the app's clock."""
    login_manager.user_loader(load_user)
    app.session_interface = ClockedSessionInterface()
