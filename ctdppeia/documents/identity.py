"""Who signs: the signing authority, one certificate per person, and the certificates to trust.

The authority is an agency CA configured with ``SIGNING_CA_PKCS12`` and
``SIGNING_CA_PASSPHRASE`` (required in production), else the app's own CA, made on first use
and kept in the database (``signing_key``). It issues each signer a certificate naming them;
the key and certificate are kept in the database too, encrypted with the signing passphrase,
so every host signs for a person with the same certificate. The passphrase is
``SIGNING_PASSPHRASE`` (required in production); on a development machine without it, the one
an earlier version wrote to ``<instance>/signing.pass``, else one derived from the secret key.

Nothing here writes to the instance folder. Keys an earlier version kept there
(``signing-authority.p12``, ``signers/``) are read once and copied into the database the first
time they are needed (or all at once by ``flask signing import-keys``), so certificates already
issued keep signing.
"""

import hashlib
import hmac
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from flask import current_app

from ctdppeia.documents import keystore
from ctdppeia.extensions import db
from ctdppeia.models import AUTHORITY_NAME, ROLE_LABELS, User
from ctdppeia.pdf.authority import (
    Authority,
    Person,
    authority_from_pkcs12,
    identity_from_pkcs12,
    issue_person,
    load_authority,
    new_authority,
)

AUTHORITY_FILE = "signing-authority.p12"
LEGACY_KEY_FILE = "signing.p12"
PASSPHRASE_FILE = "signing.pass"
SIGNERS_DIR = "signers"
TRUSTED_DIR = "trusted-certificates"


def instance_dir() -> Path:
    return Path(current_app.instance_path)


def passphrase() -> bytes:
    """The configured passphrase; on a development machine without one, the passphrase file an
    earlier version made, else a passphrase derived from the secret key (nothing is written)."""
    configured = current_app.config.get("SIGNING_PASSPHRASE")
    if configured:
        return str(configured).encode("utf-8")
    earlier = instance_dir() / PASSPHRASE_FILE
    if earlier.is_file():
        return earlier.read_text().strip().encode("utf-8")
    secret = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    return hmac.new(secret, b"ctdppeia signing passphrase", hashlib.sha256).hexdigest().encode()


def authority() -> Authority:
    """The configured agency CA, else this installation's own (made on first use)."""
    configured = current_app.config.get("SIGNING_CA_PKCS12")
    if configured:
        secret = str(current_app.config.get("SIGNING_CA_PASSPHRASE") or "").encode("utf-8")
        return load_authority(Path(configured), secret)
    secret = passphrase()
    data = keystore.stored(AUTHORITY_NAME) or _keep_authority(secret)
    return authority_from_pkcs12(data, secret, "the signing authority")


def _keep_authority(secret: bytes) -> bytes:
    """The authority an earlier version made in the instance folder, else a new one, kept."""
    earlier = instance_dir() / AUTHORITY_FILE
    if earlier.is_file():
        data = earlier.read_bytes()
    else:
        data = new_authority(secret, current_app.config["SIGNING_ORGANISATION"])
    serial = f"{authority_from_pkcs12(data, secret).certificate.serial_number:x}"
    return keystore.keep(AUTHORITY_NAME, None, data, serial)


def person_of(user: User) -> Person:
    return Person(user.name, user.email, ROLE_LABELS[user.role], user.agency.name)


def key_name(user: User, ca: Authority) -> str:
    """The name a signer's key is kept under: one per person, authority and identity (a new
    name, email, role or agency gets a new certificate)."""
    label = "\n".join([ca.fingerprint, str(user.id), *vars(person_of(user)).values()])
    return f"user-{user.id}-{hashlib.sha256(label.encode('utf-8')).hexdigest()[:40]}"


def person_pkcs12(user: User) -> bytes:
    """The user's encrypted key and certificate, issued on first use and whenever their name,
    email, role or agency (or the authority) changed: one for each, on every host."""
    ca = authority()
    name = key_name(user, ca)
    kept = keystore.stored(name)
    if kept is not None:
        return kept
    secret = passphrase()
    earlier = instance_dir() / SIGNERS_DIR / f"{name}.p12"
    data = earlier.read_bytes() if earlier.is_file() else issue_person(ca, person_of(user), secret)
    return keystore.keep(name, user.id, data, identity_from_pkcs12(data, secret).serial_hex)


def check_person_identity(user: User) -> str:
    """Load the user's identity once (raises if it cannot be); returns the certificate serial."""
    return identity_from_pkcs12(person_pkcs12(user), passphrase()).serial_hex


def import_instance_keys() -> tuple[int, int]:
    """Copy the keys an earlier version kept in the instance folder into the database: the
    app's own authority (unless an agency CA is configured) and every signer's key whose
    account exists. Keys already kept are left alone. Returns (keys copied, files skipped)."""
    copied = skipped = 0
    known = keystore.names()
    if not current_app.config.get("SIGNING_CA_PKCS12") and AUTHORITY_NAME not in known:
        copied += (instance_dir() / AUTHORITY_FILE).is_file()
        authority()  # copies the earlier authority, if there is one
    secret = passphrase()
    for path in sorted((instance_dir() / SIGNERS_DIR).glob("user-*-*.p12")):
        user_id = path.stem.split("-")[1]
        if path.stem in known:
            continue
        if not user_id.isdigit() or db.session.get(User, int(user_id)) is None:
            skipped += 1
            continue
        data = path.read_bytes()
        keystore.keep(path.stem, int(user_id), data, identity_from_pkcs12(data, secret).serial_hex)
        copied += 1
    return copied, skipped


def trust_roots() -> list[asn1_x509.Certificate]:
    """Signatures are trusted only when they chain to the signing authority, or to an earlier
    authority or key kept in ``<instance>/trusted-certificates/`` (and the single organization
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
