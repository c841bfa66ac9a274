"""Checks across the flags of a file: the resident texts the board reads."""

from __future__ import annotations

from ctdppeia.questionnaire.errors import ErrorList
from ctdppeia.questionnaire.flags import RawFlag
from ctdppeia.questionnaire.model import is_board_visible


def check_flags(flags: list[RawFlag], errors: ErrorList) -> None:
    _check_resident_texts(flags, errors)


def _check_resident_texts(flags: list[RawFlag], errors: ErrorList) -> None:
    """A file that gives resident texts gives one to every flag a board member can see.
    (A file with none, written before the key existed, loads: `lint` warns about it.)"""
    if not any(flag.resident for flag in flags):
        return
    for flag in flags:
        if flag.resident or not flag.id or not flag.severity:
            continue
        if is_board_visible(flag.severity, flag.route):
            errors.add(
                flag.line,
                1,
                f"flag '{flag.id}' can be seen by the Resident Advisory Board but has no "
                "'resident:' text: say in plain words what could go wrong for people",
            )
