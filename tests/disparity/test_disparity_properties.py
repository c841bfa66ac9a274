"""Properties of the disparity statistics and the CSV reader, over generated inputs."""

import contextlib
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.stats.contingency import relative_risk

from ctdppeia.disparity import (
    ADVERSE,
    DIRECTIONS,
    FAVOURABLE,
    TableError,
    analyse,
    parse_csv,
)
from ctdppeia.disparity.compare import ratio_interval
from ctdppeia.disparity.verdict import VERDICT_WORDS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def counts(draw, max_total=3000):
    total = draw(st.integers(min_value=0, max_value=max_total))
    outcome = draw(st.integers(min_value=0, max_value=total))
    return total, outcome


@st.composite
def tables(draw):
    """Two or more groups with distinct labels."""
    rows = draw(st.lists(counts(), min_size=2, max_size=6))
    return [(f"G{index}", total, outcome) for index, (total, outcome) in enumerate(rows)]


@st.composite
def two_by_two(draw):
    n1 = draw(st.integers(min_value=1, max_value=5000))
    n2 = draw(st.integers(min_value=1, max_value=5000))
    a = draw(st.integers(min_value=0, max_value=n1))
    c = draw(st.integers(min_value=1, max_value=n2))
    return a, n1, c, n2


@SETTINGS
@given(two_by_two())
def test_interval_contains_the_ratio(cells):
    a, n1, c, n2 = cells
    interval = ratio_interval(a, n1, c, n2)
    ratio = float(Fraction(a * n2, n1 * c))
    assert interval.low <= ratio <= interval.high
    assert interval.low >= 0
    assert interval.corrected == (a == 0)


@SETTINGS
@given(two_by_two())
def test_interval_agrees_with_scipy(cells):
    a, n1, c, n2 = cells
    assume(a > 0)
    expected = relative_risk(a, n1, c, n2).confidence_interval()
    interval = ratio_interval(a, n1, c, n2)
    assert interval.low == pytest.approx(expected.low, rel=1e-9)
    assert interval.high == pytest.approx(expected.high, rel=1e-9)


@SETTINGS
@given(two_by_two())
def test_interval_is_symmetric_under_swapping(cells):
    # Swapping the two groups inverts the ratio and its interval (both ends) exactly.
    a, n1, c, n2 = cells
    assume(a > 0)
    forward, backward = ratio_interval(a, n1, c, n2), ratio_interval(c, n2, a, n1)
    assert forward.low == pytest.approx(1 / backward.high, rel=1e-9)
    assert forward.high == pytest.approx(1 / backward.low, rel=1e-9)


@SETTINGS
@given(tables(), st.sampled_from(DIRECTIONS), st.sampled_from([0, 5, 11]))
def test_ratios_and_verdicts_are_consistent(rows, direction, min_cell):
    result = analyse(rows, direction=direction, min_cell=min_cell)
    ref = result.reference
    flags = {flag.id: flag for flag in result.flags}
    for group in result.groups:
        assert group.verdict in VERDICT_WORDS
        if group.ratio is not None and not group.is_reference:
            fav = Fraction(group.total - group.outcome if direction == ADVERSE else group.outcome)
            ref_fav = ref.total - ref.outcome if direction == ADVERSE else ref.outcome
            expected = (fav / group.total) / Fraction(ref_fav, ref.total)
            assert group.ratio == pytest.approx(float(expected))
            assert (group.four_fifths_test == "fail") == (expected < Fraction(4, 5))
            low, high = group.ratio_ci
            assert low <= group.ratio <= high
        if group.adverse_ratio is not None and not group.is_reference:
            low, high = group.adverse_ratio_ci
            assert low <= group.adverse_ratio <= high
            assert (group.band_test == "fail") == (
                Fraction(group.outcome, group.total) / Fraction(ref.outcome, ref.total)
                > Fraction(5, 4)
            )
        # The table's verdict is the flag's verdict: same severity, same words in the title.
        group_flags = [f for key, f in flags.items() if group.label in f.title]
        if group.severity in ("low", "medium", "high"):
            (flag,) = group_flags
            assert flag.severity == group.severity
            assert flag.title == f"{VERDICT_WORDS[group.verdict]}: {group.label}"
        elif group.severity is None and not group.is_reference:
            assert not group_flags or all(f.severity == "info" for f in group_flags)


@SETTINGS
@given(counts(max_total=2000).filter(lambda c: c[0] > 0), counts(max_total=2000))
def test_four_fifths_verdict_symmetric_under_swapping(first, second):
    # With a named reference, the favorable-rate ratios of A against B and B against A are
    # reciprocal, so at most one of the two can fail the four-fifths test.
    assume(second[0] > 0 and first[1] > 0 and second[1] > 0)
    rows = [("A", *first), ("B", *second)]
    a_vs_b = analyse(rows, direction=FAVOURABLE, reference="B", min_cell=0).groups[0]
    b_vs_a = analyse(rows, direction=FAVOURABLE, reference="A", min_cell=0).groups[1]
    assert a_vs_b.ratio * b_vs_a.ratio == pytest.approx(1.0)
    assert not (a_vs_b.four_fifths_test == "fail" and b_vs_a.four_fifths_test == "fail")
    assert a_vs_b.fisher_p == pytest.approx(b_vs_a.fisher_p)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_csv_reader_raises_only_its_own_error_on_bytes(data):
    with contextlib.suppress(TableError):
        parse_csv(data)


CSV_ALPHABET = st.sampled_from(list("group,total,outcome\n\r\"';-+.0123456789 abcÉ\t\x00\ufeff"))


@settings(max_examples=300, deadline=None)
@given(st.lists(CSV_ALPHABET, max_size=200).map("".join))
def test_csv_reader_raises_only_its_own_error_on_csv_like_text(text):
    try:
        rows = parse_csv(("group,total,outcome\n" + text).encode())
    except TableError:
        return
    for label, total, outcome in rows:
        assert label.strip() and 0 <= outcome <= total
