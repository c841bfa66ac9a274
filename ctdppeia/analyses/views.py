"""Outcome analysis pages: the list on a review, the results, and adding, changing, uploading
and deleting an analysis."""

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ctdppeia.access import roles
from ctdppeia.analyses import results, services
from ctdppeia.analyses.forms import ConfirmForm, UploadForm, initial_data
from ctdppeia.analyses.pages import Page, handle_table, handle_upload, render, table_form
from ctdppeia.disparity import template_csv
from ctdppeia.extensions import db
from ctdppeia.models import Role
from ctdppeia.reviews.errors import ReviewError

bp = Blueprint("analyses", __name__)

READERS = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER, Role.ADMIN)
WRITERS = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER)
BASE = "/reviews/<int:review_id>/analyses"
ONE = BASE + "/<int:analysis_id>"


@bp.errorhandler(ReviewError)
def review_error(error: ReviewError) -> tuple[str, int]:
    db.session.rollback()
    page = render_template(
        "errors/error.html", code=error.code, title=error.title, advice=error.advice
    )
    return page, error.code


@bp.route(BASE)
@roles(*READERS)
def index(review_id: int) -> tuple[str, int]:
    page = Page.load(review_id)
    return render("analyses/index.html", page, items=results.computed_for(page.review))


@bp.route(ONE)
@roles(*READERS)
def show(review_id: int, analysis_id: int) -> tuple[str, int]:
    page = Page.load(review_id, analysis_id)
    return render("analyses/show.html", page, computed=page.computed())


@bp.route(BASE + "/new", methods=["GET", "POST"])
@bp.route(ONE + "/edit", methods=["GET", "POST"], endpoint="edit")
@roles(*WRITERS)
def new(review_id: int, analysis_id: int | None = None) -> ResponseReturnValue:
    page = Page.load(review_id, analysis_id, change=True)
    form = table_form(page)
    outcome = handle_table(page, form) if request.method == "POST" else 200
    if not isinstance(outcome, int):
        return outcome
    return render("analyses/form.html", page, outcome, form=form)


@bp.route(BASE + "/upload", methods=["GET", "POST"])
@bp.route(ONE + "/upload", methods=["GET", "POST"])
@roles(*WRITERS)
def upload(review_id: int, analysis_id: int | None = None) -> ResponseReturnValue:
    page = Page.load(review_id, analysis_id, change=True)
    data = initial_data(page.analysis) if page.analysis and request.method == "GET" else None
    form = UploadForm(data=data)
    problems: list[str] = []
    if request.method == "POST":
        done, problems = handle_upload(page, form)
        if done is not None:
            return done
    status = page.refusal_status if request.method == "POST" else 200
    return render("analyses/upload.html", page, status, form=form, problems=problems)


@bp.route(ONE + "/delete", methods=["GET", "POST"])
@roles(*WRITERS)
def delete(review_id: int, analysis_id: int) -> ResponseReturnValue:
    page = Page.load(review_id, analysis_id, change=True)
    form = ConfirmForm()
    if form.validate_on_submit() and page.analysis is not None:
        title = page.analysis.title
        services.delete_analysis(current_user, page.analysis)
        flash(f"The analysis “{title}” was deleted.", "success")
        return redirect(url_for("analyses.index", review_id=review_id))
    return render("analyses/delete.html", page, form=form)


@bp.route("/analyses/template.csv")
@roles(*READERS)
def template() -> Response:
    return Response(
        template_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="outcome-analysis-template.csv"'},
    )
