"""Anchors: the audit chain's head, signed and kept outside the database.

The hash chain (ctdppeia.audit_chain) shows a changed or removed event by the broken link to
the next one, but not the removal of the newest events: the chain simply ends earlier. An
anchor is a statement of the head at one moment (the latest event's id and hash, how many
events the chain held, when) with an HMAC-SHA256 over it, written as a file to
AUDIT_ANCHOR_DIR and, when AUDIT_ANCHOR_EMAILS names addresses, emailed to them. Checking an
anchor later finds the anchored event still there with the same hash and the same number of
events up to it; with the chain whole, everything up to that event is as it was.

The key is AUDIT_ANCHOR_KEY, or, when it is not set, one derived from SECRET_KEY (HKDF). An
HMAC, not a signature with the signing authority: it needs no key of its own to manage, and
what it must stop is a statement planted in the anchor folder by someone who can write there
but does not hold the application's configuration. Whoever holds the key can make statements
too, so the copies that count are the ones kept where the database's administrators cannot
reach (other storage, other people's mailboxes).
"""

import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import func, select

from ctdppeia.audit_chain import verify_chain
from ctdppeia.extensions import db
from ctdppeia.mail import send_mail
from ctdppeia.models import AuditEvent

FORMAT = "ctdppeia-audit-anchor"
FORMAT_VERSION = 1
SUFFIX = ".json"
MAX_STATEMENT_BYTES = 64 * 1024  # a statement is about 400 bytes; a bigger file is not one
_KEY_INFO = b"ctdppeia audit anchors"


class AnchorError(ValueError):
    """An anchor that cannot be made (the chain is broken or empty, the folder is unusable)."""


@dataclass(frozen=True)
class Statement:
    """What an anchor says: the chain's head at `at`, and how many events it then held."""

    event_id: int
    hash: str
    events: int
    at: str
    key_id: str
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def signed_text(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Finding:
    """One statement checked: `problem` is None when the database agrees with it."""

    name: str
    statement: Statement | None
    problem: str | None


def _key() -> bytes:
    material = current_app.config.get("AUDIT_ANCHOR_KEY") or current_app.config["SECRET_KEY"]
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_KEY_INFO)
    return hkdf.derive(str(material).encode())


def key_id(key: bytes) -> str:
    """A short name of the key (not the key): tells "another key" from "changed"."""
    return hmac.new(key, b"key id", hashlib.sha256).hexdigest()[:16]


def signature(statement: Statement, key: bytes) -> str:
    return hmac.new(key, statement.signed_text(), hashlib.sha256).hexdigest()


def anchor_dir() -> Path:
    configured = current_app.config.get("AUDIT_ANCHOR_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "audit-anchors"


def anchor_emails() -> list[str]:
    """AUDIT_ANCHOR_EMAILS: a list, or addresses separated by commas or spaces."""
    emails = current_app.config.get("AUDIT_ANCHOR_EMAILS") or []
    if isinstance(emails, str):
        emails = emails.replace(",", " ").split()
    return [str(email) for email in emails]


def current_statement(now: datetime | None = None) -> Statement:
    """The statement of the chain's head now; AnchorError if the chain is broken or empty."""
    report = verify_chain()
    if report.broken is not None:
        raise AnchorError(
            f"The audit chain is broken at event {report.broken.event_id} "
            f"({report.broken.reason}): no anchor was written. Run `audit verify`."
        )
    if report.head is None:
        raise AnchorError("The audit log is empty: there is nothing to anchor yet.")
    moment = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    head = report.head
    return Statement(head.event_id, head.hash, report.checked, moment, key_id(_key()))


def statement_text(statement: Statement) -> str:
    body = asdict(statement) | {"signature": signature(statement, _key())}
    return json.dumps(body, indent=2, sort_keys=True) + "\n"


def file_name(statement: Statement) -> str:
    stamp = statement.at.replace("-", "").replace(":", "").replace("+0000", "Z")
    return f"audit-anchor-{stamp}-event-{statement.event_id}{SUFFIX}"


def write_anchor(statement: Statement, folder: Path) -> Path:
    """Write the signed statement to a new file in `folder` (never over another one)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name(statement)
    partial = folder / f".{path.name}.partial"
    try:
        partial.write_text(statement_text(statement), encoding="utf-8")
        os.link(partial, path)  # fails if the name exists: an anchor is never replaced
    except FileExistsError as error:
        raise AnchorError(f"{path} already exists: nothing was written.") from error
    finally:
        partial.unlink(missing_ok=True)
    return path


def email_anchor(statement: Statement, addresses: list[str]) -> bool:
    """Send the signed statement to `addresses`; True when the SMTP server accepted it."""
    subject = f"Audit log anchor: event {statement.event_id}, {statement.at}"
    text = (
        "The audit log of the CT data and AI reviews site, as it stood at the time below.\n"
        "Keep this email. To check it later, save the statement between the lines as a file\n"
        "ending in .json and run: flask --app ctdppeia audit check-anchors --dir FOLDER\n\n"
        f"-----\n{statement_text(statement)}-----\n"
    )
    return send_mail(addresses, subject, text)


def _parse(data: bytes) -> tuple[Statement, str]:
    body = json.loads(data.decode("utf-8"))
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise ValueError("not an audit anchor statement")
    if body.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"anchor format version {body.get('format_version')!r} is not known")
    sent = body.pop("signature")
    statement = Statement(**body)
    types = {"event_id": int, "hash": str, "events": int, "at": str, "key_id": str}
    wrong = [name for name, kind in types.items() if type(getattr(statement, name)) is not kind]
    if wrong or not isinstance(sent, str):
        raise ValueError(f"its fields do not have the right types ({', '.join(wrong)})")
    return statement, sent


def read_statement(path: Path, key: bytes) -> Statement:
    """The statement in `path` once its signature is right; ValueError saying why not."""
    with path.open("rb") as stream:
        data = stream.read(MAX_STATEMENT_BYTES + 1)
    if len(data) > MAX_STATEMENT_BYTES:
        raise ValueError(f"larger than {MAX_STATEMENT_BYTES} bytes: not a statement")
    try:
        statement, sent = _parse(data)
    except (UnicodeDecodeError, json.JSONDecodeError, TypeError, KeyError, RecursionError) as e:
        raise ValueError(f"cannot be read as a statement ({type(e).__name__})") from e
    if statement.key_id != key_id(key):
        raise ValueError("its signature was made with another key (or the statement is forged)")
    if not hmac.compare_digest(sent, signature(statement, key)):
        raise ValueError("its signature does not match: the statement was changed or forged")
    return statement


def compare(statement: Statement) -> str | None:
    """What the database says against the statement, or None when it agrees."""
    stored = db.session.scalar(select(AuditEvent.hash).where(AuditEvent.id == statement.event_id))
    if stored is None:
        return (
            f"event {statement.event_id}, the chain head anchored at {statement.at}, is no "
            "longer in the audit log: events were removed (the chain's tail was cut)"
        )
    if not hmac.compare_digest(stored, statement.hash):
        return (
            f"event {statement.event_id} has another hash than the one anchored at "
            f"{statement.at}: the chain was rewritten up to it"
        )
    count = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.id <= statement.event_id)
    )
    if count != statement.events:
        return (
            f"the log holds {count} events up to event {statement.event_id}; at {statement.at} "
            f"it held {statement.events}"
        )
    return None


def statement_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.glob(f"*{SUFFIX}") if path.is_file())


def check_anchors(folder: Path) -> Iterator[Finding]:
    """Each statement in `folder`, in name order (oldest first), checked against the log."""
    key = _key()
    for path in statement_files(folder):
        try:
            statement = read_statement(path, key)
        except (OSError, ValueError) as error:
            yield Finding(path.name, None, f"refused: {error}")
            continue
        yield Finding(path.name, statement, compare(statement))
