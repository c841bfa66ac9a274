"""The results page: rates, ratios, tests, the reference stated, small groups hidden, the
chart drawn accessibly, and the minimum cell size tightened by the review's answers."""

import re
from collections.abc import Sequence

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.disparity import analyse, public_view
from ctdppeia.models import User
from tests.analyses.conftest import analysis_ids, answer_r3, post_table
from tests.conftest import AuthActions

ROWS = [
    ("White", "100", "60"),
    ("Black or African American", "100", "45"),
    ("Hispanic or Latino", "40", "22"),
    ("Asian", "8", "4"),
    ("Nobody here", "0", "0"),
]


@pytest.fixture(autouse=True)
def _signed_in(auth: AuthActions, reviewer: User) -> None:
    auth.login(reviewer)


def results_page(
    app: Flask,
    client: FlaskClient,
    review_id: int,
    rows: Sequence[tuple[str, str, str]] = ROWS,
    **options: str,
) -> str:
    response = post_table(client, review_id, rows, **options)
    assert response.status_code == 302, response.get_data(as_text=True)
    analysis_id = analysis_ids(app, review_id)[-1]
    return client.get(f"/reviews/{review_id}/analyses/{analysis_id}").get_data(as_text=True)


def row_of(page: str, label: str) -> str:
    """The group's row in the full results table (the statistics, folded in a details)."""
    page = page.split('<details class="statistics">', 1)[-1]
    match = re.search(rf"<tr[^>]*>\s*<th scope=\"row\">{re.escape(label)}.*?</tr>", page, re.S)
    assert match, label
    return match.group(0)


def test_results_show_rates_ratios_tests_and_the_reference(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    page = results_page(app, client, review_id)
    expected = public_view(analyse([(r[0], int(r[1]), int(r[2])) for r in ROWS]))
    black = next(g for g in expected["groups"] if g["label"].startswith("Black"))
    row = row_of(page, "Black or African American")
    assert "45.0%" in row and '<td class="num">100</td>' in row
    low, high = black["ratio_ci"]
    assert f">{black['ratio']} ({low} to {high})<" in row and black["ratio"] == "0.75"
    assert "<strong>Fails</strong>" in row and "<strong>Adverse impact</strong> (high)" in row
    assert f">{black['z_p']}<" in row and f">{black['fisher_p']}<" in row
    assert ">1.25 test</th>" not in page  # a favorable outcome has no adverse-rate ratio
    hispanic = row_of(page, "Hispanic or Latino")
    assert "55.0%" in hispanic and "Passes" in hispanic
    assert "The four-fifths test uses the favorable-rate ratio: below 0.8 fails." in page
    assert "(reference)" in row_of(page, "White")
    assert "compared with the reference group, <strong>White</strong>" in page
    assert "the group with the highest rate of the outcome" in page
    assert "Results for each group (reference: White)" in page


def test_small_groups_are_too_few_to_report_with_no_counts(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    page = results_page(app, client, review_id, [*ROWS[:3], ("Asian", "13", "3")])
    asian = row_of(page, "Asian")
    assert "too few to report" in asian
    assert "13" not in asian and ">3<" not in asian and "%" not in asian
    assert "1 to 10 people" in page


def test_a_group_of_zero_has_no_rate_and_no_error(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    page = results_page(app, client, review_id)
    row = row_of(page, "Nobody here")
    assert "no rate (no one counted)" in row
    assert "no one counted" in page  # in the chart and its table


def test_adverse_outcomes_state_the_direction_and_reference(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    rows = [("A", "100", "20"), ("B", "100", "40")]
    page = results_page(app, client, review_id, rows, direction="adverse",
                        outcome_label="Application denied")  # fmt: skip
    assert "Outcome counted: “Application denied” (a bad outcome)" in page
    assert "the group with the lowest rate of the outcome" in page
    assert "(reference)" in row_of(page, "A")
    b = row_of(page, "B")
    assert "40.0%" in b and ">0.75 (" in b and ">2.00 (" in b
    assert ">Adverse-rate ratio (95 % CI)</th>" in page and ">1.25 test</th>" in page


def test_largest_and_named_references_are_stated(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    page = results_page(app, client, review_id, reference_method="largest")
    assert "(the largest group)" in page
    page = results_page(app, client, review_id, reference_method="named",
                        reference_label="Hispanic or Latino")  # fmt: skip
    assert "<strong>Hispanic or Latino</strong> (the group chosen by the reviewer)" in page


def test_the_chart_is_accessible_svg_with_the_line_and_text_markers(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    page = results_page(app, client, review_id)
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg
    ids = re.search(r'aria-labelledby="([^"]+) ([^"]+)"', svg)
    assert ids is not None
    assert f'<title id="{ids.group(1)}">' in svg and f'<desc id="{ids.group(2)}">' in svg
    assert "Below the 0.8 line: Black or African American." in svg
    assert 'class="threshold"' in svg and "0.8 (four-fifths rule)" in svg
    line_x = float(re.search(r'class="threshold" x1="([\d.]+)"', svg).group(1))
    assert line_x == pytest.approx(270 + 0.8 / 1.25 * 340)
    assert "0.75 · below 0.8" in svg  # a text marker, not color alone
    assert 'fill="url(#' in svg  # the hatch pattern
    assert "1.00 · reference" in svg
    assert "too few to report" in svg
    assert "style=" not in svg and "<script" not in svg
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/static/js/site.js" defer>']
    assert '<table class="chart-data">' in page  # the data beside the chart


def test_the_answer_on_suppression_tightens_the_minimum(
    app: Flask, client: FlaskClient, review_id: int, reviewer: User
) -> None:
    app.config["MIN_CELL_SIZE"] = 5
    rows = [("White", "100", "60"), ("Small", "12", "6")]
    page = results_page(app, client, review_id, rows)
    assert "too few to report" not in row_of(page, "Small")
    answer_r3(app, reviewer, review_id, "min-10")
    analysis_id = analysis_ids(app, review_id)[-1]
    page = client.get(f"/reviews/{review_id}/analyses/{analysis_id}").get_data(as_text=True)
    assert "too few to report" in row_of(page, "Small")
    assert "1 to 9 people" in page


def test_a_smaller_answered_minimum_does_not_loosen_the_setting(
    app: Flask, client: FlaskClient, review_id: int, reviewer: User
) -> None:
    answer_r3(app, reviewer, review_id, "min-5")
    page = results_page(app, client, review_id, [("White", "100", "60"), ("Small", "12", "6")])
    assert "too few to report" in row_of(page, "Small")
    assert "1 to 10 people" in page


def test_the_list_and_the_review_page_link_the_analyses(
    app: Flask, client: FlaskClient, review_id: int
) -> None:
    results_page(app, client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    listing = client.get(f"/reviews/{review_id}/analyses").get_data(as_text=True)
    assert f'href="/reviews/{review_id}/analyses/{analysis_id}"' in listing
    assert "1 high" in listing
    for url in (f"/reviews/{review_id}", f"/reviews/{review_id}/summary"):
        page = client.get(url).get_data(as_text=True)
        assert "Outcome analyses (1)" in page, url
        assert f'href="/reviews/{review_id}/analyses"' in page
        assert "Benefit applications 2024" in page
