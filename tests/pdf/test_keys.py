"""The organization signing identity."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12

from ctdppeia.pdf import ensure_signing_identity, load_signing_identity
from ctdppeia.pdf.keys import SigningIdentity

from .conftest import ORGANISATION, PASSPHRASE


def test_identity_file_is_private_pkcs12(key_dir: Path, identity: SigningIdentity) -> None:
    path = key_dir / "signing.p12"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    _, cert, _ = pkcs12.load_key_and_certificates(path.read_bytes(), PASSPHRASE)
    assert cert is not None
    assert cert.subject.rfc4514_string() == (f"CN={ORGANISATION} review signing,O={ORGANISATION}")
    assert cert.issuer == cert.subject
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert not usage.key_cert_sign
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert timedelta(days=5 * 365) <= lifetime <= timedelta(days=5 * 366)


def test_loaded_identity(identity: SigningIdentity) -> None:
    assert identity.common_name == f"{ORGANISATION} review signing"
    assert identity.serial_hex == f"{identity.certificate.serial_number:x}"
    assert identity.signer.signing_cert == identity.certificate


def test_existing_file_is_used_as_is(tmp_path: Path) -> None:
    path = ensure_signing_identity(tmp_path / "agency.p12", b"agency", "Agency CA issued")
    before = path.read_bytes()
    again = ensure_signing_identity(path, b"other passphrase", "Someone else")
    assert again == path
    assert path.read_bytes() == before
    assert load_signing_identity(path, b"agency").common_name == "Agency CA issued review signing"


def test_creates_missing_folders(tmp_path: Path) -> None:
    path = ensure_signing_identity(tmp_path / "instance" / "keys" / "s.p12", b"pw", "Org")
    assert path.is_file()
    assert list(path.parent.iterdir()) == [path]


def test_wrong_passphrase_is_an_error(key_dir: Path, identity: SigningIdentity) -> None:
    with pytest.raises(ValueError):
        load_signing_identity(key_dir / "signing.p12", b"wrong")
