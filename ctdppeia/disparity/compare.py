"""One group against the reference group: the 2x2 table, the exact ratio and the two tests.

The 2x2 table has one row per group (the group, then the reference) and the columns
(favorable outcome, unfavorable outcome). Ratios are exact fractions of the counts, so a ratio
of exactly 4/5 is never pushed below 0.8 by floating-point rounding.
"""

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy.stats import fisher_exact, norm

from .results import ADVERSE

Table = tuple[tuple[int, int], tuple[int, int]]

FOUR_FIFTHS = Fraction(4, 5)
WATCH_LINE = Fraction(9, 10)
BAND_TOP = Fraction(5, 4)
MIN_EXPECTED = 5
Z_95 = float(norm.ppf(0.975))  # 1.95996..., "1.96"
CONTINUITY = 0.5
Z_TEST = "two-proportion z-test"
FISHER = "Fisher's exact test"


def favourable_count(total: int, outcome: int, direction: str) -> int:
    """How many people had the favorable outcome (for adverse outcomes, those who avoided it)."""
    return total - outcome if direction == ADVERSE else outcome


def favourable_rate(total: int, outcome: int, direction: str) -> Fraction:
    """The exact favorable rate of a group with at least one person (callers skip empty ones)."""
    return Fraction(favourable_count(total, outcome, direction), total)


def impact_ratio(rate: Fraction, reference_rate: Fraction) -> Fraction | None:
    """rate / reference_rate; None when the reference rate is 0 (no ratio exists)."""
    if reference_rate == 0:
        return None
    return rate / reference_rate


def two_by_two(group: tuple[int, int], reference: tuple[int, int], direction: str) -> Table:
    """The table of (favorable, unfavorable) for (total, outcome) of the group and reference."""
    rows = []
    for total, outcome in (group, reference):
        good = favourable_count(total, outcome, direction)
        rows.append((good, total - good))
    return (rows[0], rows[1])


def z_test_p(table: Table) -> float | None:
    """Two-sided p-value of the pooled two-proportion z-test.

    z = (p1 - p2) / sqrt(p (1 - p) (1/n1 + 1/n2)) with p the pooled proportion. When p is 0 or 1
    (both groups all favorable or all unfavorable) the standard error is 0 and the test is
    undefined: the answer is None, not a p-value.
    """
    (x1, y1), (x2, y2) = table
    n1, n2 = x1 + y1, x2 + y2
    pooled = Fraction(x1 + x2, n1 + n2)
    if pooled in (0, 1):
        return None
    se = math.sqrt(pooled * (1 - pooled) * (Fraction(1, n1) + Fraction(1, n2)))
    z = float(Fraction(x1, n1) - Fraction(x2, n2)) / se
    return float(2 * norm.sf(abs(z)))


def fisher_p(table: Table) -> float:
    """Two-sided p-value of Fisher's exact test.

    When a row or column of the table sums to 0 only one table is possible, so p is exactly 1;
    SciPy is not called on such a table.
    """
    (a, b), (c, d) = table
    if 0 in (a + b, c + d, a + c, b + d):
        return 1.0
    return float(fisher_exact(np.array([[a, b], [c, d]]), alternative="two-sided").pvalue)


def min_expected(table: Table) -> float:
    """The smallest expected cell count under independence (row total x column total / n)."""
    (a, b), (c, d) = table
    n = a + b + c + d
    rows, cols = (a + b, c + d), (a + c, b + d)
    return min(row * col / n for row in rows for col in cols)


def decision_p(table: Table, z_p: float | None, fisher: float | None) -> tuple[float | None, str]:
    """The p-value the flags use, and the name of its test.

    The z-test p, except when any expected cell is below 5 or the z-test is undefined: then
    Fisher's exact test, which does not rely on the normal approximation.
    """
    if z_p is None or min_expected(table) < MIN_EXPECTED:
        return fisher, FISHER
    return z_p, Z_TEST


@dataclass(frozen=True)
class Interval:
    """A 95 % confidence interval. `corrected`: 0.5 was added to every cell (a count was 0)."""

    low: float
    high: float
    corrected: bool = False


def ratio_interval(a: int, n1: int, c: int, n2: int) -> Interval | None:
    """The 95 % confidence interval of the rate ratio (a / n1) / (c / n2), Katz log method.

    ln(RR) +- 1.96 * sqrt(1/a - 1/n1 + 1/c - 1/n2). None when there is no ratio (n1, n2 or c
    is 0). When a is 0 the ratio is 0 and its logarithm does not exist: the upper end is worked
    out with 0.5 added to each of the four cells (a and c, and the two counts without the
    outcome, so n1 and n2 grow by 1), and the lower end is 0, the ratio itself.
    """
    if n1 == 0 or n2 == 0 or c == 0:
        return None
    if a == 0:
        a_c, n1_c, c_c, n2_c = CONTINUITY, n1 + 2 * CONTINUITY, c + CONTINUITY, n2 + 2 * CONTINUITY
        ratio = (a_c / n1_c) / (c_c / n2_c)
        half = Z_95 * math.sqrt(1 / a_c - 1 / n1_c + 1 / c_c - 1 / n2_c)
        return Interval(0.0, math.exp(math.log(ratio) + half), corrected=True)
    ratio = float(Fraction(a * n2, n1 * c))
    variance = Fraction(1, a) - Fraction(1, n1) + Fraction(1, c) - Fraction(1, n2)
    half = Z_95 * math.sqrt(variance)
    return Interval(ratio * math.exp(-half), ratio * math.exp(half))
