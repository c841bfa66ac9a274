"""The archive file: a zip with one JSON-lines file per table and a manifest.

``manifest.json`` names the format and its version, the migration revision of the database it
came from, whether password hashes are included, and for each table (in restore order) its
file, its columns, its row count and the SHA-256 of the file. Each table file holds one JSON
object per line, one line per row, keys in the table's column order.
"""

import hashlib
import json
import os
import time
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ctdppeia.backup.errors import BackupError

FORMAT = "ctdppeia-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_CHUNK = 1 << 20
PRIVATE_MODE = 0o600  # an archive and its partial file: read and written by their owner only


@dataclass(frozen=True)
class Member:
    """One table's file in the archive."""

    table: str
    path: str
    columns: list[str]
    rows: int
    sha256: str


@dataclass
class Manifest:
    revision: list[str]
    dialect: str
    created_at: str
    password_hashes: bool
    tables: list[Member] = field(default_factory=list)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str) -> "Manifest":
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise BackupError(f"This is not a ctdppeia backup (format {data.get('format')!r}).")
            if data.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"The archive is in backup format version {data.get('format_version')!r}; "
                    f"this version of ctdppeia reads version {FORMAT_VERSION}."
                )
            tables = [Member(**member) for member in data.pop("tables")]
            return cls(tables=tables, **data)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise BackupError(f"The archive's {MANIFEST} cannot be read ({error}).") from error

    def member(self, table: str) -> Member:
        return next(member for member in self.tables if member.table == table)


def table_path(table: str) -> str:
    return f"tables/{table}.jsonl"


def _line(row: dict[str, Any]) -> bytes:
    return (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class ArchiveWriter:
    """Writes table files one after the other, then the manifest."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._zip = archive

    def add_table(self, table: str, columns: list[str], rows: Iterable[dict[str, Any]]) -> Member:
        path, digest, count = table_path(table), hashlib.sha256(), 0
        entry = zipfile.ZipInfo(path, date_time=time.gmtime()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        with self._zip.open(entry, "w", force_zip64=True) as stream:
            for row in rows:
                data = _line(row)
                stream.write(data)
                digest.update(data)
                count += 1
        return Member(table, path, columns, count, digest.hexdigest())

    def finish(self, manifest: Manifest) -> None:
        self._zip.writestr(MANIFEST, manifest.to_json())


@contextmanager
def writing(path: Path) -> Iterator[ArchiveWriter]:
    """Write the archive to a temporary file beside `path`, renamed only once it is complete."""
    if path.exists():
        raise BackupError(f"{path} already exists: choose a new file name (nothing was written).")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with (
            _private_file(partial) as stream,
            zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        ):
            yield ArchiveWriter(archive)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _private_file(path: Path) -> BinaryIO:
    """A new file only its owner may read or write (mode 0600, whatever the umask): an archive
    holds every table. A file left by an earlier, interrupted export is replaced."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    os.fchmod(descriptor, PRIVATE_MODE)  # the umask may have taken bits away, never added
    return os.fdopen(descriptor, "w+b")


@contextmanager
def reading(path: Path) -> Iterator["ArchiveReader"]:
    try:
        with zipfile.ZipFile(path) as archive:
            yield ArchiveReader(archive)
    except zipfile.BadZipFile as error:
        raise BackupError(f"{path} is not a ctdppeia backup: it is not a zip file.") from error
    except FileNotFoundError as error:
        raise BackupError(f"{path} does not exist.") from error


class ArchiveReader:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._zip = archive

    def manifest(self) -> Manifest:
        if MANIFEST not in self._zip.namelist():
            raise BackupError(f"This is not a ctdppeia backup: it has no {MANIFEST}.")
        return Manifest.from_json(self._zip.read(MANIFEST).decode("utf-8"))

    def check(self, manifest: Manifest) -> None:
        """Every file the manifest lists is there, whole (SHA-256 and row count), and no other."""
        expected = {member.path for member in manifest.tables} | {MANIFEST}
        extra = sorted(set(self._zip.namelist()) - expected)
        if extra:
            raise BackupError(f"The archive holds files its manifest does not list: {extra}.")
        for member in manifest.tables:
            self._check_member(member)

    def _check_member(self, member: Member) -> None:
        if member.path not in self._zip.namelist():
            raise BackupError(f"The archive lacks {member.path}, which its manifest lists.")
        digest, lines = hashlib.sha256(), 0
        with self._zip.open(member.path) as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                lines += chunk.count(b"\n")
        if digest.hexdigest() != member.sha256:
            raise BackupError(
                f"{member.path} is damaged or was changed: its SHA-256 is {digest.hexdigest()}, "
                f"the manifest says {member.sha256}. Nothing was restored."
            )
        if lines != member.rows:
            raise BackupError(
                f"{member.path} holds {lines} rows, the manifest says {member.rows}. "
                "Nothing was restored."
            )

    def rows(self, member: Member) -> Iterator[dict[str, Any]]:
        with self._zip.open(member.path) as stream:
            yield from (_row(member, number, line) for number, line in enumerate(stream, 1))


def _row(member: Member, number: int, line: bytes) -> dict[str, Any]:
    try:
        row = json.loads(line)
    except ValueError as error:
        raise BackupError(f"{member.path}, line {number}: not JSON ({error}).") from error
    if not isinstance(row, dict) or list(row) != member.columns:
        raise BackupError(
            f"{member.path}, line {number}: the row's columns are not the table's columns."
        )
    return row
