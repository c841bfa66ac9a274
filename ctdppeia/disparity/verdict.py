"""The one place that decides what a group's figures mean: the tests, the severity, the verdict.

Two ratios, two tests (section 3.6 of the domain research):

- The favorable-rate ratio (the group's rate of the favorable outcome over the reference's;
  for an adverse outcome, the rate of avoiding it) is the one the **four-fifths test** uses:
  below 0.8 fails. Below 0.8 is high when p < 0.05 or both groups have 30 people or more,
  else medium ("possible gap, too little data"); 0.8 to 0.9 is low ("watch").
- The adverse-rate ratio (the group's rate of the adverse outcome over the reference's; only
  for adverse outcomes) is the one the **1.25 test** uses: above 1.25, the top of the Aequitas
  band, fails. It is medium when p < 0.05, else low. It matters because the favorable ratio
  hides rare adverse outcomes: 2 % against 1 % is 2.0 on the adverse rate but 0.98 / 0.99 = 0.99
  on the complement. When the reference has no adverse outcomes the adverse ratio does not
  exist, and any adverse outcome in the group fails the test.

The severity is the higher of the two. The verdict (the words in the results table and the
start of the flag's title) follows from the same two severities, so the table and the flag can
never disagree. p is `compare.decision_p`.
"""

from dataclasses import dataclass
from fractions import Fraction

from ctdppeia import words

from . import compare
from .results import ADVERSE, SEVERITIES, GroupCount

SIGNIFICANCE = 0.05
LARGE_N = 30

REFERENCE = "reference"
NOT_COMPARED = "not-compared"
PASSES = "passes"
WATCH = "watch"
POSSIBLE_GAP = "possible-gap"
ADVERSE_IMPACT = "adverse-impact"
HIGHER_ADVERSE_RATE = "higher-adverse-rate"
REFERENCE_DISADVANTAGED = "reference-disadvantaged"

VERDICT_WORDS = words.VERDICT
TEST_WORDS = words.TEST


@dataclass(frozen=True)
class Judgement:
    """What one group's comparison with the reference means."""

    severity: str | None  # None: nothing to flag
    verdict: str  # a key of VERDICT_WORDS
    ratio: Fraction | None  # favorable-rate ratio
    adverse: Fraction | None  # adverse-rate ratio (adverse outcomes only)
    ratio_severity: str | None  # from the four-fifths test
    adverse_severity: str | None  # from the 1.25 test
    p: float | None
    test: str
    large: bool

    @property
    def words(self) -> str:
        return VERDICT_WORDS[self.verdict]


def judge(
    group: GroupCount, ref: GroupCount, direction: str, z_p: float | None, fisher: float | None
) -> Judgement:
    """The judgment of a compared group (neither suppressed, empty nor the reference)."""
    table = compare.two_by_two((group.total, group.outcome), (ref.total, ref.outcome), direction)
    p, test = compare.decision_p(table, z_p, fisher)
    ratio = compare.impact_ratio(
        compare.favourable_rate(group.total, group.outcome, direction),
        compare.favourable_rate(ref.total, ref.outcome, direction),
    )
    large = min(group.total, ref.total) >= LARGE_N
    ratio_severity = _ratio_severity(ratio, p, large)
    adverse = adverse_ratio(group, ref) if direction == ADVERSE else None
    adverse_severity = (
        _adverse_severity(adverse, group.outcome, p) if direction == ADVERSE else None
    )
    severity = _worst(ratio_severity, adverse_severity)
    verdict = _verdict(ratio_severity, adverse_severity)
    if verdict == PASSES and ratio is not None and ratio > compare.BAND_TOP:
        severity, verdict = "info", REFERENCE_DISADVANTAGED
    return Judgement(
        severity, verdict, ratio, adverse, ratio_severity, adverse_severity, p, test, large
    )


def adverse_ratio(group: GroupCount, ref: GroupCount) -> Fraction | None:
    """The adverse-rate ratio; None when the reference has no adverse outcomes (no ratio)."""
    if ref.outcome == 0 or group.total == 0:
        return None
    return Fraction(group.outcome, group.total) / Fraction(ref.outcome, ref.total)


def four_fifths_test(ratio: Fraction | None) -> str | None:
    """ "fail" below 0.8, "pass" otherwise, None without a ratio."""
    if ratio is None:
        return None
    return "fail" if ratio < compare.FOUR_FIFTHS else "pass"


def band_test(adverse: Fraction | None, group_outcome: int) -> str:
    """ "fail" when the adverse-rate ratio is above 1.25 (or the reference has none and the
    group has some), else "pass"."""
    above = group_outcome > 0 if adverse is None else adverse > compare.BAND_TOP
    return "fail" if above else "pass"


def _ratio_severity(ratio: Fraction | None, p: float | None, large: bool) -> str | None:
    if ratio is None or ratio >= compare.WATCH_LINE:
        return None
    if ratio >= compare.FOUR_FIFTHS:
        return "low"
    significant = p is not None and p < SIGNIFICANCE
    return "high" if significant or large else "medium"


def _adverse_severity(adverse: Fraction | None, outcome: int, p: float | None) -> str | None:
    if band_test(adverse, outcome) == "pass":
        return None
    return "medium" if p is not None and p < SIGNIFICANCE else "low"


def _worst(*severities: str | None) -> str | None:
    found = [s for s in severities if s]
    return max(found, key=SEVERITIES.index) if found else None


def _verdict(ratio_severity: str | None, adverse_severity: str | None) -> str:
    if ratio_severity == "high":
        return ADVERSE_IMPACT
    if ratio_severity == "medium":
        return POSSIBLE_GAP
    if adverse_severity == "medium":
        return HIGHER_ADVERSE_RATE
    if adverse_severity == "low" or ratio_severity == "low":
        return WATCH
    return PASSES
