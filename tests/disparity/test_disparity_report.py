"""The plain dict for the signed PDF snapshot, and the chart geometry."""

import json

import pytest

from ctdppeia.disparity import (
    analyse,
    bar_chart,
    format_p,
    format_rate,
    format_ratio,
    public_view,
    to_dict,
)


@pytest.mark.parametrize(
    ("p", "text"),
    [
        (None, None),
        (34 / 70, "0.486"),
        (1.0, "1.00"),
        (0.05, "0.0500"),
        (0.0499443, "0.0499"),
        (0.001, "0.00100"),
        (0.000999, "<0.001"),
        (0.0, "<0.001"),
    ],
)
def test_format_p(p, text):
    assert format_p(p) == text


@pytest.mark.parametrize(
    ("ratio", "text"),
    [
        (None, None),
        (0.5, "0.50"),
        (0.8, "0.80"),
        (0.796, "0.796"),  # "0.80" would hide that it fails the four-fifths rule
        (0.7999, "0.7999"),
        (0.8049, "0.80"),
        (0.8951, "0.895"),  # below the 0.9 watch line
        (1.2449, "1.24"),
        (1.2451, "1.25"),
        (0.896, "0.896"),
        (1.2504, "1.2504"),
        (1.0, "1.00"),
        (2.0, "2.00"),
    ],
)
def test_format_ratio(ratio, text):
    assert format_ratio(ratio) == text


def test_format_rate():
    assert format_rate(0.3) == "0.300"
    assert format_rate(2 / 3) == "0.667"
    assert format_rate(None) is None


def walk(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)
    else:
        yield value


def sample():
    return analyse([("White", 80, 48), ("Black", 40, 12), ("Asian", 50, 45), ("None", 0, 0)])


def test_public_view_format():
    view = public_view(sample())
    assert set(view) == {
        "direction",
        "reference_method",
        "reference_label",
        "min_cell",
        "groups",
        "flags",
    }
    assert view["direction"] == "favourable"
    assert view["reference_method"] == "best"
    assert view["reference_label"] == "White"
    assert view["min_cell"] == 11
    white, black, asian, none = view["groups"]
    assert white == {
        "label": "White",
        "total": 80,
        "outcome": 48,
        "rate": "0.600",
        "ratio": "1.00",
        "z_p": None,
        "fisher_p": None,
        "four_fifths": None,
        "in_band": None,
        "suppressed": False,
        "is_reference": True,
        "ratio_ci": None,
        "adverse_ratio": None,
        "adverse_ratio_ci": None,
        "band_test": None,
        "ci_corrected": False,
        "severity": None,
        "verdict": "reference",
        "verdict_text": "Reference group",
    }
    assert black["ratio_ci"] == ["0.30", "0.83"]
    assert (black["verdict"], black["verdict_text"]) == ("adverse-impact", "Adverse impact")
    assert black["severity"] == "high"
    assert black["rate"] == "0.300"
    assert black["ratio"] == "0.50"
    assert black["z_p"] == "0.00195"
    assert black["four_fifths"] == "fail"
    assert black["in_band"] is False
    assert asian["suppressed"] is True
    assert asian["total"] is None and asian["outcome"] is None and asian["rate"] is None
    assert none["total"] == 0 and none["rate"] is None
    assert view["flags"][0]["id"] == "disparity-black"
    assert set(view["flags"][0]) == {"id", "severity", "category", "title", "detail"}


def test_no_floats_anywhere_and_json_round_trip():
    for include in (False, True):
        data = to_dict(sample(), include_suppressed_counts=include)
        assert not [v for v in walk(data) if isinstance(v, float)]
        assert json.loads(json.dumps(data)) == data


def test_suppressed_counts_only_on_request():
    assert to_dict(sample())["groups"][2]["total"] is None
    shown = to_dict(sample(), include_suppressed_counts=True)["groups"][2]
    assert (shown["total"], shown["outcome"], shown["rate"]) == (50, 45, None)


def test_pass_verdict():
    data = public_view(analyse([("A", 100, 60), ("B", 100, 57)]))
    assert data["groups"][1]["four_fifths"] == "pass"
    assert data["groups"][1]["in_band"] is True


def test_chart_geometry():
    chart = bar_chart(sample())
    assert chart.scale_max == 1.25
    assert chart.line_x == pytest.approx(0.64)
    assert [t.text for t in chart.ticks] == ["0.00", "0.25", "0.50", "0.75", "1.00", "1.25"]
    white, black, asian, none = chart.bars
    assert (white.pattern, white.marker, white.width) == ("outline", "reference", 0.8)
    assert (black.pattern, black.marker, black.below_line) == ("hatched", "below 0.8", True)
    assert black.width == pytest.approx(0.4) and black.x == 0.0
    assert (asian.pattern, asian.ratio_text, asian.width) == ("none", "too few to report", 0.0)
    assert none.ratio_text == "no one counted"
    assert chart.summary == (
        "Impact ratios of 2 groups against White (1.00). Below the 0.8 line: Black."
    )


def test_chart_scale_grows_and_clips():
    chart = bar_chart(analyse([("Ref", 100, 20), ("A", 100, 30), ("B", 100, 80)], reference="Ref"))
    assert chart.scale_max == 2.5
    a, b = chart.bars[1], chart.bars[2]
    assert a.width == pytest.approx(1.5 / 2.5) and a.pattern == "solid" and not a.clipped
    assert b.width == 1.0 and b.clipped and b.ratio_text == "4.00"
    assert "No group is below the 0.8 line." in chart.summary


def test_chart_without_reference():
    chart = bar_chart(analyse([("A", 5, 1), ("B", 0, 0)]))
    assert all(bar.pattern == "none" for bar in chart.bars)
    assert "no group could be the reference" in chart.summary
