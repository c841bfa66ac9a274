"""Crafted archives: the attacks of the third security test (fault 6, archives a3 to a13), each
made from a genuine export, as someone holding the file would make them.

`rewritten` changes files and, like the tester, recomputes the manifest's SHA-256 values and row
counts; with `key` it also recomputes the manifest's MAC, as only a holder of ARCHIVE_KEY can
(to show what the checks after the MAC refuse on their own).
"""

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ctdppeia.audit_chain import link_hash
from ctdppeia.backup.archive import MANIFEST
from ctdppeia.backup.authenticity import SEAL, seal

Edit = Callable[[str, bytes], bytes]
Row = dict[str, Any]


def rewritten(
    source: Path,
    target: Path,
    edit: Edit,
    fix_checksums: bool = False,
    key: bytes | None = None,
) -> Path:
    """A copy of the archive with each file passed through `edit(name, data)`."""
    with zipfile.ZipFile(source) as old:
        files = {name: edit(name, old.read(name)) for name in old.namelist()}
    if fix_checksums:
        manifest = json.loads(files[MANIFEST])
        for member in manifest["tables"]:
            data = files[member["path"]]
            member["sha256"] = hashlib.sha256(data).hexdigest()
            member["rows"] = data.count(b"\n")
        files[MANIFEST] = json.dumps(manifest, indent=2).encode()
    if key is not None:
        files[SEAL] = (seal(files[MANIFEST], key) + "\n").encode()
    return written(target, files)


def written(target: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as new:
        for name, data in files.items():
            new.writestr(name, data)
    return target


def table_edit(table: str, change: Callable[[list[Row]], list[Row]]) -> Edit:
    """An edit of one table file's rows (JSON lines)."""

    def edit(name: str, data: bytes) -> bytes:
        if name != f"tables/{table}.jsonl":
            return data
        rows = change([json.loads(line) for line in data.splitlines()])
        return b"".join(
            (json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
            for row in rows
        )

    return edit


def manifest_edit(change: Callable[[bytes], bytes]) -> Edit:
    return lambda name, data: change(data) if name == MANIFEST else data


def _hashed(row: Row) -> dict[str, Any]:
    """The hashed content of an archived event (its time is already ISO 8601 in UTC)."""
    names = ("at", "actor_id", "action", "object_type", "object_id", "scope_type", "scope_id")
    fields = {name: row[name] for name in names}
    return fields | {"changes": row["changes"], "summary": row["summary"]}


def confirmed_event_changed(rows: list[Row], relink: bool) -> list[Row]:
    """a5 and a6: the first `review.confirmed` event gets the administrator as its actor and a
    new summary; with `relink`, its hash and every later one are recomputed (a6)."""
    index = next(i for i, row in enumerate(rows) if row["action"] == "review.confirmed")
    rows[index] = rows[index] | {"actor_id": 1, "summary": "Confirmed by someone else"}
    if relink:
        for number in range(index, len(rows)):
            row = rows[number]
            row["prev_hash"] = rows[number - 1]["hash"]
            row["hash"] = link_hash(row["prev_hash"], _hashed(row))
    return rows


def planted_admin(rows: list[Row]) -> list[Row]:
    """a7: an extra administrator whose password hash the forger knows."""
    intruder = rows[0] | {
        "id": max(row["id"] for row in rows) + 1,
        "email": "intruder@evil.example",
        "name": "Intruder",
        "role": "admin",
        "password_hash": "pbkdf2:sha256:1$salt$" + "0" * 64,
    }
    return [*rows, intruder]


def reviewer_changed(values: Row) -> Callable[[list[Row]], list[Row]]:
    """a8: the reviewer's account with other values (an address list, a name with CR LF)."""

    def change(rows: list[Row]) -> list[Row]:
        return [row | values if row["email"] == "reviewer@demo.ct.gov" else row for row in rows]

    return change
