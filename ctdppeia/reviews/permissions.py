"""Who may do what to a review, and when: every rule once. Views, services and templates ask
here; nothing else decides.

The subject's adapter supplies only the facts of its kind of subject (`SubjectAdapter`):
who may see a subject, who may answer its reviews (`may_answer`) and who may decide them
(`may_decide`). This module adds what is the same for every subject:

- SEE a review: whoever may see its subject (anyone else gets 404).
- ANSWER: the adapter's answerers (start, answer, respond to flags, amend, submit).
- CHANGE: an answerer, while the review is open (neither submitted nor locked).
- SUBMIT (the reviewer signs): the same as CHANGE; what is still missing is
  `workflow.submission_problems`, not a permission.
- DECIDE (confirm or send back; the approver signs): the adapter's deciders, once the review
  is submitted, never the person who submitted it and, with ``SEPARATION_OF_DUTIES`` on, never
  someone who changed its answers or flag responses.
- SIGN: SUBMIT while the review is in progress, DECIDE once it is submitted.
- PLAN (add to and change the review's action plan): reviewers and approvers of the agency
  that owns the subject, in every state of the review (the plan is followed after approval).
  Whoever may see the review reads the plan: a data holder's staff, the AI advisory group and
  administrators only read it.

The predicates (`may_*`) answer yes or no; the `ensure_*` forms raise the review error the
pages show: `NotAllowed` (403) for who, `ReviewLocked` / `ReviewSubmitted` / `WrongState`
(409) for when.
"""

from typing import Any

from flask import current_app

from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.reviews.contributors import contributors
from ctdppeia.reviews.errors import NotAllowed, ReviewLocked, ReviewSubmitted, WrongState
from ctdppeia.reviews.subjects import SubjectAdapter, subject_of

# The roles that may use the review pages at all (each object is then checked below).
READERS = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER, Role.ADMIN)
WRITERS = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER)
APPROVERS = (Role.APPROVER, Role.AI_REVIEWER)

READ_ONLY = "Your role can read this review but not change it."


def may_see(user: User, review: Review) -> bool:
    """May `user` see the review (that is, its subject)?"""
    adapter = subject_of(review)[0]
    ids = adapter.visible_ids(user)
    return ids is None or review.subject_id in set(db.session.scalars(ids))


def may_answer_subject(user: User, adapter: SubjectAdapter, subject: Any) -> bool:
    """May `user` (who can see `subject`) start and answer reviews of it?"""
    return adapter.may_answer(user, subject)


def may_answer(user: User, review: Review) -> bool:
    """Is `user` one of the review's answerers (whatever its state)?"""
    return may_answer_subject(user, *subject_of(review))


def is_open(review: Review) -> bool:
    """May the review's answers, responses and decision still change?"""
    return not review.is_locked and review.submitted_at is None


def may_change(user: User, review: Review) -> bool:
    return is_open(review) and may_answer(user, review)


def may_submit(user: User, review: Review) -> bool:
    return may_change(user, review)


def answered_by(review: Review, contributed: set[int] | None = None) -> set[int]:
    """The ids of who answered the review, so may not decide it (nor vote on an AI review): who
    submitted it and, with ``SEPARATION_OF_DUTIES`` on, who changed its answers, flag
    responses, tier or obligations. `contributed`: the review's `contributors`, when a list
    has loaded them."""
    found = {review.submitted_by_id} if review.submitted_by_id is not None else set()
    if current_app.config["SEPARATION_OF_DUTIES"]:
        found |= contributors(review) if contributed is None else contributed
    return found


def decide_refusal(user: User, review: Review, contributed: set[int] | None = None) -> str | None:
    """Why `user` may not confirm or send back `review`, in words; None when they may (whatever
    its state). `contributed`: the review's `contributors`, when a list has loaded them."""
    adapter, subject = subject_of(review)
    if not adapter.may_decide(user, subject):
        return f"Only an approver of {adapter.owner_agency(subject).name} can approve this review."
    if review.submitted_by_id == user.id:
        return "You submitted this review, so another approver must look at it."
    if user.id in answered_by(review, contributed):
        return (
            "You changed answers or flag responses in this review, so another approver must "
            "decide it: the person who approves a review must not be one who answered it."
        )
    return None


def may_decide(user: User, review: Review) -> bool:
    """May `user` confirm or send back the review now?"""
    return review.status == "submitted" and decide_refusal(user, review) is None


def may_sign(user: User, review: Review) -> bool:
    """May `user` put their signature on the review now (reviewer or approver)?"""
    if review.status == "in-progress":
        return may_submit(user, review)
    return may_decide(user, review)


def decide_note(user: User, review: Review) -> str | None:
    """Why an approver of the owner agency may not decide this submitted review, if so."""
    adapter, subject = subject_of(review)
    if review.status != "submitted" or not adapter.may_decide(user, subject):
        return None
    return decide_refusal(user, review)


PLANNERS = (Role.REVIEWER, Role.APPROVER)


def may_plan(user: User, review: Review) -> bool:
    """May `user` add actions to the review's plan and change them (whatever its state)?"""
    adapter, subject = subject_of(review)
    return user.role in PLANNERS and user.agency_id == adapter.owner_agency(subject).id


def ensure_may_plan(user: User, review: Review) -> None:
    """Raise NotAllowed unless `user` may change the review's action plan."""
    if not may_plan(user, review):
        adapter, subject = subject_of(review)
        owner = adapter.owner_agency(subject).name
        raise NotAllowed(f"Only reviewers and approvers of {owner} can change this action plan.")


def ensure_open(review: Review, locked_advice: str = "") -> None:
    """Raise unless the review's answers, responses and decision may still change."""
    if review.is_locked:
        raise ReviewLocked(locked_advice)
    if review.submitted_at is not None:
        raise ReviewSubmitted()


def ensure_may_answer_subject(
    user: User, adapter: SubjectAdapter, subject: Any, refusal: str | None = None
) -> None:
    """Raise NotAllowed unless `user` may answer reviews of `subject`."""
    if not may_answer_subject(user, adapter, subject):
        default = f"Only the agency that owns this {adapter.label} can change its reviews."
        raise NotAllowed(refusal or default)


def ensure_may_answer(user: User, review: Review, refusal: str | None = None) -> None:
    ensure_may_answer_subject(user, *subject_of(review), refusal=refusal)


def ensure_may_change(user: User, review: Review, refusal: str | None = None) -> None:
    """Raise unless `user` may change the review now: who first (403), then when (409)."""
    ensure_may_answer(user, review, refusal)
    ensure_open(review)


def ensure_may_decide(user: User, review: Review) -> None:
    """Raise unless `user` may confirm or send back `review` now (who first, then when)."""
    reason = decide_refusal(user, review)
    if reason is not None:
        raise NotAllowed(reason)
    if review.is_locked:
        raise ReviewLocked()
    if review.submitted_at is None:
        raise WrongState("This review has not been submitted, so there is nothing to approve.")


def template_values(user: User, review: Review) -> dict[str, Any]:
    """What review templates may offer `user`: the one place they learn it. `may_edit`: an
    answerer (an amendment, the banner of a newer questionnaire); `may_change`: an answerer
    while the review is open (forms that change it)."""
    return {
        "may_edit": may_answer(user, review),
        "may_change": may_change(user, review),
        "may_approve": may_decide(user, review),
        "approval_note": decide_note(user, review),
        "may_plan": may_plan(user, review),
    }
