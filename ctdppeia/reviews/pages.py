"""Loading a review for a page, and what every review page shows around its own content."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ctdppeia import audit, limits
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review
from ctdppeia.questionnaire import Questionnaire
from ctdppeia.reviews import permissions, recommendation, setaside, workflow
from ctdppeia.reviews.errors import Problem, ReviewError
from ctdppeia.reviews.fields import question_anchor
from ctdppeia.reviews.flags import FlagPanel, flag_panel
from ctdppeia.reviews.forms import ActionForm, ApproveForm, DecisionForm, SendBackForm
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.state import ReviewContext, load_context
from ctdppeia.reviews.subjects import SubjectAdapter, adapter_for


@dataclass
class Loaded:
    review: Review
    adapter: SubjectAdapter
    subject: Any


def load_review(review_id: int) -> Loaded:
    """The review if the user may see its subject (`permissions.may_see`); 404 otherwise."""
    review = db.session.get(Review, review_id, options=[joinedload(Review.questionnaire_version)])
    if review is None:
        abort(404)
    adapter = adapter_for(review.subject_kind)
    subject = adapter.load_visible_or_404(current_user, review.subject_id)
    return Loaded(review, adapter, subject)


def load_for_change(review_id: int) -> Loaded:
    """As `load_review`, and 403 when the user may not answer reviews of this subject."""
    loaded = load_review(review_id)
    permissions.ensure_may_answer(current_user, loaded.review, permissions.READ_ONLY)
    return loaded


def newer_version(context: ReviewContext) -> Questionnaire | None:
    """The questionnaire now loaded, when it is another version than the review's."""
    latest = questionnaires().latest(context.questionnaire.id)
    if latest is None or latest.hash == context.questionnaire.hash:
        return None
    return latest


def history(review: Review) -> list[AuditEvent]:
    """Everything recorded about the review and its rows, newest first."""
    return audit.history(("review", review.id))


def common(loaded: Loaded) -> dict[str, Any]:
    """The template values every review page uses."""
    context = load_context(loaded.review)
    panel: FlagPanel = flag_panel(loaded.review)
    return {
        "review": loaded.review,
        "adapter": loaded.adapter,
        "subject": loaded.subject,
        "subject_title": loaded.adapter.title(loaded.subject),
        "subject_url": loaded.adapter.url(loaded.subject),
        "context": context,
        "questionnaire": context.questionnaire,
        "panel": panel,
        "newer": newer_version(context),
        **permissions.template_values(current_user, loaded.review),
        "question_url": question_url,
        "problem_url": problem_url,
    }


def submission_problems(review: Review) -> list[Problem]:
    """What stops an in-progress review from being submitted (none once it is submitted)."""
    return workflow.submission_problems(review) if review.status == "in-progress" else []


def question_url(review: Review, section_id: str, question_id: str) -> str:
    """Where a question can be answered (or read, once the review cannot change)."""
    anchor = question_anchor(question_id)
    if review.status != "in-progress":
        return url_for("reviews.summary", review_id=review.id, _anchor=anchor)
    return url_for("reviews.section", review_id=review.id, section_id=section_id, _anchor=anchor)


def problem_url(review: Review, problem: Problem) -> str:
    if problem.url:
        return problem.url
    if problem.endpoint:
        values: dict[str, Any] = problem.values or {}  # the endpoint's own, as url_for takes
        return url_for(problem.endpoint, review_id=review.id, **values, _anchor=problem.anchor)
    if problem.flag_id:
        return url_for("reviews.respond", review_id=review.id, flag_id=problem.flag_id)
    return question_url(review, problem.section_id or "", problem.question_id or "")


def suggested_decision(review: Review) -> dict[str, str]:
    """After a review was sent back, its last recommendation fills the form again."""
    if not review.decisions:
        return {}
    last = review.decisions[-1]
    fields = ("recommendation", "conditions", "rationale")
    return {name: getattr(last, name) for name in fields}


def decision_form(review: Review) -> tuple[DecisionForm, recommendation.Asked | None]:
    """The submit form, and the recommendation when the questionnaire asked for it (then the
    form asks only for the reasons)."""
    form = DecisionForm(data=suggested_decision(review))
    asked = recommendation.asked_in(load_context(review))
    if asked is not None:
        del form.recommendation
        del form.conditions
    return form, asked


def decision_fields(form: Any, asked: recommendation.Asked | None) -> tuple[str, str, str]:
    """(recommendation, conditions, rationale): from the questionnaire's answers when it asked
    for them, otherwise from the DecisionForm."""
    rationale = form.rationale.data or ""
    if asked is not None:
        return asked.recommendation, asked.conditions, rationale
    return form.recommendation.data or "", form.conditions.data or "", rationale


def summary_values(loaded: Loaded, send_back_form: Any = None) -> dict[str, Any]:
    """The summary page: everything, plus the reviewer's submit form (after the answers),
    and the approver's and the amendment's forms."""
    form, asked = decision_form(loaded.review)
    return {
        **common(loaded),
        "submit_form_values": {"form": form, "asked": asked},
        "problems": submission_problems(loaded.review),
        "confirm_form": ApproveForm(formdata=None),
        "send_back_form": send_back_form or SendBackForm(),
        "amend_form": ActionForm(),
        "amendments": amendments_of(loaded.review),
    }


def confirm_page(
    loaded: Loaded,
    form: ApproveForm,
    mode: str,
    step_errors: Mapping[str, Mapping[Any, str]] | None = None,
) -> str:
    """The approver's confirmation: "edit" (note and declaration) or "check" (the last step,
    saying exactly what signing does, with what each confirmation step asks: the items to close
    before approval still open, each to set aside with a reason, and the fields steps add
    through the `confirm_inputs` template hook). `step_errors`: by step name, the fields a
    step refused."""
    errors = step_errors or {}
    return render_template(
        "reviews/confirm.html",
        **common(loaded),
        form=form,
        mode=mode,
        step_errors=errors,
        open_gaps=setaside.open_gaps(loaded.review),
        reasons=_typed_reasons(loaded),
        gap_errors=errors.get(setaside.STEP, {}),
        set_aside_limit=limits.SET_ASIDE_REASON,
    )


def _typed_reasons(loaded: Loaded) -> dict[str, str]:
    """The reasons the approver typed, kept when the page is shown again."""
    return setaside.read_reasons(request.form, loaded.review) if request.method == "POST" else {}


def amendments_of(review: Review) -> list[Review]:
    query = select(Review).where(Review.amends_id == review.id).order_by(Review.id)
    return list(db.session.scalars(query))


def response_defaults(entry: Any) -> dict[str, str]:
    """A changed response starts from the one in force."""
    if entry.response is None:
        return {}
    return {"kind": entry.response.kind, "text": entry.response.text}


def review_error(error: ReviewError) -> tuple[str, int]:
    """The error page of a refused review step (the review pages' error handler, and any
    feature's pages about reviews)."""
    db.session.rollback()
    page = render_template(
        "errors/error.html", code=error.code, title=error.title, advice=error.advice
    )
    return page, error.code
