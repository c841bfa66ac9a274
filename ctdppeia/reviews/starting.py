"""Choosing the questionnaire a new review uses."""

from flask import abort

from ctdppeia.formtools import select_choices
from ctdppeia.questionnaire import Questionnaire
from ctdppeia.reviews.forms import StartForm
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.subjects import SubjectAdapter


def start_choices(form: StartForm, adapter: SubjectAdapter) -> list[Questionnaire]:
    """The working questionnaires for this kind of subject, set as the form's choices, with
    the adapter's default chosen."""
    offered = questionnaires().offered(adapter.kind)
    pairs = ((q.id, f"{q.title} (version {q.version})") for q in offered)
    form.questionnaire.choices = select_choices(pairs)
    if form.questionnaire.data is None and offered:
        ids = [q.id for q in offered]
        default = adapter.default_questionnaire
        form.questionnaire.data = default if default in ids else ids[0]
    return offered


def offered_or_404(offered: list[Questionnaire], questionnaire_id: str | None) -> Questionnaire:
    found = next((q for q in offered if q.id == questionnaire_id), None)
    if found is None:
        abort(404)
    return found
