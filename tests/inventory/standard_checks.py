"""Checking an export against what it publishes about itself: a JSON file against its JSON
Schema, the OMB CSV against its column specification."""

import ast
import csv
import io
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from ctdppeia.inventory.standards import omb


def schema_errors(schema: dict[str, Any], document: Any) -> list[str]:
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)
    ]


def csv_rows(data: bytes) -> list[dict[str, str]]:
    """The rows of an OMB CSV, after checking its byte order mark and its header."""
    assert data.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == omb.HEADERS
    return list(reader)


def column_errors(spec: dict[str, Any], rows: list[dict[str, str]]) -> list[str]:
    """Every cell the column specification does not allow: a value outside a closed column's
    list, an empty cell in a column always filled, a value in a column always empty."""
    assert [column["name"] for column in spec["columns"]] == list(omb.HEADERS)
    errors = []
    for number, row in enumerate(rows, start=1):
        assert list(row) == list(omb.HEADERS)
        for column in spec["columns"]:
            cell, name = row[column["name"]], column["name"]
            allowed = [value["value"] for value in column.get("values", [])]
            if column["blank_because"] and cell != "":
                errors.append(f"row {number} {name}: {cell!r} in a column always empty")
            elif column["always_filled"] and cell == "":
                errors.append(f"row {number} {name}: empty")
            elif allowed and cell != "" and not set(_cell_values(column, cell)) <= set(allowed):
                errors.append(f"row {number} {name}: {cell!r} not in {allowed}")
    return errors


def _cell_values(column: dict[str, Any], cell: str) -> list[str]:
    """A cell's values: a list column's cell is a stringified list (``['A', 'B']``)."""
    if column["kind"] != "list":
        return [cell]
    found = ast.literal_eval(cell)
    assert isinstance(found, list), cell
    return [str(value) for value in found]
