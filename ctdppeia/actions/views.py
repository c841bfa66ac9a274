"""The action plan's pages: add an action from a source, read one, change it, the agency's
open actions and their CSV file."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as Redirect

from ctdppeia import audit
from ctdppeia.access import roles
from ctdppeia.actions import checks, export, plan, services
from ctdppeia.actions.forms import ActionForm
from ctdppeia.extensions import db
from ctdppeia.models import ACTION_STATUSES, Review, ReviewAction, Role, User
from ctdppeia.reviews.errors import ReviewError
from ctdppeia.reviews.pages import load_review
from ctdppeia.reviews.permissions import READERS as REVIEW_READERS
from ctdppeia.reviews.permissions import ensure_may_plan, may_plan, may_see
from ctdppeia.stale import StaleEdit, fingerprints, posted_bases, set_version

bp = Blueprint("actions", __name__)

PLANNERS = (Role.REVIEWER, Role.APPROVER)
READERS = REVIEW_READERS  # whoever may see the review reads its plan


@bp.errorhandler(ReviewError)
def action_error(error: ReviewError) -> tuple[str, int]:
    db.session.rollback()
    page = render_template(
        "errors/error.html", code=error.code, title=error.title, advice=error.advice
    )
    return page, error.code


@bp.route("/reviews/<int:review_id>/actions/new", methods=["GET", "POST"])
@roles(*PLANNERS)
def new(review_id: int) -> str | Redirect:
    review = load_review(review_id).review
    ensure_may_plan(current_user, review)
    source = plan.source_or_404(review, request.args.get("source", ""))
    form = _form(review, data=plan.defaults(source))
    if form.validate_on_submit():
        services.create_action(current_user, review, source, form.action_input())
        flash(_("The action was added to the plan."), "success")
        return redirect(plan.review_url(review))
    return render_template("actions/form.html", form=form, review=review, source=source)


@bp.route("/actions/<int:action_id>")
@roles(*READERS)
def show(action_id: int) -> str:
    action = _visible_or_404(action_id)
    events = audit.history(("review_action", action.id))
    return render_template(
        "actions/show.html",
        action=action,
        source=plan.source_of(action),
        events=events,
        labels=services.LABELS,
        value_labels={"status": ACTION_STATUSES},
        may_plan=may_plan(current_user, action.review),
        review_url=plan.review_url(action.review),
    )


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@roles(*PLANNERS)
def edit(action_id: int) -> str | Redirect | tuple[str, int]:
    action = _visible_or_404(action_id)
    ensure_may_plan(current_user, action.review)
    form = _form(action.review, obj=action, current=action.owner_user_id)
    if request.method == "GET":
        form.owner_user_id.data = str(action.owner_user_id or "")
        return _edit_page(form, action, fingerprints(services.plain(action)))
    bases = posted_bases(request.form, services.LABELS)
    if not form.validate_on_submit():
        return _edit_page(form, action, bases)
    given = services.merge_untouched(action, form.action_input(), bases)
    try:
        services.update_action(current_user, action, given, form.version.data or 0, bases)
    except StaleEdit as stale:
        form.show(given)  # the fields not changed here now show what is saved
        set_version(form, stale.current_version)
        current = fingerprints(services.plain(action))
        return _edit_page(form, action, current, stale=stale), 409
    flash(_("Your changes to the action were saved."), "success")
    return redirect(url_for("actions.show", action_id=action.id))


@bp.route("/actions/")
@roles(*PLANNERS)
def index() -> str:
    rows = export.open_actions(current_user.agency_id)
    return render_template("actions/index.html", rows=rows, agency=current_user.agency)


@bp.route("/actions/<string:agency_code>/open-actions.csv")
@roles(*PLANNERS, Role.ADMIN)
def export_csv(agency_code: str) -> Response:
    agency = export.agency_or_404(current_user, agency_code)
    body = export.csv_file(agency.id)
    name = f"open-actions-{agency.code.lower()}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _visible_or_404(action_id: int) -> ReviewAction:
    action = db.session.get(ReviewAction, action_id)
    if action is None or not may_see(current_user, action.review):
        abort(404)
    return action


def _form(review: Review, current: int | None = None, **kwargs: object) -> ActionForm:
    form = ActionForm(**kwargs)
    owners = checks.owners_of(plan.owner_agency(review).id)
    if current is not None and current not in {user.id for user in owners}:
        owners.append(db.session.get_one(User, current))  # kept, though no longer staff
    form.set_owners(owners)
    return form


def _edit_page(
    form: ActionForm, action: ReviewAction, bases: dict[str, str], **extra: object
) -> str:
    return render_template(
        "actions/form.html",
        form=form,
        review=action.review,
        action=action,
        source=plan.source_of(action),
        bases=bases,
        **extra,
    )
