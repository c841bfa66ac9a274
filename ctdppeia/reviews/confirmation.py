"""What other features do when an approver confirms a review, without the review engine
knowing them: the signed PDF (``documents``), the board's concerns (``board``).

A feature registers a :class:`ConfirmationStep` with :func:`register_confirmation_step`.
``workflow.confirm_review`` runs every step's ``check`` first (fast, before anything slow),
then every ``prepare`` outside any database transaction (signing takes seconds), then, in the
one transaction that locks the review, every ``before_lock`` and, once the review is locked,
every ``after_lock`` with what its ``prepare`` made. Any of them may raise to refuse the
confirmation: nothing is then saved.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Flask

from ctdppeia.hooks import hooks
from ctdppeia.models import Review, User


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


def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True)
class ConfirmationStep:
    check: Callable[[Review, Confirming], None] = _nothing
    prepare: Callable[[Review, Confirming], Any] = _nothing
    before_lock: Callable[[Review, Confirming], None] = _nothing
    after_lock: Callable[[Review, Confirming, Any], None] = _nothing


def register_confirmation_step(app: Flask, name: str, step: ConfirmationStep) -> None:
    """Run `step` at every confirmation (registering a name again replaces it)."""
    hooks(app).confirmation_steps[name] = step


def confirmation_steps() -> list[ConfirmationStep]:
    return list(hooks().confirmation_steps.values())
