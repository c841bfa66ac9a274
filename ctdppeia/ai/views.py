"""AI use case pages: the list (the advisory group's queue), propose, view, change."""

from functools import partial

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia import audit, limits
from ctdppeia.access import roles
from ctdppeia.ai import listing, permissions, picker, queue, services
from ctdppeia.ai.forms import AIUseCaseForm
from ctdppeia.ai.tier import tier_of
from ctdppeia.formtools import select_choices
from ctdppeia.models import AIUseCase, DataRequest, Role
from ctdppeia.requests import permissions as request_permissions
from ctdppeia.stale import StaleEdit, fingerprints, posted_bases, set_version

bp = Blueprint("ai", __name__, url_prefix="/ai-use-cases")

# Roles that may not use a page get 403; board members get 404 from the role rule, like anyone
# who may not see a use case (ids do not leak).
LISTERS = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER, Role.ADMIN)
PROPOSERS = (Role.REVIEWER, Role.APPROVER)
READERS = LISTERS
AUTHORS = PROPOSERS


@bp.route("/")
@roles(*LISTERS)
def index() -> str:
    status = request.args.get("status", "")
    status = status if status in queue.statuses() else ""
    page, rows = listing.use_case_page(
        current_user,
        status,
        request.args.get("older"),
        request.args.get("newer"),
        current_app.config["AI_USE_CASES_PER_PAGE"],
    )
    return render_template(
        "ai/index.html",
        page=page,
        rows=rows,
        status=status,
        statuses=queue.statuses(),
        may_propose=permissions.may_propose(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles(*PROPOSERS)
def new() -> str | Response:
    source = _source_request()
    prefill = _prefill(source) if source and request.method == "GET" else None
    form = _form([source.id] if source else [], data=prefill)
    if form.validate_on_submit():
        ids = sorted({*(form.requests.data or []), *form.number_ids})
        created = services.create_use_case(current_user, _fields(form), ids, source)
        flash("The AI use case was saved.", "success")
        return redirect(url_for("ai.show", use_case_id=created.id))
    return render_template("ai/form.html", form=form, use_case=None, source=source)


@bp.route("/<int:use_case_id>")
@roles(*READERS)
def show(use_case_id: int) -> str:
    use_case = permissions.get_visible_or_404(current_user, use_case_id)
    review = queue.latest_review(use_case)
    return render_template(
        "ai/show.html",
        use_case=use_case,
        review=review,
        tier=tier_of(review) if review is not None else None,
        status=queue.statuses()[queue.queue([use_case])[0][1]],
        events=audit.history(("ai_use_case", use_case.id)),
        may_change=permissions.may_change(current_user, use_case),
        labels=services.LABELS,
    )


@bp.route("/<int:use_case_id>/edit", methods=["GET", "POST"])
@roles(*AUTHORS)
def edit(use_case_id: int) -> str | Response | tuple[str, int]:
    use_case = permissions.get_changeable_or_403(current_user, use_case_id)
    linked = [item.id for item in use_case.requests]
    form = _form(linked, obj=use_case)
    if request.method == "GET":
        form.requests.data = linked
    bases = posted_bases(request.form, BASE_KEYS)
    if form.validate_on_submit():
        fields, ids = services.keep_untouched(
            use_case, _fields(form), _kept_links(form, use_case), bases
        )
        try:
            version = form.version.data or 0
            services.update_use_case(current_user, use_case, fields, ids, version, bases)
        except StaleEdit as stale:
            _show(form, fields, ids)  # the fields not changed here now show what is saved
            set_version(form, stale.current_version)
            current = fingerprints(services.plain(use_case))
            return _page(form, use_case, current, stale=stale), 409
        flash("Your changes were saved.", "success")
        return redirect(url_for("ai.show", use_case_id=use_case.id))
    if request.method == "GET":
        bases = fingerprints(services.plain(use_case))
    return _page(form, use_case, bases)


BASE_KEYS = (*services.EDITABLE_FIELDS, "requests")


def _page(form: AIUseCaseForm, use_case: AIUseCase, bases: dict[str, str], **extra: object) -> str:
    return render_template("ai/form.html", form=form, use_case=use_case, bases=bases, **extra)


def _show(form: AIUseCaseForm, fields: dict[str, object], ids: list[int]) -> None:
    """Put values into the posted form (after a refused save); requests added by number are
    now ticked boxes, so the number field is emptied."""
    for name, value in fields.items():
        form[name].data, form[name].raw_data = value, None
    form.requests.choices = select_choices(picker.choices(current_user, ids))
    form.requests.data, form.requests.raw_data = ids, None
    form.request_numbers.data, form.request_numbers.raw_data = "", None


def _form(linked: list[int], **kwargs: object) -> AIUseCaseForm:
    """The form, offering the recent requests, the `linked` ones and those ticked."""
    form = AIUseCaseForm(**kwargs)
    ticked = [int(v) for v in request.form.getlist("requests") if v.isdigit() and len(v) < 11]
    form.requests.choices = select_choices(picker.choices(current_user, [*linked, *ticked]))
    form.check_numbers = partial(picker.check_numbers, current_user)
    return form


def _fields(form: AIUseCaseForm) -> dict[str, object]:
    return {field: form[field].data for field in services.EDITABLE_FIELDS}


def _kept_links(form: AIUseCaseForm, use_case: AIUseCase) -> list[int]:
    """The ticked requests, those added by number, and the linked ones this person cannot see
    (they stay linked)."""
    # WTForms 3.3's SelectChoice items, which types-WTForms (3.2) does not know
    offered = {choice.value for choice in form.requests.choices}  # type: ignore[union-attr]
    hidden = [item.id for item in use_case.requests if item.id not in offered]
    return sorted({*(form.requests.data or []), *form.number_ids, *hidden})


def _source_request() -> DataRequest | None:
    """The request named by `from_request`, when the user's agency owns it (else 404/403)."""
    request_id = request.args.get("from_request", type=int)
    if request_id is None:
        return None
    if not 1 <= request_id <= limits.MAX_ID:
        abort(404)
    data_request = request_permissions.get_visible_or_404(current_user, request_id)
    if not request_permissions.may_change(current_user, data_request):
        abort(403)
    return data_request


def _prefill(source: DataRequest) -> dict[str, object]:
    return {"name": source.title, "intended_use": source.purpose, "requests": [source.id]}
