"""Signing keys live in the database: one certificate per person and identity on every host,
keys an earlier version left in the instance folder carried over, and nothing written there."""

import multiprocessing
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from ctdppeia import create_app
from ctdppeia.documents import keystore
from ctdppeia.documents.identity import (
    AUTHORITY_FILE,
    SIGNERS_DIR,
    authority,
    check_person_identity,
    key_name,
    passphrase,
    person_of,
)
from ctdppeia.extensions import db
from ctdppeia.models import AUTHORITY_NAME, ReviewDocument, Role, SigningKey, User
from ctdppeia.pdf.authority import authority_from_pkcs12, issue_person, new_authority
from tests.conftest import AuthActions, MakeUser
from tests.databases import instance_files
from tests.documents.conftest import Made
from tests.factories.reviews import set_aside_all

SIGN = {"declaration": "y", "step": "sign", "note": "Seen and agreed."}


def _issue_from_two_processes(app: Flask, user_id: int) -> list[str]:
    """Two processes, each with its own app and connections, issue the user's certificate at
    the same moment: both get past "none is kept yet" and issue one before either keeps it."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    settings = {**app.config, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]}
    workers = [
        context.Process(target=_issue_in_child, args=(settings, user_id, barrier, results))
        for _ in range(2)
    ]
    for worker in workers:
        worker.start()
    serials = [results.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join()
        assert worker.exitcode == 0
    return serials


def _issue_in_child(settings: dict[str, Any], user_id: int, barrier: Any, results: Any) -> None:
    keep = keystore.keep

    def keep_together(*args: Any) -> bytes:
        barrier.wait(timeout=60)  # both have issued a key; now both try to keep theirs
        return keep(*args)

    keystore.keep = keep_together  # type: ignore[assignment]
    child = create_app(settings)
    with child.app_context():
        authority()  # the authority exists already: only the person's key is raced for
        results.put(check_person_identity(db.session.get(User, user_id)))
        db.engine.dispose()


def test_two_hosts_issuing_at_once_end_with_one_certificate(
    app: Flask, make_user: MakeUser
) -> None:
    signer = make_user(Role.APPROVER)
    with app.app_context():
        authority()
        db.session.remove()
        db.engine.dispose()  # the children open their own connections
    serials = _issue_from_two_processes(app, signer.id)
    with app.app_context():
        kept = db.session.scalars(select(SigningKey).where(SigningKey.user_id == signer.id)).all()
    assert len(kept) == 1
    assert serials == [kept[0].serial, kept[0].serial]


def test_a_new_name_is_a_new_certificate_and_the_old_one_stays(
    app: Flask, make_user: MakeUser
) -> None:
    signer = make_user(Role.REVIEWER)
    with app.app_context():
        user = db.session.get(User, signer.id)
        first = check_person_identity(user)
        assert check_person_identity(user) == first
        user.name = "Rosa Delgado-Smith"
        db.session.commit()
        second = check_person_identity(user)
        count = db.session.scalar(
            select(func.count()).select_from(SigningKey).where(SigningKey.user_id == signer.id)
        )
    assert second != first
    assert count == 2


def test_keys_an_earlier_version_left_in_the_instance_folder_keep_signing(
    app: Flask, make_user: MakeUser, runner: Any
) -> None:
    signer = make_user(Role.REVIEWER)
    instance = Path(app.instance_path)
    with app.app_context():
        secret = passphrase()
        old_authority = new_authority(secret, "State of Connecticut")
        (instance / AUTHORITY_FILE).write_bytes(old_authority)
        ca = authority_from_pkcs12(old_authority, secret)
        user = db.session.get(User, signer.id)
        old_key = issue_person(ca, person_of(user), secret)
        (instance / SIGNERS_DIR).mkdir()
        (instance / SIGNERS_DIR / f"{key_name(user, ca)}.p12").write_bytes(old_key)
        (instance / SIGNERS_DIR / "user-999-0123.p12").write_bytes(old_key)  # no such account
    result = runner.invoke(args=["signing", "import-keys"])
    assert result.exit_code == 0, result.output
    assert "Copied 2 signing keys into the database." in result.output
    assert "Skipped 1 key files" in result.output
    assert "Copied 0 signing keys" in runner.invoke(args=["signing", "import-keys"]).output
    with app.app_context():
        assert authority().fingerprint == ca.fingerprint
        user = db.session.get(User, signer.id)
        assert keystore.stored(key_name(user, ca)) == old_key
    assert sorted(p.name for p in (instance / SIGNERS_DIR).iterdir()) == sorted(
        [f"{key_name(user, ca)}.p12", "user-999-0123.p12"]
    )  # the files are read, never changed


def test_an_earlier_authority_is_carried_over_on_first_use(app: Flask) -> None:
    instance = Path(app.instance_path)
    with app.app_context():
        old = new_authority(passphrase(), "State of Connecticut")
        (instance / AUTHORITY_FILE).write_bytes(old)
        assert authority().fingerprint == authority_from_pkcs12(old, passphrase()).fingerprint
        assert keystore.stored(AUTHORITY_NAME) == old


def test_signing_from_start_to_finish_writes_nothing_to_the_instance_folder(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    request: pytest.FixtureRequest,
) -> None:
    before = instance_files(app)
    submitted: Made = request.getfixturevalue("submitted")
    auth.login(submitted.approver)
    form = {**SIGN, **set_aside_all(app, submitted.review_id)}
    response = client.post(f"/reviews/{submitted.review_id}/confirm", data=form)
    assert response.status_code == 302
    pdf = client.get(f"/reviews/{submitted.review_id}/review.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert client.get("/verify/authority.pem").data.startswith(b"-----BEGIN CERTIFICATE")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReviewDocument)) == 1
    assert instance_files(app) == before
