"""Publishing a use case's entry in the public inventory, and retiring it (AI reviewers).

A use case is published only when the advisory group's latest decision approves it
(``services.approval_refusal``): otherwise the page says why and offers no publish form.
Retiring a published system needs no decision.
"""

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from ctdppeia import checkpage
from ctdppeia.access import roles
from ctdppeia.extensions import db
from ctdppeia.inventory import drafts, preview, services
from ctdppeia.inventory.drafting import starting_values
from ctdppeia.inventory.facts import assessment_facts
from ctdppeia.inventory.fields import LABELS, PAGE_ORDER
from ctdppeia.inventory.forms import PublishForm, RetireForm
from ctdppeia.inventory.views import bp
from ctdppeia.models import AIUseCase, Role
from ctdppeia.notices.audience import PUBLISHED, told_of

PUBLISHERS = (Role.AI_REVIEWER,)
# The public fields the publisher types (a "Change" on the check page goes back to each).
CHANGEABLE = frozenset(key for key in LABELS if key in PublishForm.__dict__)


def load_use_case(use_case_id: int) -> AIUseCase:
    use_case = db.session.get(AIUseCase, use_case_id)
    if use_case is None:
        abort(404)
    return use_case


@bp.route("/ai-use-cases/<int:use_case_id>/inventory", methods=["GET", "POST"])
@roles(*PUBLISHERS)
def publish(use_case_id: int) -> str | Response | tuple[str, int]:
    use_case = load_use_case(use_case_id)
    refusal = services.approval_refusal(use_case)
    if refusal is not None:
        status = 409 if request.method == "POST" else 200
        return _page(use_case, None, RetireForm(formdata=None), refusal), status
    form = PublishForm(data=starting_values(use_case))
    if form.validate_on_submit():
        try:
            return _check_or_publish(use_case, form, preview.preview(use_case, form.content()))
        except services.PublishError as error:
            _show_problems(form, error.problems)
        except services.NothingChanged as same:
            flash(str(same), "info")
            return redirect(url_for("inventory.entry", public_id=same.current.public_id))
    status = 422 if form.is_submitted() else 200
    return _page(use_case, form, RetireForm(formdata=None)), status


def _check_or_publish(
    use_case: AIUseCase, form: PublishForm, shown: preview.Preview
) -> Response | tuple[str, int]:
    """The form's POST shows the check page; only the check page's POST publishes, while the
    inventory and the decision are as the page showed them."""
    typed, state = checkpage.carried(request.form), preview.state_of(use_case)
    token = request.form.get("check_token")
    found = checkpage.verdict(token, preview.STEP, current_user.id, use_case.id, typed, state)
    if request.form.get("step") != "publish" or found == checkpage.MISSING:
        return _check_page(use_case, shown, typed, state, stale=False), 200
    if found == checkpage.STALE:
        return _check_page(use_case, shown, typed, state, stale=True), 409
    version = services.publish(current_user, use_case, form.content())
    return redirect(url_for("inventory.published", use_case_id=use_case.id, number=version.version))


def _check_page(
    use_case: AIUseCase, shown: preview.Preview, typed: list[tuple[str, str]], state: str,
    stale: bool,
) -> str:  # fmt: skip
    token = checkpage.issue(preview.STEP, current_user.id, use_case.id, typed, state)
    return render_template(
        "inventory/check_publish.html",
        use_case=use_case,
        shown=shown,
        record=shown.record,
        fields=PAGE_ORDER,
        labels=LABELS,
        changeable=CHANGEABLE,
        carried=typed,
        token=token,
        stale=stale,
    )


@bp.route("/ai-use-cases/<int:use_case_id>/inventory/change", methods=["POST"])
@roles(*PUBLISHERS)
def change(use_case_id: int) -> str:
    """A "Change" on the check page: the form again, with everything typed kept."""
    use_case = load_use_case(use_case_id)
    return _page(
        use_case, PublishForm(), RetireForm(formdata=None), services.approval_refusal(use_case)
    )


@bp.route("/ai-use-cases/<int:use_case_id>/inventory/versions/<int:number>/published")
@roles(*PUBLISHERS)
def published(use_case_id: int, number: int) -> str:
    """The confirmation page of a published version."""
    use_case = load_use_case(use_case_id)
    version = next((v for v in services.versions(use_case) if v.version == number), None)
    if version is None or version.fields.get("status") == "retired":
        abort(404)
    return render_template(
        "inventory/published.html",
        use_case=use_case,
        version=version,
        told=told_of(PUBLISHED, version),
    )


@bp.route("/ai-use-cases/<int:use_case_id>/inventory/retire", methods=["POST"])
@roles(*PUBLISHERS)
def retire(use_case_id: int) -> str | Response | tuple[str, int]:
    use_case = load_use_case(use_case_id)
    form = RetireForm()
    if form.validate_on_submit():
        try:
            version = services.retire(current_user, use_case, form.note.data or "")
        except services.PublishError as error:
            form.note.errors = [*form.note.errors, *error.problems.values()]
        else:
            flash(f"{version.public_id} is now marked retired.", "success")
            return redirect(url_for("inventory.entry", public_id=version.public_id))
    refusal = services.approval_refusal(use_case)
    if refusal is not None:
        return _page(use_case, None, form, refusal), 422
    return _page(use_case, PublishForm(formdata=None, data=starting_values(use_case)), form), 422


def _show_problems(form: PublishForm, problems: dict[str, str]) -> None:
    for key, message in problems.items():
        field = getattr(form, key, None)
        if field is not None:
            field.errors = [*field.errors, message]
        elif key in LABELS:  # a field the inventory fills itself, such as the inventory ID
            form.form_errors.append(f"{LABELS[key]}: {message}")
        else:
            form.form_errors.append(message)


def _page(
    use_case: AIUseCase,
    form: PublishForm | None,
    retire_form: RetireForm,
    refusal: str | None = None,
) -> str:
    """The page; with a `refusal`, it says why publishing is refused and has no publish form."""
    found: list[Any] = services.versions(use_case)
    return render_template(
        "inventory/publish.html",
        use_case=use_case,
        use_case_url=_use_case_url(use_case),
        form=None if refusal else form,
        refusal=refusal,
        retire_form=retire_form,
        versions=found,
        latest=found[-1] if found else None,
        assessment=assessment_facts(use_case),
        draft=drafts.pending(use_case),
    )


def _use_case_url(use_case: AIUseCase) -> str | None:
    """The use case's own page, when the AI use case pages are installed."""
    try:
        return url_for("ai.show", use_case_id=use_case.id)
    except BuildError:
        return None


def panel_actions(use_case: AIUseCase) -> dict[str, bool]:
    """What the use case page's inventory panel offers: publishing only when the advisory
    group's decision allows it, retiring only a published system that is not retired."""
    last = services.latest(use_case)
    return {
        "publish": services.approval_refusal(use_case) is None,
        "retire": last is not None and last.fields.get("status") != "retired",
    }


def retired_status(use_case: AIUseCase, reviews: list[Any]) -> str | None:
    """The AI queue's status of a system retired from the inventory."""
    return "retired" if use_case.retired_at is not None else None
