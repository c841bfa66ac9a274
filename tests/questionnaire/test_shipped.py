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
CASES = Path(__file__).resolve().parent / "cases"

# The facts a resident needs (who asks, what data, whether records about single people leave,
# how long they are kept, where results go, whether results could be used against people),
# and the questions about framing and reporting the board already saw.
BOARD_QUESTIONS = {
    "P1", "P2", "P3", "P4", "P5", "P11", "P12", "P13", "C2", "A1", "A6", "A16",
    "N3", "R1", "R6", "R7", "R8", "R9", "R11", "E1", "E2", "E2b", "E7",
}  # fmt: skip
RAI_BOARD_QUESTIONS = {"I2", "B1", "D1", "U1", "E1", "T1", "H3", "H3b", "X6", "X2"}
# The tier rules of the Responsible-AI review: the principal-basis test and Canada's impact
# levels; the presumptions of OMB M-25-21 section 6 are tested in test_shipped_rai.py.
TIER_HIGH_FLAGS = {"tier-high-principal-basis", "tier-high-lasting-harm"}


@pytest.fixture(scope="module")
def dppeia() -> Questionnaire:
    return load_questionnaire(SHIPPED / "dppeia.md")


@pytest.fixture(scope="module")
def rai() -> Questionnaire:
    return load_questionnaire(SHIPPED / "responsible-ai.md")


def answers(name: str) -> dict[str, Any]:
    case = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    return dict(case["answers"])


def flag_ids(result: Evaluation, severity: str | None = None) -> set[str]:
    return {r.flag.id for r in result.flags if severity is None or r.flag.severity == severity}


def gap_ids(result: Evaluation, severity: str | None = None) -> set[str]:
    return {r.flag.id for r in result.gaps if severity is None or r.flag.severity == severity}


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
    assert (dppeia.version, rai.version) == ("2027.1", "2027.3")  # 2027.3: I7 "supports" and H3b
    assert "proposal" in rai.about_html and "confirmation" in rai.about_html
    assert "never set" in dppeia.summary and "never set" in rai.summary
    # Its standing is told on the About page, not at the moment a reviewer starts a review.
    assert "working draft" not in dppeia.summary and "official document" not in dppeia.summary
    assert "not published" in dppeia.about_html and "not a copy" in dppeia.about_html
    assert len(dppeia.sources) >= 5 and dppeia.maintained_by and dppeia.changes


@pytest.mark.parametrize(("name", "low", "high"), [("dppeia", 70, 85), ("rai", 55, 75)])
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
        "lifecycle",
    ]


def test_board_sees_the_intended_questions(dppeia: Questionnaire, rai: Questionnaire) -> None:
    assert {q.id for q in dppeia.questions if q.board} == BOARD_QUESTIONS
    assert {q.id for q in rai.questions if q.board} == RAI_BOARD_QUESTIONS


def test_board_routed_flags_stand_on_board_questions(dppeia: Questionnaire) -> None:
    """Residents get the answer behind a flag sent to them (E2 and A8 used not to be shown)."""
    for flag_id in ("punitive-use", "outside-linkage-high", "commercial-use", "unexpected-use"):
        flag = next(f for f in dppeia.flags if f.id == flag_id)
        assert flag.route == "board"
        assert any(dppeia.question(qid).board for qid in flag.when.question_ids()), flag_id


def test_ratings_explain_every_severity_used(dppeia: Questionnaire, rai: Questionnaire) -> None:
    for questionnaire in (dppeia, rai):
        used = {flag.severity for flag in questionnaire.flags if not flag.is_gap}
        assert used <= set(questionnaire.ratings)
        assert all(questionnaire.ratings[s].strip() for s in used)
        assert questionnaire.obligations["high"]
    high = " ".join(rai.obligations["high"])
    for duty in ("final decision", "appeal", "trained", "error rates", "switched off", "summary"):
        assert duty in high


def test_every_question_and_flag_is_explained(dppeia: Questionnaire, rai: Questionnaire) -> None:
    for questionnaire in (dppeia, rai):
        for question in questionnaire.questions:
            assert question.help_html.strip(), question.id
        for flag in questionnaire.flags:
            assert flag.title.strip() and flag.advice.strip(), flag.id


def test_essentials_are_required(dppeia: Questionnaire, rai: Questionnaire) -> None:
    required = {q.id for q in dppeia.questions if q.required}
    essentials = {"P1", "P2", "P8", "P8a", "P11", "C1", "C2", "A1", "A2", "A9", "A12", "R1", "R2"}
    assert essentials | {"R3", "E2", "N7", "N8"} <= required
    assert dppeia.question("A6").type == "date"
    inventory = {"I1", "I2", "I7", "I8"}  # CGS 4a-2e items A to D
    facts = {"I9", "I10", "I11", "I12", "D7", "U1", "S6", "E1", "E2", "K1", "P6"}
    assert inventory | facts <= {q.id for q in rai.questions if q.required}


def test_ai_routes_and_tiers(dppeia: Questionnaire, rai: Questionnaire) -> None:
    """High risk flags of the AI review go to the subcommittee, medium tier flags to AI Board
    staff; no risk flag below high goes to the subcommittee."""
    for flag in rai.flags:
        if flag.kind == "risk" and flag.severity == "high":
            assert flag.route == "high-risk-subcommittee", flag.id
        if flag.kind == "risk" and flag.severity != "high":
            assert flag.route != "high-risk-subcommittee", flag.id
        if flag.id.startswith("tier-moderate"):
            assert flag.route == "ai-review", flag.id
    assert {flag.id for flag in rai.flags} >= TIER_HIGH_FLAGS
    assert {flag.id for flag in rai.flags if flag.route == "board"} == {"rab-ai"}
    routes = {flag.id: flag.route for flag in dppeia.flags if flag.route}
    assert routes["rab-1"] == routes["reid-1"] == "board"
    assert routes["ai-1"] == "ai-review"
    assert routes["individual-decisions"] == "high-risk-subcommittee"


def test_process_gaps_are_gaps(dppeia: Questionnaire, rai: Questionnaire) -> None:
    kinds = {flag.id: flag.kind for flag in (*dppeia.flags, *rai.flags)}
    for flag_id in ("no-monitoring", "no-ctdpa-clause", "unvalidated", "no-dsa"):
        assert kinds[flag_id] == "gap", flag_id
    for flag_id in ("tier-high-principal-basis", "highly-sensitive", "reid-1", "commercial-use"):
        assert kinds[flag_id] == "risk", flag_id


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
    assert {"reid-1", "reid-2", "record-level-identified"} <= high
    assert "no-threshold" not in flag_ids(result)  # reid-1 and reid-2 say it
    reid_2 = next(r for r in result.flags if r.flag.id == "reid-2")
    assert "no-threshold" in reid_2.covers
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
    assert "reid-3" in flag_ids(result, "high")
    # reid-3 says what the summary-table and small-town flags would say
    assert not {"highly-sensitive-summary", "small-town", "public-release"} & flag_ids(result)
    assert "board" in result.routes


def test_small_town_without_publication(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate", A9="town", R1=["internal"])
    assert "small-town" in flag_ids(result, "medium")


def test_reid_2_is_medium_when_results_stay_internal(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate", N5=4, R2="no", R1=["internal"])
    assert "reid-2" not in flag_ids(result)
    assert "reid-2-internal" in flag_ids(result, "medium")


def test_rab_1_routes_overrepresented_groups_to_the_board(dppeia: Questionnaire) -> None:
    by_answer = run(dppeia, "dppeia-low-risk-aggregate", C11="yes")
    by_data = run(dppeia, "dppeia-low-risk-aggregate", C2=["race-ethnicity", "substance-use"])
    for result in (by_answer, by_data):
        assert "rab-1" in flag_ids(result)
        assert result.routes == ("board",)


def test_pub_1_public_release_without_owner_review(dppeia: Questionnaire) -> None:
    published = run(dppeia, "dppeia-low-risk-aggregate", R5="no")
    internal = run(dppeia, "dppeia-low-risk-aggregate", R5="no", R1=["internal"])
    assert "pub-1" in gap_ids(published, "high")
    assert published.rating == "info"  # a gap: to close before approval, not a risk rating
    assert "pub-1" not in flag_ids(internal)
    assert "no-disclosure-review" in gap_ids(internal, "medium")


@pytest.mark.parametrize(
    ("ratio", "smallest", "expected", "severity"),
    [
        (0.7, 250, "di-1", "high"),
        (0.7, None, None, None),  # the group size not given: nothing yet, N8 is missing
        (0.7, 12, "di-1-small-n", "medium"),
        (0.85, 250, "di-watch", "low"),
    ],
)
def test_di_1_disparate_impact_of_a_deciding_model(
    dppeia: Questionnaire,
    ratio: float,
    smallest: int | None,
    expected: str | None,
    severity: str | None,
) -> None:
    changes: dict[str, Any] = {"G1": "yes", "G2": "yes", "G4": "yes", "N6": "yes", "N7": ratio}
    if smallest is not None:
        changes["N8"] = smallest
    result = run(dppeia, "dppeia-low-risk-aggregate", **changes)
    di_flags = flag_ids(result) & {"di-1", "di-1-small-n", "di-watch", "existing-gap"}
    assert di_flags == ({expected} if expected else set())
    if expected and severity:
        assert expected in flag_ids(result, severity)
    assert ("N8" in result.missing_required) == (smallest is None)


def test_a_documented_gap_is_information(dppeia: Questionnaire) -> None:
    tool = {"G1": "yes", "G2": "no", "G4": "yes"}  # existing-gap needs G2 answered (not hidden)
    result = run(dppeia, "dppeia-low-risk-aggregate", N6="yes", N7=0.45, N8=900, **tool)
    assert flag_ids(result) & {"di-1", "di-1-small-n", "existing-gap"} == {"existing-gap"}
    assert "existing-gap" in flag_ids(result, "info")


def test_no_disparity_flag_at_parity(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate", N6="yes", N7=0.97, N8=250)
    assert not flag_ids(result) & {"di-1", "di-1-small-n", "di-watch", "existing-gap"}


def test_ratio_is_ignored_when_hidden(dppeia: Questionnaire) -> None:
    """N7 is asked only when outcome rates are known (N6 = yes)."""
    result = run(dppeia, "dppeia-low-risk-aggregate", N6="no", N7=0.5)
    assert "N7" in result.hidden
    assert not flag_ids(result) & {"di-1", "existing-gap"}


def test_ai_1_opens_the_responsible_ai_review(dppeia: Questionnaire) -> None:
    model = run(dppeia, "dppeia-low-risk-aggregate", G1="yes", G2="no", G4="yes", G6="yes")
    assert "ai-1" in flag_ids(model, "medium")
    assert model.routes == ("ai-review",)
    assert not flag_ids(model, "high")
    individual = run(dppeia, "dppeia-low-risk-aggregate", G1="yes", G2="yes", G6="no")
    assert "individual-decisions" in flag_ids(individual, "high")
    assert "no-human-review" in gap_ids(individual, "high")
    assert {"ai-review", "high-risk-subcommittee"} <= set(individual.routes)


def test_identifier_follow_up_only_when_identifiers_requested(dppeia: Questionnaire) -> None:
    without = run(dppeia, "dppeia-low-risk-aggregate", C5="no")
    assert "C5" in without.hidden and "identifiers-retained" not in flag_ids(without)
    kept = run(dppeia, "dppeia-low-risk-aggregate", C4="yes", C5="no")
    assert "identifiers-retained" in flag_ids(kept, "high")


def test_tribal_data_asks_for_consultation(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-low-risk-aggregate", C2=["race-ethnicity", "tribal"])
    assert "C12" in result.missing_required  # asked, required
    unconsulted = run(dppeia, "dppeia-low-risk-aggregate", C2=["tribal"], C12="no")
    assert "tribal-consultation" in gap_ids(unconsulted, "medium")
    consulted = run(dppeia, "dppeia-low-risk-aggregate", C2=["tribal"], C12="yes")
    assert "tribal-consultation" not in flag_ids(consulted)


def test_empty_dppeia_asks_first_whether_the_data_are_published(dppeia: Questionnaire) -> None:
    """A new review raises no flag and asks P0 first: the rest follows its answer."""
    result = evaluate(dppeia, {})
    assert result.flags == ()
    assert result.missing_required == ("P0", "P1", "P2", "P3", "G1")
    asked = evaluate(dppeia, {"P0": "no"})
    essentials = {"P1", "P2", "P8", "P11", "P13", "C1", "C2", "A1", "A9", "A16", "R1", "R2"}
    assert essentials <= set(asked.missing_required)
    assert {"R3", "E1", "E2"} <= set(asked.missing_required)
    assert "A6" not in asked.missing_required  # hidden until record-level data are chosen
    assert "P8a" not in asked.missing_required  # hidden until a law is named
    assert asked.flags == ()  # nothing answered yet but P0


def test_already_published_data_take_the_short_path(dppeia: Questionnaire) -> None:
    result = run(dppeia, "dppeia-published-overdose-counts")
    assert [item.flag.id for item in result.flags] == ["already-public"]
    for skipped in ("A12", "R5", "A1", "C2", "C11", "E1", "E2", "P8", "P11", "P13"):
        assert skipped in result.hidden, skipped  # agreement, owner check, board facts
    assert "G1" in result.visible  # a tool built on public data still needs its AI review
    assert result.routes == ()


def test_the_ethics_board_question_follows_the_kind_of_data(dppeia: Questionnaire) -> None:
    nonprofit = run(dppeia, "dppeia-medicaid-oud-study-nonprofit")
    own = run(dppeia, "dppeia-dss-own-research-waiver", P14="not-sought")
    for result in (nonprofit, own):
        assert "no-ethics-board" in gap_ids(result, "high")
    evaluation = run(dppeia, "dppeia-dmhas-part2-program-evaluation")  # not research
    assert "P14" in evaluation.hidden
    no_health = run(dppeia, "dppeia-dcf-reports-police-linkage")  # research, no HIPAA data
    assert "P14" in no_health.hidden


def test_outside_records_are_worded_as_such(dppeia: Questionnaire) -> None:
    inside = run(dppeia, "dppeia-oec-wages-linked-by-datalinkct")
    assert not {"outside-linkage", "outside-linkage-high"} & flag_ids(inside)
    survey = run(dppeia, "dppeia-home-visiting-survey-linkage")
    assert "outside-linkage" in flag_ids(survey, "medium") and "board" not in survey.routes
    police = run(dppeia, "dppeia-dcf-reports-police-linkage")
    assert "outside-linkage-high" in flag_ids(police, "high") and "board" in police.routes
    both = run(dppeia, "dppeia-home-visiting-survey-linkage", A16=["requester", "commercial"])
    assert "outside-linkage" not in flag_ids(both)  # the high flag says it
    disagree = run(dppeia, "dppeia-home-visiting-survey-linkage", A16=["none", "requester"])
    assert "outside-disagrees" in gap_ids(disagree)


def test_equity_steps_are_gaps_and_never_set_the_rating(dppeia: Questionnaire) -> None:
    equity_steps = {
        "no-community-voice", "history-unexamined", "power-unclear", "missing-groups",
        "quality-by-group-unknown", "linkage-bias", "aggregation-masks", "decontextualized",
        "reliability-unchecked", "no-community-interpretation", "group-invisibility",
        "framing-unreviewed", "no-context", "no-return-to-community", "agency-not-consulted",
        "tribal-consultation", "framing-unchecked",
    }  # fmt: skip
    flags = {flag.id: flag for flag in dppeia.flags}
    assert all(flags[fid].kind == "gap" for fid in equity_steps)
    result = run(dppeia, "dppeia-snap-churn-equity-steps-missing")
    assert result.rating == "info" and len(result.gaps) == 13


def test_no_dppeia_flag_is_raised_by_a_missing_answer(dppeia: Questionnaire) -> None:
    from ctdppeia.questionnaire.lint import questionnaire_warnings

    assert questionnaire_warnings(dppeia) == []
