"""What in a review can become an action: a flag's mitigation, the conditions of the approval,
a condition of the AI advisory group's decision, an obligation of the risk tier.

Each source is named by its kind and a reference that stays the same while the review does:
the flag's id, the decision's id, the advisory condition's id, or a fingerprint of the
obligation's text (obligations are rows only once ticked off).
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from ctdppeia.models import Review
from ctdppeia.reviews.flags import flag_panel

AI_KIND = "ai-use-case"


@dataclass(frozen=True)
class Source:
    """One thing an action can come from, with what the action form starts from."""

    kind: str
    ref: str
    heading: str  # what it is about: the flag's title, "Conditions of the approval", ...
    text: str  # what it says: the mitigation, the condition, the obligation
    owner_name: str = ""
    owner_user_id: int | None = None
    due_on: date | None = None

    @property
    def key(self) -> str:
        """How a page names the source (the `source` query value)."""
        return f"{self.kind}:{self.ref}"


def obligation_ref(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def sources_of(review: Review) -> list[Source]:
    """Every source of the review, in the order the review shows them."""
    found = _flags(review) + _approval(review)
    if review.subject_kind == AI_KIND:
        found += _advisory(review) + _obligations(review)
    return found


def find(review: Review, key: str) -> Source | None:
    """The review's source named `key` ("kind:ref"), or None."""
    return next((source for source in sources_of(review) if source.key == key), None)


def _flags(review: Review) -> list[Source]:
    return [
        Source("flag", entry.flag.id, entry.flag.title, entry.response.text)
        for entry in flag_panel(review).entries
        if entry.response is not None and entry.response.kind == "mitigation"
    ]


def _approval(review: Review) -> list[Source]:
    decision = review.current_decision
    if decision is None or not decision.conditions.strip():
        return []
    return [
        Source("condition", str(decision.id), "Conditions of the approval", decision.conditions)
    ]


def _advisory(review: Review) -> list[Source]:
    from ctdppeia.advisory import conditions, rules

    decision = rules.decision(review)
    if decision is None:
        return []
    return [
        Source(
            "ai-condition",
            str(item.id),
            "Condition of the AI advisory group's decision",
            item.text,
            owner_name=item.owner_name,
            owner_user_id=item.owner_user_id,
            due_on=item.due_on,
        )
        for item in conditions.in_force(decision)
    ]


def _obligations(review: Review) -> list[Source]:
    from ctdppeia.ai import tier

    return [
        Source("obligation", obligation_ref(item.text), "Obligation of the risk tier", item.text)
        for item in tier.tier_of(review).obligations
    ]
