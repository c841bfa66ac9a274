"""One-time codes (TOTP, RFC 6238), their keys at rest, recovery codes and the set-up QR code.

Keys are kept encrypted with a key derived from SECRET_KEY (HKDF), so a copy of the database
alone does not give anyone the codes. Changing SECRET_KEY makes the stored keys unreadable:
every account with two-step sign-in then needs an administrator's reset.
"""

import base64
import hashlib
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

ISSUER = "CT data and AI reviews"
STEP_SECONDS = 30
RECOVERY_CODE_COUNT = 10
_KEY_INFO = b"ctdppeia two-step sign-in keys"


def new_key() -> str:
    """A random key (base32, 160 bits), as an authenticator app takes it."""
    return pyotp.random_base32(32)


def _fernet() -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO).derive(
        str(current_app.config["SECRET_KEY"]).encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


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


def normalise(code: str) -> str:
    """The code without the spaces and dashes people type or copy with it."""
    return "".join(code.split()).replace("-", "").lower()


def is_one_time_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def new_recovery_codes() -> list[str]:
    """Ten codes of ten letters and digits, shown as two groups of five."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = secrets.token_hex(5)
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def recovery_hash(code: str) -> str:
    """A fast hash is enough: each code is 40 random bits, used once, and sign-in is limited."""
    return hashlib.sha256(normalise(code).encode()).hexdigest()
