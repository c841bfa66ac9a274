""" "Waiting for you" from the inventory: the agencies' drafts an AI reviewer may publish now.

A draft waits while no version was published after it was saved (``drafts.pending``) and the
advisory group's latest decision approves the use case (``services.approval_refusal``), read
in SQL with the same rules. A member who declared a conflict of interest on any review of the
use case is not asked (nor told, ``announce``). A draft waits since it was last saved: its
newest text is what the reviewer reads.
"""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, Subquery, exists, func, select

from ctdppeia.extensions import db
from ctdppeia.inventory.facts import APPROVING, SUBJECT_KIND
from ctdppeia.models import (
    AIConflict,
    AIDecision,
    AIUseCase,
    InventoryCurrent,
    InventoryDraft,
    InventoryEntryVersion,
    Review,
    Role,
    User,
)
from ctdppeia.waiting import SHOWN, WaitingGroup, WaitingItem, counts, overdue_since


def _published() -> Subquery:
    """The number of each use case's last published version (use cases with none are absent),
    read from today's versions (``InventoryCurrent``), not grouped over every version."""
    return (
        select(InventoryCurrent.use_case_id, InventoryEntryVersion.version.label("last"))
        .join(InventoryEntryVersion, InventoryEntryVersion.id == InventoryCurrent.version_id)
        .subquery()
    )


def _latest_decided() -> Subquery:
    """Each use case's latest decided review (``facts.latest_decision``: after a re-assessment,
    the re-assessment's decision counts once it is made)."""
    return (
        select(Review.subject_id.label("use_case_id"), func.max(Review.id).label("review_id"))
        .join(AIDecision, AIDecision.review_id == Review.id)
        .where(Review.subject_kind == SUBJECT_KIND)
        .group_by(Review.subject_id)
        .subquery()
    )


def waiting_drafts(user: User) -> Select[AIUseCase, InventoryDraft]:
    """The pending drafts of approved use cases on which `user` declared no conflict."""
    conflict = exists().where(
        AIConflict.user_id == user.id,
        AIConflict.review_id == Review.id,
        Review.subject_kind == SUBJECT_KIND,
        Review.subject_id == AIUseCase.id,
    )
    published, decided = _published(), _latest_decided()
    return (
        select(AIUseCase, InventoryDraft)
        .join(InventoryDraft, InventoryDraft.use_case_id == AIUseCase.id)
        .join(decided, decided.c.use_case_id == AIUseCase.id)
        .join(AIDecision, AIDecision.review_id == decided.c.review_id)
        .outerjoin(published, published.c.use_case_id == AIUseCase.id)
        .where(
            InventoryDraft.based_on_version == func.coalesce(published.c.last, 0),
            AIDecision.outcome.in_(APPROVING),
            ~conflict,
        )
    )


def drafts(user: User) -> WaitingGroup | None:
    """The agencies' inventory drafts waiting to be published (AI reviewers)."""
    if user.role is not Role.AI_REVIEWER or not user.active:
        return None
    query, late = waiting_drafts(user), overdue_since()
    total, overdue = counts(query.with_only_columns(InventoryDraft.drafted_at), late)
    if not total:
        return None
    oldest = query.order_by(InventoryDraft.drafted_at, InventoryDraft.id).limit(SHOWN)
    items = tuple(
        WaitingItem(
            use_case.name,
            url_for("inventory.draft", use_case_id=use_case.id),
            draft.drafted_at,
            overdue=draft.drafted_at < late,
        )
        for use_case, draft in db.session.execute(oldest)
    )
    return WaitingGroup(_("AI inventory drafts waiting to be published"), total, overdue, items)
