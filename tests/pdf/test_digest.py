"""The canonical record form and its digest."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from typing import Any

import pytest

from ctdppeia.pdf import canonical_bytes, record_digest
from ctdppeia.pdf.digest import find_digest


def test_canonical_form_is_sorted_compact_utf8() -> None:
    data = canonical_bytes({"b": 1, "a": ["Núñez", None, True], "schema": "ctdppeia-review/1"})
    assert data == '{"a":["Núñez",null,true],"b":1,"schema":"ctdppeia-review/1"}'.encode()


def test_digest_is_sha256_of_canonical_bytes(snapshot: dict[str, Any]) -> None:
    assert record_digest(snapshot) == hashlib.sha256(canonical_bytes(snapshot)).hexdigest()
    assert len(record_digest(snapshot)) == 64


def test_digest_ignores_key_order_and_unicode_normal_form(snapshot: dict[str, Any]) -> None:
    reordered = json.loads(json.dumps(snapshot), object_pairs_hook=lambda p: dict(reversed(p)))
    decomposed = json.loads(unicodedata.normalize("NFD", json.dumps(snapshot, ensure_ascii=False)))
    assert record_digest(reordered) == record_digest(snapshot)
    assert record_digest(decomposed) == record_digest(snapshot)


def test_digest_changes_with_any_answer(snapshot: dict[str, Any]) -> None:
    before = record_digest(snapshot)
    snapshot["sections"][0]["questions"][0]["answer"] += "."
    assert record_digest(snapshot) != before


def test_schema_version_is_part_of_the_digest(snapshot: dict[str, Any]) -> None:
    before = record_digest(snapshot)
    snapshot["schema"] = "ctdppeia-review/3"
    assert record_digest(snapshot) != before


@pytest.mark.parametrize("value", [0.5, {"nested": [1, 2.0]}, float("nan")])
def test_floats_are_refused(value: Any) -> None:
    with pytest.raises(TypeError, match="float"):
        canonical_bytes({"x": value})


def test_other_types_and_keys_are_refused() -> None:
    with pytest.raises(TypeError):
        canonical_bytes({"x": object()})
    with pytest.raises(TypeError):
        canonical_bytes({1: "x"})


def test_find_digest() -> None:
    digest = "0" * 63 + "a"
    assert find_digest(f"Reviewer of review; content sha256={digest}") == digest
    assert find_digest("no digest here") is None
    assert find_digest(None) is None
