"""How much of an archive `import` reads at once, and reading text and JSON from it safely.

Every read of an archive is bounded (``ARCHIVE_MAX_*`` settings, docs/backups.md): the
manifest's size, each table file's uncompressed size, each line's length (a line is read with a
limit, never whole), and how deeply JSON may nest. Text that is not UTF-8 or not JSON is refused
with the file and line named, never with a traceback.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ctdppeia.backup.errors import BackupError

# A JSON string (skipped whole, escapes included) or a bracket.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


@dataclass(frozen=True)
class ReadLimits:
    manifest_bytes: int
    member_bytes: int
    line_bytes: int
    json_depth: int

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "ReadLimits":
        return cls(
            manifest_bytes=int(config["ARCHIVE_MAX_MANIFEST_BYTES"]),
            member_bytes=int(config["ARCHIVE_MAX_MEMBER_BYTES"]),
            line_bytes=int(config["ARCHIVE_MAX_LINE_BYTES"]),
            json_depth=int(config["ARCHIVE_MAX_JSON_DEPTH"]),
        )


def megabytes(size: int) -> str:
    return f"{size:,} bytes ({size / 2**20:.1f} MiB)"


def too_large(where: str, size: str, limit: int, setting: str | None) -> BackupError:
    """`setting`: the one that raises the limit (None for a fixed one)."""
    raised_by = f"; the setting {setting}" if setting else ""
    return BackupError(
        f"{where} is larger than {megabytes(limit)}, the most `import` reads ({size}"
        f"{raised_by}). Nothing was restored."
    )


def text_of(data: bytes, where: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BackupError(
            f"{where} is not UTF-8 text (byte {error.start + 1} cannot be read). "
            "Nothing was restored."
        ) from error


def nesting(text: str) -> int:
    """How deeply the JSON text's arrays and objects nest (strings are skipped)."""
    depth = deepest = 0
    for token in _TOKENS.finditer(text):
        bracket = token.group()
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in "]}":
            depth -= 1
    return deepest


def json_of(text: str, where: str, depth: int) -> Any:
    """The JSON value of `text`, or BackupError naming `where` (too deep, or not JSON)."""
    found = nesting(text)
    if found > depth:
        raise BackupError(
            f"{where}: its JSON nests {found} levels deep, more than the {depth} `import` reads "
            "(the setting ARCHIVE_MAX_JSON_DEPTH). Nothing was restored."
        )
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BackupError(f"{where}: not JSON ({error}). Nothing was restored.") from error
