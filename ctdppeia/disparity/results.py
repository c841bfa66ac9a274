"""The plain, frozen data the disparate-impact check takes and returns.

Nothing here imports Flask or the database: the web views, the PDF snapshot and the CLI all
share these types.
"""

from dataclasses import dataclass
from typing import NamedTuple

from ctdppeia.severity import SEVERITIES as SEVERITIES  # re-exported

FAVOURABLE = "favourable"
ADVERSE = "adverse"
DIRECTIONS = (FAVOURABLE, ADVERSE)

BEST = "best"
LARGEST = "largest"
NAMED = "named"

DEFAULT_MIN_CELL = 11


class DisparityError(ValueError):
    """The check cannot run on this input; the message says what to change."""


class GroupCount(NamedTuple):
    """One row of input: a group, how many people it has, how many had the outcome."""

    label: str
    total: int
    outcome: int


@dataclass(frozen=True)
class GroupResult:
    """One group's figures.

    `total` and `outcome` are always the raw counts; `suppressed` says they must not be shown
    (`to_dict` replaces them with None). `rate` is outcome / total in the direction given;
    `favourable_rate` is the rate of the favorable outcome (1 - rate for adverse outcomes), so
    that `ratio` below 1 always means the group is worse off than the reference. `no_rate` means
    the group has nobody in it (a total of 0). The reference group has ratio 1.0 and no test
    results (`four_fifths_fail`, `in_band`, `z_p`, `fisher_p` are None).

    For adverse outcomes `adverse_ratio` is the group's adverse rate over the reference's (the
    ratio the 1.25 test uses); `ratio` is always the favorable-rate ratio (the one the
    four-fifths test uses). `ratio_ci` and `adverse_ratio_ci` are their 95 % confidence
    intervals (Katz log method; `ci_corrected` when a zero count needed the 0.5 correction).
    `four_fifths_test` and `band_test` are "pass" or "fail"; `severity` and `verdict` come from
    `verdict.judge`, the same judgment the group's flag is built from.
    """

    label: str
    total: int
    outcome: int
    rate: float | None
    favourable_rate: float | None
    ratio: float | None
    four_fifths_fail: bool | None
    in_band: bool | None
    z_p: float | None
    fisher_p: float | None
    suppressed: bool
    is_reference: bool
    no_rate: bool
    ratio_ci: tuple[float, float] | None = None
    adverse_ratio: float | None = None
    adverse_ratio_ci: tuple[float, float] | None = None
    four_fifths_test: str | None = None
    band_test: str | None = None
    severity: str | None = None
    verdict: str | None = None
    ci_corrected: bool = False


@dataclass(frozen=True)
class DisparityFlag:
    """A finding for the review, worded for a person: severity is info, low, medium or high."""

    id: str
    severity: str
    title: str
    detail: str
    category: str = "equity"
    verdict: str = ""  # for a group's flag, the key of its verdict (ctdppeia.disparity.verdict)


@dataclass(frozen=True)
class AnalysisResult:
    """The whole check: the options used, every group in input order, and the flags."""

    direction: str
    reference_method: str
    reference_label: str | None
    min_cell: int
    groups: tuple[GroupResult, ...]
    flags: tuple[DisparityFlag, ...]

    @property
    def reference(self) -> GroupResult | None:
        """The reference group, or None when no group could serve as one."""
        return next((group for group in self.groups if group.is_reference), None)
