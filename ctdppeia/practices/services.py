"""The minimum-practice items of a use case: read, save, and what they mean for deployment.

Two rules refuse the "deployed" stage (``deployment_refusals``): Connecticut's (CGS 4-68jj: no
AI system is implemented without an impact assessment, which is the signed Responsible-AI
review) and OMB M-25-21's (a high-impact use is deployed only once every minimum practice is
done or waived).
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import AIPractice, AIUseCase, Review, ReviewDocument, User
from ctdppeia.practices.catalogue import PRACTICE_KEYS, PRACTICE_STATUSES, PRACTICES, SETTLED

SUBJECT_KIND = "ai-use-case"
NO_SIGNED_REVIEW = (
    "Connecticut law does not allow an AI system to be put into use without an impact "
    "assessment (CGS 4-68jj). This use case has no signed Responsible-AI review yet, so it "
    "cannot be marked deployed. Sign the review first."
)


class PracticeError(ValueError):
    """The item cannot be saved; ``problems`` maps each field to what is wrong."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


def items(use_case: AIUseCase) -> dict[str, AIPractice | None]:
    """Each practice's item, in the memo's order (None where nobody has recorded it yet)."""
    found = db.session.scalars(select(AIPractice).where(AIPractice.use_case_id == use_case.id))
    by_key = {item.practice: item for item in found}
    return {key: by_key.get(key) for key in PRACTICE_KEYS}


def signed_review(use_case: AIUseCase) -> ReviewDocument | None:
    """The signed record of the use case's latest signed Responsible-AI review, if any."""
    query = (
        select(ReviewDocument)
        .join(Review, ReviewDocument.review_id == Review.id)
        .where(Review.subject_kind == SUBJECT_KIND, Review.subject_id == use_case.id)
        .order_by(Review.id.desc())
    )
    return db.session.scalars(query.limit(1)).first()


def open_practices(use_case: AIUseCase) -> list[str]:
    """The practices neither done nor waived (their keys)."""
    return [
        key for key, item in items(use_case).items() if item is None or item.status not in SETTLED
    ]


def deployment_refusals(use_case: AIUseCase, high_impact: bool) -> list[str]:
    """Why the use case may not be marked deployed (empty when it may)."""
    refusals = [] if signed_review(use_case) is not None else [NO_SIGNED_REVIEW]
    waiting = open_practices(use_case) if high_impact else []
    if waiting:
        named = "; ".join(f"{PRACTICES[key][0]}, {PRACTICES[key][1].lower()}" for key in waiting)
        refusals.append(
            "A high-impact AI use is deployed only once every minimum practice of OMB memo "
            f"M-25-21 is done or waived. Not yet done or waived: {named}."
        )
    return refusals


@dataclass(frozen=True)
class PracticeInput:
    owner: str
    due_on: date | None
    status: str
    evidence: str = ""
    waiver_granted_by: str = ""
    waiver_determination: str = ""
    waiver_granted_on: date | None = None
    waiver_recertify_on: date | None = None


def problems_of(given: PracticeInput) -> dict[str, str]:
    """What stops the item from being saved, field by field."""
    problems: dict[str, str] = {}
    if not given.owner.strip():
        problems["owner"] = "Name the person or team who owns this practice."
    if given.due_on is None:
        problems["due_on"] = "Enter the date this practice is due."
    if given.status not in PRACTICE_STATUSES:
        problems["status"] = "Choose the status of this practice."
    if given.status == "done" and not given.evidence.strip():
        problems["evidence"] = "Describe the evidence that the practice is done."
    if given.status == "waived":
        problems |= _waiver_problems(given)
    return problems


def _waiver_problems(given: PracticeInput) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not given.waiver_granted_by.strip():
        problems["waiver_granted_by"] = "Name the official who granted the waiver."
    if not given.waiver_determination.strip():
        problems["waiver_determination"] = "Give the written determination of the waiver."
    if given.waiver_granted_on is None:
        problems["waiver_granted_on"] = "Enter the date the waiver was granted."
    if given.waiver_recertify_on is None:
        problems["waiver_recertify_on"] = "Enter the date the waiver must be recertified."
    granted, again = given.waiver_granted_on, given.waiver_recertify_on
    if granted is not None and again is not None and again <= granted:
        problems["waiver_recertify_on"] = "The recertification date must be after the grant."
    return problems


def save(actor: User, use_case: AIUseCase, key: str, given: PracticeInput) -> AIPractice:
    """Record the practice's item (add or change it). Raises ``PracticeError``."""
    problems = problems_of(given)
    if problems:
        raise PracticeError(problems)
    waived = given.status == "waived"
    values: dict[str, Any] = {
        "owner": given.owner.strip(),
        "due_on": given.due_on,
        "status": given.status,
        "evidence": given.evidence.strip() or None,
        "waiver_granted_by": given.waiver_granted_by.strip() if waived else None,
        "waiver_determination": given.waiver_determination.strip() if waived else None,
        "waiver_granted_on": given.waiver_granted_on if waived else None,
        "waiver_recertify_on": given.waiver_recertify_on if waived else None,
    }
    with transaction():
        item = items(use_case)[key]
        before = {} if item is None else {name: getattr(item, name) for name in values}
        if item is None:
            item = AIPractice(use_case_id=use_case.id, practice=key, updated_by_id=actor.id)
            db.session.add(item)
        for name, value in values.items():
            setattr(item, name, value)
        item.updated_by_id = actor.id
        db.session.flush()
        changes = {
            name: (_text(before.get(name)), _text(value))
            for name, value in values.items()
            if before.get(name) != value
        }
        audit.record(
            actor,
            "ai_practice.save",
            item,
            scope=use_case,
            changes=changes,
            summary=f"Minimum practice {PRACTICES[key][0]} of {use_case.name}: {given.status}",
        )
    return item


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def inventory_fields(use_case: AIUseCase) -> dict[str, Any]:
    """The inventory's practice fields, filled from the items: each practice's status
    (``not_started`` without an item) and a public summary of the waivers."""
    found = items(use_case)
    fields: dict[str, Any] = {
        f"practice_{key}": (item.status if item is not None else "not_started")
        for key, item in found.items()
    }
    waivers = [
        f"{PRACTICES[key][0]}: waived by {item.waiver_granted_by} on "
        f"{_text(item.waiver_granted_on)}, to be recertified by "
        f"{_text(item.waiver_recertify_on)}. {item.waiver_determination}"
        for key, item in found.items()
        if item is not None and item.status == "waived"
    ]
    fields["practice_waivers"] = "\n\n".join(waivers) or None
    return fields
