"""Flags from the disparate-impact check, all in the category equity.

The severity and the start of each title come from `verdict.judge`, the same judgment the
results table shows, so the table and the flag never disagree. For each group that is shown
and is not the reference (section 3.6 of the domain research):

- high: ratio < 0.8 and (p < 0.05 or both the group and the reference have 30 people or more).
- medium, "possible gap, too little data": ratio < 0.8, p >= 0.05 (or no p), and a group under 30.
- low, "watch": 0.8 <= ratio < 0.9.
- For adverse outcomes, also the adverse-rate ratio (the group's adverse rate over the
  reference's) above 1.25, the top of the Aequitas band: medium when p < 0.05, else low. The
  favorable-complement ratio does not capture this: when the adverse outcome is rare, 2% against
  1% investigated is 2.0 on the adverse rate but 0.98 / 0.99 = 0.99 on the complement. When both
  rules apply, the higher severity wins and the detail gives both.
- info: a ratio above 1.25 (possible only with a `largest` or named reference): the reference
  group itself may be the one at a disadvantage.

p is `compare.decision_p`: the z-test p, or Fisher's exact p when an expected cell is below 5 or
the z-test is undefined. It is not the smaller of the two. All comparisons use the exact ratio of
the counts. Notes (info) list groups too few to report, groups with nobody in them, a missing
reference, and a reference with no favorable outcomes.

Ids are `disparity-<slug of the group>`; the notes are `disparity-suppressed`, `disparity-empty`,
`disparity-no-reference` and `disparity-reference-zero`. The notes take their ids first; a
clash gets `-2`, `-3`, ... in input order, so the same input always gives the same ids.
"""

import re
import unicodedata
from fractions import Fraction

from . import verdict
from .report import format_interval, format_p, format_ratio
from .results import ADVERSE, BEST, LARGEST, SEVERITIES, DisparityFlag, GroupCount, GroupResult
from .verdict import LARGE_N, SIGNIFICANCE

Finding = tuple[str, str, str, str]  # severity, title, detail, verdict


def build_flags(
    groups: tuple[GroupResult, ...],
    reference: GroupResult | None,
    direction: str,
    method: str,
    min_cell: int,
) -> tuple[DisparityFlag, ...]:
    """Group flags (most severe first, then input order) followed by the info notes."""
    used: set[str] = set()
    notes = [
        DisparityFlag(_unique(f"disparity-{name}", used), "info", title, detail)
        for name, title, detail in _notes(groups, reference, direction, min_cell)
    ]
    phrase = _reference_phrase(method, direction, any(g.suppressed for g in groups))
    found = []
    for group in groups:
        finding = _assess(group, reference, direction, phrase)
        if finding:
            severity, title, detail, judged = finding
            flag_id = _unique(f"disparity-{slug(group.label)}", used)
            found.append(DisparityFlag(flag_id, severity, title, detail, verdict=judged))
    found.sort(key=lambda flag: -SEVERITIES.index(flag.severity))
    return (*found, *notes)


def slug(label: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens ("Américain" -> "americain")."""
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "group"


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    used.add(candidate)
    return candidate


def _assess(
    group: GroupResult, ref: GroupResult | None, direction: str, phrase: str
) -> Finding | None:
    """The flag for one group against the reference, or None when there is nothing to say."""
    if ref is None or group.is_reference or group.suppressed or group.no_rate:
        return None
    judged = verdict.judge(_count(group), _count(ref), direction, group.z_p, group.fisher_p)
    if judged.severity is None:
        return None
    compared = _compared(group, ref, direction, phrase, judged.ratio) if judged.ratio else ""
    if judged.verdict == verdict.REFERENCE_DISADVANTAGED:
        detail = f"{compared} The reference group may itself be at a disadvantage."
        return "info", f"{judged.words}: {ref.label}", detail, judged.verdict
    sentences = [
        compared,
        _adverse_sentence(group, ref, judged.adverse) if judged.adverse_severity else "",
        _significance(judged.p, judged.test, judged.large),
        _verdict(judged.ratio_severity),
    ]
    detail = " ".join(s for s in sentences if s)
    return judged.severity, f"{judged.words}: {group.label}", detail, judged.verdict


def _count(group: GroupResult) -> GroupCount:
    return GroupCount(group.label, group.total, group.outcome)


def _reference_phrase(method: str, direction: str, some_suppressed: bool) -> str:
    """How the reference was chosen, in words."""
    if method == BEST:
        among = " among the groups large enough to report" if some_suppressed else ""
        if direction == ADVERSE:
            return f"the group with the lowest rate of the adverse outcome{among}"
        return f"the group with the highest rate of the favorable outcome{among}"
    if method == LARGEST:
        return "the largest group"
    return "the group chosen for comparison"


def _compared(
    group: GroupResult, ref: GroupResult, direction: str, phrase: str, ratio: Fraction
) -> str:
    verb = "avoided the adverse outcome" if direction == ADVERSE else "had the favorable outcome"
    return (
        f"{group.label} {verb} at {format_ratio(float(ratio))} times the rate of {ref.label} "
        f"(the reference: {phrase}).{_interval_sentence(group.ratio_ci)}"
    )


def _interval_sentence(interval: tuple[float, float] | None) -> str:
    if interval is None:
        return ""
    return f" The 95 % confidence interval of this ratio is {format_interval(interval)}."


def _interval_brackets(interval: tuple[float, float] | None) -> str:
    if interval is None:
        return ""
    return f" (95 % confidence interval {format_interval(interval)})"


def _adverse_sentence(group: GroupResult, ref: GroupResult, adverse: Fraction | None) -> str:
    if adverse is None:
        return f"{group.label} had the adverse outcome while no one in {ref.label} did."
    return (
        f"{group.label} had the adverse outcome at {format_ratio(float(adverse))} times the rate "
        f"of {ref.label}{_interval_brackets(group.adverse_ratio_ci)}, above 1.25, the top of the "
        "fairness band."
    )


def _significance(p: float | None, test: str, large: bool) -> str:
    if p is None:
        return "No significance test could be run."
    p_text = "p < 0.001" if p < 0.001 else f"p = {format_p(p)}"
    if p < SIGNIFICANCE:
        return f"The gap is statistically significant ({test}, {p_text})."
    text = f"The gap is not statistically significant ({test}, {p_text})"
    if large:
        return f"{text}, but both groups have at least {LARGE_N} people, so the gap itself counts."
    return f"{text}, and a group has fewer than {LARGE_N} people."


def _verdict(severity: str | None) -> str:
    if severity == "high":
        return "This is below the four-fifths line (0.8): a sign of adverse impact to review."
    if severity == "medium":
        return (
            "Possible gap, too little data: gather more data or combine groups, then check again."
        )
    if severity == "low":
        return "This passes the four-fifths rule but is below 0.9: watch it."
    return ""


def _notes(
    groups: tuple[GroupResult, ...], ref: GroupResult | None, direction: str, min_cell: int
) -> list[tuple[str, str, str]]:
    """(id suffix, title, detail) of the info notes that apply."""
    notes = []
    hidden = [g.label for g in groups if g.suppressed]
    if hidden:
        notes.append(
            (
                "suppressed",
                "Some groups are too small to report",
                f"Too few to report: {', '.join(hidden)}. Groups with a count between 1 and "
                f"{min_cell - 1} are not shown and not compared.",
            )
        )
    empty = [g.label for g in groups if g.no_rate]
    if empty:
        notes.append(
            (
                "empty",
                "Some groups have nobody in them",
                f"No one is counted in: {', '.join(empty)}. These groups have no rate.",
            )
        )
    if ref is None:
        notes.append(
            (
                "no-reference",
                "No comparison possible",
                "No group has enough people to be the reference group, so no group was compared.",
            )
        )
    elif ref.ratio is None:
        who = (
            f"Everyone in the reference group {ref.label} had the adverse outcome"
            if direction == ADVERSE
            else f"No one in the reference group {ref.label} had the favorable outcome"
        )
        notes.append(
            (
                "reference-zero",
                "No ratios: the reference group has no favorable outcomes",
                f"{who}, so no ratio can be computed. Choose another reference group.",
            )
        )
    return notes
