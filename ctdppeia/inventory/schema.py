"""The JSON Schema (draft 2020-12) of the inventory files, published at a stable URL.

Every JSON file the inventory serves (the current inventory and each frozen year) is an
inventory document that this schema describes; the tests validate each one against it.
"""

from typing import Any

from ctdppeia.inventory.fields import (
    BY_KEY,
    COLUMNS,
    SCHEMA_VERSION,
    STATUTORY,
    V1_COLUMNS,
    WITHHELD_PREFIX,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
MOMENT = {
    "type": "string",
    "format": "date-time",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$",
}
PUBLIC_ID = {"type": "string", "pattern": r"^CT-[A-Z0-9]{2,16}-\d{4,}$"}
WITHHELD = {"type": "string", "pattern": "^" + WITHHELD_PREFIX + ".+"}


def _property(key: str) -> dict[str, Any]:
    field = BY_KEY[key]
    found: dict[str, Any]
    if key == "public_id":
        found = dict(PUBLIC_ID)
    elif field.kind == "integer":
        found = {"type": "integer", "minimum": 1}
    elif field.kind == "boolean":
        found = {"type": "boolean"}
    elif field.kind == "date":
        found = {"anyOf": [DATE, {"type": "null"}]}
    elif field.kind == "datetime":
        found = dict(MOMENT)
    elif field.kind == "enum":
        values: list[str | None] = list(field.values or {})
        found = {"enum": values if key in V1_COLUMNS else [*values, None]}
    elif field.kind == "object":
        found = {"type": ["object", "null"], "additionalProperties": {"type": "string"}}
    else:
        found = {"type": ["string", "null"]}
        if field.max_length is not None:
            found["maxLength"] = field.max_length
    if key in STATUTORY and field.kind == "text":
        found = {"type": "string", "minLength": 1}
    if field.withholdable:
        found = {"anyOf": [found, WITHHELD]}
    return {"title": field.label, **found}


def system_schema() -> dict[str, Any]:
    """One system: the public record of its latest version (as of the file's date)."""
    required_dates = {"decision_date", "next_review_date"}
    properties = {key: _property(key) for key in COLUMNS}
    for key in required_dates:
        properties[key] = {"title": BY_KEY[key].label, **DATE}
    return {
        "type": "object",
        "properties": properties,
        "required": list(V1_COLUMNS),
        "additionalProperties": False,
    }


def inventory_schema(schema_url: str) -> dict[str, Any]:
    """The schema of an inventory document, with ``schema_url`` as its ``$id``."""
    return {
        "$schema": DRAFT,
        "$id": schema_url,
        "title": "Connecticut state AI inventory",
        "description": (
            "The public inventory of the AI systems Connecticut state agencies use "
            "(CGS 4a-2e): one entry a system, the latest published version of each as of the "
            "file's date. Version " + SCHEMA_VERSION + " of this schema."
        ),
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "schema_version": {"const": SCHEMA_VERSION},
            "title": {"type": "string"},
            "year": {"type": ["integer", "null"]},
            "as_of": MOMENT,
            "frozen_at": {"anyOf": [MOMENT, {"type": "null"}]},
            "systems": {"type": "array", "items": {"$ref": "#/$defs/system"}},
        },
        "required": ["schema_version", "title", "year", "as_of", "frozen_at", "systems"],
        "additionalProperties": False,
        "$defs": {"system": system_schema()},
    }
