"""The inventory as files: CSV in the open data portal's conventions, and JSON.

CSV: UTF-8 (no byte order mark), one row a system, a header row of the stable snake_case keys
of ``fields.COLUMNS``, ISO 8601 dates, ``true``/``false`` for yes-or-no fields, an empty cell
for no value, RFC 4180 quoting and line ends. A text cell that a spreadsheet would read as a
formula gets a leading ``'`` (``ctdppeia.csvcells``, shared by every CSV export).
"""

import json
from typing import Any

from ctdppeia.csvcells import csv_text
from ctdppeia.inventory.fields import COLUMNS


def cell(value: Any) -> Any:
    """One CSV cell: yes-or-no as ``true``/``false``; the rest as `csv_text` writes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def to_csv(document: dict[str, Any]) -> bytes:
    rows = [[cell(record.get(key)) for key in COLUMNS] for record in document["systems"]]
    return csv_text([COLUMNS, *rows]).encode("utf-8")


def to_json(document: dict[str, Any], schema_url: str) -> bytes:
    """The document with a link to its schema, as UTF-8 JSON."""
    linked = {"$schema": schema_url, **document}
    return json.dumps(linked, ensure_ascii=False, indent=2).encode("utf-8")
