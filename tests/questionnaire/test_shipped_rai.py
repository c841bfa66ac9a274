"""The tier rules of the Responsible-AI review, edition 2027.1, on realistic answer sets: the
presumptions of OMB M-25-21 section 6, the principal-basis test, reversibility and duration,
direct public use, what the agency gives a tool apart from what people type into it, missing
paperwork as gaps, and by-group testing of any system that works on people."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from ctdppeia.questionnaire import (
    Evaluation,
    Questionnaire,
    evaluate,
    load_questionnaire,
    validate_answer,
)
from tests.questionnaire.test_shipped import SHIPPED, answers, flag_ids, gap_ids

PREVIOUS = Path(__file__).resolve().parent / "edition-2026.2" / "responsible-ai.md"
LETTERS = "abcdefghijklmno"
PURPOSES = (
    "safety-critical",
    "physical-movement",
    "use-of-force",
    "hazardous-agents",
    "safety-design",
    "health-care",
    "facility-access",
    "trade-controls",
    "speech",
    "law-enforcement",
    "immigration",
    "public-biometrics",
    "benefits-services",
    "employment",
    "binding-translation",
)
# A harmless staff tool that writes drafts from public pages: the base the single facts vary.
DRAFTING = "rai-internal-drafting"


@pytest.fixture(scope="module")
def rai() -> Questionnaire:
    return load_questionnaire(SHIPPED / "responsible-ai.md")


def run(questionnaire: Questionnaire, name: str, **changes: Any) -> Evaluation:
    """Evaluate a stored case with some answers changed (None removes one), after checking
    that every answer fits its question."""
    given = {**answers(name), **changes}
    given = {qid: value for qid, value in given.items() if value is not None}
    for qid, value in given.items():
        assert questionnaire.has_question(qid), f"{name}: no question {qid}"
        assert validate_answer(questionnaire.question(qid), value) is None, (name, qid, value)
    return evaluate(questionnaire, given)


def risk_ids(result: Evaluation) -> set[str]:
    return {raised.flag.id for raised in result.risks}


def test_front_matter(rai: Questionnaire) -> None:
    assert rai.subject == "ai-use-case" and rai.version == "2027.3"
    assert "never set" in rai.summary and "section 6" in rai.summary
    assert "written determination" in rai.summary
    assert "proposal" in rai.about_html and "confirmation" in rai.about_html
    assert any("M-25-21" in source for source in rai.sources)


def test_every_section_6_purpose_is_its_own_option_and_flag(rai: Questionnaire) -> None:
    """The memo lists (a) to (o); each is an option of S6, in order, labeled with its letter,
    and raises its own high flag citing its paragraph, routed to the subcommittee."""
    options = [option.value for option in rai.question("S6").options]
    assert options == [*PURPOSES, "none"]
    for letter, option in zip(LETTERS, rai.question("S6").options, strict=False):
        assert option.label.startswith(f"({letter}) "), option.value
    flags = {flag.id: flag for flag in rai.flags}
    for letter, purpose in zip(LETTERS, PURPOSES, strict=True):
        flag = flags[f"presumed-{purpose}"]
        assert (flag.severity, flag.kind, flag.route) == ("high", "risk", "high-risk-subcommittee")
        assert flag.basis == f"OMB M-25-21, section 6({letter}), presumed high-impact"
        assert set(flag.when.question_ids()) == {"S6"}


def test_the_memos_words_are_quoted_in_full(rai: Questionnaire) -> None:
    """The help of S6 quotes each of the 15 paragraphs of section 6, in order."""
    text = re.sub(r"\s+", " ", rai.question("S6").help_html)
    found = re.findall(r"\b([a-o])\. [A-Z]", text)
    assert found == list(LETTERS)
    assert "detection of fraudulent use or attempted use of government services" in text


@pytest.mark.parametrize(("letter", "purpose"), list(zip(LETTERS, PURPOSES, strict=True)))
def test_each_presumption_alone_makes_a_harmless_tool_high(
    rai: Questionnaire, letter: str, purpose: str
) -> None:
    result = run(rai, DRAFTING, S6=[purpose])
    assert f"presumed-{purpose}" in risk_ids(result)
    assert result.rating == "high"
    assert "high-risk-subcommittee" in result.routes
    raised = next(r for r in result.risks if r.flag.id == f"presumed-{purpose}")
    assert f"section 6({letter})" in (raised.flag.basis or "")


def test_sorting_alone_never_makes_a_case_high(rai: Questionnaire) -> None:
    """A system that acts on its own and sorts residents' calls, in an area of public services,
    at scale, for people in vulnerable situations, is not high when a wrong step is undone at
    once (Canada's level I) and no presumed purpose applies."""
    result = run(rai, "rai-dss-call-routing-speech")
    assert result.rating == "medium"
    assert "sorts-work" in risk_ids(result)
    assert not flag_ids(result, "high")
    assert "high-risk-subcommittee" not in result.routes
    staff_only = run(rai, "rai-dss-call-routing-speech", U1="no", P5=None, X5=None, X6=None)
    assert staff_only.rating == "low"


def test_the_principal_basis_test(rai: Questionnaire) -> None:
    """A significant effect that follows the output by default is high whoever oversees it;
    one input among others is not, while a mistake can be put right."""
    one_input = run(rai, "rai-consumer-complaint-patterns")
    assert one_input.rating == "medium" and "informs-significant" in risk_ids(one_input)
    for how in ("default", "automatic"):
        principal = run(rai, "rai-consumer-complaint-patterns", E2=how)
        assert "tier-high-principal-basis" in risk_ids(principal), how
        assert principal.rating == "high"
    makes = run(rai, "rai-consumer-complaint-patterns", I7="makes", E2="automatic")
    assert "tier-high-principal-basis" in risk_ids(makes)


@pytest.mark.parametrize(
    ("changes", "tier"),
    [
        ({"D3": "easy", "D4": "brief"}, "medium"),
        ({"D3": "with-effort", "D4": "months"}, "medium"),
        ({"D3": "hard", "D4": "brief"}, "high"),
        ({"D3": "irreversible", "D4": "brief"}, "high"),
        ({"D3": "easy", "D4": "years"}, "high"),
        ({"D3": "easy", "D4": "permanent"}, "high"),
    ],
)
def test_reversibility_and_duration_set_the_tier_of_one_input(
    rai: Questionnaire, changes: dict[str, Any], tier: str
) -> None:
    result = run(rai, "rai-consumer-complaint-patterns", **changes)
    assert result.rating == tier
    assert ("tier-high-lasting-harm" in risk_ids(result)) == (tier == "high")


def test_reversibility_alone_sets_nothing_for_a_system_that_touches_no_one(
    rai: Questionnaire,
) -> None:
    """How easily a mistake is undone is asked only of a system whose output leads to
    something for a particular person."""
    result = run(rai, DRAFTING)
    assert {"D3", "D4"} <= set(result.hidden)


def test_public_facing_rules_follow_direct_use_not_who_is_affected(rai: Questionnaire) -> None:
    public_only = {"P5", "Q3", "X5"}
    staff = run(rai, "rai-staff-copilot-case-notes")
    assert public_only <= set(staff.hidden)
    affected = run(rai, "rai-staff-copilot-case-notes", D1=["residents", "public"])
    assert public_only <= set(affected.hidden)
    assert "tier-moderate-public" not in risk_ids(affected)
    direct = run(rai, "rai-staff-copilot-case-notes", U1="yes")
    assert not public_only & set(direct.hidden)
    assert "tier-moderate-public" in risk_ids(direct)
    chatbot = run(rai, "rai-dmv-public-chatbot", Q3="no", X5="no", P5="kept")
    assert {"no-ai-disclaimer", "access-gap", "personal-data-typed"} <= gap_ids(chatbot)


def test_what_the_agency_gives_and_what_people_type_are_different_facts(
    rai: Questionnaire,
) -> None:
    typed = run(rai, "rai-dmv-public-chatbot", P5="kept")
    assert "personal-data-typed" in gap_ids(typed)
    assert "tier-moderate-confidential" not in risk_ids(typed)  # the agency gives public pages
    fed = run(rai, "rai-dmv-public-chatbot", P6="restricted")
    assert "tier-moderate-confidential" in risk_ids(fed)
    assert "personal-data-typed" not in gap_ids(fed)
    unknown_terms = run(rai, "rai-dmv-public-chatbot", P2="unknown", P5="deleted")
    assert "vendor-terms-unknown" in gap_ids(unknown_terms)


PAPERWORK = (
    "used-without-assessment",
    "pre-law-unassessed",
    "no-consultation",
    "unvalidated",
    "untested-fairness",
    "fairness-test-pending",
    "untested-group-quality",
    "no-monitoring",
    "vendor-training",
    "no-recourse",
    "no-human-review",
    "unexplainable",
)


def test_missing_paperwork_is_a_gap_and_never_sets_the_tier(rai: Questionnaire) -> None:
    kinds = {flag.id: flag.kind for flag in rai.flags}
    for flag_id in PAPERWORK:
        assert kinds[flag_id] == "gap", flag_id
    governed = run(rai, "rai-consumer-complaint-patterns")
    careless = run(
        rai,
        "rai-consumer-complaint-patterns",
        I8="no",
        F2="no",
        F3=None,
        F3b=None,
        F4=None,
        F5="no",
        F6="no",
        H6="no",
        H3="no",
        H1="none",
        T2="no",
    )
    assert governed.rating == careless.rating == "medium"
    assert len(careless.gaps) > len(governed.gaps)
    assert "high-risk-subcommittee" not in careless.routes


def test_high_gaps_still_gate_and_route(rai: Questionnaire) -> None:
    """A high gap blocks submission until answered in writing (the decision gate counts
    severity), and goes to the AI advisory group."""
    for flag in rai.flags:
        if flag.is_gap and flag.severity == "high":
            assert flag.route == "ai-review", flag.id


def test_a_system_in_use_before_the_law_did_not_break_it(rai: Questionnaire) -> None:
    before = run(rai, "rai-parole-risk-score-pre-law")
    assert "pre-law-unassessed" in gap_ids(before)
    assert "used-without-assessment" not in gap_ids(before)
    flag = next(f for f in rai.flags if f.id == "pre-law-unassessed")
    assert "law requires" not in flag.title and "No law was broken" in flag.advice
    after = run(rai, "rai-parole-risk-score-pre-law", I12="2024-03-01")
    assert "used-without-assessment" in gap_ids(after, "high")
    assert "pre-law-unassessed" not in gap_ids(after)
    assert after.rating == before.rating  # paperwork never sets the tier
    assessed = run(rai, "rai-parole-risk-score-pre-law", I8="yes")
    assert not {"pre-law-unassessed", "used-without-assessment"} & gap_ids(assessed)


@pytest.mark.parametrize("name", ["rai-dss-call-routing-speech", "rai-staff-copilot-case-notes"])
def test_by_group_errors_are_asked_of_systems_that_decide_nothing(
    rai: Questionnaire, name: str
) -> None:
    """A voice menu or a note summarizer decides nothing, but works on people's voices or
    records: its errors by group are asked for, and untested ones are a gap."""
    result = run(rai, name)
    assert "F2" in result.visible
    assert "untested-group-quality" in gap_ids(result, "medium")
    assert "untested-fairness" not in gap_ids(result)
    checked = run(rai, name, F2="yes", F3=0.95, F3b=200, F4="most-favored")
    assert "untested-group-quality" not in gap_ids(checked)
    nobody = run(rai, "rai-treasury-investment-screen")
    assert "F2" in nobody.hidden  # company filings: no one's face, voice, image or record


def test_relabelling_does_not_lower_the_tier(rai: Questionnaire) -> None:
    plain = run(rai, "rai-child-welfare-screening")
    relabelled = run(rai, "rai-child-welfare-relabelled")
    assert plain.rating == relabelled.rating == "high"
    assert "tier-high-principal-basis" in risk_ids(relabelled)
    unticked = run(rai, "rai-ui-fraud-flags", S6=["none"])
    assert unticked.rating == "high"  # the hold before payment is a principal basis
    assert "presumption-unclear" in gap_ids(unticked, "high")


def test_no_flag_rests_on_an_unanswered_question(rai: Questionnaire) -> None:
    """Every RAI flag looks at answers given: none is written with `is unanswered`, so the
    unanswered questions are listed once as unanswered, never as flags."""
    for flag in rai.flags:
        assert "unanswered" not in flag.when_text, flag.id
    assert evaluate(rai, {}).flags == ()


def test_ids_and_option_values_keep_their_meaning(rai: Questionnaire) -> None:
    """Answers carried from edition 2026.2 still mean what they said: every question kept has
    the same type, and its option values are all still offered."""
    previous = load_questionnaire(PREVIOUS)
    assert previous.version == "2026.2"
    kept = [q for q in previous.questions if rai.has_question(q.id)]
    for old in kept:
        new = rai.question(old.id)
        assert new.type == old.type, old.id
        assert {o.value for o in old.options} <= {o.value for o in new.options}, old.id
    retired = {q.id for q in previous.questions} - {q.id for q in rai.questions}
    assert retired == {"P1"}  # its meaning changed: what the agency gives is now P6
    old_answers = answers("rai-chatbot-public-pages") | {"P1": "public"}
    old_answers.pop("P6")
    assert evaluate(previous, {k: v for k, v in old_answers.items() if previous.has_question(k)})
