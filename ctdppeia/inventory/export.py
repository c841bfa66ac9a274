"""The inventory as files: CSV in the open data portal's conventions, and JSON.

CSV: UTF-8 (no byte order mark), one row a system, a header row of the stable snake_case keys
of ``fields.COLUMNS``, ISO 8601 dates, ``true``/``false`` for yes-or-no fields, an empty cell
for no value, RFC 4180 quoting and line ends. A text cell that a spreadsheet would read as a
formula gets a leading ``'`` (``ctdppeia.csvcells``, shared by every CSV export).

Both are written a system at a time (the response streams them), so the whole inventory is
never held as one string.
"""

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ctdppeia.csvcells import csv_text
from ctdppeia.inventory.fields import COLUMNS


def cell(value: Any) -> Any:
    """One CSV cell: yes-or-no as ``true``/``false``; the rest as `csv_text` writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # the withheld fields and their reasons
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def csv_chunks(systems: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    """The CSV file a row at a time: the header, then one row a system."""
    yield csv_text([COLUMNS]).encode("utf-8")
    for record in systems:
        yield csv_text([[cell(record.get(key)) for key in COLUMNS]]).encode("utf-8")


def json_chunks(
    head: dict[str, Any],
    systems: Iterable[dict[str, Any]],
    schema_url: str,
    key: str = "systems",
) -> Iterator[bytes]:
    """The document (`head`, with the list `key` as its last key) with a link to its schema,
    as UTF-8 JSON a record at a time: the same text ``json.dumps(..., indent=2)`` writes."""
    linked = {"$schema": schema_url, **head, key: []}
    opening, closing = json.dumps(linked, ensure_ascii=False, indent=2).rsplit("[]", 1)
    yield (opening + "[").encode("utf-8")
    written = False
    for record in systems:
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ((",\n    " if written else "\n    ") + text).encode("utf-8")
        written = True
    yield (("\n  ]" if written else "]") + closing).encode("utf-8")
