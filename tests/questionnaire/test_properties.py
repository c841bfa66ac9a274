"""Property tests: whatever the text, the parser answers with a Questionnaire or with
QuestionnaireError placed inside the file, and never with any other exception."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctdppeia.questionnaire import QuestionnaireError, parse_condition, parse_questionnaire
from tests.questionnaire.helpers import FIXTURES

PROJECT = Path(__file__).resolve().parents[2]
SAMPLE = (FIXTURES / "sample.md").read_text()
SHIPPED = [
    path.read_text()
    for path in sorted((PROJECT / "questionnaires").glob("*.md"))
    if path.name != "README.md"
]
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOKENS = [
    "P1", "P4", "C2", "N5", "D1", "T1", "x", "own-agency", "race", "yes", "no",
    "=", "!=", "==", "<", "<=", ">", ">=", "in", "not", "includes", "any", "is",
    "answered", "unanswered", "and", "or", "[", "]", ",", "(", ")", "11", "-3.5",
    "'2026-01-31'", '"a b"', "'", '"', "&", "#", "{", "}", ":", "\n", "é",
]  # fmt: skip


def line_count(text: str) -> int:
    lines = text.replace("\r\n", "\n").split("\n")
    return max(1, len(lines) - (lines[-1] == ""))


def assert_parses_or_fails_cleanly(text: str) -> None:
    try:
        parse_questionnaire(text, "m.md")
    except QuestionnaireError as error:
        assert error.errors
        for problem in error.errors:
            assert problem.file == "m.md"
            assert 1 <= problem.line <= line_count(text), (problem, text)
            assert problem.col >= 1
            assert problem.message


@st.composite
def mutated(draw: st.DrawFn, sources: list[str]) -> str:
    lines = draw(st.sampled_from(sources)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "insert":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            noise = draw(st.one_of(st.text(max_size=8), st.sampled_from(TOKENS)))
            lines[index] = line[:at] + noise + line[at:]
        else:
            text = "\n".join(lines)
            lines = text[: draw(st.integers(0, len(text)))].split("\n")
    return "\n".join(lines)


@FAST
@given(mutated([SAMPLE]))
def test_mutated_sample_never_crashes(text: str) -> None:
    assert_parses_or_fails_cleanly(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(SHIPPED or [SAMPLE]))
def test_mutated_shipped_questionnaires_never_crash(text: str) -> None:
    assert_parses_or_fails_cleanly(text)


@FAST
@given(st.text(max_size=300))
def test_random_text_never_crashes(text: str) -> None:
    assert_parses_or_fails_cleanly(text)
    assert_parses_or_fails_cleanly("---\nid: t\n---\n" + text)


@FAST
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    try:
        parse_questionnaire(data, "m.md")
    except QuestionnaireError as error:
        assert 1 <= error.line <= data.count(b"\n") + 1
        assert error.col >= 1


def condition_texts() -> st.SearchStrategy[str]:
    joined = st.lists(st.sampled_from(TOKENS), max_size=12).map(" ".join)
    return st.one_of(joined, st.text(max_size=40))


@FAST
@given(condition_texts())
def test_random_conditions_parse_or_fail_cleanly(text: str) -> None:
    try:
        condition = parse_condition(text)
    except QuestionnaireError as error:
        assert 1 <= error.line <= text.count("\n") + 1
        assert error.col >= 1
    else:
        assert parse_condition(str(condition)) == condition


@FAST
@given(condition_texts(), st.sampled_from(["show-if", "when"]))
def test_random_conditions_in_a_file_never_crash(text: str, where: str) -> None:
    if where == "when":
        quoted = text.replace("'", "''").replace("\n", " ")
        source = SAMPLE.replace("when: N5 < 11", f"when: '{quoted}'")
    else:
        attribute = text.replace('"', "'").replace("\n", " ").replace("}", "")
        source = SAMPLE.replace('show-if="P4 = yes"', f'show-if="{attribute}"')
    assert_parses_or_fails_cleanly(source)
