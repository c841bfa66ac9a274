"""The signed links of "Forgot your password?".

A link carries the account's id and a fingerprint of its stored password hash, signed with
SECRET_KEY (itsdangerous) and timed with the sessions' clock. It is refused when the signature
is wrong (forged or altered), when it is older than PASSWORD_RESET_MINUTES, and once the
password has changed: every new hash has a new salt, so the first use kills the link, and so
does any other change of the password. Nothing is stored.
"""

import hashlib

from flask import current_app
from itsdangerous import BadData, SignatureExpired, URLSafeTimedSerializer

from ctdppeia.auth.sessions import _ClockedSigner
from ctdppeia.extensions import db
from ctdppeia.models import User

SALT = "ctdppeia.password-reset"


class LinkProblem(Exception):
    """Why a link cannot be used: 'expired', or 'invalid' (forged, altered, used, unknown)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=SALT, signer=_ClockedSigner
    )


def fingerprint(password_hash: str) -> str:
    """A short digest of the stored hash: it changes whenever the password does."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def lifetime_seconds() -> int:
    return int(float(current_app.config["PASSWORD_RESET_MINUTES"]) * 60)


def make_token(user_id: int, password_hash: str) -> str:
    return _serializer().dumps([user_id, fingerprint(password_hash)])


def user_for(token: str) -> User:
    """The active account the link was made for, while the link is good; else LinkProblem."""
    serializer = _serializer()
    try:
        user_id, printed = serializer.loads(token, max_age=lifetime_seconds())
    except SignatureExpired as error:
        raise LinkProblem("expired") from error
    except BadData as error:
        raise LinkProblem("invalid") from error
    except (TypeError, ValueError) as error:  # signed, but not what this module writes
        raise LinkProblem("invalid") from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or user.from_directory:  # no password here to reset
        raise LinkProblem("invalid")
    if printed != fingerprint(user.password_hash):
        raise LinkProblem("invalid")
    return user
