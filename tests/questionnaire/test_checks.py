"""Flag blocks, and conditions checked against the questions they name."""

import pytest

from tests.questionnaire.helpers import at, parse, problem, problems

QUESTIONS = """# Section {#s}

## Agree? {#yn type=yesno}
## Which one? {#ch type=choice}

- a: A
- b: B

## Which ones? {#mu type=multi}

- x: X
- y: Y

## Name {#tx type=text}
## How many? {#nu type=number}
## When? {#da type=date}
"""
FIRST_FREE_LINE = QUESTIONS.count("\n") + 1  # body line of whatever is appended


def flag(when: str, **extra: str) -> str:
    keys = {
        "id": "f",
        "severity": "high",
        "category": "privacy",
        "title": "T",
        "when": when,
        "advice": "A",
        **extra,
    }
    lines = "".join(f"{key}: {value}\n" for key, value in keys.items() if value != "-")
    return f"```flag\n{lines}```\n"


def flag_problem(when: str, **extra: str) -> str:
    return problem(QUESTIONS + flag(when, **extra))


WHEN_LINE = at(FIRST_FREE_LINE + 5)  # the `when:` line of the appended flag block
WHEN_COL = len("when: ") + 1


class TestFlagBlocks:
    def test_all_keys(self) -> None:
        questionnaire = parse(QUESTIONS + flag("yn = no", route="ai-review"))
        (only,) = questionnaire.flags
        assert (only.id, only.severity, only.category, only.route) == (
            "f",
            "high",
            "privacy",
            "ai-review",
        )
        assert only.line == at(FIRST_FREE_LINE)

    def test_missing_keys_are_named_at_the_fence(self) -> None:
        assert problems(QUESTIONS + flag("yn = no", title="-", advice="-")) == [
            f"t.md:{at(FIRST_FREE_LINE)}:1: flag 'f' has no 'title': add a line like "
            "title: No law allows this sharing",
            f"t.md:{at(FIRST_FREE_LINE)}:1: flag 'f' has no 'advice': add a line like "
            "advice: What the reviewer should ask or do.",
        ]

    def test_missing_id(self) -> None:
        assert flag_problem("yn = no", id="-") == (
            f"t.md:{at(FIRST_FREE_LINE)}:1: this flag block has no 'id': add a line like "
            "id: no-legal-basis"
        )

    def test_unknown_key(self) -> None:
        assert flag_problem("yn = no", severty="low") == (
            f"t.md:{at(FIRST_FREE_LINE + 7)}:1: unknown key 'severty' in flag 'f' "
            "(did you mean 'severity'?); the keys are id, severity, category, title, when, "
            "advice, route, kind, basis, resident and replaces"
        )

    @pytest.mark.parametrize(
        ("key", "value", "offset", "allowed"),
        [
            ("severity", "med", 2, "info, low, medium, high (did you mean 'medium'?)"),
            ("category", "fairness", 3, "privacy, security, equity, legal, ai"),
            ("route", "rab", 7, "board, ai-review, high-risk-subcommittee"),
        ],
    )
    def test_bad_choice_values(self, key: str, value: str, offset: int, allowed: str) -> None:
        assert flag_problem("yn = no", **{key: value}) == (
            f"t.md:{at(FIRST_FREE_LINE + offset)}:{len(key) + 3}: {key} '{value}' in flag 'f' "
            f"is not one of {allowed}"
        )

    def test_bad_id(self) -> None:
        assert flag_problem("yn = no", id="no legal basis") == (
            f"t.md:{at(FIRST_FREE_LINE + 1)}:5: the flag id 'no legal basis' is not valid: an id "
            "starts with a letter, then letters, digits, - or _"
        )

    def test_duplicate_flag_ids(self) -> None:
        second = at(FIRST_FREE_LINE + 8)
        assert problem(QUESTIONS + flag("yn = no") + flag("yn = yes")) == (
            f"t.md:{second}:1: the flag id 'f' is already used by the flag on line "
            f"{at(FIRST_FREE_LINE)}"
        )

    def test_flag_and_question_may_share_an_id(self) -> None:
        assert parse(QUESTIONS + flag("yn = no", id="yn")).flags[0].id == "yn"

    def test_malformed_yaml(self) -> None:
        assert flag_problem("yn = no", title="Colon: inside") == (
            f"t.md:{at(FIRST_FREE_LINE + 4)}:13: this flag block is not valid YAML (mapping values "
            "are not allowed in this context); check the indentation, and put quotes around a "
            "value that contains ': ' or ' #' or starts with a quote, [ or {"
        )

    def test_empty_value(self) -> None:
        assert flag_problem("yn = no", advice="''") == (
            f"t.md:{at(FIRST_FREE_LINE + 6)}:1: 'advice' in flag 'f' is empty"
        )

    def test_quoted_condition_keeps_its_columns(self) -> None:
        assert flag_problem('"yn = maybe"') == (
            f"t.md:{WHEN_LINE}:{WHEN_COL + 6}: flag 'f' compares question 'yn' with 'maybe', "
            "which is not one of its answers (yes, no, unsure)"
        )

    def test_multiline_condition(self) -> None:
        block = (
            "```flag\nid: f\nseverity: low\ncategory: ai\ntitle: T\nadvice: A\n"
            "when: >-\n  yn = no\n  or yn = unsure\n```\n"
        )
        assert str(parse(QUESTIONS + block).flags[0].when) == "yn = no or yn = unsure"


class TestConditionErrors:
    def test_syntax_error_in_a_flag(self) -> None:
        assert flag_problem("yn = no and (ch = a") == (
            f"t.md:{WHEN_LINE}:{WHEN_COL + 19}: the condition of flag 'f' cannot be read: "
            "expected ')' to close a '(', but found the end of the condition"
        )

    def test_syntax_error_in_a_show_if(self) -> None:
        body = QUESTIONS + '## More {#more type=text show-if="yn = "}\n'
        assert problem(body) == (
            f"t.md:{at(FIRST_FREE_LINE)}:40: the show-if of question 'more' cannot be read: "
            "expected a value after '=', but found the end of the condition"
        )

    def test_unknown_question(self) -> None:
        assert flag_problem("yn = no or P80 = yes") == (
            f"t.md:{WHEN_LINE}:{WHEN_COL + 11}: flag 'f' uses question 'P80', which this "
            "questionnaire does not have"
        )

    def test_unknown_question_with_a_suggestion(self) -> None:
        assert flag_problem("yn2 = no") == (
            f"t.md:{WHEN_LINE}:{WHEN_COL}: flag 'f' uses question 'yn2', which this "
            "questionnaire does not have (did you mean 'yn'?)"
        )

    def test_section_is_not_a_question(self) -> None:
        assert flag_problem("s is answered") == (
            f"t.md:{WHEN_LINE}:{WHEN_COL}: flag 'f' uses question 's', which this questionnaire "
            "does not have ('s' is a section, and conditions can only use questions)"
        )

    @pytest.mark.parametrize(
        ("when", "offset", "value", "answers"),
        [
            ("yn = maybe", 5, "maybe", "yes, no, unsure"),
            ("ch in [a, c]", 10, "c", "a, b"),
            ("mu includes z", 12, "z", "x, y"),
            ("mu includes any [x, z]", 20, "z", "x, y"),
        ],
    )
    def test_unknown_option(self, when: str, offset: int, value: str, answers: str) -> None:
        question = when.split()[0]
        assert flag_problem(when) == (
            f"t.md:{WHEN_LINE}:{WHEN_COL + offset}: flag 'f' compares question '{question}' with "
            f"'{value}', which is not one of its answers ({answers})"
        )

    @pytest.mark.parametrize("operator", ["=", "!="])
    def test_equals_on_multi(self, operator: str) -> None:
        assert flag_problem(f"mu {operator} x") == (
            f"t.md:{WHEN_LINE}:{WHEN_COL}: flag 'f' uses '{operator}' on question 'mu', which "
            "allows several answers: use 'includes' instead, like 'mu includes value' or "
            "'mu includes any [value1, value2]'"
        )

    def test_in_on_multi(self) -> None:
        assert "uses 'not in' on question 'mu', which allows several answers" in flag_problem(
            "mu not in [x]"
        )

    @pytest.mark.parametrize("question", ["yn", "ch", "tx", "nu", "da"])
    def test_includes_only_on_multi(self, question: str) -> None:
        message = flag_problem(f"{question} includes x")
        assert f"flag 'f' uses 'includes' on question '{question}', which is a" in message
        assert message.endswith(
            "; 'includes' is only for questions that allow several answers (type=multi): "
            "use = or in instead"
        )

    @pytest.mark.parametrize("question", ["yn", "ch", "tx"])
    def test_order_only_on_number_and_date(self, question: str) -> None:
        message = flag_problem(f"{question} < 3")
        assert f"flag 'f' uses '<' on question '{question}', which is a" in message
        assert message.endswith("; <, <=, > and >= only work on number and date questions")

    def test_number_compared_with_text(self) -> None:
        assert flag_problem("nu < eleven") == (
            f"t.md:{WHEN_LINE}:{WHEN_COL + 5}: flag 'f' compares number question 'nu' with "
            "'eleven', which is not a number"
        )

    @pytest.mark.parametrize("value", ["2026-01-31", "'2026-02-30'", "'yesterday'", "3"])
    def test_date_needs_a_quoted_iso_date(self, value: str) -> None:
        message = flag_problem(f"da < {value}")
        assert "flag 'f' compares date question 'da' with" in message
        assert message.endswith('which is not a date: write dates in quotes, like "2026-01-31"')

    def test_fitting_comparisons_load(self) -> None:
        when = (
            "yn in [yes, unsure] and ch != a and mu includes any [x, y] and tx = 'n/a' "
            "and nu >= 10 and da < '2026-01-31' and not tx is answered"
        )
        assert parse(QUESTIONS + flag(f'"{when}"')).flags[0].when_text == when


class TestShowIfCycles:
    def test_self_reference(self) -> None:
        body = '# S {#s}\n## A {#a type=yesno show-if="a = yes"}\n'
        assert problem(body) == (
            f"t.md:{at(2)}:30: the show-if of question 'a' depends on question 'a' itself, "
            "so it can never be decided"
        )

    def test_cycle_through_other_questions(self) -> None:
        body = (
            "# S {#s}\n"
            '## A {#a type=yesno show-if="c = yes"}\n'
            '## B {#b type=yesno show-if="a = yes"}\n'
            '## C {#c type=yesno show-if="b = no or z is answered"}\n'
            "## Z {#z type=text}\n"
        )
        assert problem(body) == (
            f"t.md:{at(2)}:30: the show-if conditions go round in a circle (a -> c -> b -> a): "
            "a question cannot be shown depending, even through other questions, on its own answer"
        )

    def test_chains_without_a_cycle_load(self) -> None:
        body = (
            "# S {#s}\n"
            '## C {#c type=yesno show-if="b = yes"}\n'
            '## B {#b type=yesno show-if="a = yes"}\n'
            "## A {#a type=yesno}\n"
        )
        assert [q.id for q in parse(body).show_order] == ["a", "b", "c"]
