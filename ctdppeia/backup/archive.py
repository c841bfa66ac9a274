"""The archive file: a zip with one JSON-lines file per table and a manifest.

``manifest.json`` names the format and its version, the migration revision of the database it
came from, whether password hashes are included, and for each table (in restore order) its
file, its columns, its row count and the SHA-256 of the file. Each table file holds one JSON
object per line, one line per row, keys in the table's column order. ``manifest.hmac`` holds the
manifest's MAC (``authenticity.py``), so a table file changed along with its SHA-256 is refused.
Reading is bounded throughout (``bounds.py``).
"""

import hashlib
import json
import os
import time
import zipfile
import zlib
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ctdppeia.backup.authenticity import SEAL, check_seal, seal
from ctdppeia.backup.bounds import ReadLimits, json_of, megabytes, text_of, too_large
from ctdppeia.backup.errors import BackupError

FORMAT = "ctdppeia-backup"
FORMAT_VERSION = 2  # 2: the manifest is authenticated (manifest.hmac)
MANIFEST = "manifest.json"
_CHUNK = 1 << 20
PRIVATE_MODE = 0o600  # an archive and its partial file: read and written by their owner only
_SEAL_BYTES = 1024  # manifest.hmac: 64 hexadecimal digits and a line break


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
    def from_data(cls, data: Any) -> "Manifest":
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else None
            raise BackupError(f"This is not a ctdppeia backup (format {found!r}).")
        if data.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                f"The archive is in backup format version {data.get('format_version')!r}; "
                f"this version of ctdppeia reads version {FORMAT_VERSION}."
            )
        try:
            fields = {name: data[name] for name in _MANIFEST_TYPES}
            tables = [Member(**_typed(member, _MEMBER_TYPES)) for member in data["tables"]]
            _typed(fields, _MANIFEST_TYPES)
        except (ValueError, TypeError, KeyError) as error:
            raise BackupError(f"The archive's {MANIFEST} cannot be read ({error}).") from error
        return cls(tables=tables, **fields)

    def member(self, table: str) -> Member:
        return next(member for member in self.tables if member.table == table)


_MANIFEST_TYPES = {
    "revision": list,
    "dialect": str,
    "created_at": str,
    "password_hashes": bool,
}
_MEMBER_TYPES = {"table": str, "path": str, "columns": list, "rows": int, "sha256": str}


def _typed(values: Any, types: dict[str, type]) -> dict[str, Any]:
    """`values` with exactly the keys of `types`, each of its type (lists of text), or an error."""
    if not isinstance(values, dict) or set(values) != set(types):
        raise ValueError(f"expected the fields {sorted(types)}")
    for name, kind in types.items():
        value = values[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise TypeError(f"{name} is not {kind.__name__}")
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            raise TypeError(f"{name} is not a list of text")
    return values


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

    def finish(self, manifest: Manifest, key: bytes) -> None:
        data = manifest.to_json().encode("utf-8")
        self._zip.writestr(MANIFEST, data)
        self._zip.writestr(SEAL, seal(data, key) + "\n")


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
def reading(path: Path, limits: ReadLimits) -> Iterator["ArchiveReader"]:
    try:
        opened = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise BackupError(f"{path} is not a ctdppeia backup: it is not a zip file.") from error
    except FileNotFoundError as error:
        raise BackupError(f"{path} does not exist.") from error
    with opened:
        try:
            yield ArchiveReader(opened, limits)
        except _DAMAGED as error:
            raise BackupError(
                f"{path} is damaged: a file in it cannot be unpacked ({error}). "
                "Nothing was restored."
            ) from error


# What unpacking a damaged zip raises (a wrong CRC, broken compressed data, a cut-off file, a
# compression method Python does not read).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)


class ArchiveReader:
    """Reads an archive's manifest (once its MAC matches) and table files, every read bounded."""

    def __init__(self, archive: zipfile.ZipFile, limits: ReadLimits) -> None:
        names = archive.namelist()
        twice = sorted(name for name, count in Counter(names).items() if count > 1)
        if twice:
            raise BackupError(f"The archive holds more than one file named {twice}.")
        locked = sorted(info.filename for info in archive.infolist() if info.flag_bits & 0x1)
        if locked:
            raise BackupError(
                f"The archive holds encrypted files, which `import` never reads: {locked}."
            )
        self._zip, self._names, self.limits = archive, set(names), limits

    def manifest(self, key: bytes) -> Manifest:
        """The manifest, read only after its MAC is found to match (BackupError otherwise)."""
        if MANIFEST not in self._names:
            raise BackupError(f"This is not a ctdppeia backup: it has no {MANIFEST}.")
        if SEAL not in self._names:
            raise BackupError(
                f"The archive has no {SEAL}, so it cannot be authenticated: it was changed, or "
                "made by a version of ctdppeia before archives were authenticated (restore it "
                "with that version). Nothing was restored."
            )
        data = self._bounded(MANIFEST, self.limits.manifest_bytes, "ARCHIVE_MAX_MANIFEST_BYTES")
        check_seal(data, self._bounded(SEAL, _SEAL_BYTES, None), key)
        parsed = json_of(text_of(data, MANIFEST), MANIFEST, self.limits.json_depth)
        return Manifest.from_data(parsed)

    def _bounded(self, name: str, limit: int, setting: str | None) -> bytes:
        with self._zip.open(name) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise too_large(name, "or more", limit, setting)
        return data

    def check(self, manifest: Manifest) -> None:
        """Every file the manifest lists is there, whole (SHA-256 and row count), within the
        limits, and no other."""
        for member in manifest.tables:
            if member.path != table_path(member.table):
                raise BackupError(
                    f"The manifest names {member.path!r} as the file of {member.table}, "
                    f"which is always {table_path(member.table)!r}."
                )
        expected = {member.path for member in manifest.tables} | {MANIFEST, SEAL}
        extra = sorted(self._names - expected)
        if extra:
            raise BackupError(f"The archive holds files its manifest does not list: {extra}.")
        for member in manifest.tables:
            self._check_member(member)

    def _check_member(self, member: Member) -> None:
        if member.path not in self._names:
            raise BackupError(f"The archive lacks {member.path}, which its manifest lists.")
        limit = self.limits.member_bytes
        declared = self._zip.getinfo(member.path).file_size
        if declared > limit:
            raise too_large(member.path, megabytes(declared), limit, "ARCHIVE_MAX_MEMBER_BYTES")
        digest, lines, size, line = hashlib.sha256(), 0, 0, 0
        with self._zip.open(member.path) as stream:
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                if size > limit:
                    raise too_large(member.path, "or more", limit, "ARCHIVE_MAX_MEMBER_BYTES")
                line = self._longest_line(member, lines, line, chunk)
                lines += chunk.count(b"\n")
        _same_digest(member, digest.hexdigest())
        _same_count(member, lines)

    def _longest_line(self, member: Member, lines: int, current: int, chunk: bytes) -> int:
        """The length of the line still open after `chunk` (`current`: before it; `lines`:
        the lines before it); BackupError when a line is longer than the limit."""
        limit = self.limits.line_bytes
        too_long = _too_long_line(chunk, current, limit)
        if too_long is not None:
            raise _line_too_long(member, lines + 1 + too_long, limit)
        last = chunk.rfind(b"\n")
        return current + len(chunk) if last == -1 else len(chunk) - last - 1

    def rows(self, member: Member) -> Generator[dict[str, Any], None, None]:
        """Each row of the table file, read line by line with the line limit; the file must
        still match its SHA-256 and row count once read."""
        digest, number, limit = hashlib.sha256(), 0, self.limits.line_bytes
        with self._zip.open(member.path) as stream:
            while line := stream.readline(limit + 1):
                number += 1
                if len(line) > limit:
                    raise _line_too_long(member, number, limit)
                digest.update(line)
                yield self._row(member, number, line)
        _same_digest(member, digest.hexdigest())
        _same_count(member, number)

    def _row(self, member: Member, number: int, line: bytes) -> dict[str, Any]:
        where = f"{member.path}, line {number}"
        row = json_of(text_of(line, where), where, self.limits.json_depth)
        if not isinstance(row, dict) or list(row) != member.columns:
            raise BackupError(f"{where}: the row's columns are not the table's columns.")
        return row


def _too_long_line(chunk: bytes, current: int, limit: int) -> int | None:
    """Which line of `chunk` (0: the one already open, of `current` bytes) is longer than
    `limit` bytes, newline included; None when none is. Lines wholly inside a chunk no longer
    than the limit cannot be, so only the first and the open one are measured then."""
    if current + len(chunk) <= limit:
        return None
    first = chunk.find(b"\n")
    if first == -1:
        return 0 if current + len(chunk) > limit else None
    if current + first + 1 > limit:
        return 0
    if len(chunk) > limit:
        for index, part in enumerate(chunk[first + 1 :].split(b"\n")[:-1], 1):
            if len(part) + 1 > limit:
                return index
    last = chunk.rfind(b"\n")
    return None if len(chunk) - last - 1 <= limit else chunk.count(b"\n")


def _line_too_long(member: Member, number: int, limit: int) -> BackupError:
    return too_large(f"{member.path}, line {number}", "or more", limit, "ARCHIVE_MAX_LINE_BYTES")


def _same_digest(member: Member, found: str) -> None:
    if found != member.sha256:
        raise BackupError(
            f"{member.path} is damaged or was changed: its SHA-256 is {found}, "
            f"the manifest says {member.sha256}. Nothing was restored."
        )


def _same_count(member: Member, lines: int) -> None:
    if lines != member.rows:
        raise BackupError(
            f"{member.path} holds {lines} rows, the manifest says {member.rows}. "
            "Nothing was restored."
        )
