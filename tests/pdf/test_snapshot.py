"""Snapshot validation names the key that is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from ctdppeia.pdf import validate_snapshot


def test_rich_snapshot_is_valid(snapshot: dict[str, Any]) -> None:
    validate_snapshot(snapshot)


def test_missing_top_level_key_is_named(snapshot: dict[str, Any]) -> None:
    del snapshot["decision"]
    with pytest.raises(ValueError, match=r"'decision'"):
        validate_snapshot(snapshot)


def test_missing_nested_key_is_named_with_its_path(snapshot: dict[str, Any]) -> None:
    del snapshot["sections"][2]["questions"][1]["answer"]
    with pytest.raises(ValueError, match=r"sections\[2\]\.questions\[1\]\.answer"):
        validate_snapshot(snapshot)


def test_missing_group_key_is_named(snapshot: dict[str, Any]) -> None:
    del snapshot["analyses"][0]["groups"][4]["suppressed"]
    with pytest.raises(ValueError, match=r"groups\[4\]\.suppressed"):
        validate_snapshot(snapshot)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("review", "rating"), "severe", "not one of"),
        (("subject", "kind"), "survey", "not one of"),
        (("review", "id"), "12", r"snapshot\.review\.id: expected integer, got string"),
        (("review", "id"), True, "got boolean"),
        (("subject", "agencies"), "DSS", r"snapshot\.subject\.agencies: expected array"),
        (("schema",), "ctdppeia-review/0", "not one of"),
        (("flags",), [{"id": "x"}], r"snapshot\.flags\[0\] is missing the key 'severity'"),
        (("review", "rating_obligations"), ["ok", 3], r"rating_obligations\[1\]: expected string"),
    ],
)
def test_wrong_values_are_refused(
    snapshot: dict[str, Any], path: tuple[str, ...], value: Any, message: str
) -> None:
    target = snapshot
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValueError, match=message):
        validate_snapshot(snapshot)


def test_nullable_parts_may_be_null(snapshot: dict[str, Any]) -> None:
    snapshot["decision"] = None
    snapshot["review"]["rating"] = None
    snapshot["flags"][0]["response"] = None
    validate_snapshot(snapshot)


def test_at_least_one_signer(snapshot: dict[str, Any]) -> None:
    snapshot["signers"] = []
    with pytest.raises(ValueError, match=r"snapshot\.signers: .*non-empty"):
        validate_snapshot(snapshot)


def test_not_a_dict() -> None:
    with pytest.raises(ValueError, match="snapshot: expected object, got array"):
        validate_snapshot(["not", "a", "snapshot"])
