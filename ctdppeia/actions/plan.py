"""A review's action plan as pages show it: the actions, what each came from, and the sources
that can still become actions."""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import abort, url_for
from flask_login import current_user

from ctdppeia import limits
from ctdppeia.actions import sources
from ctdppeia.actions.services import actions_of
from ctdppeia.actions.sources import Source
from ctdppeia.models import Agency, Review, ReviewAction
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.permissions import may_plan
from ctdppeia.reviews.subjects import subject_of

ZONE = ZoneInfo("America/New_York")  # the agencies' day: an action is due at its end


def today(moment: datetime | None = None) -> date:
    """The day in Connecticut."""
    return (moment or utcnow()).astimezone(ZONE).date()


def is_overdue(action: ReviewAction, day: date) -> bool:
    return action.is_open and action.due_on < day


@dataclass
class Offer:
    """A source of the review and the actions already made from it."""

    source: Source
    actions: list[ReviewAction] = field(default_factory=list)


@dataclass
class Plan:
    review: Review
    actions: list[ReviewAction]
    offers: list[Offer]
    may_plan: bool
    today: date

    def overdue(self, action: ReviewAction) -> bool:
        return is_overdue(action, self.today)

    def source(self, action: ReviewAction) -> Source | None:
        found = (offer.source for offer in self.offers if offer.source.key == _key(action))
        return next(found, None)

    @property
    def open_count(self) -> int:
        return sum(1 for action in self.actions if action.is_open)


def _key(action: ReviewAction) -> str:
    return f"{action.source_kind}:{action.source_ref}"


def plan_of(review: Review) -> Plan:
    """The review's plan for the current user (the `action_plan` template helper)."""
    actions = actions_of(review)
    offers = [Offer(source) for source in sources.sources_of(review)]
    for offer in offers:
        offer.actions = [action for action in actions if _key(action) == offer.source.key]
    return Plan(review, actions, offers, may_plan(current_user, review), today())


def source_or_404(review: Review, key: str) -> Source:
    found = sources.find(review, key)
    if found is None:
        abort(404)
    return found


def source_of(action: ReviewAction) -> Source | None:
    """What the action was made from, as the review has it now (None once it is gone: a flag
    cleared, a decision sent back)."""
    return sources.find(action.review, _key(action))


def defaults(source: Source) -> dict[str, object]:
    """What a new action's form starts with."""
    title = source.text if len(source.text) <= limits.ACTION_TITLE else source.heading
    values: dict[str, object] = {"title": title, "owner_name": source.owner_name}
    if source.owner_user_id is not None:
        values["owner_user_id"] = str(source.owner_user_id)
    if source.due_on is not None:
        values["due_on"] = source.due_on
    return values


def owner_agency(review: Review) -> Agency:
    adapter, subject = subject_of(review)
    return adapter.owner_agency(subject)


def review_url(review: Review) -> str:
    return url_for("reviews.show", review_id=review.id, _anchor="action-plan")
