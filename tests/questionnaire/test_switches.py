"""The heading switches prefill=, min= and max=: read, checked at load, used on answers."""

from ctdppeia.questionnaire import validate_answer
from ctdppeia.questionnaire.checks import check_prefill
from tests.questionnaire.helpers import FRONT_LINES, parse, problem

SECTION = "# Basics {#basics}\n\n"


def test_prefill_and_bounds_are_read() -> None:
    questionnaire = parse(
        SECTION + "## Purpose? {#P2 type=longtext prefill=purpose}\n\n"
        "## Ratio? {#N7 type=number min=0 max=2.5}\n\n"
        "## Count? {#N5 type=number min=-3}\n"
    )
    assert questionnaire.question("P2").prefill == "purpose"
    ratio = questionnaire.question("N7")
    assert (ratio.min, ratio.max, ratio.prefill) == (0, 2.5, None)
    assert questionnaire.question("N5").min == -3
    assert questionnaire.question("N5").max is None


def test_min_above_max_is_an_error_at_its_place() -> None:
    heading = "## Ratio? {#N7 type=number min=5 max=1}"
    text = problem(SECTION + heading + "\n")
    col = heading.index("max=1") + len("max=") + 1  # the value
    assert text.startswith(f"t.md:{FRONT_LINES + 3}:{col}: max=1 is below min=5")


def test_bounds_only_on_number_questions() -> None:
    text = problem(SECTION + "## Name? {#T1 type=text min=0}\n")
    assert "'min' only works on number questions" in text
    assert "type=text" in text


def test_bounds_must_be_numbers() -> None:
    assert "max= takes a number, like max=10, not 'ten'" in problem(
        SECTION + "## Ratio? {#N7 type=number max=ten}\n"
    )


def test_prefill_name_must_be_a_slug() -> None:
    assert "is not a field name" in problem(SECTION + "## P? {#P2 type=text prefill=Purpose!}\n")
    assert "'prefill' needs a value" in problem(SECTION + "## P? {#P2 type=text prefill=}\n")


def test_a_misspelt_switch_is_suggested() -> None:
    assert "did you mean 'prefill'" in problem(SECTION + "## P? {#P2 type=text prefil=x}\n")


def test_out_of_range_numbers_are_refused() -> None:
    question = parse(SECTION + "## Ratio? {#N7 type=number min=0 max=10}\n").question("N7")
    assert validate_answer(question, 0.8) is None
    assert validate_answer(question, 10) is None
    assert validate_answer(question, 50) == "50 is not allowed here: enter a number from 0 to 10"
    assert "from 0 to 10" in (validate_answer(question, -1) or "")


def test_unknown_prefill_field_names_its_place() -> None:
    questionnaire = parse(
        SECTION + "## P? {#P2 type=longtext prefill=purpose}\n\n"
        "## Q? {#P3 type=longtext prefill=purpse}\n\n"
        "## D? {#P4 type=date prefill=purpose}\n"
    )
    fields = {"purpose": ("text", "longtext"), "destruction-date": ("date",)}
    error = check_prefill(questionnaire, fields)
    assert error is not None
    found = [str(e) for e in error.errors]
    assert len(found) == 2
    col = len("## Q? {#P3 type=longtext prefill=") + 1
    assert found[0].startswith(
        f"t.md:{FRONT_LINES + 5}:{col}: a data-request has no field 'purpse'"
    )
    assert "did you mean 'purpose'" in found[0]
    col = len("## D? {#P4 type=date prefill=") + 1
    assert found[1].startswith(f"t.md:{FRONT_LINES + 7}:{col}: the field 'purpose' can pre-fill")
    assert check_prefill(parse(SECTION + "## P? {#P2 type=text prefill=purpose}\n"), fields) is None
