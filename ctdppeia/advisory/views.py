"""The advisory group's pages: the section on a use case, its forms, the re-assessment list."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import roles
from ctdppeia.advisory import conditions, pages, services
from ctdppeia.advisory.forms import (
    CloseConditionForm,
    ConflictForm,
    CorrectConditionForm,
    ReassessForm,
    RecommendationForm,
    SubcommitteeForm,
)
from ctdppeia.extensions import db
from ctdppeia.models import Role
from ctdppeia.reviews.errors import NotAllowed, ReviewError

bp = Blueprint("advisory", __name__, url_prefix="/ai-use-cases")

# Every role but the board, whom the role rule answers 404 (nothing unshared exists for them);
# the object checks answer 404 to other agencies and 403 to those who may read but not act.
SIGNED_IN = tuple(role for role in Role if role is not Role.BOARD)
PAGE = "advisory/use_case.html"


@bp.errorhandler(ReviewError)
def advisory_error(error: ReviewError) -> tuple[str, int]:
    db.session.rollback()
    page = render_template(
        "errors/error.html", code=error.code, title=error.title, advice=error.advice
    )
    return page, error.code


@bp.route("/<int:ai_case_id>/advisory")
@roles(*SIGNED_IN)
def show(ai_case_id: int) -> str:
    use_case = pages.load_use_case(current_user, ai_case_id)
    review = pages.current_review(use_case)
    return render_template(
        PAGE, use_case=use_case, advisory=pages.section(current_user, use_case, review)
    )


def _back(ai_case_id: int, message: str) -> Response:
    flash(message, "success")
    return redirect(url_for("advisory.show", ai_case_id=ai_case_id, _anchor="advisory"))


def _again(
    ai_case_id: int,
    review_id: int,
    closing: int | None = None,
    correcting: int | None = None,
    **form: object,
) -> tuple[str, int]:
    use_case, review = pages.load_review(current_user, ai_case_id, review_id)
    values = pages.section(current_user, use_case, review, closing, correcting, **form)
    return render_template(PAGE, use_case=use_case, advisory=values), 422


@bp.route("/<int:ai_case_id>/advisory/<int:review_id>/conflict", methods=["POST"])
@roles(*SIGNED_IN)
def conflict(ai_case_id: int, review_id: int) -> Response | tuple[str, int]:
    _, review = pages.load_review(current_user, ai_case_id, review_id)
    services.check_actor(current_user, review, "conflict")
    form = ConflictForm()
    if not form.validate_on_submit():
        return _again(ai_case_id, review_id, conflict=form)
    services.declare_conflict(current_user, review, form.reason.data or "")
    return _back(ai_case_id, "You declared a conflict of interest. You will not vote on this case.")


@bp.route("/<int:ai_case_id>/advisory/<int:review_id>/recommendation", methods=["POST"])
@roles(*SIGNED_IN)
def recommend(ai_case_id: int, review_id: int) -> Response | tuple[str, int]:
    _, review = pages.load_review(current_user, ai_case_id, review_id)
    services.check_actor(current_user, review, "recommendation")
    form = RecommendationForm()
    if not form.validate_on_submit():
        return _again(ai_case_id, review_id, recommendation=form)
    choice, why = form.recommendation.data or "", form.rationale.data or ""
    services.record_recommendation(current_user, review, choice, why)
    return _back(ai_case_id, "Your recommendation was saved. You can change it until the decision.")


@bp.route("/<int:ai_case_id>/advisory/<int:review_id>/subcommittee", methods=["POST"])
@roles(*SIGNED_IN)
def subcommittee(ai_case_id: int, review_id: int) -> Response | tuple[str, int]:
    _, review = pages.load_review(current_user, ai_case_id, review_id)
    services.check_actor(current_user, review, "subcommittee")
    form = SubcommitteeForm()
    if not form.validate_on_submit():
        return _again(ai_case_id, review_id, subcommittee=form)
    choice, why = form.recommendation.data or "", form.rationale.data or ""
    services.record_subcommittee(current_user, review, choice, why)
    return _back(ai_case_id, "The subcommittee's recommendation was saved.")


@bp.route("/<int:ai_case_id>/advisory/conditions/<int:condition_id>/close", methods=["POST"])
@roles(*SIGNED_IN)
def close_condition(ai_case_id: int, condition_id: int) -> Response | tuple[str, int]:
    condition = pages.load_condition(current_user, ai_case_id, condition_id)
    if not services.may_close(current_user, condition):
        raise NotAllowed("Only the agency's staff or AI reviewers can close a condition.")
    form = CloseConditionForm()
    if not form.validate_on_submit():
        review_id = condition.decision.review_id
        return _again(ai_case_id, review_id, close=form, closing=condition_id)
    services.close_condition(current_user, condition, form.evidence.data or "")
    return _back(ai_case_id, "The condition was closed with its evidence.")


@bp.route("/<int:ai_case_id>/advisory/conditions/<int:condition_id>/correct", methods=["POST"])
@roles(*SIGNED_IN)
def correct_condition(ai_case_id: int, condition_id: int) -> Response | tuple[str, int]:
    condition = pages.load_condition(current_user, ai_case_id, condition_id)
    refusal = conditions.corrector_refusal(current_user, condition.decision)
    if refusal is not None:
        raise NotAllowed(refusal)
    form = CorrectConditionForm()
    form.decided_on = conditions.decision_day(condition.decision.decided_at)
    try:
        if not form.validate_on_submit():
            raise ValueError("the form is not right")
        conditions.correct_condition(current_user, condition, form.correction())
    except ValueError as problem:
        if not form.errors:
            form.form_errors.append(str(problem))
        review_id = condition.decision.review_id
        return _again(ai_case_id, review_id, correct=form, correcting=condition_id)
    return _back(ai_case_id, "The condition was corrected. The old one stays on the record.")


@bp.route("/<int:ai_case_id>/advisory/<int:review_id>/reassess", methods=["POST"])
@roles(*SIGNED_IN)
def reassess(ai_case_id: int, review_id: int) -> Response:
    _, review = pages.load_review(current_user, ai_case_id, review_id)
    if not ReassessForm().validate_on_submit():
        return redirect(url_for("advisory.show", ai_case_id=ai_case_id))
    amendment = services.start_reassessment(current_user, review)
    flash("You started the re-assessment. It starts with the answers of the last review.")
    return redirect(url_for("reviews.show", review_id=amendment.id))


@bp.route("/due-for-reassessment")
@roles(Role.AI_REVIEWER, Role.ADMIN)
def due() -> str:
    found = pages.due_decisions()
    rows = [(pages.use_case_of(d), d) for d in found]
    return render_template("advisory/due.html", rows=rows, today=date.today())
