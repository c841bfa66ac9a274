"""The organization's signing identity: a PKCS#12 file with a key and its certificate.

On first use :func:`ensure_signing_identity` makes a self-signed organization certificate.
To use an agency-issued certificate instead, put its PKCS#12 file at the configured path
before first use: an existing file is never replaced.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    KeySerializationEncryption,
    NoEncryption,
    pkcs12,
)
from cryptography.x509.oid import NameOID
from pyhanko.sign import signers

VALIDITY = timedelta(days=5 * 365)


@dataclass(frozen=True)
class SigningIdentity:
    """A loaded identity: the pyHanko signer, its certificate and the serial in hex."""

    signer: signers.SimpleSigner
    certificate: asn1_x509.Certificate
    serial_hex: str

    @property
    def common_name(self) -> str:
        """The certificate subject's common name (empty if it has none)."""
        return str(self.certificate.subject.native.get("common_name", ""))


def ensure_signing_identity(path: Path, passphrase: bytes, organisation: str) -> Path:
    """Create a self-signed organization identity at ``path`` unless a file is already there."""
    path = Path(path)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    data = _self_signed_pkcs12(passphrase, organisation)
    _write_private(path, data)
    return path


def load_signing_identity(path: Path, passphrase: bytes) -> SigningIdentity:
    """Load a PKCS#12 identity; raises ValueError if it cannot be opened."""
    signer = signers.SimpleSigner.load_pkcs12(str(path), passphrase=passphrase)
    if signer is None or signer.signing_cert is None:
        raise ValueError(f"cannot load a signing identity from {path}")
    cert = signer.signing_cert
    return SigningIdentity(signer=signer, certificate=cert, serial_hex=f"{cert.serial_number:x}")


def _self_signed_pkcs12(passphrase: bytes, organisation: str) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} review signing"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"review-signing", key, cert, None, _encryption(passphrase)
    )


def _encryption(passphrase: bytes) -> KeySerializationEncryption:
    return BestAvailableEncryption(passphrase) if passphrase else NoEncryption()


def _key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` with mode 0600; if another process won the race, keep theirs.

    The file is written under a temporary name and linked into place, so nobody ever reads
    a half-written identity.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".signing-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o600)
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
