"""One truth on every page: for the demo reviews, the flag count and its words are the same on
the review list, the review page, the summary, the request page and in the PDF; the web page
and the PDF use the same labels, dates and verdicts; and the adverse-outcome case reads the
same on the analysis page as in the flag."""

import re
import shutil
import subprocess
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ctdppeia import words
from ctdppeia.analyses.results import computed_for
from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, Review, User
from ctdppeia.reviews.flags import review_flags, tally_flags
from tests.conftest import PASSWORD

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")


def text_of(html: str) -> str:
    """Visible text of a page: tags removed, entities decoded, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def pdf_text(data: bytes) -> str:
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return re.sub(r"\s+", " ", result.stdout.decode("utf-8"))


# The demo's reviews of data requests (those of AI use cases have no outcome analyses).
REQUEST_REVIEWS = Review.subject_kind == "data-request"


@pytest.fixture
def demo(app: Flask, seeded_demo: str, client: FlaskClient) -> dict[str, object]:
    """The demo data, signed in as the demo reviewer; what each review's count should read."""
    with app.app_context():
        reviewer = db.session.scalars(select(User).where(User.email.like("reviewer@%"))).one()
        reviewer.set_password(PASSWORD)
        db.session.commit()
        reviews = list(
            db.session.scalars(select(Review).where(REQUEST_REVIEWS).order_by(Review.id))
        )
        expected = {r.id: tally_flags(r).text for r in reviews}
        totals = {r.id: len(review_flags(r)) for r in reviews}
        subjects = {r.id: r.subject_id for r in reviews}
        email = reviewer.email
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return {"expected": expected, "totals": totals, "subjects": subjects}


def row_of(html: str, review_id: int) -> str:
    """The text of the table row that links to the review."""
    for row in re.findall(r"<tr\b.*?</tr>", html, flags=re.S):
        if f'/reviews/{review_id}"' in row:
            return text_of(row)
    raise AssertionError(f"no row for review {review_id}")


def test_demo_reviews_have_analysis_flags(app: Flask, demo: dict) -> None:
    with app.app_context():
        for review in db.session.scalars(select(Review).where(REQUEST_REVIEWS)):
            sources = {flag.source for flag in review_flags(review)}
            assert sources == {"questionnaire", "analysis"}, review.id


def test_same_count_in_the_same_words_on_every_page(client: FlaskClient, demo: dict) -> None:
    listing = client.get("/reviews/").get_data(as_text=True)
    for review_id, expected in demo["expected"].items():
        total = demo["totals"][review_id]
        assert expected.startswith(f"{total} flags: ")
        assert expected in row_of(listing, review_id)
        page = client.get(f"/reviews/{review_id}").get_data(as_text=True)
        assert f'<p class="flag-count">{expected}.</p>' in page
        assert page.count('<li class="flag severity-') == total
        summary = client.get(f"/reviews/{review_id}/summary").get_data(as_text=True)
        assert f'<dd class="flag-count">{expected}.</dd>' in summary
        request_page = client.get(f"/requests/{demo['subjects'][review_id]}")
        assert expected in row_of(request_page.get_data(as_text=True), review_id)


@needs_pdftotext
def test_same_count_in_the_pdf(client: FlaskClient, demo: dict) -> None:
    for review_id, expected in demo["expected"].items():
        response = client.get(f"/reviews/{review_id}/review.pdf")
        assert response.status_code == 200
        assert f"{expected}." in pdf_text(response.data)


@needs_pdftotext
def test_web_and_pdf_use_the_same_labels(app: Flask, client: FlaskClient, demo: dict) -> None:
    with app.app_context():
        query = select(Review).where(REQUEST_REVIEWS, Review.confirmed_at.is_not(None))
        locked = db.session.scalars(query).one()
        decision = locked.current_decision
        analysis = db.session.scalars(
            select(OutcomeAnalysis).where(OutcomeAnalysis.review_id == locked.id)
        ).one()
        labels = {
            "recommendation": words.RECOMMENDATION[decision.recommendation],
            "locked": words.format_datetime(locked.confirmed_at),
            "verdict": words.VERDICT["higher-adverse-rate"],
        }
        ids = (locked.id, analysis.id)
    summary = text_of(client.get(f"/reviews/{ids[0]}/summary").get_data(as_text=True))
    page = text_of(client.get(f"/reviews/{ids[0]}/analyses/{ids[1]}").get_data(as_text=True))
    pdf = pdf_text(client.get(f"/reviews/{ids[0]}/review.pdf").data)
    assert labels["recommendation"] in summary and labels["recommendation"] in pdf
    assert labels["locked"] in summary and labels["locked"] in pdf
    open_id = next(key for key in demo["expected"] if key != ids[0])
    response_label = words.RESPONSE["mitigation"]  # the open review answers one flag so
    open_page = text_of(client.get(f"/reviews/{open_id}").get_data(as_text=True))
    assert f"Response: {response_label}" in open_page
    assert f"Response ({response_label}," in pdf_text(
        client.get(f"/reviews/{open_id}/review.pdf").data
    )
    assert re.search(r"\b[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M E[SD]T\b", pdf)
    assert not re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|"
                         r"September|October|November|December) \d{4}", pdf)  # fmt: skip
    for key in words.result_columns("adverse"):
        assert words.RESULT_COLUMNS[key] in page, key
        assert words.RESULT_COLUMNS[key] in pdf, key
    for text in (
        words.tests_explained("adverse"),
        labels["verdict"],
        "2.29 (1.75 to 2.99)",
        "0.8 (four-fifths rule)",
    ):
        assert text in page, text
        assert text in pdf, text


def test_adverse_case_on_the_analysis_page(app: Flask, client: FlaskClient, demo: dict) -> None:
    """Emergency visits, 22.9 % against 10.0 %: the table and the flag give one verdict."""
    with app.app_context():
        query = select(Review).where(REQUEST_REVIEWS, Review.confirmed_at.is_not(None))
        locked = db.session.scalars(query).one()
        (computed,) = computed_for(locked)
        black = next(g for g in computed.view["groups"] if g["label"].startswith("Black"))
        ids = (locked.id, computed.analysis.id)
    assert black["rate"] == "0.229" and black["four_fifths"] == "pass"
    html = client.get(f"/reviews/{ids[0]}/analyses/{ids[1]}").get_data(as_text=True)
    row = row_of_label(html, "Black or African American")
    assert "22.9%" in row
    assert "0.86 (0.81 to 0.91)" in row and "Passes" in row  # four-fifths test, favorable ratio
    assert "2.29 (1.75 to 2.99)" in row and "Fails" in row  # 1.25 test, adverse-rate ratio
    assert "Higher rate of the adverse outcome (medium)" in row
    findings = text_of(html.split("Flags from this analysis", 1)[1])
    assert "Medium Higher rate of the adverse outcome: Black or African American" in findings
    assert "2.29 times the rate of White (95 % confidence interval 1.75 to 2.99)" in findings
    assert "Within 0.8 to 1.25" not in html


def row_of_label(html: str, label: str) -> str:
    html = html.split('<details class="statistics">', 1)[-1]  # the full results table
    for row in re.findall(r"<tr\b.*?</tr>", html, flags=re.S):
        if f">{label}" in row and "<td" in row:
            return text_of(row)
    raise AssertionError(f"no row for {label}")
