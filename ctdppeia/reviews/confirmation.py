"""What other features do when an approver confirms a review, without the review engine
knowing them: the signed PDF (``documents``), the board's concerns (``board``).

A feature registers a :class:`ConfirmationStep` with :func:`register_confirmation_step`.
``workflow.confirm_review`` runs every step's ``check`` first (fast, before anything slow),
then every ``prepare`` outside any database transaction (signing takes seconds), then, in the
one transaction that locks the review, every ``before_lock`` and, once the review is locked,
every ``after_lock`` with what its ``prepare`` made. Any of them may raise to refuse the
confirmation: nothing is then saved.

A step that asks the approver something on the confirm page reads its own answer from the
form (``read_input``; the view collects them with :func:`read_inputs`, by step name) and
refuses with a :class:`ConfirmationRefused` naming the step and the fields that need another
look, so the page is shown again with them. The step's fields on the page plug in through the
template hook ``confirm_inputs`` (``ctdppeia.templatehooks``).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask

from ctdppeia.hooks import hooks
from ctdppeia.models import Review, User
from ctdppeia.reviews.errors import ReviewError

FormInput = Mapping[str, str]


@dataclass(frozen=True)
class Confirming:
    """A confirmation under way: who, when, the note, and what the approver's form gave the
    steps (by step name, e.g. the board's acknowledgments under "board")."""

    approver: User
    at: datetime
    note: str
    inputs: Mapping[str, Any] = field(default_factory=dict)

    def input_for(self, step: str, default: Any = None) -> Any:
        return self.inputs.get(step, default)


class ConfirmationRefused(ReviewError):
    """A step refuses the confirmation because of what the approver gave it on the confirm
    page; `errors` maps each of the step's fields to what is wrong with it."""

    code = 422
    step = ""  # the name the step is registered under

    def __init__(self, advice: str, errors: Mapping[Any, str]) -> None:
        super().__init__(advice)
        self.errors = dict(errors)


def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True)
class ConfirmationStep:
    read_input: Callable[[FormInput, Review], Any] | None = None
    check: Callable[[Review, Confirming], None] = _nothing
    prepare: Callable[[Review, Confirming], Any] = _nothing
    before_lock: Callable[[Review, Confirming], None] = _nothing
    after_lock: Callable[[Review, Confirming, Any], None] = _nothing


def register_confirmation_step(app: Flask, name: str, step: ConfirmationStep) -> None:
    """Run `step` at every confirmation (registering a name again replaces it)."""
    hooks(app).confirmation_steps[name] = step


def confirmation_steps() -> list[ConfirmationStep]:
    return list(hooks().confirmation_steps.values())


def read_inputs(form: FormInput, review: Review) -> dict[str, Any]:
    """What the approver gave each step on the confirm page, by step name."""
    return {
        name: step.read_input(form, review)
        for name, step in hooks().confirmation_steps.items()
        if step.read_input is not None
    }
