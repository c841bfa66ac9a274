"""Adding actions to a review's plan and changing them: checked, audited, saved whole.

A change is saved with the version the form carried (`ctdppeia.stale`): when someone saved the
action in between, the fields this person did not change take what is stored now, and a field
both changed is never overwritten: `StaleEdit` lists it and nothing is saved.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.actions import checks
from ctdppeia.actions.sources import Source
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewAction, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.permissions import ensure_may_plan
from ctdppeia.reviews.subjects import subject_of
from ctdppeia.stale import StaleEdit, claim_version, differences, fingerprint, last_saved, untouched

# The fields of the form, in the order the page shows them, with their labels.
LABELS: dict[str, str] = {
    "title": "What will be done",
    "owner_user_id": "Owner (a person)",
    "owner_name": "Owner (an office)",
    "due_on": "Due by",
    "status": "Status",
    "drop_reason": "Why it was dropped",
    "evidence": "Evidence",
    "evidence_url": "Link to the evidence",
}
SAVED = ("action.created", "action.updated")


@dataclass(frozen=True)
class ActionInput:
    """What the form gives, cleaned (text stripped; "" for nothing)."""

    title: str
    owner_user_id: int | None
    owner_name: str
    due_on: date
    status: str = "planned"
    drop_reason: str = ""
    evidence: str = ""
    evidence_url: str = ""


def plain(action: ReviewAction | ActionInput) -> dict[str, str]:
    """The form's fields as text, as the history and the version check compare them."""
    values = {name: getattr(action, name) for name in LABELS}
    values["owner_user_id"] = _person(values["owner_user_id"])
    return {key: "" if value is None else str(value) for key, value in values.items()}


def _person(user_id: int | None) -> str:
    """An owner's name, as the history shows it."""
    person = None if user_id is None else db.session.get(User, user_id)
    return "" if person is None else person.name


def create_action(user: User, review: Review, source: Source, given: ActionInput) -> ReviewAction:
    """Add an action made from `source` to the review's plan."""
    ensure_may_plan(user, review)
    adapter, subject = subject_of(review)
    agency = adapter.owner_agency(subject)
    checks.check(given, agency.id)
    with transaction():
        action = ReviewAction(
            review_id=review.id,
            agency_id=agency.id,
            source_kind=source.kind,
            source_ref=source.ref,
            created_by_id=user.id,
            updated_by_id=user.id,
            **asdict(given),
        )
        db.session.add(action)
        audit.record(
            user,
            "action.created",
            action,
            scope=review,
            changes={name: (None, value) for name, value in plain(given).items() if value},
            summary=f"Added an action: {given.title}",
        )
    return action


def merge_untouched(
    action: ReviewAction, typed: ActionInput, bases: Mapping[str, str]
) -> ActionInput:
    """What was typed, with the fields this person did not change (the value still matches
    the fingerprint the form carried) replaced by what is stored now."""
    kept = untouched(plain(typed), bases)
    values = {name: getattr(action if name in kept else typed, name) for name in LABELS}
    return ActionInput(**values)


def update_action(
    user: User,
    action: ReviewAction,
    given: ActionInput,
    loaded_version: int,
    bases: Mapping[str, str],
) -> None:
    """Save the changed fields; StaleEdit (nothing saved) when a field this person changed
    was also changed by someone else since `loaded_version`."""
    ensure_may_plan(user, action.review)
    checks.check(given, action.agency_id, action.owner_user_id)
    if loaded_version != action.version:
        _refuse_if_different(action, given, bases)
        loaded_version = action.version  # typed and stored agree on what others changed
    try:
        with transaction():
            _save(user, action, given, loaded_version)
    except _LostRace:  # rolled back: compare what is stored now with what was typed
        db.session.refresh(action)
        _refuse_if_different(action, given, bases)


class _LostRace(Exception):
    """Another save changed the action after it was loaded; nothing of this one is kept."""


def _save(user: User, action: ReviewAction, given: ActionInput, version: int) -> None:
    changes = audit.diff(plain(action), plain(given))
    if not changes:
        return
    if not claim_version(ReviewAction, action.id, version):
        raise _LostRace()
    for name, value in asdict(given).items():
        setattr(action, name, value)
    action.updated_by_id, action.updated_at = user.id, utcnow()
    audit.record(
        user,
        "action.updated",
        action,
        scope=action.review,
        changes=changes,
        summary=f"Changed the action “{action.title}”: {_in_words(changes)}",
    )


def _in_words(changes: Mapping[str, Any]) -> str:
    return ", ".join(LABELS[name].lower() for name in LABELS if name in changes)


def _refuse_if_different(
    action: ReviewAction, given: ActionInput, bases: Mapping[str, str]
) -> None:
    stored, typed = plain(action), plain(given)
    others = {key for key in stored if bases.get(key) != fingerprint(stored[key])}
    found = differences(stored, typed, {k: v for k, v in LABELS.items() if k in others})
    if found:
        by, at = last_saved("review_action", action.id, SAVED)
        raise StaleEdit(action.version, found, by, at)


def actions_of(review: Review) -> list[ReviewAction]:
    """The review's plan, in the order the actions were added."""
    query = select(ReviewAction).where(ReviewAction.review_id == review.id)
    return list(db.session.scalars(query.order_by(ReviewAction.id)))
