"""Which archives are ours: an HMAC-SHA256, with the deployment's ``ARCHIVE_KEY``, over the
manifest, which itself holds the SHA-256 and row count of every table file.

Anyone holding an archive can change a table file and recompute its SHA-256 in the manifest;
without the key they cannot make the manifest's MAC (``manifest.hmac``) match. `import` checks
the MAC before it reads anything else in the manifest, and refuses the archive when it does not
match. In production ``ARCHIVE_KEY`` must be configured (the same on every host that exports or
imports); on a development machine and in the tests, when it is not set, the key is derived from
``SECRET_KEY``.
"""

import hashlib
import hmac

from flask import current_app

from ctdppeia.backup.errors import BackupError
from ctdppeia.config import is_development

SEAL = "manifest.hmac"
MIN_KEY_LENGTH = 32
# What the MAC is for: the same key never authenticates anything else the same way.
_PURPOSE = b"ctdppeia-backup manifest\n"
_DEVELOPMENT_PURPOSE = b"ctdppeia-backup development archive key"


def archive_key() -> bytes:
    """The key archives are authenticated with; BackupError says how to set it when missing."""
    configured = current_app.config.get("ARCHIVE_KEY")
    if configured:
        key = str(configured)
        if len(key) < MIN_KEY_LENGTH:
            raise BackupError(
                f"ARCHIVE_KEY is {len(key)} characters long; it must be at least "
                f"{MIN_KEY_LENGTH} (make one with: python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'). Nothing was exported or restored."
            )
        return key.encode("utf-8")
    if is_development(current_app.config):
        secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
        return hmac.new(secret, _DEVELOPMENT_PURPOSE, hashlib.sha256).digest()
    raise BackupError(
        "ARCHIVE_KEY is not set: in production every archive is authenticated with it, so "
        "nothing can be exported or restored without it. Set CTDPPEIA_ARCHIVE_KEY (at least "
        f"{MIN_KEY_LENGTH} random characters, the same on every host that exports or imports, "
        "kept apart from the archives) in the environment or in the instance folder's config.py."
    )


def seal(manifest: bytes, key: bytes) -> str:
    """The MAC of the manifest's bytes, in hexadecimal (what ``manifest.hmac`` holds)."""
    return hmac.new(key, _PURPOSE + manifest, hashlib.sha256).hexdigest()


def check_seal(manifest: bytes, stored: bytes, key: bytes) -> None:
    """The stored MAC matches the manifest (compared in constant time), or BackupError."""
    expected = seal(manifest, key).encode("ascii")
    if not hmac.compare_digest(expected, stored.strip()):
        raise BackupError(
            f"The archive is not authentic: its {SEAL} does not match its manifest with this "
            "installation's ARCHIVE_KEY. It was changed after it was made, or made with another "
            "key. Nothing was restored."
        )
