"""The review forms: one section of questions (built from the questionnaire), a response to a
flag, the recommendation, and the approver's answer."""

import threading
from collections.abc import Mapping
from typing import Any

from wtforms import BooleanField, HiddenField, IntegerField, RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from ctdppeia import limits
from ctdppeia.formtools import CleanForm, MaxLength, select_choices
from ctdppeia.models import RECOMMENDATIONS, RESPONSE_KINDS
from ctdppeia.questionnaire import Question, Questionnaire, Section, coerce_answer
from ctdppeia.questionnaire.answers import AnswerTooLong, bounds_text
from ctdppeia.reviews.display import form_text
from ctdppeia.reviews.fields import FIELD_TYPES, build_field, raw_input

MAX_TEXT = limits.DECISION_TEXT
MAX_NOTE = limits.APPROVER_NOTE  # the approver's note, printed in the PDF
REVIEWER_DECLARATION_LABEL = (
    "I answered these questions truthfully and to the best of my knowledge, and I sign this "
    "review as its reviewer."
)
APPROVER_DECLARATION_LABEL = (
    "I read this review and I confirm its decision. I understand that the review will be "
    "signed with my certificate and locked, and that the decision is final."
)


class SectionForm(CleanForm):
    """Base of the generated section forms: the version the page was loaded from."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    questions: dict[str, str] = {}  # question id -> field name


_CLASSES: dict[tuple[str, str], type[SectionForm]] = {}
_CLASSES_LOCK = threading.Lock()


def field_name(question_id: str) -> str:
    return f"q_{question_id}"


def section_form_class(questionnaire: Questionnaire, section: Section) -> type[SectionForm]:
    """The form class of one section (built once per questionnaire version)."""
    key = (questionnaire.hash, section.id)
    with _CLASSES_LOCK:
        if key not in _CLASSES:
            fields: dict[str, Any] = {field_name(q.id): build_field(q) for q in section.questions}
            fields["questions"] = {q.id: field_name(q.id) for q in section.questions}
            _CLASSES[key] = type(f"Section_{section.id}", (SectionForm,), fields)
        return _CLASSES[key]


def section_form(
    questionnaire: Questionnaire,
    section: Section,
    answers: Mapping[str, object] | None = None,
    version: int | None = None,
) -> SectionForm:
    """The form with the stored answers (GET), or with what was posted (POST)."""
    cls = section_form_class(questionnaire, section)
    if answers is None:
        return cls()
    data: dict[str, Any] = {
        field_name(q.id): form_text(q, answers.get(q.id)) for q in section.questions
    }
    return cls(formdata=None, data={**data, "version": version})


def set_version(form: SectionForm, version: int) -> None:
    """Make the form carry another review version (after a refused save)."""
    form.version.data = version
    form.version.raw_data = [str(version)]


def read_answers(form: SectionForm, section: Section) -> dict[str, object] | None:
    """The typed answers of the posted form, or None after writing errors beside the fields."""
    values: dict[str, object] = {}
    valid = True
    for question in section.questions:
        field = form[field_name(question.id)]
        try:
            values[question.id] = coerce_answer(question, raw_input(field))
        except AnswerTooLong as error:
            field.errors = [str(error)]
            valid = False
        except ValueError:
            field.errors = [invalid_message(question)]
            valid = False
    return values if valid else None


def invalid_message(question: Question) -> str:
    """What to do when the input does not fit; a bounded number says its range."""
    if question.type == "number" and (question.min is not None or question.max is not None):
        return bounds_text(question).capitalize() + "."
    return FIELD_TYPES[question.type].invalid_message


def field_errors(form: SectionForm) -> dict[str, list[str]]:
    """The form's errors by field id (a missing or stale CSRF token under "csrf_token")."""
    return {form[name].id: list(form[name].errors) for name in form._fields if form[name].errors}


def mark_missing(form: SectionForm, section: Section, missing: tuple[str, ...]) -> None:
    """Write 'answer this' beside each required question left empty."""
    for question in section.questions:
        if question.id in missing:
            field = form[field_name(question.id)]
            field.errors = [FIELD_TYPES[question.type].required_message]


class ResponseForm(CleanForm):
    kind = RadioField(
        "How do you respond to this flag?",
        choices=select_choices(RESPONSE_KINDS.items()),
        validators=[InputRequired("Choose how you respond to this flag.")],
    )
    text = TextAreaField(
        "What will be done, or why",
        validators=[
            DataRequired("Write what will be done about the flag, or why it does not apply."),
            MaxLength(limits.RESPONSE),
        ],
        description="For a mitigation or condition, say what will be done and by whom. "
        "To accept the risk or say the flag does not apply, give the reason.",
    )


class DecisionForm(CleanForm):
    recommendation = RadioField(
        "Your recommendation",
        choices=select_choices(RECOMMENDATIONS.items()),
        validators=[InputRequired("Choose a recommendation.")],
    )
    conditions = TextAreaField(
        "Conditions or changes needed",
        validators=[MaxLength(MAX_TEXT)],
        description="Needed when you approve with conditions or return the request for "
        "changes. List each one so it can go into the data sharing agreement.",
    )
    rationale = TextAreaField(
        "Reasons for your recommendation",
        validators=[
            DataRequired("Give the reasons for your recommendation."),
            MaxLength(MAX_TEXT),
        ],
        description="The approver and, later, the public record read this.",
    )

    declaration = BooleanField(
        REVIEWER_DECLARATION_LABEL,
        validators=[DataRequired("Tick the declaration to sign and submit the review.")],
        description="Submitting signs the review with your own certificate, in your name.",
    )

    def validate_conditions(self, field: TextAreaField) -> None:
        needs = self.recommendation.data in ("approve-with-conditions", "return")
        if needs and not (field.data or "").strip():
            raise ValidationError("List the conditions or changes needed.")


class ApproveForm(CleanForm):
    """The approver's confirmation: a note for the PDF, the declaration, then a second step."""

    note = TextAreaField(
        "Your note for the record (optional)",
        validators=[Length(max=MAX_NOTE, message=f"Keep the note under {MAX_NOTE} characters.")],
        description=f"Printed in the signed PDF under the decision. Up to {MAX_NOTE} characters.",
    )
    declaration = BooleanField(
        APPROVER_DECLARATION_LABEL,
        validators=[DataRequired("Tick the declaration to confirm and sign.")],
    )
    step = HiddenField(default="check")


class SendBackForm(CleanForm):
    comment = TextAreaField(
        "What needs to change",
        validators=[
            DataRequired("Say what needs to change before you can approve it."),
            MaxLength(MAX_TEXT),
        ],
        description="The reviewers see this comment.",
    )


class ActionForm(CleanForm):
    """A button that only needs the CSRF token (confirm, amend)."""


class StartForm(CleanForm):
    questionnaire = RadioField(
        "Which questionnaire?", validators=[InputRequired("Choose a questionnaire.")]
    )
