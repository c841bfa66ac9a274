"""A signing authority (a CA) that issues one signing certificate per person.

The authority is a key and a self-signed CA certificate kept in a PKCS#12 file encrypted with a
passphrase (:func:`ensure_authority` makes one on first use), or an agency CA's PKCS#12 file.
:func:`issue_person` makes a key and a certificate that names the person (CN = display name,
O = agency, OU = role, emailAddress) and returns them as an encrypted PKCS#12 file that also
holds the authority's certificate, so every signature embeds the chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign import signers

from .keys import SigningIdentity, _encryption, _key_usage, _write_private

AUTHORITY_VALIDITY = timedelta(days=10 * 365)
IDENTITIES_KEPT = 256  # signers' opened keys a process keeps
PERSON_VALIDITY = timedelta(days=3 * 365)


@dataclass(frozen=True)
class Authority:
    """The CA key, its certificate and any certificates above it (agency chains)."""

    key: PrivateKeyTypes
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(Encoding.PEM)

    @property
    def asn1(self) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(self.der)

    @property
    def fingerprint(self) -> str:
        return self.certificate.fingerprint(hashes.SHA256()).hex()


@dataclass(frozen=True)
class Person:
    """Who a signing certificate names."""

    name: str
    email: str
    role: str
    agency: str


def ensure_authority(path: Path, passphrase: bytes, organisation: str) -> Path:
    """Create the signing authority at ``path`` unless a file is already there."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_private(path, new_authority(passphrase, organisation))
    return path


def load_authority(path: Path, passphrase: bytes) -> Authority:
    """Load a CA from a PKCS#12 file; raises ValueError if it is not a usable CA.

    The file is opened once per process for each version of it (its size, time and inode).
    """
    found = Path(path).stat()
    version = (str(Path(path).resolve()), found.st_mtime_ns, found.st_size, found.st_ino)
    return _opened_file(version, passphrase)


@lru_cache(maxsize=4)
def _opened_file(version: tuple[str, int, int, int], passphrase: bytes) -> Authority:
    return authority_from_pkcs12(Path(version[0]).read_bytes(), passphrase, version[0])


def authority_from_pkcs12(data: bytes, passphrase: bytes, source: str = "the key") -> Authority:
    """Open a CA kept as PKCS#12 bytes (once per process for the same bytes); raises
    ValueError if it is not a usable CA."""
    return _opened_authority(data, passphrase, source)


@lru_cache(maxsize=4)
def _opened_authority(data: bytes, passphrase: bytes, source: str) -> Authority:
    key, cert, extra = pkcs12.load_key_and_certificates(data, passphrase)
    if key is None or cert is None:
        raise ValueError(f"{source} holds no key and certificate")
    try:
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        is_ca = False
    if not is_ca:
        raise ValueError(f"the certificate in {source} is not a certificate authority")
    return Authority(key, cert, tuple(extra or ()))


def issue_person(authority: Authority, person: Person, passphrase: bytes) -> bytes:
    """A new key and certificate for ``person``, as PKCS#12 bytes encrypted with
    ``passphrase`` (the authority's certificates included)."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(person_name(person))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(min(now + PERSON_VALIDITY, authority.certificate.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(_authority_key_id(authority), critical=False)
        # an authority's key signs certificates; its type also names keys that cannot
        .sign(authority.key, hashes.SHA256())  # type: ignore[arg-type]
    )
    chain = [authority.certificate, *authority.chain]
    return pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, chain, _encryption(passphrase)
    )


def fit_utf8(text: str, limit: int) -> str:
    """The longest start of `text` whose UTF-8 form has at most `limit` bytes (X.509 counts
    the bytes of a name's parts, so 64 characters of "Nguyễn" are too many)."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


def person_name(person: Person) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, fit_utf8(person.name, 64) or "Unnamed")]
    if person.agency:
        agency = fit_utf8(person.agency, 64)
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, agency))
    if person.role:
        role = fit_utf8(person.role, 64)
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, role))
    if person.email:
        attributes.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, person.email[:128]))
    return x509.Name(attributes)


def identity_from_pkcs12(data: bytes, passphrase: bytes) -> SigningIdentity:
    """A pyHanko signer from PKCS#12 bytes; its chain is embedded in every signature.

    Opening the encrypted file costs tens of milliseconds (key derivation), so each process
    keeps the identities it opened, by their exact bytes: a new certificate is a new file.
    """
    return _opened_identity(data, passphrase)


@lru_cache(maxsize=IDENTITIES_KEPT)
def _opened_identity(data: bytes, passphrase: bytes) -> SigningIdentity:
    signer = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=passphrase)
    cert = signer.signing_cert
    return SigningIdentity(signer=signer, certificate=cert, serial_hex=f"{cert.serial_number:x}")


def new_authority(passphrase: bytes, organisation: str) -> bytes:
    """A new self-signed CA key and certificate, as PKCS#12 bytes encrypted with ``passphrase``."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} signing authority"[:64]),
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
        .not_valid_after(now + AUTHORITY_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_ca_key_usage(), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        b"signing-authority", key, cert, None, _encryption(passphrase)
    )


def _authority_key_id(authority: Authority) -> x509.AuthorityKeyIdentifier:
    try:
        ski = authority.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        return x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski.value)
    except x509.ExtensionNotFound:
        # the public half of the authority's signing key (its type also names other keys)
        return x509.AuthorityKeyIdentifier.from_issuer_public_key(
            authority.certificate.public_key()  # type: ignore[arg-type]
        )


def _ca_key_usage() -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=False,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=True,
        encipher_only=False,
        decipher_only=False,
    )
