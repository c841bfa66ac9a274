"""The owner agency's draft of its use case's inventory entry.

The agency's reviewers and approvers shape the entry before the advisory group publishes it:
they save a draft (one per use case, changed in place, every save audited). A draft is never
public and never publishes anything; the AI reviewers' publish form starts from it while no
version has been published since it was saved (``pending``). The save that starts a draft tells
the AI reviewers (``announce``); later saves of the same draft do not.
"""

from datetime import date
from typing import Any

from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.inventory import announce, clock, services
from ctdppeia.inventory.facts import inventory_facts
from ctdppeia.inventory.fields import LABELS
from ctdppeia.models import AIUseCase, InventoryDraft, User


class StaleDraft(ValueError):
    """Someone saved the draft after this form was opened: nothing is saved."""

    def __init__(self, current: InventoryDraft | None) -> None:
        if current is None:
            said = "A new version of the entry was published after you opened this page"
        else:
            said = f"{current.drafted_by.name} saved the draft after you opened this page"
        super().__init__(f"{said}, so your draft was not saved. Your text is kept below.")
        self.current = current


def _published_count(use_case: AIUseCase) -> int:
    last = services.latest(use_case)
    return last.version if last is not None else 0


def stored(use_case: AIUseCase) -> InventoryDraft | None:
    query = select(InventoryDraft).where(InventoryDraft.use_case_id == use_case.id)
    return db.session.scalar(query)


def pending(use_case: AIUseCase) -> InventoryDraft | None:
    """The agency's draft, unless a version was published after it was saved."""
    draft = stored(use_case)
    if draft is None or draft.based_on_version != _published_count(use_case):
        return None
    return draft


def starting_fields(use_case: AIUseCase) -> dict[str, Any]:
    """What the draft and publish forms start from: the pending draft, else the last published
    version, else what the application knows (``facts``)."""
    draft = pending(use_case)
    if draft is not None:
        return dict(draft.fields)
    previous = services.latest(use_case)
    return dict(previous.fields) if previous is not None else inventory_facts(use_case)


def problems(use_case: AIUseCase, content: dict[str, Any]) -> dict[str, str]:
    """What would stop the content from being published now (shown, never blocking a draft)."""
    refusal = services.approval_refusal(use_case)
    found = services.problems_of(use_case, content)
    return {"decision": refusal, **found} if refusal is not None else found


def _as_stored(content: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in content.items():
        if isinstance(value, date):
            value = value.isoformat()
        if isinstance(value, str):
            value = value.strip() or None
        fields[key] = value
    withheld = content.get("withheld") or {}
    fields["withheld"] = {key: text.strip() for key, text in withheld.items() if text.strip()}
    return fields


def save(
    actor: User, use_case: AIUseCase, content: dict[str, Any], seen_revision: int
) -> InventoryDraft:
    """Save the agency's draft. ``seen_revision`` is the draft's revision the form was opened
    at (0 when there was none); raises ``StaleDraft`` when it has changed since."""
    draft, current = stored(use_case), pending(use_case)
    if (current.revision if current is not None else 0) != seen_revision:
        raise StaleDraft(current)
    fields, based_on = _as_stored(content), _published_count(use_case)
    before = current.fields if current is not None else starting_fields(use_case)
    with transaction():
        if draft is None:
            draft = InventoryDraft(use_case_id=use_case.id, revision=0)
        draft.fields, draft.based_on_version = fields, based_on
        draft.revision = (draft.revision or 0) + 1
        draft.drafted_by_id, draft.drafted_at = actor.id, clock.now()
        db.session.add(draft)
        changed = [LABELS[k] for k in LABELS if k in fields and before.get(k) != fields[k]]
        audit.record(
            actor,
            "inventory.draft",
            draft,
            scope=use_case,
            summary=f"Saved the agency's draft of the inventory entry (revision {draft.revision})"
            + (f"; changed: {', '.join(changed)}" if changed else ""),
        )
        if current is None:  # a new draft: the group hears of it once, not at every save
            announce.draft_started(actor, use_case)
    return draft
