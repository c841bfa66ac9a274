"""Signing keys kept in the database (``signing_key``): read one, or keep a new one once.

Every host of a deployment reads the same rows, so a person has one certificate for each
identity whichever host signs. Keeping a key is an INSERT under the table's unique name, in a
session of its own (the caller's session and its transaction are left as they are): when two
hosts issue at once, one INSERT wins and the other reads the winner's key.
"""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ctdppeia.extensions import db
from ctdppeia.models import SigningKey


def stored(name: str) -> bytes | None:
    """The encrypted PKCS#12 kept under ``name``, or None (read in the caller's session: no
    second connection)."""
    return db.session.scalar(select(SigningKey.pkcs12).where(SigningKey.name == name))


def keep(name: str, user_id: int | None, pkcs12: bytes, serial: str) -> bytes:
    """Keep ``pkcs12`` under ``name`` unless a key is already kept there; return the kept one."""
    row = SigningKey(name=name, user_id=user_id, pkcs12=pkcs12, serial=serial)
    try:
        # a session of its own: the caller's transaction stays as it is if this INSERT loses
        with Session(db.engine) as session, session.begin():
            session.add(row)
    except IntegrityError:
        pass  # another host or worker kept its key first: use that one
    with Session(db.engine) as session:  # sees the winner's row, committed meanwhile
        kept = session.scalar(select(SigningKey.pkcs12).where(SigningKey.name == name))
    if kept is None:
        raise RuntimeError(f"the signing key {name} was neither kept nor found")
    return kept


def names() -> set[str]:
    """The names of every key kept."""
    return set(db.session.scalars(select(SigningKey.name)))
