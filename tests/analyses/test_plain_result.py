"""The analysis page says its result in one plain sentence before any statistics, folds the
p-values and intervals into a "details", gives advice that fits the finding, and the
questionnaire's analysis section links the analyses and fills N6, N7 and N8 from them."""

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.analyses.advice import advice
from ctdppeia.analyses.flags import analysis_flags
from ctdppeia.disparity import analyse
from ctdppeia.disparity.headline import headline
from ctdppeia.extensions import db
from ctdppeia.models import Review, User
from ctdppeia.reviews import services
from ctdppeia.reviews.state import load_context
from tests.analyses.conftest import analysis_ids, post_table
from tests.conftest import AuthActions

ABSENCE = [("Asian", "1000", "100"), ("Black", "1000", "230"), ("White", "4200", "252")]


def _absence(client: FlaskClient, review_id: int) -> None:
    response = post_table(client, review_id, ABSENCE, title="Chronic absence 2025",
                          outcome_label="Chronically absent", direction="adverse")  # fmt: skip
    assert response.status_code == 302


# The sentence --------------------------------------------------------------------------------


def test_a_bad_outcome_is_said_as_times_as_likely() -> None:
    result = analyse([("Asian", 1000, 100), ("Black", 1000, 230)], "adverse")
    assert headline(result, "Chronically absent") == (
        "The group “Black” was 2.3 times as likely as the group “Asian” to have the outcome "
        "“Chronically absent” (23.0% against 10.0%)."
    )


def test_a_good_outcome_names_the_group_that_has_it_least_often() -> None:
    result = analyse([("A", 25, 12), ("B", 40, 26)], "favourable")
    assert headline(result, "Approved") == (
        "The group “A” had the outcome “Approved” 0.74 times as often as the group “B” "
        "(48.0% against 65.0%)."
    )


def test_close_rates_are_said_to_be_close() -> None:
    result = analyse([("A", 500, 300), ("B", 500, 295)], "favourable")
    assert headline(result, "Approved").startswith(
        "Every group shown had the outcome “Approved” at a rate close to the group “A”"
    )


def test_a_group_too_small_to_report_is_never_named() -> None:
    result = analyse([("Big", 500, 50), ("Tiny", 8, 6), ("Other", 400, 48)], "adverse")
    sentence = headline(result, "Absent")
    assert "Tiny" not in sentence and "“Other”" in sentence


# The advice ----------------------------------------------------------------------------------


def test_a_large_significant_gap_is_not_told_to_gather_more_data() -> None:
    result = analyse([("White", 4200, 252), ("Asian", 4000, 160)], "adverse")
    (flag,) = [f for f in result.flags if f.severity != "info"]
    assert (flag.severity, flag.verdict) == ("medium", "higher-adverse-rate")
    said = advice(flag.severity, flag.verdict)
    assert "gather more data" not in said.lower() and "cause" in said


def test_a_gap_on_too_little_data_asks_for_more_data() -> None:
    result = analyse([("A", 25, 12), ("B", 40, 26)], "favourable")
    (flag,) = [f for f in result.flags if f.severity != "info"]
    assert flag.verdict == "possible-gap"
    assert "Gather more data" in advice(flag.severity, flag.verdict)


def test_the_review_flag_carries_the_fitting_advice(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    _absence(client, review_id)
    with app.test_request_context():
        review = db.session.get(Review, review_id)
        flags = analysis_flags(review)
    assert flags and all("gather more data" not in f.advice.lower() for f in flags)


# The page ------------------------------------------------------------------------------------


def test_the_page_opens_with_the_sentence_and_folds_the_statistics(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    auth.login(reviewer)
    _absence(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    page = client.get(f"/reviews/{review_id}/analyses/{analysis_id}").text
    sentence = (
        "The group “Black” was 3.8 times as likely as the group “White” to have the outcome "
        "“Chronically absent” (23.0% against 6.0%)."
    )
    assert sentence in page
    details = page.index('<details class="statistics">')
    assert page.index(sentence) < page.index("<table") < details
    assert page.index("p-value (z-test)") > details and page.index("95 % CI") > details
    plain = page[page.index('class="results plain-results') : details]
    assert "p-value" not in plain and "Verdict" in plain
    assert "What to do:</strong> The gap is large and unlikely to be chance." in page


# The questionnaire's analysis section -------------------------------------------------------


def _analysis_section(app: Flask, user: User, review_id: int) -> str:
    """Answer P0 (the data are not published) so the section is asked; its id."""
    with app.app_context():
        review = db.session.get(Review, review_id)
        questionnaire = load_context(review).questionnaire
        actor = db.session.get(User, user.id)
        first = questionnaire.section_of("P0").id
        services.save_section(actor, review, first, {"P0": "no"}, review.version)
        return questionnaire.section_of("N7").id


def _value(page: str, qid: str) -> str:
    found = re.search(rf'<input[^>]*name="q_{qid}"[^>]*value="([^"]*)"', page)
    assert found is not None, qid
    return found.group(1)


def test_the_section_links_to_adding_an_analysis_when_there_is_none(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    section = _analysis_section(app, reviewer, review_id)
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/sections/{section}").text
    assert "This review has no outcome analysis yet." in page
    assert f'href="/reviews/{review_id}/analyses"' in page


def test_the_section_fills_n6_n7_n8_from_the_largest_gap_until_saved(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    section = _analysis_section(app, reviewer, review_id)
    auth.login(reviewer)
    _absence(client, review_id)
    (analysis_id,) = analysis_ids(app, review_id)
    page = client.get(f"/reviews/{review_id}/sections/{section}").text
    assert f'href="/reviews/{review_id}/analyses/{analysis_id}">Chronic absence 2025</a>' in page
    assert "N6, N7, N8 are filled in below from" in page
    # N7 as the question defines it: for an unwanted outcome, the comparison group's rate
    # over the worst-off group's (6.0% / 23.0%); N8, the smaller group of that comparison
    assert _value(page, "N7") == "0.26" and _value(page, "N8") == "1000"
    assert re.search(r'<input checked[^>]*name="q_N6"[^>]*value="yes"', page)
    with app.app_context():
        stored = load_context(db.session.get(Review, review_id)).evaluation.answers
    assert "N7" not in stored  # nothing is saved until the person saves the section


def test_an_answer_already_given_is_never_replaced(
    app: Flask, client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int
) -> None:
    section = _analysis_section(app, reviewer, review_id)
    with app.app_context():
        review = db.session.get(Review, review_id)
        actor = db.session.get(User, reviewer.id)
        services.save_section(actor, review, section, {"N6": "yes", "N7": 0.5}, review.version)
    auth.login(reviewer)
    _absence(client, review_id)
    page = client.get(f"/reviews/{review_id}/sections/{section}").text
    assert _value(page, "N7") == "0.5" and _value(page, "N8") == "1000"
    assert "N8 are filled in below from" in page and "N7, N8 are filled" not in page


@pytest.mark.parametrize("other_section", ["planning"])
def test_other_sections_offer_nothing(
    client: FlaskClient, auth: AuthActions, reviewer: User, review_id: int, other_section: str
) -> None:
    auth.login(reviewer)
    page = client.get(f"/reviews/{review_id}/sections/{other_section}").text
    assert "Outcome analyses of this review" not in page
