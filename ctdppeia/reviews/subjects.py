"""What a review can be about. The review engine knows subjects only through these adapters.

A feature that wants its objects reviewed (data requests, AI use cases) subclasses
`SubjectAdapter` and calls `register_subject(app, adapter)` when the app is created. The `kind` is
the `subject` a questionnaire names in its front matter. A subject is a database row with an
`id` and a `__tablename__` (events about a review are also recorded under its subject).
"""

from typing import Any

from flask import Flask, abort
from sqlalchemy import ColumnElement, CompoundSelect, Select, and_

from ctdppeia.hooks import hooks
from ctdppeia.models import Agency, Review, Role, User


class SubjectAdapter:
    """How the review engine reads and notifies one kind of subject."""

    kind: str = ""
    label: str = ""  # in words, lower case: "data request"
    default_questionnaire: str | None = None  # id offered first when starting a review
    # The subject's fields a question may name in `prefill=NAME`: name -> the question types
    # the field can fill. `prefill_value` reads one of them.
    prefill_fields: dict[str, tuple[str, ...]] = {}
    rating_heading = "Rating"  # the column of a review's rating in the subject's list of reviews

    def load_visible_or_404(self, user: User, subject_id: int) -> Any:
        """The subject if `user` may see it; otherwise abort(404)."""
        raise NotImplementedError

    def visible_ids(self, user: User) -> Select[Any] | CompoundSelect | None:
        """A query of the ids of the subjects `user` may see; None when they see every one.
        Lists collect it in full, so it should be cheap to run to the end."""
        raise NotImplementedError

    def may_approve_any(self, user: User) -> bool:
        """Could `user` approve reviews of some subject of this kind? (The approval queue asks
        nothing more of an adapter that says no.) By default: approvers."""
        return user.role is Role.APPROVER

    def approvable(self, user: User) -> ColumnElement[bool]:
        """For a user who `may_approve_any`: a condition on Review, the reviews of this kind
        they may approve as far as the subject goes (`may_decide` is still asked of each on a
        decision). Those of the subjects their agency owns, read from the review's stored
        `owner_agency_id` (no list of the agency's subjects to collect); the approver's queues
        walk the index on that column, so an override may narrow this, never widen it."""
        return and_(Review.subject_kind == self.kind, Review.owner_agency_id == user.agency_id)

    def reviews_visible_to(self, user: User) -> ColumnElement[bool] | None:
        """A condition on Review: the reviews of this kind's subjects `user` may see; None
        when they see every one. By default from `visible_ids`; adapters override it to read
        stored columns."""
        ids = self.visible_ids(user)
        if ids is None:
            return None
        return and_(Review.subject_kind == self.kind, Review.subject_id.in_(ids))

    def ready_for_decision(self) -> ColumnElement[bool] | None:
        """A condition on Review: the submitted reviews an approver can act on now (the
        "Waiting for you" panel lists only those); None when every submitted one is."""
        return None

    def get(self, subject_id: int) -> Any:
        """The subject, without any access check (for lists already filtered)."""
        raise NotImplementedError

    def get_many(self, subject_ids: list[int]) -> dict[int, Any]:
        """The subjects with these ids, by id, loaded at once (for lists; no access check).
        Adapters override this with one query; this fallback asks once per id."""
        found = {subject_id: self.get(subject_id) for subject_id in subject_ids}
        return {key: subject for key, subject in found.items() if subject is not None}

    def title(self, subject: Any) -> str:
        raise NotImplementedError

    def url(self, subject: Any) -> str:
        raise NotImplementedError

    def owner_agency(self, subject: Any) -> Agency:
        raise NotImplementedError

    def agencies(self, subject: Any) -> list[str]:
        """Codes of the agencies involved, the owner first."""
        raise NotImplementedError

    def organisation(self, subject: Any) -> str:
        return ""

    def contact(self, subject: Any) -> str:
        return ""

    def summary_markdown(self, subject: Any) -> str:
        return ""

    def prefill_value(self, subject: Any, name: str) -> object | None:
        """The value of field `name` (one of `prefill_fields`): text, a date, or a choice's
        value. None when the subject has nothing there."""
        return None

    def may_answer(self, user: User, subject: Any) -> bool:
        """May `user` (who can see the subject) answer its reviews? Admins never answer. The
        rules built on this one are in `reviews.permissions`."""
        return user.role is not Role.ADMIN and user.role is not Role.BOARD

    def may_decide(self, user: User, subject: Any) -> bool:
        """May `user` confirm or send back its reviews (the person rules of
        `reviews.permissions` aside)? By default: an approver of the owning agency."""
        return user.role is Role.APPROVER and user.agency_id == self.owner_agency(subject).id

    def rating_label(self, review: Review, computed: str) -> str:
        """A review's rating as the subject's list of reviews shows it (`computed`: the
        questionnaire's rating in words)."""
        return computed

    def on_review_status_changed(self, subject: Any, status: str, actor: User) -> None:
        """Called inside the review's transaction when a review of `subject` starts
        ("in-progress", also after being sent back), is submitted ("submitted") or is
        confirmed ("locked"). The adapter may change the subject and record audit events."""


def register_subject(app: Flask, adapter: SubjectAdapter) -> None:
    """Make a kind of subject reviewable (registering the same kind again replaces it)."""
    if not adapter.kind:
        raise ValueError("a subject adapter needs a kind")
    hooks(app).subjects[adapter.kind] = adapter


def _adapters() -> dict[str, SubjectAdapter]:
    return hooks().subjects


def adapter_for(kind: str) -> SubjectAdapter:
    """The adapter of `kind`; 404 when nothing of that kind can be reviewed."""
    adapter = _adapters().get(kind)
    if adapter is None:
        abort(404)
    return adapter


def registered(kind: str) -> SubjectAdapter | None:
    """The adapter of `kind`, or None (no 404: for checks outside a request)."""
    return _adapters().get(kind)


def subject_of(review: Review) -> tuple[SubjectAdapter, Any]:
    """The adapter of the review's subject and the subject (no access check)."""
    adapter = adapter_for(review.subject_kind)
    return adapter, adapter.get(review.subject_id)


def subject_kinds() -> list[str]:
    return sorted(_adapters())


def all_adapters() -> list[SubjectAdapter]:
    adapters = _adapters()
    return [adapters[kind] for kind in subject_kinds()]
