"""One way to save a change: `database.transaction()` commits when its block ends and rolls
everything back on any exception; no feature commits the session itself."""

import ast
import fcntl
import os
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

import ctdppeia
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import Agency
from ctdppeia.reviews import services as reviews
from ctdppeia.writelock import lock_path

PACKAGE = Path(ctdppeia.__file__).parent

# The modules that may call `.commit()` themselves, and why.
MAY_COMMIT = {
    "database.py": "`transaction()` itself",
}


# The modules that open a transaction of their own (`.begin()`, on a session or a connection
# apart from the request's), and why.
MAY_BEGIN = {
    "outbox.py": "the send job's own session: the claim is saved before the mail server is "
    "asked, and the row marked sent after it",
    "documents/keystore.py": "a signing key is kept in a session of its own, so the caller's "
    "transaction is left as it is when two hosts issue at once",
    "backup/importing.py": "a restore writes every table through one connection, all or nothing",
}


def calls_in(source: str, method: str) -> list[int]:
    """The lines of `source` that call some `.<method>()` (db.session.commit(), engine.begin())."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == method
    ]


def commits_in(source: str) -> list[int]:
    """The lines of `source` that call some `.commit()` (db.session.commit(), session.commit())."""
    return calls_in(source, "commit")


def _outside(allowed: dict[str, str], method: str) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() not in allowed
        for line in calls_in(path.read_text(encoding="utf-8"), method)
    ]


def test_the_guard_finds_a_commit() -> None:
    source = "def save():\n    db.session.add(x)\n    db.session.commit()\n    session.commit()\n"
    assert commits_in(source) == [3, 4]
    assert commits_in("with transaction():\n    db.session.add(x)\n") == []


def test_no_feature_commits_outside_a_transaction() -> None:
    found = _outside(MAY_COMMIT, "commit")
    assert found == [], "save with `with transaction():` (ctdppeia/database.py) instead"


def test_no_feature_opens_a_transaction_of_its_own() -> None:
    assert calls_in("with db.engine.begin() as c:\n    session.begin()\n", "begin") == [1, 2]
    found = _outside(MAY_BEGIN, "begin")
    assert found == [], "save with `with transaction():` (ctdppeia/database.py) instead"


def test_every_module_allowed_is_still_there() -> None:
    """A module renamed or removed leaves no stale exception behind."""
    for allowed in (*MAY_COMMIT, *MAY_BEGIN):
        assert (PACKAGE / allowed).is_file(), allowed


def _agencies() -> int:
    return db.session.scalar(select(func.count()).select_from(Agency)) or 0


def test_a_block_that_ends_normally_is_saved(app: Flask) -> None:
    with app.app_context():
        before = _agencies()
        with transaction():
            db.session.add(Agency(code="TXN1", name="Saved"))
        db.session.remove()  # a new session sees only what was committed
        assert _agencies() == before + 1


def test_an_exception_saves_nothing_and_is_raised_unchanged(app: Flask) -> None:
    class Refused(Exception):
        pass

    with app.app_context():
        before = _agencies()
        with pytest.raises(Refused), transaction():
            db.session.add(Agency(code="TXN2", name="Half"))
            db.session.flush()  # written to the database, not yet committed
            raise Refused()
        assert not db.session.new and not db.session.dirty  # nothing left pending
        assert _agencies() == before
        db.session.remove()
        assert _agencies() == before


def test_a_refused_commit_is_rolled_back_and_the_session_goes_on(app: Flask) -> None:
    with app.app_context():
        before = _agencies()
        with pytest.raises(IntegrityError), transaction():
            db.session.add(Agency(code="TXN3", name="First"))
            db.session.add(Agency(code="TXN3", name="Same code"))  # refused at the commit
        with transaction():  # the session is usable at once, with nothing of the failed block
            db.session.add(Agency(code="TXN4", name="Next"))
        db.session.remove()
        assert _agencies() == before + 1


def _lock_is_free(path: str) -> bool:
    """Whether another open file could take the write lock now."""
    descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


def test_on_sqlite_a_review_change_queues_before_it_reads(app: Flask) -> None:
    """A review change takes the write lock when its block starts, so what it checks cannot
    change before it writes; any other change queues from its first write (the session hook)."""
    with app.app_context():
        path = lock_path(db.engine)
        if path is None:
            pytest.skip("the write lock is for SQLite files")
        with transaction():
            _agencies()
            assert _lock_is_free(path)
            db.session.add(Agency(code="TXN5", name="Queued"))
            db.session.flush()
            assert not _lock_is_free(path)
        assert _lock_is_free(path)
        with reviews.transaction():
            assert not _lock_is_free(path)
        assert _lock_is_free(path)
