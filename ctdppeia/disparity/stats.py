"""The disparate-impact check: rates, impact ratios, tests and suppression per group.

Decisions (see also compare.py and flags.py):

- Suppression follows the CMS cell-size rule: a group is "too few to report" when its total is
  between 1 and min_cell - 1, or its outcome count or its non-outcome count is. Zero is allowed.
  A suppressed group gets no rate, ratio or p-values, and `to_dict` hides its counts.
- A group with a total of 0 is not suppressed (a zero discloses nothing) but has no rate
  (`no_rate`), no ratio and no tests.
- The reference is never a suppressed or empty group. `best` takes the highest favorable rate
  (for adverse outcomes: the lowest adverse rate), ties going to the larger group, then to the
  earlier row. `largest` takes the largest total, ties going to the higher favorable rate, then
  to the earlier row. Any other value names a group (case and surrounding spaces ignored); a
  named group that is missing, empty or suppressed is a DisparityError. The words `best` and
  `largest` always mean the methods, even if a group has that name.
- When no group can be the reference (all suppressed or empty) the check still returns, with
  reference_label None, no ratios, and an info flag.
- When the reference group's favorable rate is 0 no ratio exists (division by zero): ratios are
  None; p-values are still computed.
"""

from collections.abc import Iterable
from dataclasses import replace
from fractions import Fraction
from numbers import Integral
from typing import Any

from . import compare, verdict
from .flags import build_flags
from .results import (
    ADVERSE,
    BEST,
    DEFAULT_MIN_CELL,
    DIRECTIONS,
    FAVOURABLE,
    LARGEST,
    NAMED,
    AnalysisResult,
    DisparityError,
    GroupCount,
    GroupResult,
)


def analyse(
    groups: Iterable[GroupCount | tuple[str, int, int]],
    direction: str = FAVOURABLE,
    reference: str = BEST,
    min_cell: int = DEFAULT_MIN_CELL,
) -> AnalysisResult:
    """Compare every group with the reference group and flag the gaps."""
    counts = _checked_counts(groups)
    _check_options(direction, min_cell)
    method, ref_index = choose_reference(counts, direction, reference, min_cell)
    ref = counts[ref_index] if ref_index is not None else None
    results = tuple(
        _group_result(count, ref, index == ref_index, direction, min_cell)
        for index, count in enumerate(counts)
    )
    ref_result = results[ref_index] if ref_index is not None else None
    flags = build_flags(results, ref_result, direction, method, min_cell)
    label = ref.label if ref else None
    return AnalysisResult(direction, method, label, min_cell, results, flags)


def is_suppressed(total: int, outcome: int, min_cell: int) -> bool:
    """True when the total, the outcome count or the rest is between 1 and min_cell - 1."""
    return any(0 < n < min_cell for n in (total, outcome, total - outcome))


def choose_reference(
    counts: tuple[GroupCount, ...], direction: str, reference: str, min_cell: int
) -> tuple[str, int | None]:
    """The reference method used and the index of the reference group (None if there is none)."""
    choice = reference.strip()
    if choice.lower() not in (BEST, LARGEST):
        return NAMED, _named_reference(counts, choice, min_cell)
    eligible = [
        i for i, c in enumerate(counts) if c.total > 0 and not is_suppressed(*c[1:], min_cell)
    ]
    if not eligible:
        return choice.lower(), None

    def rate(i: int) -> Fraction:
        return compare.favourable_rate(counts[i].total, counts[i].outcome, direction)

    if choice.lower() == BEST:
        return BEST, max(eligible, key=lambda i: (rate(i), counts[i].total, -i))
    return LARGEST, max(eligible, key=lambda i: (counts[i].total, rate(i), -i))


def _named_reference(counts: tuple[GroupCount, ...], name: str, min_cell: int) -> int:
    wanted = name.casefold()
    for index, count in enumerate(counts):
        if count.label.strip().casefold() != wanted:
            continue
        if count.total == 0:
            raise DisparityError(
                f"The reference group {count.label} has nobody in it (a total of 0). "
                "Choose another group, or 'best' or 'largest'."
            )
        if is_suppressed(count.total, count.outcome, min_cell):
            raise DisparityError(
                f"The reference group {count.label} has too few people to report (a count "
                f"between 1 and {min_cell - 1}), so it cannot be the reference. "
                "Choose another group, or 'best' or 'largest'."
            )
        return index
    known = ", ".join(c.label for c in counts)
    raise DisparityError(f"There is no group named {name!r}. The groups are: {known}.")


def _group_result(
    count: GroupCount, ref: GroupCount | None, is_ref: bool, direction: str, min_cell: int
) -> GroupResult:
    _, total, outcome = count
    if total == 0 or is_suppressed(total, outcome, min_cell):
        return _hidden(count, suppressed=total > 0)
    fav = compare.favourable_rate(total, outcome, direction)
    shown = replace(
        _hidden(count, suppressed=False),
        rate=float(Fraction(outcome, total)),
        favourable_rate=float(fav),
    )
    if ref is None:
        return shown
    ref_fav = compare.favourable_rate(ref.total, ref.outcome, direction)
    ratio = compare.impact_ratio(fav, ref_fav)
    if is_ref:
        return replace(
            shown,
            ratio=None if ratio is None else 1.0,
            adverse_ratio=1.0 if direction == ADVERSE and ref.outcome else None,
            is_reference=True,
            verdict=verdict.REFERENCE,
        )
    table = compare.two_by_two((total, outcome), (ref.total, ref.outcome), direction)
    z_p, fisher = compare.z_test_p(table), compare.fisher_p(table)
    judgement = verdict.judge(count, ref, direction, z_p, fisher)
    shown = replace(
        shown,
        z_p=z_p,
        fisher_p=fisher,
        severity=judgement.severity,
        verdict=judgement.verdict,
        **(_adverse_fields(count, ref, judgement) if direction == ADVERSE else {}),
    )
    if ratio is None:
        return shown
    interval = compare.ratio_interval(table[0][0], total, table[1][0], ref.total)
    return replace(
        shown,
        ratio=float(ratio),
        ratio_ci=_pair(interval),
        ci_corrected=shown.ci_corrected or bool(interval and interval.corrected),
        four_fifths_fail=ratio < compare.FOUR_FIFTHS,
        four_fifths_test=verdict.four_fifths_test(ratio),
        in_band=compare.FOUR_FIFTHS <= ratio <= compare.BAND_TOP,
    )


def _adverse_fields(
    count: GroupCount, ref: GroupCount, judgement: verdict.Judgement
) -> dict[str, Any]:
    """The adverse-rate ratio, its interval and the 1.25 test, for adverse outcomes."""
    interval = compare.ratio_interval(count.outcome, count.total, ref.outcome, ref.total)
    adverse = judgement.adverse
    return {
        "adverse_ratio": None if adverse is None else float(adverse),
        "adverse_ratio_ci": _pair(interval),
        "band_test": verdict.band_test(adverse, count.outcome),
        "ci_corrected": bool(interval and interval.corrected),
    }


def _pair(interval: compare.Interval | None) -> tuple[float, float] | None:
    return None if interval is None else (interval.low, interval.high)


def _hidden(count: GroupCount, suppressed: bool) -> GroupResult:
    """A group with its counts but no figures: suppressed, or empty (total 0)."""
    return GroupResult(
        label=count.label,
        total=count.total,
        outcome=count.outcome,
        rate=None,
        favourable_rate=None,
        ratio=None,
        four_fifths_fail=None,
        in_band=None,
        z_p=None,
        fisher_p=None,
        suppressed=suppressed,
        is_reference=False,
        no_rate=count.total == 0,
        verdict=verdict.NOT_COMPARED,
    )


def _checked_counts(groups: Iterable[GroupCount | tuple[str, int, int]]) -> tuple[GroupCount, ...]:
    """The groups as GroupCount, after checking the counts make sense."""
    counts = tuple(GroupCount(*group) for group in groups)
    seen: set[str] = set()
    for label, total, outcome in counts:
        key = label.strip().casefold()
        if not key or key in seen:
            raise DisparityError(f"Group names must be present and different: {label!r}.")
        seen.add(key)
        whole = all(isinstance(n, Integral) and not isinstance(n, bool) for n in (total, outcome))
        if not whole or not 0 <= outcome <= total:
            raise DisparityError(
                f"Counts for {label} must be whole numbers with 0 <= outcome <= total."
            )
    counts = tuple(GroupCount(c.label, int(c.total), int(c.outcome)) for c in counts)
    if not counts:
        raise DisparityError("There are no groups to compare.")
    return counts


def _check_options(direction: str, min_cell: int) -> None:
    if direction not in DIRECTIONS:
        raise DisparityError(f"The outcome must be 'favourable' or 'adverse', not {direction!r}.")
    if type(min_cell) is not int or min_cell < 0:
        raise DisparityError(f"The minimum cell size must be a whole number >= 0: {min_cell!r}.")
