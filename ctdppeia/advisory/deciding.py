"""The chair's decision, in three pages: the form (on the advisory section), a check page
showing exactly what will be recorded (`ctdppeia.checkpage`), and after recording a
confirmation page. Only the check page's POST records, and only while nothing it showed has
changed since (the votes, conflicts, subcommittee advice, tier and the review)."""

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia import checkpage
from ctdppeia.access import roles
from ctdppeia.advisory import pages, rules, services
from ctdppeia.advisory.forms import DecisionForm
from ctdppeia.advisory.views import PAGE, SIGNED_IN, bp
from ctdppeia.models import AI_OUTCOMES, AIUseCase, Review
from ctdppeia.notices.audience import DECIDED, told_of
from ctdppeia.reviews.errors import WrongState

STEP = "advisory.decision"


def state_of(review: Review) -> str:
    """A digest of everything the check page shows that the form did not give."""
    advice, found = rules.subcommittee(review), rules.decision(review)
    return checkpage.digest(
        {
            "review": [review.version, review.submitted_at, review.confirmed_at],
            "votes": [
                [r.id, r.user_id, r.recommendation, r.rationale, r.updated_at]
                for r in rules.recommendations(review)
            ],
            "conflicts": [c.id for c in rules.conflicts(review)],
            "subcommittee": advice.id if advice is not None else None,
            "tier": rules.tier_of(review),
            "decision": found.id if found is not None else None,
        }
    )


def check_values(review: Review, form: DecisionForm) -> dict[str, Any]:
    """What the check page shows: the decision as it will be recorded, and what sets it."""
    given = form.decision_input()
    tier = rules.tier_of(review)
    typed = checkpage.carried(request.form)
    return {
        "given": given,
        "outcome_label": AI_OUTCOMES.get(given.outcome, given.outcome),
        "tier": tier,
        "next_review_on": rules.next_review_on(tier, date.today()),
        "tally": rules.tally(review),
        "subcommittee": rules.subcommittee(review) if rules.needs_subcommittee(review) else None,
        "carried": typed,
        "token": checkpage.issue(STEP, current_user.id, review.id, typed, state_of(review)),
    }


def check_page(use_case: AIUseCase, review: Review, form: DecisionForm, stale: bool) -> str:
    return render_template(
        "advisory/check_decision.html",
        use_case=use_case,
        review=review,
        stale=stale,
        **check_values(review, form),
    )


def _form(review: Review) -> DecisionForm:
    form = DecisionForm()
    form.subcommittee_says = pages.subcommittee_says(review)
    return form


@bp.route("/<int:ai_case_id>/advisory/<int:review_id>/decision", methods=["POST"])
@roles(*SIGNED_IN)
def decide(ai_case_id: int, review_id: int) -> Response | tuple[str, int]:
    """The form's POST shows the check page; the check page's POST records."""
    use_case, review = pages.load_review(current_user, ai_case_id, review_id)
    services.check_actor(current_user, review, "decision")
    form = _form(review)
    if not form.validate_on_submit():
        values = pages.section(current_user, use_case, review, decision=form)
        return render_template(PAGE, use_case=use_case, advisory=values), 422
    waiting = services.decision_wait(review)
    if waiting is not None:
        raise WrongState(waiting)  # no check page for a decision that cannot be recorded
    typed = checkpage.carried(request.form)
    found = checkpage.verdict(
        request.form.get("check_token"), STEP, current_user.id, review.id, typed, state_of(review)
    )
    if request.form.get("step") != "record" or found == checkpage.MISSING:
        return check_page(use_case, review, form, stale=False), 200
    if found == checkpage.STALE:
        return check_page(use_case, review, form, stale=True), 409
    services.record_decision(current_user, review, form.decision_input())
    return redirect(url_for("advisory.decided", ai_case_id=ai_case_id, review_id=review_id))


@bp.route("/<int:ai_case_id>/advisory/<int:review_id>/decision/change", methods=["POST"])
@roles(*SIGNED_IN)
def change_decision(ai_case_id: int, review_id: int) -> str:
    """A "Change" on the check page: the form again, with everything typed kept."""
    use_case, review = pages.load_review(current_user, ai_case_id, review_id)
    services.check_actor(current_user, review, "decision")
    values = pages.section(current_user, use_case, review, decision=_form(review))
    return render_template(PAGE, use_case=use_case, advisory=values)


@bp.route("/<int:ai_case_id>/advisory/<int:review_id>/decided")
@roles(*SIGNED_IN)
def decided(ai_case_id: int, review_id: int) -> str:
    """The confirmation page of a recorded decision."""
    use_case, review = pages.load_review(current_user, ai_case_id, review_id)
    found = rules.decision(review)
    if found is None:
        abort(404)
    return render_template(
        "advisory/decided.html",
        use_case=use_case,
        review=review,
        decision=found,
        told=told_of(DECIDED, review),
    )
