"""One-time codes (TOTP, RFC 6238), their keys at rest, recovery codes and the set-up QR code.

Keys are kept encrypted with a key derived from SECRET_KEY (HKDF), so a copy of the database
alone does not give anyone the codes. Changing SECRET_KEY makes the stored keys unreadable:
every account with two-step sign-in then needs an administrator's reset.
"""

import base64
import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from markupsafe import Markup
from werkzeug.security import check_password_hash

from ctdppeia.models.user import RecoveryCode, hash_secret

ISSUER = "CT data and AI reviews"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
_KEY_INFO = b"ctdppeia two-step sign-in keys"
_LOOKUP_INFO = b"ctdppeia recovery code lookup"


def new_key() -> str:
    """A random key (base32, 160 bits), as an authenticator app takes it."""
    return pyotp.random_base32(32)


def _derived_key(info: bytes) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info)
    return hkdf.derive(str(current_app.config["SECRET_KEY"]).encode())


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derived_key(_KEY_INFO)))


def seal(key: str) -> str:
    return _fernet().encrypt(key.encode()).decode()


def unseal(sealed: str | None) -> str | None:
    """The key, or None when there is none or it cannot be read (another SECRET_KEY)."""
    if not sealed:
        return None
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        return None


def grouped(key: str) -> str:
    """The key in groups of four, easier to type into an app."""
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(key: str, email: str, title: str) -> Markup:
    """The key as a QR code an authenticator app scans, as inline SVG named by `title`."""
    uri = pyotp.TOTP(key).provisioning_uri(name=email, issuer_name=ISSUER)
    svg = segno.make(uri, error="m").svg_inline(scale=5, light="#fff", title=title)
    # segno escapes the title; role=img makes the title the picture's name for screen readers
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # nosec B704


def time_step(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def matching_step(key: str, code: str, moment: datetime) -> int | None:
    """The time step (now, or one either side for a slow clock) whose code this is, or None."""
    totp = pyotp.TOTP(key)
    current = time_step(moment)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


# Recovery codes: 24 characters of Crockford's base32 (no i, l, o or u), 120 random bits, so a
# stolen hash cannot be searched back to its code (ASVS 2.6.2 asks for 112 bits); each is also
# stored with its own salt and the slow password hash (models.user.hash_secret).
RECOVERY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
RECOVERY_LENGTH = 24
RECOVERY_GROUP = 4
_LOOK_ALIKES = str.maketrans({"i": "1", "l": "1", "o": "0"})


def normalise(code: str) -> str:
    """The code without the spaces and dashes people type or copy with it, in lower case, with
    the letters that look like 1 and 0 read as those digits (they are not in a recovery code)."""
    return "".join(code.split()).replace("-", "").lower().translate(_LOOK_ALIKES)


def is_one_time_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def is_recovery_code(code: str) -> bool:
    """Whether a normalized code has a recovery code's shape (only then are hashes checked)."""
    return len(code) == RECOVERY_LENGTH and all(c in RECOVERY_ALPHABET for c in code)


def new_recovery_codes() -> list[str]:
    """Ten codes of 24 letters and digits, shown as six groups of four joined by dashes."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        groups = [raw[i : i + RECOVERY_GROUP] for i in range(0, RECOVERY_LENGTH, RECOVERY_GROUP)]
        codes.append("-".join(groups))
    return codes


def recovery_hash(code: str) -> str:
    """The code's stored form: salted and slow, like a password, so a copy of the database or a
    backup gives no code back."""
    return hash_secret(normalise(code))


def recovery_lookup(code: str) -> str:
    """Which stored code to check a typed code against, so that one slow hash is checked, not
    ten: an HMAC of the code with a key derived from SECRET_KEY (64 bits of it). Without that
    key it says nothing about the code."""
    digest = hmac.new(_derived_key(_LOOKUP_INFO), normalise(code).encode(), "sha256")
    return digest.hexdigest()[:16]


def recovery_matches(stored: str, code: str) -> bool:
    """Whether a normalized code is the one `stored` was made from (a retired code matches
    nothing)."""
    return is_recovery_code(code) and check_password_hash(stored, code)


def stored_recovery_code(user_id: int, code: str) -> RecoveryCode:
    """The row that keeps a new code: its salted, slow hash and its lookup value."""
    return RecoveryCode(
        user_id=user_id, code_hash=recovery_hash(code), lookup=recovery_lookup(code)
    )
