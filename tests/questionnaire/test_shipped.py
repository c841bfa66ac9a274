"""Golden tests for the shipped questionnaires: they load, and realistic answers give the
flags, ratings and routes the review process expects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ctdppeia.questionnaire import (
    Evaluation,
    Questionnaire,
    evaluate,
    load_folder,
    load_questionnaire,
    validate_answer,
)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "questionnaires"
ANSWERS = Path(__file__).resolve().parent / "answers"

BOARD_QUESTIONS = {"E1", "P2", "P3", "P4", "P5", "N3", "R6", "R7", "R8", "R9"}
TIER_HIGH_FLAGS = {
    "tier-high-autonomous",
    "tier-high-consequential",
    "tier-high-irreversible",
    "tier-high-biometric",
    "tier-high-genai-restricted",
}


@pytest.fixture(scope="module")
def dppeia() -> Questionnaire:
    return load_questionnaire(SHIPPED / "dppeia.md")


@pytest.fixture(scope="module")
def rai() -> Questionnaire:
    return load_questionnaire(SHIPPED / "responsible-ai.md")


def answers(name: str) -> dict[str, Any]:
    return json.loads((ANSWERS / f"{name}.json").read_text(encoding="utf-8"))


def flag_ids(result: Evaluation, severity: str | None = None) -> set[str]:
    return {r.flag.id for r in result.flags if severity is None or r.flag.severity == severity}


def run(questionnaire: Questionnaire, name: str, **changes: Any) -> Evaluation:
    """Evaluate a stored answer set, after checking that every answer fits its question."""
    given = {**answers(name), **changes}
    for qid, value in given.items():
        assert questionnaire.has_question(qid), f"{name}: no question {qid}"
        assert validate_answer(questionnaire.question(qid), value) is None, (name, qid, value)
    return evaluate(questionnaire, given)


# --- the files themselves -------------------------------------------------------------------


def test_folder_loads_without_errors() -> None:
    loaded, broken = load_folder(SHIPPED)
    assert broken == []
    assert {"dppeia", "responsible-ai"} <= set(loaded)


def test_front_matter(dppeia: Questionnaire, rai: Questionnaire) -> None:
    assert (dppeia.subject, rai.subject) == ("data-request", "ai-use-case")
    assert dppeia.version == rai.version == "2026.1"
    assert "working draft" in dppeia.summary and "not public" in dppeia.summary
    assert "official document" in dppeia.summary
    assert "proposal" in rai.summary and "confirmation" in rai.summary


@pytest.mark.parametrize(("name", "low", "high"), [("dppeia", 55, 68), ("rai", 30, 38)])
def test_question_counts(name: str, low: int, high: int, request: pytest.FixtureRequest) -> None:
    questionnaire: Questionnaire = request.getfixturevalue(name)
    assert low <= len(questionnaire.questions) <= high


def test_every_section_has_questions(dppeia: Questionnaire, rai: Questionnaire) -> None:
    for questionnaire in (dppeia, rai):
        assert all(section.questions for section in questionnaire.sections)
    assert [s.id for s in dppeia.sections] == [
        "planning",
        "collection",
        "access",
        "algorithms",
        "analysis",
        "reporting",
        "equity",
    ]
    assert [s.id for s in rai.sections] == [
        "intake",
        "decisions",
        "fairness",
        "privacy",
        "transparency",
        "oversight",
    ]


def test_board_sees_the_intended_questions(dppeia: Questionnaire, rai: Questionnaire) -> None:
    assert {q.id for q in dppeia.questions if q.board} == BOARD_QUESTIONS
    assert not any(q.board for q in rai.questions)


def test_ratings_explain_every_severity_used(dppeia: Questionnaire, rai: Questionnaire) -> None:
    for questionnaire in (dppeia, rai):
        used = {flag.severity for flag in questionnaire.flags}
        assert used <= set(questionnaire.ratings)
        assert all(questionnaire.ratings[s].strip() for s in used)


def test_every_question_and_flag_is_explained(dppeia: Questionnaire, rai: Questionnaire) -> None:
    for questionnaire in (dppeia, rai):
        for question in questionnaire.questions:
            assert question.help_html.strip(), question.id
        for flag in questionnaire.flags:
            assert flag.title.strip() and flag.advice.strip(), flag.id


def test_essentials_are_required(dppeia: Questionnaire, rai: Questionnaire) -> None:
    required = {q.id for q in dppeia.questions if q.required}
    assert {"P1", "P2", "C1", "C2", "A1", "A2", "A9", "R1", "R2", "R3"} <= required
    assert dppeia.question("A6").type == "date"
    inventory = {"I1", "I2", "I7", "I8"}  # CGS 4a-2e items A to D
    assert inventory <= {q.id for q in rai.questions if q.required}


def test_ai_routes_and_tiers(dppeia: Questionnaire, rai: Questionnaire) -> None:
    """Every high flag of the AI review goes to the subcommittee; nothing else does."""
    for flag in rai.flags:
        assert (flag.route == "high-risk-subcommittee") == (flag.severity == "high"), flag.id
    assert {flag.id for flag in rai.flags} >= TIER_HIGH_FLAGS
    routes = {flag.id: flag.route for flag in dppeia.flags if flag.route}
    assert routes["rab-1"] == routes["reid-1"] == "board"
    assert routes["ai-1"] == "ai-review"


# --- DPPEIA answer sets ---------------------------------------------------------------------


def test_low_risk_aggregate_request(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate")
    assert result.missing_required == ()
    assert not flag_ids(result, "high")
    assert not flag_ids(result, "medium")
    assert result.rating == "info"
    assert result.routes == ()
    assert {"C5", "A3", "A6", "G2", "N7"} <= set(result.hidden)


def test_identified_small_area_public_release(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-identified-zip-public")
    assert result.missing_required == ()
    high = flag_ids(result, "high")
    assert {"reid-1", "reid-2", "no-threshold", "record-level-identified"} <= high
    assert "board" in result.routes
    assert result.rating == "high"
    raised = next(r for r in result.flags if r.flag.id == "reid-1")
    assert raised.answers["A9"] == "zip"
    assert raised.answers["C2"] == ["race-ethnicity", "location"]


def test_reid_1_clears_with_a_suppression_plan(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-identified-zip-public", R2="yes", R3="min-11", R4="yes", N5=12)
    assert not {"reid-1", "reid-2", "no-threshold"} & flag_ids(result)


def test_county_level_clears_reid_1(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-identified-zip-public", A9="county")
    assert "reid-1" not in flag_ids(result)
    assert "small-geography" not in flag_ids(result)


def test_reid_3_sensitive_data_by_town(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate", C2=["child-welfare"], A9="town")
    assert {"reid-3", "highly-sensitive"} <= flag_ids(result, "high")
    assert "board" in result.routes


def test_reid_2_is_medium_when_results_stay_internal(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate", N5=4, R2="no", R1=["internal"])
    assert "reid-2" not in flag_ids(result)
    assert "reid-2-internal" in flag_ids(result, "medium")


def test_rab_1_routes_overrepresented_groups_to_the_board(dppeia: Questionnaire) -> None:
    by_answer = run(dppeia, "dppeia-low-risk-aggregate", C11="yes")
    by_data = run(dppeia, "dppeia-low-risk-aggregate", C2=["race-ethnicity", "income-benefits"])
    for result in (by_answer, by_data):
        assert "rab-1" in flag_ids(result)
        assert result.routes == ("board",)


def test_pub_1_public_release_without_owner_review(dppeia: Questionnaire) -> None:
    published = run(dppeia, "dppeia-low-risk-aggregate", R5="no")
    internal = run(dppeia, "dppeia-low-risk-aggregate", R5="no", R1=["internal"])
    assert "pub-1" in flag_ids(published, "high")
    assert "pub-1" not in flag_ids(internal)
    assert "no-disclosure-review" in flag_ids(internal, "medium")


@pytest.mark.parametrize(
    ("ratio", "smallest", "expected", "severity"),
    [
        (0.7, 250, "di-1", "high"),
        (0.7, None, "di-1", "high"),
        (0.7, 12, "di-1-small-n", "medium"),
        (0.85, 250, "di-watch", "low"),
    ],
)
def test_di_1_disparate_impact(
    dppeia: Questionnaire, ratio: float, smallest: int | None, expected: str, severity: str
) -> None:
    changes: dict[str, Any] = {"N6": "yes", "N7": ratio}
    if smallest is not None:
        changes["N8"] = smallest
    result = run(dppeia, "dppeia-low-risk-aggregate", **changes)
    di_flags = flag_ids(result) & {"di-1", "di-1-small-n", "di-watch"}
    assert di_flags == {expected}
    assert expected in flag_ids(result, severity)


def test_no_disparity_flag_at_parity(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate", N6="yes", N7=0.97, N8=250)
    assert not flag_ids(result) & {"di-1", "di-1-small-n", "di-watch"}


def test_ratio_is_ignored_when_hidden(dppeia: Questionnaire) -> None:
    """N7 is asked only when outcome rates are known (N6 = yes)."""
    result = run(dppeia, "dppeia-low-risk-aggregate", N6="no", N7=0.5)
    assert "N7" in result.hidden
    assert "di-1" not in flag_ids(result)


def test_ai_1_opens_the_responsible_ai_review(dppeia: Questionnaire) -> None:
    model = run(dppeia, "dppeia-low-risk-aggregate", G1="yes", G2="no", G4="yes", G6="yes")
    assert "ai-1" in flag_ids(model, "medium")
    assert model.routes == ("ai-review",)
    assert not flag_ids(model, "high")
    individual = run(dppeia, "dppeia-low-risk-aggregate", G1="yes", G2="yes", G6="no")
    assert {"individual-decisions", "no-human-review"} <= flag_ids(individual, "high")
    assert "ai-review" in individual.routes


def test_identifier_follow_up_only_when_identifiers_requested(dppeia: Questionnaire) -> None:
    without = run(dppeia, "dppeia-low-risk-aggregate", C5="no")
    assert "C5" in without.hidden and "identifiers-retained" not in flag_ids(without)
    kept = run(dppeia, "dppeia-low-risk-aggregate", C4="yes", C5="no")
    assert "identifiers-retained" in flag_ids(kept, "high")


def test_tribal_data_asks_for_consultation(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate", C2=["race-ethnicity", "tribal"])
    assert "tribal-consultation" in flag_ids(result, "medium")


def test_empty_dppeia_lists_the_essentials(dppeia: Questionnaire) -> None:
    result = evaluate(dppeia, {})
    assert {"P1", "P2", "C1", "C2", "A1", "A9", "R1", "R2", "R3"} <= set(result.missing_required)
    assert "A6" not in result.missing_required  # hidden until record-level data are chosen


# --- Responsible-AI answer sets -------------------------------------------------------------


def test_benefits_eligibility_goes_to_the_subcommittee(rai: Questionnaire) -> None:
    result = run(rai, "ai-benefits-eligibility")
    assert result.missing_required == ()
    assert "tier-high-consequential" in flag_ids(result, "high")
    assert "high-risk-subcommittee" in result.routes
    assert result.rating == "high"


def test_internal_generative_ai_on_public_data_is_low_risk(rai: Questionnaire) -> None:
    result = run(rai, "ai-internal-genai-public-data")
    assert result.missing_required == ()
    assert not flag_ids(result, "high")
    assert "high-risk-subcommittee" not in result.routes
    assert result.rating in (None, "info", "low")
    assert "inventory-match" in flag_ids(result)


def test_same_tool_with_confidential_data_is_not_low_risk(rai: Questionnaire) -> None:
    result = run(rai, "ai-internal-genai-public-data", P1="confidential")
    assert {"genai-sensitive-data", "vendor-training"} <= flag_ids(result, "high")
    assert "tier-moderate-confidential" in flag_ids(result, "medium")
    restricted = run(rai, "ai-internal-genai-public-data", P1="restricted", P2="no")
    assert "tier-high-genai-restricted" in flag_ids(restricted, "high")


@pytest.mark.parametrize(
    ("changes", "tier_flag"),
    [
        ({"I7": "makes", "D1": ["residents"]}, "tier-high-autonomous"),
        ({"I7": "informs", "D2": ["housing"]}, "tier-high-consequential"),
        ({"D3": "irreversible"}, "tier-high-irreversible"),
        ({"I3": "biometric-id"}, "tier-high-biometric"),
        ({"P1": "restricted", "P2": "no"}, "tier-high-genai-restricted"),
    ],
)
def test_each_high_tier_condition(
    rai: Questionnaire, changes: dict[str, Any], tier_flag: str
) -> None:
    result = run(rai, "ai-internal-genai-public-data", **changes)
    assert tier_flag in flag_ids(result, "high")
    assert "high-risk-subcommittee" in result.routes


@pytest.mark.parametrize(
    ("changes", "high_flag"),
    [
        ({"I8": "no"}, "no-impact-assessment"),
        ({"I7": "informs", "F2": "no"}, "untested-fairness"),
        ({"F2": "yes", "F3": 0.6, "F3b": 400}, "disparate-impact"),
        ({"I7": "informs", "T2": "no"}, "unexplainable"),
        ({"I7": "informs", "H1": "none"}, "no-human-review"),
        ({"D1": ["residents"], "H3": "no"}, "no-recourse"),
        ({"P1": "internal", "P2": "yes"}, "vendor-training"),
    ],
)
def test_condition_six_high_flags_route_to_the_subcommittee(
    rai: Questionnaire, changes: dict[str, Any], high_flag: str
) -> None:
    result = run(rai, "ai-internal-genai-public-data", **changes)
    assert high_flag in flag_ids(result, "high")
    assert "high-risk-subcommittee" in result.routes


@pytest.mark.parametrize(
    ("changes", "moderate_flag"),
    [
        ({"I7": "informs", "F2": "yes"}, "tier-moderate-informs"),
        ({"P1": "confidential", "I3": "predictive", "P2": "no"}, "tier-moderate-confidential"),
        ({"D1": ["public"], "H3": "yes"}, "tier-moderate-public"),
        ({"D6": "yes"}, "vulnerable-groups"),
    ],
)
def test_moderate_conditions(
    rai: Questionnaire, changes: dict[str, Any], moderate_flag: str
) -> None:
    result = run(rai, "ai-internal-genai-public-data", **changes)
    assert moderate_flag in flag_ids(result, "medium")
    assert not flag_ids(result, "high")
    assert result.rating == "medium"
    assert result.routes == ()


def test_small_fairness_test_is_not_high(rai: Questionnaire) -> None:
    result = run(rai, "ai-internal-genai-public-data", F2="yes", F3=0.6, F3b=14)
    assert "disparate-impact-small-n" in flag_ids(result, "medium")
    assert "disparate-impact" not in flag_ids(result)
