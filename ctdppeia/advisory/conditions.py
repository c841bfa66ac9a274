"""The conditions of the advisory group's decisions: the rule for their due dates, and the
chair's audited correction of a condition entered by mistake.

A condition is never rewritten (database triggers refuse it). A correction adds a new
condition to the same decision and an ``AIConditionCorrection`` row linking the two, with the
reason: the old condition stays on the page and in the audit log, marked as corrected, and
the new one is in force. A record already signed is never rewritten: it keeps the conditions
as they were when the approver confirmed the review.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from ctdppeia import audit, limits, words
from ctdppeia.advisory import rules
from ctdppeia.extensions import db
from ctdppeia.models import AICondition, AIConditionCorrection, AIDecision, AIUseCase, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.errors import NotAllowed, WrongState
from ctdppeia.reviews.services import transaction

ZONE = ZoneInfo("America/New_York")


def decision_day(moment: datetime | None = None) -> date:
    """The day of a decision, in Connecticut (today when no moment is given)."""
    return (moment or utcnow()).astimezone(ZONE).date()


def latest_due(day: date) -> date:
    """The latest due date a condition decided on `day` may have (AI_CONDITION_MAX_YEARS)."""
    years = int(current_app.config["AI_CONDITION_MAX_YEARS"])
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due_date_problem(due_on: date, day: date) -> str | None:
    """What is wrong with a condition's due date for a decision made on `day`, in words."""
    if due_on < day:
        return (
            "The due date cannot be before the day of the decision "
            f"({words.format_date(day)}). Give a date the owner can still meet."
        )
    latest = latest_due(day)
    if due_on > latest:
        years = current_app.config["AI_CONDITION_MAX_YEARS"]
        return (
            f"The due date must be within {years} years of the decision: "
            f"{words.format_date(latest)} at the latest."
        )
    return None


def correction_of(condition: AICondition) -> AIConditionCorrection | None:
    """The correction that replaced `condition`, if any."""
    query = select(AIConditionCorrection).where(AIConditionCorrection.condition_id == condition.id)
    return db.session.scalar(query)


def corrections(decision: AIDecision) -> dict[int, AIConditionCorrection]:
    """The decision's corrections, by the id of the condition each one replaced, and by the
    id of the condition each one added (both point at the same row)."""
    ids = [condition.id for condition in decision.conditions]
    query = select(AIConditionCorrection).where(AIConditionCorrection.condition_id.in_(ids))
    found: dict[int, AIConditionCorrection] = {}
    for row in db.session.scalars(query):
        found[row.condition_id] = found[row.replacement_id] = row
    return found


def in_force(decision: AIDecision) -> list[AICondition]:
    """The decision's conditions that no correction replaced, in the order decided."""
    replaced = {row.condition_id for row in corrections(decision).values()}
    return [condition for condition in decision.conditions if condition.id not in replaced]


def corrector_refusal(user: User, decision: AIDecision) -> str | None:
    """Why `user` may not correct the decision's conditions; None when they may: a chair of
    the group with no conflict on the review who did not answer it (as for deciding)."""
    from ctdppeia.advisory.services import decider_refusal

    refusal = decider_refusal(user, decision.review)
    if refusal is None:
        return None
    return refusal.replace("record the decision", "correct a condition")


@dataclass(frozen=True)
class Correction:
    text: str
    owner: str
    due_on: date
    reason: str


def _check_correction(condition: AICondition, given: Correction) -> None:
    if correction_of(condition) is not None:
        raise WrongState("This condition was corrected already: correct the new one instead.")
    if condition.is_closed:
        raise WrongState("This condition is closed, so it can no longer be corrected.")
    if not (given.text.strip() and given.owner.strip() and given.reason.strip()):
        raise ValueError("a correction needs the condition's text, its owner and the reason")
    if len(given.reason) > limits.DECISION_TEXT:
        raise ValueError(limits.too_long(len(given.reason), limits.DECISION_TEXT))
    problem = due_date_problem(given.due_on, decision_day(condition.decision.decided_at))
    if problem is not None:
        raise ValueError(problem)
    same = (given.text.strip(), given.owner.strip(), given.due_on)
    if same == (condition.text, condition.owner, condition.due_on):
        raise ValueError("Nothing changed: correct the text, the owner or the due date.")


def correct_condition(user: User, condition: AICondition, given: Correction) -> AICondition:
    """Replace a condition entered by mistake with a corrected one, saying why; audited."""
    decision = condition.decision
    refusal = corrector_refusal(user, decision)
    if refusal is not None:
        raise NotAllowed(refusal)
    _check_correction(condition, given)
    subject = db.session.get_one(AIUseCase, decision.review.subject_id)
    with transaction():
        replacement = AICondition(
            text=given.text.strip(), owner_name=given.owner.strip(), due_on=given.due_on
        )
        decision.conditions.append(replacement)
        db.session.flush()
        row = AIConditionCorrection(
            condition_id=condition.id,
            replacement_id=replacement.id,
            reason=given.reason.strip(),
            corrected_by_id=user.id,
        )
        db.session.add(row)
        audit.record(
            user,
            "advisory.condition_corrected",
            row,
            scope=subject,
            changes=_changes(condition, replacement, row.reason),
            summary=f"Corrected a condition of the decision on review {decision.review_id}",
        )
    return replacement


def _changes(old: AICondition, new: AICondition, reason: str) -> audit.Changes:
    changes: dict[str, tuple[object, object]] = {}
    for name in ("text", "owner", "due_on"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes[name] = (before, after)
    changes["reason"] = (None, reason)
    return changes


def may_correct(user: User, decision: AIDecision) -> bool:
    return rules.is_member(user) and corrector_refusal(user, decision) is None
