"""Who may do what to an AI use case and its reviews: the rules, in one place.

- SEE: reviewers and approvers of the owner agency; AI reviewers (the advisory group), of any
  agency; administrators. Anyone else (another agency's staff, board members) gets 404, so ids
  do not leak.
- PROPOSE a use case: reviewers and approvers, for their own agency.
- CHANGE the use case's fields and its data requests: reviewers and approvers of the owner agency.
- ANSWER its Responsible-AI reviews (start, answer, respond to flags, record a different tier,
  tick off obligations, submit, amend): reviewers and approvers of the owner agency, and AI
  reviewers.
- CONFIRM a submitted review (or send it back): approvers of the owner agency, as for data
  requests, with the same person rules (`ctdppeia.reviews.permissions`). The
  advisory group's own decision is recorded apart.

Administrators see everything and never change, answer or sign.
"""

from flask import abort
from sqlalchemy import Select, false, select

from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Role, User

AGENCY_STAFF = (Role.REVIEWER, Role.APPROVER)


def visible_to(user: User) -> Select[AIUseCase]:
    """The use cases `user` may see, as a query."""
    query = select(AIUseCase)
    if user.role in (Role.ADMIN, Role.AI_REVIEWER):
        return query
    if user.role not in AGENCY_STAFF:
        return query.where(false())
    return query.where(AIUseCase.agency_id == user.agency_id)


def is_owner_staff(user: User, use_case: AIUseCase) -> bool:
    return user.role in AGENCY_STAFF and user.agency_id == use_case.agency_id


def may_propose(user: User) -> bool:
    return user.role in AGENCY_STAFF


def may_change(user: User, use_case: AIUseCase) -> bool:
    return is_owner_staff(user, use_case)


def may_answer(user: User, use_case: AIUseCase) -> bool:
    return is_owner_staff(user, use_case) or user.role is Role.AI_REVIEWER


def may_decide(user: User, use_case: AIUseCase) -> bool:
    return user.role is Role.APPROVER and user.agency_id == use_case.agency_id


def get_visible_or_404(user: User, use_case_id: int) -> AIUseCase:
    found = db.session.scalar(visible_to(user).where(AIUseCase.id == use_case_id))
    if found is None:
        abort(404)
    return found


def get_changeable_or_403(user: User, use_case_id: int) -> AIUseCase:
    """The use case, if `user` may change it: 404 when they may not see it, else 403."""
    use_case = get_visible_or_404(user, use_case_id)
    if not may_change(user, use_case):
        abort(403)
    return use_case
