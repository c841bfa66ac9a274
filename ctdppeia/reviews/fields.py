"""Form fields for each question type, kept in a small registry.

A builder takes a question and returns an unbound WTForms field. Validation is not done by
WTForms: the questionnaire engine turns the input into a typed answer (`coerce_answer`), and
the review decides what is required, so every field here accepts any input.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wtforms import Field, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.widgets import CheckboxInput, DateInput, ListWidget, NumberInput, TextInput

from ctdppeia.formtools import select_choices
from ctdppeia.questionnaire import Question


class CheckboxesField(SelectMultipleField):
    """Several choices, shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


@dataclass(frozen=True)
class FieldType:
    build: Callable[[Question, str], Any]  # (question, html id) -> unbound field
    grouped: bool  # rendered as a fieldset with a legend (radios, checkboxes)
    required_message: str
    invalid_message: str


FIELD_TYPES: dict[str, FieldType] = {}


def field_type(name: str, *, grouped: bool, required: str, invalid: str) -> Callable[..., Any]:
    """Register the builder of the field for question type `name`."""

    def register(build: Callable[[Question, str], Any]) -> Callable[[Question, str], Any]:
        FIELD_TYPES[name] = FieldType(build, grouped, required, invalid)
        return build

    return register


def _options(question: Question) -> list[Any]:
    return select_choices((option.value, option.label) for option in question.options)


ONE = "Choose one of the answers shown."


@field_type("yesno", grouped=True, required="Choose yes, no or not sure.", invalid=ONE)
@field_type("choice", grouped=True, required="Choose one answer.", invalid=ONE)
def _radios(question: Question, html_id: str) -> Any:
    return RadioField(question.label, id=html_id, choices=_options(question), validate_choice=False)


@field_type(
    "multi",
    grouped=True,
    required="Choose at least one answer.",
    invalid="Choose only from the answers shown.",
)
def _checkboxes(question: Question, html_id: str) -> Any:
    return CheckboxesField(
        question.label, id=html_id, choices=_options(question), validate_choice=False
    )


@field_type("text", grouped=False, required="Enter an answer.", invalid="Enter an answer.")
def _text(question: Question, html_id: str) -> Any:
    return StringField(question.label, id=html_id, widget=TextInput())


@field_type("longtext", grouped=False, required="Enter an answer.", invalid="Enter an answer.")
def _longtext(question: Question, html_id: str) -> Any:
    return TextAreaField(question.label, id=html_id, render_kw={"rows": 5})


@field_type(
    "number",
    grouped=False,
    required="Enter a number.",
    invalid="Enter a number, like 12 or 0.75.",
)
def _number(question: Question, html_id: str) -> Any:
    widget = NumberInput(step="any", min=question.min, max=question.max)
    return StringField(
        question.label, id=html_id, widget=widget, render_kw={"inputmode": "decimal"}
    )


@field_type(
    "date",
    grouped=False,
    required="Enter a date.",
    invalid="Enter a real date, like 2027-01-31.",
)
def _date(question: Question, html_id: str) -> Any:
    return StringField(question.label, id=html_id, widget=DateInput())


def build_field(question: Question) -> Any:
    return FIELD_TYPES[question.type].build(question, answer_id(question.id))


def answer_id(question_id: str) -> str:
    """The id of the input (or of the first option) of a question."""
    return f"answer-{question_id}"


def question_anchor(question_id: str) -> str:
    """The id of the block that holds a question (links point here)."""
    return f"question-{question_id}"


def raw_input(field: Field) -> str | list[str] | None:
    """The input of a field as the questionnaire engine's `coerce_answer` takes it."""
    data = field.data
    if data is None or isinstance(data, str):
        return data
    return [str(item) for item in data]
