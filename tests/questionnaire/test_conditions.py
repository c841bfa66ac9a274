"""The condition language on its own: parsing, printing, evaluating, syntax errors."""

import pytest

from ctdppeia.questionnaire import (
    And,
    AnswerCheck,
    Comparison,
    Includes,
    Membership,
    Not,
    Or,
    QuestionnaireError,
    Value,
    describe,
    parse_condition,
)
from tests.questionnaire.helpers import sample


def slug(text: str) -> Value:
    return Value("slug", text)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("P4 = no", Comparison("P4", "=", slug("no"))),
        ("P4 != no", Comparison("P4", "!=", slug("no"))),
        ("N5 < 11", Comparison("N5", "<", Value("number", "11"))),
        ("N5 <= -1.5", Comparison("N5", "<=", Value("number", "-1.5"))),
        ("N5 > 0", Comparison("N5", ">", Value("number", "0"))),
        ("D1 >= '2026-01-31'", Comparison("D1", ">=", Value("string", "2026-01-31"))),
        ('T1 = "two words"', Comparison("T1", "=", Value("string", "two words"))),
        ("A9 = 18-24", Comparison("A9", "=", slug("18-24"))),
        ("P1 in [a, b]", Membership("P1", (slug("a"), slug("b")))),
        ("P1 not in [a]", Membership("P1", (slug("a"),), negated=True)),
        ("C2 includes race", Includes("C2", (slug("race"),))),
        ("C2 includes any [a, b]", Includes("C2", (slug("a"), slug("b")), any_list=True)),
        ("C2 includes any", Includes("C2", (slug("any"),))),
        ("P2 is answered", AnswerCheck("P2", True)),
        ("P2 is unanswered", AnswerCheck("P2", False)),
        ("not P4 = no", Not(Comparison("P4", "=", slug("no")))),
    ],
)
def test_each_form_parses(text: str, tree: object) -> None:
    assert parse_condition(text) == tree


def test_and_binds_tighter_than_or() -> None:
    tree = parse_condition("a = x or b = y and c = z")
    assert isinstance(tree, Or)
    assert isinstance(tree.operands[1], And)
    assert str(tree) == "a = x or b = y and c = z"


def test_not_binds_tighter_than_and() -> None:
    tree = parse_condition("not a = x and b = y")
    assert isinstance(tree, And)
    assert isinstance(tree.operands[0], Not)


def test_parentheses_override_precedence_and_are_kept_when_printed() -> None:
    tree = parse_condition("(a = x or b = y) and not (c = z or d is answered)")
    assert isinstance(tree, And)
    assert str(tree) == "(a = x or b = y) and not (c = z or d is answered)"


def test_chains_are_flattened() -> None:
    assert parse_condition("a = x and (b = y and c = z)") == parse_condition(
        "a = x and b = y and c = z"
    )
    assert len(parse_condition("a = x or b = y or c = z").operands) == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "P1   in[a,b]",
        "((P4 = no))",
        "not not P4 = no",
        "T1 = 'say \"hi\"'",
        "a = x and (b = y or c = z) and not d is unanswered",
        "C2 includes any [race, 'two words', 3]",
    ],
)
def test_printing_round_trips(text: str) -> None:
    tree = parse_condition(text)
    assert parse_condition(str(tree)) == tree


def test_canonical_text() -> None:
    assert str(parse_condition("P1   in[a,b]")) == "P1 in [a, b]"
    assert str(parse_condition("T1 = 'say \"hi\"'")) == "T1 = 'say \"hi\"'"


@pytest.mark.parametrize(
    ("text", "col", "message"),
    [
        ("", 1, "the condition is empty"),
        ("P4 =", 5, "expected a value after '=', but found the end of the condition"),
        ("P4 == no", 4, "write a single '=' to compare, not '=='"),
        ("P4 = no && P5 = no", 9, "write 'and' or 'or' instead of '&'"),
        ("P4 = 'no", 6, "the quote ' that starts here is never closed"),
        ("P4 = no;", 8, "the character ';' cannot be used in a condition; put text in quotes"),
        ("= no", 1, "expected a question id here, but found '='"),
        ("and = no", 1, "expected a question id here, but found 'and'"),
        ("11 = no", 1, "expected a question id here, but found '11'"),
        (
            "P4 no",
            4,
            "after 'P4' expected =, !=, <, <=, >, >=, in, not in, includes, is answered "
            "or is unanswered, but found 'no'",
        ),
        (
            "P4 is",
            6,
            "after 'is' expected 'answered' or 'unanswered', but found the end of the condition",
        ),
        (
            "P4 is not answered",
            7,
            "after 'is' expected 'answered' or 'unanswered', but found 'not' "
            "(write 'is unanswered' instead of 'is not answered')",
        ),
        ("P1 in a", 7, "expected '[' to start a list of values after 'in', but found 'a'"),
        ("P1 in []", 8, "the list is empty; put a value in it"),
        ("P1 in [a b]", 10, "expected ',' or ']' in the list of values, but found 'b'"),
        ("P1 in [a,]", 10, "expected a value after ',', but found ']'"),
        ("(P4 = no", 9, "expected ')' to close a '(', but found the end of the condition"),
        ("P4 = no)", 8, "this ')' has no '(' before it"),
        (
            "P4 = no P5 = no",
            9,
            "unexpected 'P5' after a complete condition; join conditions with 'and' or 'or'",
        ),
    ],
)
def test_syntax_errors_name_the_column(text: str, col: int, message: str) -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_condition(text)
    assert str(caught.value) == f"<condition>:1:{col}: {message}"


def test_syntax_error_position_is_offset_from_where_the_text_sits() -> None:
    with pytest.raises(QuestionnaireError) as caught:
        parse_condition("P4 = ", file="x.md", line=7, col=20)
    error = caught.value
    assert (error.file, error.line, error.col) == ("x.md", 7, 25)


def test_deep_nesting_is_refused_not_crashed() -> None:
    with pytest.raises(QuestionnaireError, match="nested too deeply"):
        parse_condition("(" * 500 + "a = b" + ")" * 500)
    with pytest.raises(QuestionnaireError, match="nested too deeply"):
        parse_condition("not " * 500 + "a = b")


class TestEvaluation:
    """`holds` takes the answers of visible questions; missing means unanswered or hidden."""

    @pytest.mark.parametrize(
        ("text", "answers", "expected"),
        [
            ("P4 = no", {"P4": "no"}, True),
            ("P4 = no", {"P4": "yes"}, False),
            ("P4 = no", {}, False),
            ("P4 != no", {"P4": "yes"}, True),
            ("P4 != no", {"P4": "no"}, False),
            ("P4 != no", {}, False),
            ("not (P4 = no)", {}, False),
            ("not (P4 = no)", {"P4": "yes"}, True),
            ("P1 in [a, b]", {"P1": "b"}, True),
            ("P1 in [a, b]", {"P1": "c"}, False),
            ("P1 in [a, b]", {}, False),
            ("P1 not in [a, b]", {"P1": "c"}, True),
            ("P1 not in [a, b]", {"P1": "a"}, False),
            ("P1 not in [a, b]", {}, False),
            ("C2 includes race", {"C2": ["health", "race"]}, True),
            ("C2 includes race", {"C2": ["health"]}, False),
            ("C2 includes race", {}, False),
            ("C2 includes any [a, b]", {"C2": ["c", "b"]}, True),
            ("C2 includes any [a, b]", {"C2": ["c"]}, False),
            ("N5 < 11", {"N5": 10}, True),
            ("N5 < 11", {"N5": 11}, False),
            ("N5 <= 11", {"N5": 11}, True),
            ("N5 > 0.8", {"N5": 0.9}, True),
            ("N5 >= 0.8", {"N5": 0.8}, True),
            ("N5 >= 0.8", {"N5": 0.79}, False),
            ("N5 < 11", {}, False),
            ("N5 = 3", {"N5": 3.0}, True),
            ("D1 < '2026-02-01'", {"D1": "2026-01-31"}, True),
            ("D1 >= '2026-02-01'", {"D1": "2026-01-31"}, False),
            ("P2 is answered", {"P2": "text"}, True),
            ("P2 is answered", {}, False),
            ("P2 is unanswered", {}, True),
            ("P2 is unanswered", {"P2": "x"}, False),
            ("P1 = 1", {"P1": "1"}, True),
            ("T1 = 'two words'", {"T1": "two words"}, True),
        ],
    )
    def test_operators(self, text: str, answers: dict[str, object], expected: bool) -> None:
        assert parse_condition(text).holds(answers) is expected  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("text", "answers", "expected"),
        [
            # a test on a question without an answer is not known, whatever the operator
            ("P4 = no", {}, None),
            ("P4 != no", {}, None),
            ("P1 not in [a, b]", {}, None),
            ("C2 includes race", {}, None),
            ("N5 < 11", {}, None),
            # not of what is not known is not known
            ("not (P4 = no)", {}, None),
            ("not (P1 in [a] or C2 includes race)", {"C2": ["race"]}, False),
            # and: false wins, then not known; or: true wins, then not known
            ("P4 = no and P5 = yes", {"P4": "yes"}, False),
            ("P4 = no and P5 = yes", {"P4": "no"}, None),
            ("P4 = no or P5 = yes", {"P5": "yes"}, True),
            ("P4 = no or P5 = yes", {"P5": "no"}, None),
            ("P4 = no or P5 = yes", {"P4": "yes", "P5": "no"}, False),
            # whether a question is answered is always known
            ("P2 is unanswered", {}, True),
            ("not (P2 is answered)", {}, True),
            ("P2 is unanswered and P4 = no", {}, None),
        ],
    )
    def test_three_valued_truth(
        self, text: str, answers: dict[str, object], expected: bool | None
    ) -> None:
        condition = parse_condition(text)
        assert condition.truth(answers) is expected  # type: ignore[arg-type]
        assert condition.holds(answers) is (expected is True)  # type: ignore[arg-type]

    def test_precedence_when_evaluating(self) -> None:
        condition = parse_condition("a = x or b = y and c = z")
        assert condition.holds({"a": "x"})
        assert not condition.holds({"b": "y"})
        assert condition.holds({"b": "y", "c": "z"})
        grouped = parse_condition("(a = x or b = y) and c = z")
        assert not grouped.holds({"a": "x"})

    def test_question_ids_in_order_of_mention(self) -> None:
        condition = parse_condition("b = x or (a = y and b = z) or not c is answered")
        assert condition.question_ids() == ("b", "a", "c")


class TestDescribe:
    def test_without_a_questionnaire_it_is_the_canonical_text(self) -> None:
        assert describe(parse_condition("P4=no or(P1 in[a,b])")) == "P4 = no or P1 in [a, b]"

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            ("P4 = no", '"Did residents help shape the question?" is No'),
            ("P1 != vendor", '"Who is asking?" is not A vendor'),
            ("P1 in [university, vendor]", '"Who is asking?" is one of A university, A vendor'),
            ("P1 not in [vendor]", '"Who is asking?" is not A vendor'),
            ("C2 includes race", '"Which sensitive kinds of data?" includes Race or ethnicity'),
            (
                "C2 includes any [race, none]",
                '"Which sensitive kinds of data?" includes any of Race or ethnicity, None of these',
            ),
            ("N5 < 11", '"Smallest table cell" is less than 11'),
            ("N5 >= 11", '"Smallest table cell" is at least 11'),
            ("D1 < '2026-01-31'", '"Destroy by" is before "2026-01-31"'),
            ("T1 is unanswered", '"Project name" is not answered'),
            (
                "not (P4 = no or P4 = unsure) and T1 is answered",
                'not ("Did residents help shape the question?" is No or '
                '"Did residents help shape the question?" is Not sure) and '
                '"Project name" is answered',
            ),
            ("ghost = x", "ghost is x"),
        ],
    )
    def test_in_words(self, text: str, words: str) -> None:
        assert describe(parse_condition(text), sample()) == words
