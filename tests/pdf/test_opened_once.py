"""Signers' keys and the authority are opened once per process, and again when they change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ctdppeia.pdf.authority import (
    Person,
    ensure_authority,
    identity_from_pkcs12,
    issue_person,
    load_authority,
)

PERSON = Person("Ada Lovelace", "ada@example.gov", "Reviewer", "Test Agency")


def test_a_signers_key_is_opened_once_per_file(tmp_path: Path) -> None:
    ca = load_authority(ensure_authority(tmp_path / "ca.p12", b"pw", "Org"), b"pw")
    key = issue_person(ca, PERSON, b"pw")
    first = identity_from_pkcs12(key, b"pw")
    assert identity_from_pkcs12(bytes(key), b"pw") is first
    reissued = identity_from_pkcs12(issue_person(ca, PERSON, b"pw"), b"pw")
    assert reissued is not first and reissued.serial_hex != first.serial_hex


def test_a_wrong_passphrase_is_refused_every_time(tmp_path: Path) -> None:
    ca = load_authority(ensure_authority(tmp_path / "ca.p12", b"pw", "Org"), b"pw")
    key = issue_person(ca, PERSON, b"pw")
    identity_from_pkcs12(key, b"pw")
    for _ in range(2):
        with pytest.raises(ValueError):
            identity_from_pkcs12(key, b"wrong")


def test_the_authority_is_read_again_when_its_file_is_replaced(tmp_path: Path) -> None:
    path = ensure_authority(tmp_path / "ca.p12", b"pw", "First")
    first = load_authority(path, b"pw")
    assert load_authority(path, b"pw") is first
    replacement = ensure_authority(tmp_path / "other.p12", b"pw", "Second")
    os.replace(replacement, path)
    second = load_authority(path, b"pw")
    assert second.fingerprint != first.fingerprint
    assert "Second" in second.certificate.subject.rfc4514_string()
    with pytest.raises(ValueError):
        load_authority(path, b"wrong")
