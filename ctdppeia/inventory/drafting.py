"""The owner agency's draft of its use case's inventory entry (``drafts``).

Who: the owner agency's reviewers and approvers edit the draft; AI reviewers (who publish it)
and administrators read it; another agency's staff get 404, as for the use case, and board
members are refused by the role rule.
"""

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import roles
from ctdppeia.ai import permissions
from ctdppeia.inventory import drafts
from ctdppeia.inventory.facts import assessment_facts
from ctdppeia.inventory.fields import FORM, LABELS, PAGE_ORDER
from ctdppeia.inventory.forms import DraftForm, PublishForm, form_values
from ctdppeia.inventory.views import bp
from ctdppeia.models import AIUseCase, InventoryDraft, Role

READERS = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER, Role.ADMIN)
KEEPERS = (Role.REVIEWER, Role.APPROVER)


def starting_values(use_case: AIUseCase) -> dict[str, Any]:
    """The form's starting values: the pending draft keeps its proposed change note."""
    values = form_values(drafts.starting_fields(use_case))
    draft = drafts.pending(use_case)
    if draft is not None:
        values["change_note"] = draft.fields.get("change_note")
    return values


@bp.route("/ai-use-cases/<int:use_case_id>/inventory/draft")
@roles(*READERS)
def draft(use_case_id: int) -> str:
    """The owner agency's form; the draft itself, read-only, to anyone else who may read it."""
    use_case = permissions.get_visible_or_404(current_user, use_case_id)
    if not permissions.may_change(current_user, use_case):
        return _read_only(use_case)
    pending = drafts.pending(use_case)
    form = DraftForm(
        formdata=None, data={**starting_values(use_case), "revision": _revision(pending)}
    )
    return _page(use_case, form, pending)


@bp.route("/ai-use-cases/<int:use_case_id>/inventory/draft", methods=["POST"])
@roles(*KEEPERS)
def save_draft(use_case_id: int) -> str | Response | tuple[str, int]:
    use_case = permissions.get_changeable_or_403(current_user, use_case_id)
    form = DraftForm()
    if not form.validate_on_submit():
        return _page(use_case, form, drafts.pending(use_case)), 422
    try:
        drafts.save(current_user, use_case, form.content(), form.seen_revision())
    except drafts.StaleDraft as stale:
        form.form_errors.append(str(stale))
        form.revision.data = _revision(stale.current)
        return _page(use_case, form, stale.current), 409
    flash("The draft is saved. Nothing is published until an AI reviewer publishes it.", "success")
    return redirect(url_for("inventory.draft", use_case_id=use_case.id))


def _revision(draft: InventoryDraft | None) -> str:
    return str(draft.revision) if draft is not None else "0"


def _page(use_case: AIUseCase, form: PublishForm, pending: InventoryDraft | None) -> str:
    shown = pending.fields if pending is not None else None
    return render_template(
        "inventory/draft.html",
        use_case=use_case,
        form=form,
        pending=pending,
        problems=drafts.problems(use_case, shown) if shown is not None else {},
        labels=LABELS,
        assessment=assessment_facts(use_case),
    )


def _read_only(use_case: AIUseCase) -> str:
    pending = drafts.pending(use_case)
    return render_template(
        "inventory/draft_read.html",
        use_case=use_case,
        pending=pending,
        fields=[field.key for field in PAGE_ORDER if field.source == FORM],
        labels=LABELS,
        may_publish=current_user.role is Role.AI_REVIEWER,
    )
