"""Evaluating answers: visibility, missing answers, raised flags, rating and routes."""

from ctdppeia.questionnaire import evaluate, visible_answers
from tests.questionnaire.helpers import parse, sample

CHAIN = """# S {#s}

## First {#q1 type=yesno}
## Second {#q2 type=yesno required show-if="q1 = yes"}
## Third {#q3 type=text required show-if="q2 = yes"}
## Fallback {#q4 type=text show-if="q2 is unanswered"}
## Negated {#q5 type=text show-if="not (q2 = no)"}
"""


def test_sample_with_no_answers() -> None:
    result = evaluate(sample(), {})
    assert result.visible == ("P1", "P4", "C2", "D1", "T1")
    assert result.hidden == ("P4a", "N5")
    assert result.missing_required == ("P1", "C2")
    assert result.flags == ()
    assert result.rating is None
    assert result.routes == ()


def test_sample_flags_sorted_by_severity_then_file_order() -> None:
    answers = {"P1": "vendor", "P4": "no", "C2": ["race", "justice"], "N5": 4}
    result = evaluate(sample(), answers)
    assert [raised.flag.id for raised in result.flags] == [
        "small-cells",
        "justice-data",
        "no-voice",
        "external",
    ]
    assert result.rating == "high"
    assert result.routes == ("high-risk-subcommittee", "ai-review", "board")
    assert result.missing_required == ()
    assert "N5" in result.visible


def test_raised_flag_carries_the_answers_it_used() -> None:
    answers = {"P1": "vendor", "C2": ["justice"]}
    (raised,) = evaluate(sample(), answers).flags[:1]
    assert raised.flag.id == "justice-data"
    assert dict(raised.answers) == {"P1": "vendor", "C2": ["justice"]}


EITHER = """# S {#s}

## First {#a type=yesno}
## Second {#b type=yesno}

```flag
id: either
severity: low
category: equity
title: Either answer is no
when: a = no or b = no
advice: Ask why.
```
"""


def test_raised_flag_shows_none_for_unanswered_questions() -> None:
    """A flag raised by an answer given can name another question that has none."""
    (raised,) = evaluate(parse(EITHER), {"b": "no"}).flags
    assert dict(raised.answers) == {"a": None, "b": "no"}


def test_no_flag_is_raised_by_a_question_nobody_answered() -> None:
    """justice-data is `C2 includes justice and not (P1 = own-agency)`: while P1 has no
    answer, whether it is own-agency is not known, so the flag waits for it."""
    assert evaluate(sample(), {"C2": ["justice"]}).flags == ()
    raised = evaluate(sample(), {"C2": ["justice"], "P1": "vendor"}).flags
    assert "justice-data" in [item.flag.id for item in raised]
    assert evaluate(sample(), {"C2": ["justice"], "P1": "own-agency"}).flags == ()


def test_hidden_answers_are_ignored_everywhere() -> None:
    # N5 is asked only for race or health data; with justice data only, its answer is ignored.
    result = evaluate(sample(), {"C2": ["justice"], "N5": 2})
    assert "N5" in result.hidden
    assert "small-cells" not in [raised.flag.id for raised in result.flags]
    assert "N5" not in result.answers


def test_hiding_is_transitive() -> None:
    questionnaire = parse(CHAIN)
    shown = evaluate(questionnaire, {"q1": "yes", "q2": "yes"})
    assert shown.visible == ("q1", "q2", "q3", "q5")
    assert shown.missing_required == ("q3",)
    # q2 keeps its stored answer, but q1 now hides it, so q3 hides too (and q5, whose
    # `not (q2 = no)` is not known while q2 counts as unanswered).
    hidden = evaluate(questionnaire, {"q1": "no", "q2": "yes", "q3": "x"})
    assert hidden.hidden == ("q2", "q3", "q5")
    assert hidden.missing_required == ()


def test_is_unanswered_is_true_for_hidden_questions() -> None:
    result = evaluate(parse(CHAIN), {"q1": "no", "q2": "yes"})
    assert "q4" in result.visible


def test_a_negated_comparison_says_nothing_while_unanswered() -> None:
    result = evaluate(parse(CHAIN), {})
    assert "q5" in result.hidden  # not (q2 = no), and q2 is hidden: not known
    assert "q5" in evaluate(parse(CHAIN), {"q1": "yes"}).hidden  # q2 shown, not answered
    assert "q5" in evaluate(parse(CHAIN), {"q1": "yes", "q2": "yes"}).visible
    assert "q5" in evaluate(parse(CHAIN), {"q1": "yes", "q2": "no"}).hidden


def test_order_of_file_does_not_matter_for_show_if() -> None:
    body = '# S {#s}\n## Later {#b type=text show-if="a = yes"}\n## First {#a type=yesno}\n'
    assert evaluate(parse(body), {"a": "yes"}).visible == ("b", "a")
    assert evaluate(parse(body), {"a": "no"}).visible == ("a",)


def test_empty_unknown_and_misfit_answers_count_as_unanswered() -> None:
    answers = {"P1": "", "C2": [], "P4": "perhaps", "D1": "31/01/2026", "ghost": "x", "T1": "  "}
    result = evaluate(sample(), answers)
    assert dict(result.answers) == {}
    assert result.missing_required == ("P1", "C2")


def test_visible_answers() -> None:
    counted, hidden = visible_answers(sample(), {"P4": "no", "P4a": "groups", "T1": "x"})
    assert counted == {"P4": "no", "T1": "x"}
    assert hidden == {"P4a", "N5"}


def test_routes_are_distinct() -> None:
    flags = "".join(
        f"```flag\nid: f{n}\nseverity: low\ncategory: ai\ntitle: T\nwhen: a = yes\n"
        f"advice: A\nroute: {route}\n```\n"
        for n, route in enumerate(["board", "ai-review", "board"])
    )
    result = evaluate(parse("# S {#s}\n## A {#a type=yesno}\n" + flags), {"a": "yes"})
    assert result.routes == ("board", "ai-review")
    assert result.rating == "low"
