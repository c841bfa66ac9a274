"""The 95 % confidence intervals of the two ratios (Katz log method), and the adverse-outcome case
where the favorable-rate ratio passes while the adverse-rate ratio fails: one verdict for both."""

import math

import pytest
from scipy.stats.contingency import relative_risk

from ctdppeia.disparity import analyse, to_dict, to_json
from ctdppeia.disparity.compare import ratio_interval

# Emergency visits within a year: 80 of 350 Black mothers (22.9 %), 100 of 1,000 White mothers
# (10.0 %, the reference: the lowest rate of the adverse outcome).
EMERGENCY = [("White", 1000, 100), ("Black", 350, 80)]


def by_label(result, label):
    return next(group for group in result.groups if group.label == label)


def test_hand_worked_interval():
    # RR = (80 / 350) / (100 / 1000) = 2.285714.
    # SE(ln RR) = sqrt(1/80 - 1/350 + 1/100 - 1/1000) = sqrt(0.0186429) = 0.1365390.
    # ln RR = 0.8266786; +- 1.959964 * 0.1365390 = 0.2676116 -> exp(0.5590670) = 1.74904,
    # exp(1.0942902) = 2.98706.
    interval = ratio_interval(80, 350, 100, 1000)
    assert interval is not None and not interval.corrected
    assert interval.low == pytest.approx(1.74904, abs=1e-5)
    assert interval.high == pytest.approx(2.98706, abs=1e-5)


@pytest.mark.parametrize(
    ("a", "n1", "c", "n2"),
    [(80, 350, 100, 1000), (12, 40, 48, 80), (1, 2, 1, 3), (270, 350, 900, 1000), (5, 5, 3, 9)],
)
def test_interval_matches_scipy(a, n1, c, n2):
    expected = relative_risk(a, n1, c, n2).confidence_interval(confidence_level=0.95)
    interval = ratio_interval(a, n1, c, n2)
    assert interval.low == pytest.approx(expected.low, rel=1e-9)
    assert interval.high == pytest.approx(expected.high, rel=1e-9)


def test_zero_in_the_group_uses_the_half_correction():
    # a = 0: the ratio is 0; the upper end uses 0.5 / 11 over 10.5 / 101:
    # SE = sqrt(2 - 1/11 + 1/10.5 - 1/101) = 1.4000; exp(ln(0.4372) + 2.7440) = 6.8035.
    interval = ratio_interval(0, 10, 10, 100)
    assert interval.corrected
    assert interval.low == 0.0
    a, n1, c, n2 = 0.5, 11, 10.5, 101
    upper = math.exp(
        math.log((a / n1) / (c / n2)) + 1.959964 * math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
    )
    assert interval.high == pytest.approx(upper, rel=1e-6)


def test_no_interval_without_a_ratio():
    assert ratio_interval(5, 10, 0, 10) is None
    assert ratio_interval(5, 0, 5, 10) is None


def test_adverse_case_one_verdict_for_table_and_flag():
    result = analyse(EMERGENCY, direction="adverse")
    black = by_label(result, "Black")
    # The favorable-rate ratio (avoiding the visit) passes the four-fifths test ...
    assert black.ratio == pytest.approx((270 / 350) / (900 / 1000))
    assert black.four_fifths_test == "pass"
    # ... but the adverse-rate ratio fails the 1.25 test, and the verdict says so.
    assert black.adverse_ratio == pytest.approx(2.285714, abs=1e-6)
    assert black.band_test == "fail"
    assert (black.severity, black.verdict) == ("medium", "higher-adverse-rate")
    flag = next(f for f in result.flags if f.id == "disparity-black")
    assert flag.severity == black.severity
    assert flag.title == "Higher rate of the adverse outcome: Black"
    assert "2.29 times the rate of White (95 % confidence interval 1.75 to 2.99)" in flag.detail
    row = to_dict(result)["groups"][1]
    assert row["verdict_text"] == "Higher rate of the adverse outcome"
    assert (row["ratio"], row["adverse_ratio"]) == ("0.86", "2.29")
    assert row["adverse_ratio_ci"] == ["1.75", "2.99"]
    assert row["band_test"] == "fail"


def test_json_intervals_are_numbers():
    data = to_json(analyse(EMERGENCY, direction="adverse"))
    black = data["groups"][1]
    assert black["adverse_ratio_ci"]["low"] == pytest.approx(1.749040, abs=1e-6)
    assert black["adverse_ratio_ci_text"] == "1.75 to 2.99"
    low, high = black["ratio_ci"]["low"], black["ratio_ci"]["high"]
    expected = relative_risk(270, 350, 900, 1000).confidence_interval()
    assert (low, high) == (pytest.approx(expected.low), pytest.approx(expected.high))
    assert data["groups"][0]["ratio_ci"] is None  # the reference has no interval
