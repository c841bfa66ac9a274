"""The inventory as files: CSV in the open data portal's conventions, and JSON.

CSV: UTF-8 (no byte order mark), one row a system, a header row of the stable snake_case keys
of ``fields.COLUMNS``, ISO 8601 dates, ``true``/``false`` for yes-or-no fields, an empty cell
for no value, RFC 4180 quoting and line ends. A text cell that a spreadsheet would read as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
``'`` so that opening the file never runs it.
"""

import csv
import io
import json
from typing import Any

from ctdppeia.inventory.fields import COLUMNS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str:
    """One CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(document: dict[str, Any]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for record in document["systems"]:
        writer.writerow([cell(record.get(key)) for key in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def to_json(document: dict[str, Any], schema_url: str) -> bytes:
    """The document with a link to its schema, as UTF-8 JSON."""
    linked = {"$schema": schema_url, **document}
    return json.dumps(linked, ensure_ascii=False, indent=2).encode("utf-8")
