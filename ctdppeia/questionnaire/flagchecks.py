"""Checks across the flags of a file: the resident texts the board reads, and which flags a
flag may replace."""

from __future__ import annotations

from ctdppeia.questionnaire.errors import ErrorList
from ctdppeia.questionnaire.flags import RawFlag
from ctdppeia.questionnaire.headings import did_you_mean
from ctdppeia.questionnaire.model import is_board_visible, severity_rank


def check_flags(flags: list[RawFlag], errors: ErrorList) -> None:
    _check_resident_texts(flags, errors)
    by_id = {flag.id: flag for flag in flags if flag.id}
    for flag in flags:
        for other_id in flag.replaces:
            problem = _replace_problem(flag, other_id, by_id)
            if problem:
                errors.add(flag.replaces_line, 1, problem)
    _check_replace_cycles(flags, by_id, errors)


def _replace_problem(flag: RawFlag, other_id: str, by_id: dict[str, RawFlag]) -> str | None:
    """Why `flag` may not replace the flag `other_id`: a replaced flag must exist, be no more
    severe, be a gap if the replacing flag is one, and route nowhere else."""
    name = f"flag '{flag.id}'"
    other = by_id.get(other_id)
    if other is None:
        hint = did_you_mean(other_id, list(by_id))
        return f"{name} replaces '{other_id}', which is not a flag of this file{hint}"
    if other is flag:
        return f"{name} cannot replace itself"
    if not (flag.severity and other.severity):
        return None  # a bad severity is reported already
    if severity_rank(other.severity) > severity_rank(flag.severity):
        return (
            f"{name} ({flag.severity}) cannot replace '{other_id}' ({other.severity}): a flag "
            "replaces only flags of its own severity or lower"
        )
    if flag.kind == "gap" and other.kind != "gap":
        return (
            f"{name} is a gap and cannot replace the risk flag '{other_id}', which sets the "
            "rating: make it a risk flag, or keep both"
        )
    if other.route and other.route != flag.route:
        return (
            f"{name} replaces '{other_id}', which sends the review to {other.route}: give "
            f"'{flag.id}' the same route, or keep both"
        )
    return None


def _check_replace_cycles(
    flags: list[RawFlag], by_id: dict[str, RawFlag], errors: ErrorList
) -> None:
    """Two flags may not replace each other, even through others: both could vanish."""
    for flag in flags:
        seen: set[str] = set()
        pending = [other for other in flag.replaces if other in by_id and other != flag.id]
        while pending:
            current = pending.pop()
            if current == flag.id:
                errors.add(
                    flag.replaces_line,
                    1,
                    f"flag '{flag.id}' replaces a flag that replaces it in turn: flags cannot "
                    "replace each other",
                )
                break
            if current not in seen:
                seen.add(current)
                pending.extend(o for o in by_id[current].replaces if o in by_id)


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
