"""Flag severities at their boundaries, and the words a reviewer reads."""

import pytest

from ctdppeia.disparity import analyse, slug


def only_flag(result):
    flags = [f for f in result.flags if f.severity != "info"]
    assert len(flags) <= 1, flags
    return flags[0] if flags else None


def severity(groups, **kwargs):
    flag = only_flag(analyse(groups, **kwargs))
    return flag.severity if flag else None


@pytest.mark.parametrize(
    ("favourable", "expected"),
    [(79, "high"), (80, "low"), (89, "low"), (90, None)],
)
def test_ratio_boundaries(favourable, expected):
    # The reference has 100 of 100; the group favorable of 100: ratio favorable / 100.
    assert severity([("Ref", 100, 100), ("G", 100, favourable)]) == expected


def test_exact_four_fifths_is_not_a_failure_despite_float_rounding():
    # 56/100 over 70/100 is exactly 0.8, but 0.56 / 0.7 is 0.8000000000000002 in floats and
    # 0.7 * 0.8 < 0.56; the check works on the exact fraction.
    result = analyse([("Ref", 100, 70), ("G", 100, 56)])
    group = result.groups[1]
    assert group.four_fifths_fail is False
    assert group.in_band is True
    assert only_flag(result).severity == "low"


def test_p_just_under_005_with_small_group_is_high():
    # 15 of 28 against 73 of 100: ratio 0.734; pooled 88/128 = 0.6875;
    # SE = sqrt(0.6875 * 0.3125 * (1/28 + 1/100)) = 0.0991031;
    # z = (0.535714 - 0.73) / 0.0991031 = -1.960440; p = 0.049944 (< 0.05)
    result = analyse([("Ref", 100, 73), ("G", 28, 15)])
    assert result.groups[1].z_p == pytest.approx(0.049944394, abs=1e-6)
    flag = only_flag(result)
    assert flag.severity == "high"
    assert "statistically significant (two-proportion z-test, p = 0.0499)" in flag.detail


def test_p_just_over_005_with_small_group_is_medium():
    # 17 of 29 against 77 of 100: ratio 0.761; pooled 94/129; SE = 0.0937787;
    # z = (0.586207 - 0.77) / 0.0937787 = -1.959860; p = 0.050012 (>= 0.05)
    result = analyse([("Ref", 100, 77), ("G", 29, 17)])
    assert result.groups[1].z_p == pytest.approx(0.050012121, abs=1e-6)
    flag = only_flag(result)
    assert flag.severity == "medium"
    assert flag.title == "Possible gap, too little data: G"
    assert "not statistically significant" in flag.detail
    assert "fewer than 30 people" in flag.detail


@pytest.mark.parametrize(
    ("total", "favourable", "expected"), [(29, 14, "medium"), (30, 15, "high")]
)
def test_group_size_29_or_30_without_significance(total, favourable, expected):
    # Against 26 of 40 (0.65): 14/29 = 0.483 (ratio 0.74) and 15/30 = 0.5 (ratio 0.77); neither
    # gap is significant (p about 0.2), so only size decides: both groups >= 30 makes it high.
    result = analyse([("Ref", 40, 26), ("G", total, favourable)])
    assert result.groups[1].z_p > 0.05
    assert only_flag(result).severity == expected


def test_reference_size_counts_too():
    # Group of 40, reference of 29: the smaller of the two is below 30.
    result = analyse([("Ref", 29, 18), ("G", 40, 18)])
    assert result.groups[1].z_p > 0.05
    assert only_flag(result).severity == "medium"


def test_fisher_used_when_expected_cell_below_5():
    # 0 of 12 approved against 11 of 100: expected approvals in G = 12 * 11 / 112 = 1.18 < 5.
    flag = only_flag(analyse([("Ref", 100, 11), ("G", 12, 0)]))
    assert flag.severity == "medium"
    assert "Fisher's exact test, p = 0.604" in flag.detail


def test_plain_language_detail():
    result = analyse([("White", 80, 48), ("Black or African American", 40, 12)])
    flag = only_flag(result)
    assert flag.id == "disparity-black-or-african-american"
    assert flag.severity == "high"
    assert flag.category == "equity"
    assert flag.title == "Adverse impact: Black or African American"
    assert flag.detail == (
        "Black or African American had the favorable outcome at 0.50 times the rate of White "
        "(the reference: the group with the highest rate of the favorable outcome). "
        "The 95 % confidence interval of this ratio is 0.30 to 0.83. "
        "The gap is statistically significant (two-proportion z-test, p = 0.00195). "
        "This is below the four-fifths line (0.8): a sign of adverse impact to review."
    )


def test_reference_phrase_mentions_suppression_and_method():
    best = analyse([("A", 80, 48), ("B", 40, 12), ("C", 50, 45)])
    assert "highest rate of the favorable outcome among the groups large enough" in (
        best.flags[0].detail
    )
    largest = analyse([("A", 80, 48), ("B", 40, 12)], reference="largest")
    assert "(the reference: the largest group)" in largest.flags[0].detail
    named = analyse([("A", 80, 48), ("B", 40, 12)], reference="A")
    assert "(the reference: the group chosen for comparison)" in named.flags[0].detail


def test_adverse_rare_outcome_above_band_is_flagged():
    # Investigated: 40 of 2000 against 20 of 2000. Complement ratio 0.98 / 0.99 = 0.99 (passes),
    # but the adverse-rate ratio is 0.02 / 0.01 = 2.0 > 1.25. Pooled 60/4000 = 0.015;
    # SE = sqrt(0.015 * 0.985 * 0.001) = 0.0038438; z = 0.01 / 0.0038438 = 2.601574; p = 0.00928.
    result = analyse([("Ref", 2000, 20), ("G", 2000, 40)], direction="adverse")
    group = result.groups[1]
    assert group.four_fifths_fail is False
    assert group.in_band is True
    assert group.z_p == pytest.approx(0.0092796926, abs=1e-6)
    flag = only_flag(result)
    assert flag.severity == "medium"
    assert flag.title == "Higher rate of the adverse outcome: G"
    assert "avoided the adverse outcome at 0.99 times the rate of Ref" in flag.detail
    assert "had the adverse outcome at 2.00 times the rate of Ref (95 % confidence interval" in (
        flag.detail
    )
    assert ", above 1.25, the top of the fairness band" in flag.detail
    assert "lowest rate of the adverse outcome" in flag.detail


def test_adverse_above_band_without_significance_is_watch():
    result = analyse([("Ref", 1000, 11), ("G", 1000, 16)], direction="adverse")
    flag = only_flag(result)
    assert flag.severity == "low"
    assert flag.title == "Watch: G"


def test_adverse_reference_with_no_adverse_outcomes():
    result = analyse([("Ref", 1000, 0), ("G", 1000, 20)], direction="adverse")
    flag = only_flag(result)
    assert flag.severity == "medium"
    assert "G had the adverse outcome while no one in Ref did." in flag.detail


def test_adverse_below_four_fifths_keeps_high_and_mentions_both():
    result = analyse([("Ref", 100, 12), ("G", 100, 40)], direction="adverse")
    flag = only_flag(result)
    assert flag.severity == "high"
    assert "3.33 times the rate of Ref" in flag.detail


def test_group_far_above_a_named_reference_is_info():
    result = analyse([("Ref", 100, 40), ("G", 100, 60)], reference="Ref")
    assert [(f.id, f.severity) for f in result.flags] == [("disparity-g", "info")]
    assert "reference group may itself be at a disadvantage" in result.flags[0].detail


def test_flags_sorted_by_severity_and_ids_unique():
    result = analyse(
        [
            ("Ref", 100, 100),
            ("A B", 100, 85),
            ("A/B", 100, 50),
            ("Suppressed", 100, 60),
        ]
    )
    assert [(f.id, f.severity) for f in result.flags] == [
        ("disparity-a-b-2", "high"),
        ("disparity-suppressed", "high"),
        ("disparity-a-b", "low"),
    ]


def test_note_ids_come_first_for_collisions():
    result = analyse([("Ref", 100, 100), ("Suppressed", 100, 50), ("Tiny", 5, 1)])
    assert {f.id for f in result.flags} == {"disparity-suppressed", "disparity-suppressed-2"}


def test_slug():
    assert slug("Black or African American") == "black-or-african-american"
    assert slug("Américain") == "americain"
    assert slug("  ") == "group"
    assert slug("中文") == "group"
