"""Who signs: the signing authority, one certificate per person, and the certificates to trust.

The authority is the app's own CA, made on first use at ``<instance>/signing-authority.p12``,
or an agency CA configured with ``SIGNING_CA_PKCS12`` and ``SIGNING_CA_PASSPHRASE``. It issues
each signer a certificate naming them; the key and certificate are kept, encrypted with the
signing passphrase, in ``<instance>/signers/``. The passphrase is ``SIGNING_PASSPHRASE``, else
a random one made on first use in ``<instance>/signing.pass`` (mode 0600).
"""

import hashlib
import os
import secrets
import tempfile
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from flask import current_app

from ctdppeia.models import ROLE_LABELS, User
from ctdppeia.pdf.authority import (
    Authority,
    Person,
    ensure_authority,
    identity_from_pkcs12,
    issue_person,
    load_authority,
)
from ctdppeia.pdf.keys import _write_private

AUTHORITY_FILE = "signing-authority.p12"
LEGACY_KEY_FILE = "signing.p12"
PASSPHRASE_FILE = "signing.pass"
SIGNERS_DIR = "signers"
TRUSTED_DIR = "trusted-certificates"


def instance_dir() -> Path:
    return Path(current_app.instance_path)


def passphrase() -> bytes:
    """The configured passphrase, else the one in instance/signing.pass (made on first use)."""
    configured = current_app.config.get("SIGNING_PASSPHRASE")
    if configured:
        return str(configured).encode("utf-8")
    return _instance_passphrase(instance_dir() / PASSPHRASE_FILE)


def _instance_passphrase(path: Path) -> bytes:
    """Read the passphrase file, writing a random one first if there is none (atomically)."""
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


def authority() -> Authority:
    """The configured agency CA, else this installation's own (made on first use)."""
    configured = current_app.config.get("SIGNING_CA_PKCS12")
    if configured:
        secret = str(current_app.config.get("SIGNING_CA_PASSPHRASE") or "").encode("utf-8")
        return load_authority(Path(configured), secret)
    secret = passphrase()
    organisation = current_app.config["SIGNING_ORGANISATION"]
    path = ensure_authority(instance_dir() / AUTHORITY_FILE, secret, organisation)
    return load_authority(path, secret)


def person_of(user: User) -> Person:
    return Person(user.name, user.email, ROLE_LABELS[user.role], user.agency.name)


def person_pkcs12(user: User) -> bytes:
    """The user's encrypted key and certificate, issued on first use and whenever their name,
    email, role or agency (or the authority) changed."""
    ca, person = authority(), person_of(user)
    label = "\n".join([ca.fingerprint, str(user.id), *vars(person).values()])
    name = hashlib.sha256(label.encode("utf-8")).hexdigest()[:40]
    path = instance_dir() / SIGNERS_DIR / f"user-{user.id}-{name}.p12"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(path, issue_person(ca, person, passphrase()))
    return path.read_bytes()


def check_person_identity(user: User) -> str:
    """Load the user's identity once (raises if it cannot be); returns the certificate serial."""
    return identity_from_pkcs12(person_pkcs12(user), passphrase()).serial_hex


def trust_roots() -> list[asn1_x509.Certificate]:
    """Signatures are trusted only when they chain to the signing authority, or to an earlier
    authority or key kept in ``<instance>/trusted-certificates/`` (and the single organisation
    key older versions kept in ``<instance>/signing.p12``, if it is still there)."""
    return [authority().asn1, *earlier_certificates(), *_legacy_key()]


def _legacy_key() -> list[asn1_x509.Certificate]:
    path = instance_dir() / LEGACY_KEY_FILE
    if not path.is_file():
        return []
    try:
        _, cert, _ = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase())
    except (OSError, ValueError) as error:
        current_app.logger.warning("ignored %s: cannot be opened (%s)", path, error)
        return []
    return [asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))] if cert else []


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
