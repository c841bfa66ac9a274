"""The installation's signing key: where it lives, its passphrase, and the certificate to trust.

By default the key is a self-signed organisation certificate made on first use at
``<instance>/signing.p12``, protected by a random passphrase kept in ``<instance>/signing.pass``
(mode 0600). ``SIGNING_PKCS12`` and ``SIGNING_PASSPHRASE`` point at an agency-issued key instead.
"""

import os
import secrets
import tempfile
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from flask import current_app

from ctdppeia.pdf import SigningIdentity, ensure_signing_identity, load_signing_identity

KEY_FILE = "signing.p12"
PASSPHRASE_FILE = "signing.pass"
TRUSTED_DIR = "trusted-certificates"


def instance_dir() -> Path:
    return Path(current_app.instance_path)


def key_path() -> Path:
    configured = current_app.config.get("SIGNING_PKCS12")
    return Path(configured) if configured else instance_dir() / KEY_FILE


def passphrase() -> bytes:
    """The configured passphrase, else the one in instance/signing.pass (made on first use)."""
    configured = current_app.config.get("SIGNING_PASSPHRASE")
    if configured:
        return str(configured).encode("utf-8")
    return _instance_passphrase(instance_dir() / PASSPHRASE_FILE)


def _instance_passphrase(path: Path) -> bytes:
    """Read the passphrase file, writing a random one first if there is none.

    It is written under a temporary name and linked into place, so nobody reads it half
    written; if another process made it first, theirs is kept.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".signing-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(32))
            os.chmod(tmp, 0o600)
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip().encode("utf-8")


def signing_identity() -> SigningIdentity:
    """Load the signing key, making the organisation certificate first if there is none."""
    secret = passphrase()
    organisation = current_app.config["SIGNING_ORGANISATION"]
    path = ensure_signing_identity(key_path(), secret, organisation)
    return load_signing_identity(path, secret)


def trust_roots() -> list[asn1_x509.Certificate]:
    """The certificates a signature must chain to: this installation's signing certificate,
    and earlier ones kept in ``<instance>/trusted-certificates/`` after a key was replaced."""
    return [signing_identity().certificate, *earlier_certificates()]


def earlier_certificates() -> list[asn1_x509.Certificate]:
    """Certificates (PEM or DER files) in ``<instance>/trusted-certificates/``."""
    folder = instance_dir() / TRUSTED_DIR
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        try:
            found.append(_certificate(path.read_bytes()))
        except (OSError, ValueError) as error:
            current_app.logger.warning("ignored %s: not a certificate (%s)", path, error)
    return found


def _certificate(data: bytes) -> asn1_x509.Certificate:
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    certificate = asn1_x509.Certificate.load(data)
    certificate.native  # parse it all now, so a broken file is refused here  # noqa: B018
    return certificate
