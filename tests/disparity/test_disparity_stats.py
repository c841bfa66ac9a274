"""Worked examples with known answers for the disparate-impact statistics."""

import math

import pytest

from ctdppeia.disparity import (
    DisparityError,
    GroupCount,
    analyse,
    choose_reference,
    is_suppressed,
)
from ctdppeia.disparity.compare import decision_p, fisher_p, two_by_two, z_test_p


def by_label(result, label):
    return next(g for g in result.groups if g.label == label)


def test_uniform_guidelines_example_is_adverse_impact():
    # 29 CFR 1607 Questions and Answers no. 12: 48 of 80 White applicants hired (60%), 12 of 40
    # Black applicants hired (30%); 30 / 60 = 0.5 < 0.8, so adverse impact.
    result = analyse([("White", 80, 48), ("Black", 40, 12)])
    white, black = by_label(result, "White"), by_label(result, "Black")
    assert result.reference_label == "White"
    assert result.reference_method == "best"
    assert white.is_reference and white.ratio == 1.0 and white.z_p is None
    assert black.rate == pytest.approx(0.3)
    assert black.ratio == pytest.approx(0.5)
    assert black.four_fifths_fail is True
    assert black.in_band is False
    # Pooled p = 60 / 120 = 0.5; SE = sqrt(0.5 * 0.5 * (1/40 + 1/80)) = sqrt(0.009375)
    # = 0.0968246; z = (0.3 - 0.6) / 0.0968246 = -3.098387; p = erfc(3.098387 / sqrt 2) = 0.0019458
    assert black.z_p == pytest.approx(0.0019457737, abs=1e-6)


def test_z_test_by_hand():
    # 45 of 100 against 60 of 100. Pooled p = 105 / 200 = 0.525;
    # SE = sqrt(0.525 * 0.475 * (1/100 + 1/100)) = sqrt(0.0049875) = 0.0706222;
    # z = (0.45 - 0.60) / 0.0706222 = -2.123977; two-sided p = erfc(2.123977 / sqrt 2) = 0.0336721
    table = two_by_two((100, 45), (100, 60), "favourable")
    assert table == ((45, 55), (60, 40))
    assert z_test_p(table) == pytest.approx(0.0336720689, abs=1e-6)
    z = -0.15 / math.sqrt(0.525 * 0.475 * 0.02)
    assert z_test_p(table) == pytest.approx(math.erfc(abs(z) / math.sqrt(2)), abs=1e-9)


def test_z_test_second_example():
    # 30 of 50 against 45 of 50: pooled 0.75; SE = sqrt(0.75 * 0.25 * 0.04) = 0.0866025;
    # z = -0.3 / 0.0866025 = -3.464102; p = 0.000532006
    assert z_test_p(((30, 20), (45, 5))) == pytest.approx(0.000532006, abs=1e-6)


def test_z_test_undefined_when_pooled_proportion_is_0_or_1():
    assert z_test_p(((50, 0), (40, 0))) is None
    assert z_test_p(((0, 50), (0, 40))) is None


def test_fisher_tea_tasting():
    # Fisher's lady tasting tea: [[3, 1], [1, 3]]. Hypergeometric probabilities of 0..4 correct
    # are 1, 16, 36, 16, 1 (/ 70); two-sided p sums those <= 16/70: (1 + 16 + 16 + 1) / 70.
    assert fisher_p(((3, 1), (1, 3))) == pytest.approx(34 / 70, abs=1e-9)
    assert fisher_p(((3, 1), (1, 3))) == pytest.approx(0.4857, abs=1e-4)


def test_fisher_through_analyse_with_no_suppression():
    result = analyse([("Tea first", 4, 3), ("Milk first", 4, 1)], reference="Tea first", min_cell=0)
    milk = by_label(result, "Milk first")
    assert milk.fisher_p == pytest.approx(34 / 70, abs=1e-9)
    assert milk.ratio == pytest.approx(1 / 3)


def test_fisher_degenerate_table_is_one_without_scipy():
    assert fisher_p(((50, 0), (40, 0))) == 1.0


def test_decision_p_falls_back_to_fisher_for_small_expected_cells():
    # 0 of 12 against 11 of 100: expected favorable in the small group = 12 * 11 / 112 = 1.18.
    table = ((0, 12), (11, 89))
    p, test = decision_p(table, z_test_p(table), fisher_p(table))
    assert test == "Fisher's exact test"
    assert p == pytest.approx(0.6041704815, abs=1e-6)
    big = ((45, 55), (60, 40))
    assert decision_p(big, 0.03, 0.04) == (0.03, "two-proportion z-test")


@pytest.mark.parametrize(
    ("total", "outcome", "suppressed"),
    [
        (10, 0, True),  # total 1..10
        (1, 1, True),
        (50, 10, True),  # outcome 1..10
        (50, 1, True),
        (50, 40, True),  # the rest 1..10
        (50, 0, False),  # zero allowed
        (50, 50, False),
        (50, 11, False),  # 11 shown
        (50, 39, False),
        (11, 11, False),
        (11, 0, False),
        (0, 0, False),  # nobody: not suppressed, just no rate
    ],
)
def test_suppression_rule(total, outcome, suppressed):
    assert is_suppressed(total, outcome, 11) is suppressed


def test_suppressed_group_has_no_figures():
    result = analyse([("A", 100, 60), ("B", 50, 10), ("C", 9, 0)])
    for label in ("B", "C"):
        group = by_label(result, label)
        assert group.suppressed and not group.no_rate
        assert group.rate is group.ratio is group.z_p is group.fisher_p is None
        assert group.four_fifths_fail is None and group.in_band is None
    assert [f.id for f in result.flags] == ["disparity-suppressed"]
    assert "B, C" in result.flags[0].detail and "between 1 and 10" in result.flags[0].detail


def test_min_cell_is_configurable():
    result = analyse([("A", 100, 60), ("B", 50, 10)], min_cell=5)
    assert not by_label(result, "B").suppressed


def test_adverse_outcome_ratio_uses_the_complement():
    # Denials: 12 of 100 for A (approved 0.88), 40 of 100 for B (approved 0.60).
    # Ratio on the favorable complement: 0.60 / 0.88 = 0.6818 < 0.8.
    result = analyse([("A", 100, 12), ("B", 100, 40)], direction="adverse")
    a, b = by_label(result, "A"), by_label(result, "B")
    assert result.reference_label == "A"  # lowest denial rate
    assert a.is_reference
    assert b.rate == pytest.approx(0.4)
    assert b.favourable_rate == pytest.approx(0.6)
    assert b.ratio == pytest.approx(0.6 / 0.88)
    assert b.four_fifths_fail is True


def test_favourable_direction_same_numbers():
    result = analyse([("A", 100, 12), ("B", 100, 40)], direction="favourable")
    assert result.reference_label == "B"
    assert by_label(result, "A").ratio == pytest.approx(0.3)


def test_reference_best_skips_suppressed_group():
    # C has the best rate (45 of 50) but only 5 without the outcome: suppressed.
    counts = [("A", 100, 60), ("B", 200, 70), ("C", 50, 45)]
    assert choose_reference(tuple(GroupCount(*c) for c in counts), "favourable", "best", 11) == (
        "best",
        0,
    )


def test_reference_best_ties_go_to_larger_group_then_first():
    result = analyse([("A", 50, 25), ("B", 100, 50), ("C", 100, 50)])
    assert result.reference_label == "B"


def test_reference_largest():
    result = analyse([("A", 100, 60), ("B", 300, 90), ("C", 50, 40)], reference="largest")
    assert result.reference_method == "largest"
    assert result.reference_label == "B"
    assert by_label(result, "A").ratio == pytest.approx(2.0)
    assert by_label(result, "A").in_band is False
    assert by_label(result, "A").four_fifths_fail is False


def test_reference_largest_skips_suppressed_group():
    # B is largest but has only 5 with the outcome.
    result = analyse([("A", 100, 60), ("B", 300, 5), ("C", 50, 40)], reference="Largest ")
    assert result.reference_label == "A"


def test_named_reference_ignores_case_and_spaces():
    result = analyse([("White", 100, 60), ("Asian", 100, 70)], reference="  white ")
    assert result.reference_method == "named"
    assert result.reference_label == "White"
    assert by_label(result, "Asian").ratio == pytest.approx(70 / 60)


def test_named_reference_suppressed_is_an_error():
    with pytest.raises(DisparityError, match="too few people to report"):
        analyse([("White", 100, 60), ("Asian", 100, 95)], reference="Asian")


def test_named_reference_missing_or_empty_is_an_error():
    with pytest.raises(DisparityError, match="no group named 'Martian'"):
        analyse([("A", 100, 60), ("B", 100, 50)], reference="Martian")
    with pytest.raises(DisparityError, match="nobody in it"):
        analyse([("A", 100, 60), ("B", 0, 0)], reference="B")


def test_zero_total_gives_no_rate_and_no_error():
    result = analyse([("A", 100, 60), ("B", 0, 0), ("C", 100, 50)])
    b = by_label(result, "B")
    assert b.no_rate and not b.suppressed
    assert b.rate is None and b.ratio is None and b.z_p is None
    assert "disparity-empty" in [f.id for f in result.flags]


def test_no_possible_reference():
    result = analyse([("A", 0, 0), ("B", 5, 1)])
    assert result.reference_label is None
    assert result.reference is None
    assert all(g.ratio is None for g in result.groups)
    ids = [f.id for f in result.flags]
    assert ids == ["disparity-suppressed", "disparity-empty", "disparity-no-reference"]


def test_reference_with_no_favourable_outcome_gives_no_ratios():
    result = analyse([("A", 50, 0), ("B", 40, 20)], reference="A")
    b = by_label(result, "B")
    assert b.ratio is None and b.four_fifths_fail is None
    assert b.fisher_p is not None
    assert by_label(result, "A").ratio is None
    assert [f.id for f in result.flags] == ["disparity-reference-zero"]
    assert "No one in the reference group A" in result.flags[0].detail


def test_identical_all_favourable_groups():
    result = analyse([("A", 50, 50), ("B", 40, 40)])
    b = by_label(result, "B")
    assert b.ratio == 1.0 and b.z_p is None and b.fisher_p == 1.0
    assert result.flags == ()


@pytest.mark.parametrize(
    ("groups", "kwargs", "message"),
    [
        ([("A", 10, 11)], {}, "0 <= outcome <= total"),
        ([("A", -1, 0)], {}, "0 <= outcome <= total"),
        ([("A", 1.5, 1)], {}, "whole numbers"),
        ([("A", True, 1)], {}, "whole numbers"),
        ([("A", 10, 1), ("a ", 10, 1)], {}, "different"),
        ([(" ", 10, 1)], {}, "present"),
        ([], {}, "no groups"),
        ([("A", 10, 1)], {"direction": "good"}, "favourable"),
        ([("A", 10, 1)], {"min_cell": -1}, "minimum cell"),
    ],
)
def test_bad_arguments(groups, kwargs, message):
    with pytest.raises(DisparityError, match=message):
        analyse(groups, **kwargs)
