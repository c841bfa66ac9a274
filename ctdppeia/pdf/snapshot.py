"""The review snapshot: the plain data a review PDF is built from, checked against its schema.

The web app produces one snapshot per review (a plain ``dict``, no ORM objects). Its record
digest (:func:`ctdppeia.pdf.digest.record_digest`) is stored with the review, printed in the
PDF and placed in each signature's reason, so its shape is a contract. The shape is defined
once, as a JSON Schema (draft 2020-12): ``ctdppeia/schemas/signed-record.schema.json``,
published at ``/records/schema/v2.json``. :func:`validate_snapshot` checks a snapshot with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from ctdppeia.schemas import signed_record_schema, signed_record_version

SCHEMA = signed_record_version()

JSON_TYPES = {
    bool: "boolean",
    int: "integer",
    str: "string",
    list: "array",
    dict: "object",
    float: "number",
    type(None): "null",
}


@cache
def validator() -> Draft202012Validator:
    """The signed record's schema, ready to check snapshots (built once)."""
    return Draft202012Validator(signed_record_schema())


def validate_snapshot(snapshot: Any) -> None:
    """Raise ``ValueError`` naming the first missing or wrong key (e.g. ``flags[2].severity``)."""
    error = best_match(validator().iter_errors(snapshot))
    if error is not None:
        raise ValueError(describe(error))


def describe(error: ValidationError) -> str:
    """The error in words, with the path of the key in the snapshot."""
    path = location(error.absolute_path)
    # What the failed keyword asks, and the value it failed on: both set on every error raised.
    rule: Any = error.validator_value
    instance: Any = error.instance
    if error.validator == "required":
        missing = [key for key in rule if key not in instance]
        return f"{path} is missing the key {missing[0]!r} ({path}.{missing[0]})"
    got = JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
    if error.validator == "type":
        names = " or ".join(rule) if isinstance(rule, list) else rule
        return f"{path}: expected {names}, got {got}"
    if error.validator in ("enum", "const"):
        values = rule if error.validator == "enum" else [rule]
        listed = ", ".join("null" if value is None else str(value) for value in values)
        return f"{path}: {error.instance!r} is not one of: {listed}"
    return f"{path}: {error.message}"


def location(parts: Iterable[str | int]) -> str:
    """``snapshot.sections[2].questions[1]`` from the path ``("sections", 2, "questions", 1)``."""
    text = "snapshot"
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text
