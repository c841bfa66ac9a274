"""Answer values: what fits each type, and form input turned into typed answers."""

import re

import pytest

from ctdppeia.questionnaire import Question, coerce_answer, is_answered, validate_answer
from tests.questionnaire.helpers import sample

QUESTIONNAIRE = sample()


def q(qid: str) -> Question:
    return QUESTIONNAIRE.question(qid)


@pytest.mark.parametrize("value", [None, "", "  ", []])
def test_empty_values_are_unanswered_and_fit(value: object) -> None:
    assert not is_answered(value)
    for question in QUESTIONNAIRE.questions:
        assert validate_answer(question, value) is None


@pytest.mark.parametrize(
    ("qid", "value"),
    [
        ("P1", "vendor"),
        ("P4", "unsure"),
        ("C2", ["race", "none"]),
        ("N5", 3),
        ("N5", 0.5),
        ("D1", "2026-01-31"),
        ("T1", "anything"),
        ("P4a", "long\ntext"),
    ],
)
def test_fitting_answers(qid: str, value: object) -> None:
    assert validate_answer(q(qid), value) is None


@pytest.mark.parametrize(
    ("qid", "value", "message"),
    [
        (
            "P1",
            "nobody",
            "'nobody' is not one of the answers offered (own-agency, university, vendor)",
        ),
        ("P4", "Yes", "'Yes' is not one of the answers offered (yes, no, unsure)"),
        ("P4", True, "True is not text; the answer must be text"),
        ("P1", ["vendor"], "only one answer is allowed: this is a question with one answer"),
        ("C2", "race", "this question allows several answers, so the answer must be a list"),
        (
            "C2",
            ["race", "sports"],
            "'sports' is not one of the answers offered (race, health, justice, none)",
        ),
        ("C2", ["race", "race"], "'race' is chosen twice"),
        ("C2", [1], "1 is not one of the answers offered (race, health, justice, none)"),
        ("N5", "12", "'12' is not a number"),
        ("N5", True, "True is not a number"),
        ("N5", float("nan"), "nan is not a number"),
        ("D1", "31/01/2026", "'31/01/2026' is not a date written as YYYY-MM-DD, like 2026-01-31"),
        ("D1", "2026-02-30", "'2026-02-30' is not a date written as YYYY-MM-DD, like 2026-01-31"),
        ("T1", 5, "5 is not text; the answer must be text"),
        ("T1", {"a": 1}, "{'a': 1} is not text; the answer must be text"),
    ],
)
def test_misfits_are_explained(qid: str, value: object, message: str) -> None:
    assert validate_answer(q(qid), value) == message


@pytest.mark.parametrize(
    ("qid", "raw", "value"),
    [
        ("N5", " 12 ", 12),
        ("N5", "1,200", 1200),
        ("N5", "0.75", 0.75),
        ("N5", "", None),
        ("C2", ["race", " ", "health"], ["race", "health"]),
        ("C2", "race", ["race"]),
        ("C2", [], None),
        ("P1", " vendor ", "vendor"),
        ("T1", "  padded  ", "padded"),
        ("P4a", "  keep\n", "  keep\n"),
        ("D1", "2026-01-31", "2026-01-31"),
        ("T1", None, None),
    ],
)
def test_coerce_form_input(qid: str, raw: object, value: object) -> None:
    assert coerce_answer(q(qid), raw) == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("qid", "raw", "message"),
    [
        ("N5", "twelve", "'twelve' is not a number"),
        ("N5", "inf", "'inf' is not a number"),
        ("D1", "tomorrow", "'tomorrow' is not a date written as YYYY-MM-DD, like 2026-01-31"),
        ("P1", "x", "'x' is not one of the answers offered (own-agency, university, vendor)"),
        ("P1", ["a", "b"], "only one answer is allowed: this is a question with one answer"),
    ],
)
def test_coerce_refuses_misfits(qid: str, raw: object, message: str) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        coerce_answer(q(qid), raw)  # type: ignore[arg-type]
