"""The JSON exports (UK ATRS tier 1 and tier 2, the Dutch register's standard): one document a
file, its records built by the standard's targets, and the JSON Schema (draft 2020-12) each
file follows, built from the same targets so the two cannot drift apart."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ctdppeia.inventory.export import json_chunks
from ctdppeia.inventory.schema import DATE, DRAFT, MOMENT
from ctdppeia.inventory.standards import EntryView, Target, atrs, dutch, mapped

MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$"}
SOURCE = "Connecticut state AI inventory"


@dataclass(frozen=True)
class JsonStandard:
    slug: str  # in the file's and the schema's addresses
    title: str
    version: str
    targets: tuple[Target, ...]
    many: frozenset[str] = frozenset()  # sections that are lists (ATRS models and datasets)

    def record(self, view: EntryView) -> dict[str, Any]:
        return mapped(self.targets, view, self.many)


STANDARDS: dict[str, JsonStandard] = {
    "atrs-tier-1": JsonStandard("atrs-tier-1", atrs.TIER_1_TITLE, atrs.VERSION, atrs.TIER_1),
    "atrs-tier-2": JsonStandard(
        "atrs-tier-2", atrs.TIER_2_TITLE, atrs.VERSION, atrs.TIER_2, atrs.MANY
    ),
    "algoritmeregister": JsonStandard("algoritmeregister", dutch.TITLE, "1.0", dutch.FIELDS),
}


def _value_schema(target: Target) -> dict[str, Any]:
    found: dict[str, Any]
    if target.kind == "enum":
        found = {"enum": list(target.values)}
    elif target.kind == "date":
        found = dict(DATE)
    elif target.kind == "month":
        found = dict(MONTH)
    elif target.kind == "datetime":
        found = dict(MOMENT)
    elif target.kind == "list":
        found = {"type": "array", "items": {"enum": list(target.values)}}
    elif target.kind == "links":
        link = {
            "type": "object",
            "properties": {"title": {"type": "string"}, "link": {"type": ["string", "null"]}},
            "required": ["title"],
        }
        found = {"type": "array", "items": link}
    else:
        found = {"type": "string", "minLength": 1}
        if target.max_length is not None:
            found["maxLength"] = target.max_length
    return found


def target_schema(target: Target) -> dict[str, Any]:
    """A field: null for ever while no entry field feeds it (and why); else its value, or
    null when the entry leaves it empty."""
    if target.is_blank:
        return {"title": target.name, "type": "null", "description": f"Empty: {target.blank_why}"}
    value = _value_schema(target)
    described = {"title": target.name, "description": f"From {target.source}"}
    if target.always:
        return {**described, **value}
    return {**described, "anyOf": [value, {"type": "null"}]}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def record_schema(standard: JsonStandard) -> dict[str, Any]:
    top: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {}
    for target in standard.targets:
        if target.section:
            sections.setdefault(target.section, {})[target.name] = target_schema(target)
            top.setdefault(target.section, None)
        else:
            top[target.name] = target_schema(target)
    for name, fields in sections.items():
        section = _object(fields)
        top[name] = (
            {"type": "array", "items": section, "minItems": 1} if name in standard.many else section
        )
    return _object(top)


def document_schema(standard: JsonStandard, url: str) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": url,
        "title": f"{SOURCE} as {standard.title}",
        "description": (
            "Every published system of the Connecticut state AI inventory (CGS 4a-2e), its "
            f"latest version, in the fields of {standard.title}. A field no inventory entry "
            "holds yet is always null; its description says why."
        ),
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "standard": {"const": standard.title},
            "standard_version": {"const": standard.version},
            "source": {"const": SOURCE},
            "as_of": MOMENT,
            "records": {"type": "array", "items": {"$ref": "#/$defs/record"}},
        },
        "required": ["standard", "standard_version", "source", "as_of", "records"],
        "additionalProperties": False,
        "$defs": {"record": record_schema(standard)},
    }


def head(standard: JsonStandard, as_of: str) -> dict[str, Any]:
    return {
        "standard": standard.title,
        "standard_version": standard.version,
        "source": SOURCE,
        "as_of": as_of,
    }


def document_chunks(
    standard: JsonStandard, as_of: str, views: Iterable[EntryView], schema_url: str
) -> Iterator[bytes]:
    """The file a record at a time (as ``export.json_chunks`` writes the inventory)."""
    records = (standard.record(view) for view in views)
    return json_chunks(head(standard, as_of), records, schema_url, key="records")
