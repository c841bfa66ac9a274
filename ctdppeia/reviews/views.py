"""Review pages: start, walk the sections, respond to flags, read the summary, decide."""

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia import jobs
from ctdppeia.access import roles
from ctdppeia.extensions import db
from ctdppeia.models import Review
from ctdppeia.reviews import listing, pages, permissions, services, signing, workflow
from ctdppeia.reviews.amend import amend_review
from ctdppeia.reviews.confirmation import ConfirmationRefused, read_inputs
from ctdppeia.reviews.errors import ReviewError, SaveConflict, SubmissionRefused
from ctdppeia.reviews.forms import (
    ActionForm,
    ApproveForm,
    ResponseForm,
    SendBackForm,
    StartForm,
    field_errors,
    read_answers,
    section_form,
)
from ctdppeia.reviews.merge import changed_by_person, undecided
from ctdppeia.reviews.permissions import APPROVERS, READERS, WRITERS
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.sections import SectionPage, conflict_page, hidden_in, saved_redirect
from ctdppeia.reviews.starting import offered_or_404, start_choices
from ctdppeia.reviews.subjects import adapter_for

bp = Blueprint("reviews", __name__, url_prefix="/reviews")

SUBJECT_LABELS = {
    "data-request": "Reviews of requests for data",
    "ai-use-case": "Reviews of uses of AI",
}


bp.register_error_handler(ReviewError, pages.review_error)


@bp.route("/")
@roles(*READERS)
def index() -> str:
    status = request.args.get("status", "")
    status = status if status in listing.STATUS_FILTERS else ""
    older, newer = request.args.get("older"), request.args.get("newer")
    page, rows = listing.review_page(current_user, status, older, newer)
    waiting, more_waiting = listing.waiting_for(current_user)
    return render_template(
        "reviews/index.html",
        page=page,
        rows=rows,
        status=status,
        waiting=waiting,
        more_waiting=more_waiting,
    )


@bp.route("/start/<kind>/<int:subject_id>", methods=["GET", "POST"])
@roles(*WRITERS)
def start(kind: str, subject_id: int) -> str | Response:
    adapter = adapter_for(kind)
    subject = adapter.load_visible_or_404(current_user, subject_id)
    refusal = f"Only the agency that owns this {adapter.label} can review it."
    permissions.ensure_may_answer_subject(current_user, adapter, subject, refusal)
    form = StartForm()
    offered = start_choices(form, adapter)
    if form.validate_on_submit():
        questionnaire = offered_or_404(offered, form.questionnaire.data)
        review = services.start_review(current_user, adapter, subject, questionnaire)
        flash(f"You started a review with the {questionnaire.title}.", "success")
        first = questionnaire.sections[0].id
        return redirect(url_for("reviews.section", review_id=review.id, section_id=first))
    return render_template(
        "reviews/start.html", form=form, offered=offered, adapter=adapter, subject=subject
    )


@bp.route("/questionnaires/<questionnaire_id>/about")
@roles(*READERS)
def about(questionnaire_id: str) -> str:
    """What a questionnaire is, its edition, its sources, who keeps it, how to change it."""
    questionnaire = questionnaires().latest(questionnaire_id)
    if questionnaire is None:
        abort(404)
    label = SUBJECT_LABELS.get(questionnaire.subject, questionnaire.subject)
    return render_template("reviews/about.html", questionnaire=questionnaire, subject_label=label)


@bp.route("/<int:review_id>")
@roles(*READERS)
def show(review_id: int) -> str:
    loaded = pages.load_review(review_id)
    values = pages.common(loaded)
    events = pages.history(loaded.review)
    problems = pages.submission_problems(loaded.review)
    return render_template(
        "reviews/show.html", **values, events=events, problems=problems, amend_form=ActionForm()
    )


@bp.route("/<int:review_id>/sections/<section_id>", methods=["GET"])
@roles(*READERS)
def section(review_id: int, section_id: str) -> str | Response:
    page = SectionPage.load(review_id, section_id)
    elsewhere = page.read_only()
    if elsewhere is not None:
        return elsewhere
    return page.render(section_form(*page.form_source()))


@bp.route("/<int:review_id>/sections/<section_id>", methods=["POST"])
@roles(*WRITERS)
def save(review_id: int, section_id: str) -> str | Response | tuple[str, int]:
    page = SectionPage.load(review_id, section_id)
    permissions.ensure_may_change(current_user, page.review, permissions.READ_ONLY)
    form = section_form(page.context.questionnaire, page.section)
    values = read_answers(form, page.section) if form.validate_on_submit() else None
    if values is None:
        return page.render(form, invalid=True, hidden=hidden_in(page, form)), 422
    action = request.form.get("action", "save")
    mine = changed_by_person(page.section, values, request.form)
    waiting = undecided(page.section, request.form)
    try:
        if waiting:
            raise page.choice_needed(values, waiting)
        outcome = page.save(values, form.version.data or 0, action, mine)
    except SaveConflict as conflict:
        return conflict_page(page, conflict, values, mine, waiting), 409
    return saved_redirect(page, outcome, action)


@bp.route("/<int:review_id>/sections/<section_id>/draft", methods=["POST"])
@roles(*WRITERS)
def draft(review_id: int, section_id: str) -> tuple[Response, int]:
    """Save the section as a draft in the background (the page's script); JSON either way."""
    page = SectionPage.load(review_id, section_id)
    permissions.ensure_may_change(current_user, page.review, permissions.READ_ONLY)
    form = section_form(page.context.questionnaire, page.section)
    values = read_answers(form, page.section) if form.validate_on_submit() else None
    if values is None:
        return jsonify(saved=False, problem="invalid", errors=field_errors(form)), 422
    # a draft never decides between two people's answers: those wait for the person's choice
    mine = changed_by_person(page.section, values, request.form)
    mine -= set(undecided(page.section, request.form))
    try:
        page.save(values, form.version.data or 0, "save", mine)
    except SaveConflict as conflict:
        return jsonify(saved=False, problem="conflict", version=conflict.current_version), 409
    db.session.refresh(page.review)
    return jsonify(saved=True, version=page.review.version), 200


@bp.route("/keep-signed-in", methods=["POST"])
@roles(*WRITERS)
def keep_signed_in() -> Response:
    """Any request renews the session; this one only says for how long (the page's script)."""
    return jsonify(idle_minutes=current_app.config["SESSION_IDLE_MINUTES"])


@bp.route("/<int:review_id>/sections/<section_id>/visibility", methods=["POST"])
@roles(*WRITERS)
def visibility(review_id: int, section_id: str) -> Response:
    """Which questions of the section the typed answers hide (for the page's script)."""
    page = SectionPage.load(review_id, section_id)
    permissions.ensure_may_answer(current_user, page.review, permissions.READ_ONLY)
    form = section_form(page.context.questionnaire, page.section)
    return jsonify(hidden=hidden_in(page, form))


@bp.route("/<int:review_id>/flags/<flag_id>", methods=["GET", "POST"])
@roles(*WRITERS)
def respond(review_id: int, flag_id: str) -> str | Response | tuple[str, int]:
    loaded = pages.load_for_change(review_id)
    values = pages.common(loaded)
    entry = values["panel"].entry(flag_id)
    if entry is None:
        return render_template("reviews/flag_gone.html", **values, flag_id=flag_id), 404
    form = ResponseForm(data=pages.response_defaults(entry))
    if form.validate_on_submit():
        kind, text = form.kind.data or "", form.text.data or ""
        workflow.respond_to_flag(current_user, loaded.review, flag_id, kind, text)
        flash(f"Your response to “{entry.flag.title}” was saved.", "success")
        return redirect(url_for("reviews.show", review_id=review_id, _anchor="flags"))
    permissions.ensure_open(loaded.review)
    return render_template("reviews/respond.html", **values, entry=entry, form=form)


@bp.route("/<int:review_id>/summary")
@roles(*READERS)
def summary(review_id: int) -> str:
    loaded = pages.load_review(review_id)
    return render_template("reviews/summary.html", **pages.summary_values(loaded))


@bp.route("/<int:review_id>/submit", methods=["GET", "POST"])
@roles(*WRITERS)
def submit(review_id: int) -> str | Response | tuple[str, int]:
    loaded = pages.load_for_change(review_id)
    permissions.ensure_open(loaded.review)
    form, asked = pages.decision_form(loaded.review)
    problems = workflow.submission_problems(loaded.review)
    if form.validate_on_submit() and not problems:
        try:
            fields = pages.decision_fields(form, asked)
            workflow.submit_review(current_user, loaded.review, *fields, declared=True)
        except SubmissionRefused as refused:
            problems = refused.problems
        else:
            return redirect(url_for("reviews.submitted", review_id=review_id))
    values = pages.common(loaded)
    page = render_template(
        "reviews/submit.html", **values, form=form, problems=problems, asked=asked
    )
    return page, 422 if request.method == "POST" else 200


@bp.route("/<int:review_id>/confirm", methods=["GET", "POST"])
@roles(*APPROVERS)
def confirm(review_id: int) -> str | Response | tuple[str, int]:
    """Two steps: the note and the declaration, then a page saying what signing does, where the
    approver also answers what each confirmation step asks (e.g. the board's concerns)."""
    loaded = pages.load_review(review_id)
    permissions.ensure_may_decide(current_user, loaded.review)
    form = ApproveForm()
    if not form.validate_on_submit():
        return pages.confirm_page(loaded, form, "edit"), 422 if request.method == "POST" else 200
    if form.step.data != "sign":
        return pages.confirm_page(loaded, form, "check")
    inputs = read_inputs(request.form, loaded.review)  # each step reads its own fields
    try:
        job_id = _sign(loaded.review, form.note.data or "", inputs)
    except ConfirmationRefused as refused:
        return pages.confirm_page(loaded, form, "check", {refused.step: refused.errors}), 422
    if job_id is None:
        return redirect(url_for("reviews.signed", review_id=review_id))
    return redirect(url_for("reviews.signing", review_id=review_id, job_id=job_id))


def _sign(review: Review, note: str, inputs: dict[str, Any]) -> str | None:
    """Confirm and sign now (jobs run inline), or queue the signing: the job's id."""
    if jobs.run_inline():
        workflow.confirm_review(current_user, review, note, inputs)
        return None
    return signing.start_signing(current_user, review, note, inputs)


@bp.route("/<int:review_id>/send-back", methods=["POST"])
@roles(*APPROVERS)
def send_back(review_id: int) -> Response | tuple[str, int]:
    loaded = pages.load_review(review_id)
    form = SendBackForm()
    if not form.validate_on_submit():
        permissions.ensure_may_decide(current_user, loaded.review)
        values = pages.summary_values(loaded, send_back_form=form)
        return render_template("reviews/summary.html", **values), 422
    workflow.send_back(current_user, loaded.review, form.comment.data or "")
    flash("You sent the review back to the reviewers with your comment.", "success")
    return redirect(url_for("reviews.show", review_id=review_id))


@bp.route("/<int:review_id>/amend", methods=["POST"])
@roles(*WRITERS)
def amend(review_id: int) -> Response:
    loaded = pages.load_for_change(review_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for("reviews.show", review_id=review_id))
    amendment = amend_review(current_user, loaded.review)
    flash(f"You started an amendment of review {review_id}. It starts with the same answers.")
    return redirect(url_for("reviews.show", review_id=amendment.id))
