"""The risk tier page of a Responsible-AI review: the tier and the flags that set it, the
written determination that sets aside a presumption of high impact, a different tier with its
reason, and the tier's obligations checklist."""

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import roles
from ctdppeia.ai import rebuttal as rebuttals
from ctdppeia.ai import tier as tiers
from ctdppeia.ai.tier_forms import ObligationsForm, RebuttalForm, TierForm, WithdrawForm
from ctdppeia.ai.views import bp
from ctdppeia.extensions import db
from ctdppeia.reviews import pages
from ctdppeia.reviews.errors import ReviewError
from ctdppeia.reviews.permissions import READERS, WRITERS


@bp.errorhandler(ReviewError)
def review_error(error: ReviewError) -> tuple[str, int]:
    db.session.rollback()
    page = render_template(
        "errors/error.html", code=error.code, title=error.title, advice=error.advice
    )
    return page, error.code


@bp.route("/reviews/<int:review_id>/tier")
@roles(*READERS)
def tier(review_id: int) -> str:
    loaded = _load(review_id)
    return _page(loaded)


@bp.route("/reviews/<int:review_id>/tier", methods=["POST"])
@roles(*WRITERS)
def record_tier(review_id: int) -> Response | tuple[str, int]:
    loaded = _load(review_id, change=True)
    form = _tier_form(tiers.tier_of(loaded.review))
    if not form.validate_on_submit():
        return _page(loaded, tier_form=form), 422
    tiers.record_tier(current_user, loaded.review, form.tier.data or "", form.reason.data or "")
    flash("The risk tier was recorded.", "success")
    return redirect(url_for("ai.tier", review_id=review_id))


@bp.route("/reviews/<int:review_id>/presumption", methods=["POST"])
@roles(*WRITERS)
def record_rebuttal(review_id: int) -> Response | tuple[str, int]:
    loaded = _load(review_id, change=True)
    form = RebuttalForm()
    if not tiers.tier_of(loaded.review).presumptions:
        abort(409)
    if not form.validate_on_submit():
        return _page(loaded, rebuttal_form=form), 422
    decided_by, reason = form.decided_by.data or "", form.reason.data or ""
    rebuttals.record_rebuttal(current_user, loaded.review, decided_by, reason)
    flash("The written determination was recorded.", "success")
    return redirect(url_for("ai.tier", review_id=review_id, _anchor="presumption"))


@bp.route("/reviews/<int:review_id>/presumption/withdraw", methods=["POST"])
@roles(*WRITERS)
def withdraw_rebuttal(review_id: int) -> Response:
    loaded = _load(review_id, change=True)
    if not WithdrawForm().validate_on_submit():
        abort(400)
    rebuttals.withdraw_rebuttal(current_user, loaded.review)
    flash("The written determination was withdrawn.", "success")
    return redirect(url_for("ai.tier", review_id=review_id, _anchor="presumption"))


@bp.route("/reviews/<int:review_id>/obligations", methods=["POST"])
@roles(*WRITERS)
def obligations(review_id: int) -> Response | tuple[str, int]:
    loaded = _load(review_id, change=True)
    form = ObligationsForm()
    if not form.validate_on_submit():
        return _page(loaded, obligations_form=form), 422
    items = [
        tiers.Obligation(item.text.data or "", bool(item.done.data), item.explanation.data or "")
        for item in form.items
    ]
    try:
        tiers.save_obligations(current_user, loaded.review, items)
    except tiers.ObligationsContradicted as refused:
        db.session.rollback()
        for item in form.items:  # each message beside its tick box
            message = refused.errors.get(item.text.data or "")
            if message:
                item.done.errors = [*item.done.errors, message]
        return _page(loaded, obligations_form=form), 422
    flash("The obligations were saved.", "success")
    return redirect(url_for("ai.tier", review_id=review_id, _anchor="obligations"))


def _load(review_id: int, change: bool = False) -> pages.Loaded:
    loaded = pages.load_for_change(review_id) if change else pages.load_review(review_id)
    if loaded.review.subject_kind != tiers.KIND:
        abort(404)
    return loaded


def _tier_form(found: tiers.Tier, **kwargs: Any) -> TierForm:
    refusal = tiers.presumed_high_message(found.standing) if found.standing else ""
    return TierForm(found.computed or "info", refusal, **kwargs)


def _page(loaded: pages.Loaded, **forms: Any) -> str:
    found = tiers.tier_of(loaded.review)
    tier_form = forms.get("tier_form") or _tier_form(
        found,
        data={
            "tier": found.effective or "info",
            "reason": found.override.reason if found.override else "",
        },
    )
    rebuttal_form = forms.get("rebuttal_form") or RebuttalForm(
        data={"decided_by": found.rebuttal.decided_by, "reason": found.rebuttal.reason}
        if found.rebuttal
        else None
    )
    obligations_form = forms.get("obligations_form") or ObligationsForm(
        data={"items": [vars(item) for item in found.obligations]}
    )
    return render_template(
        "ai/tier.html",
        **pages.common(loaded),
        tier=found,
        tier_form=tier_form,
        rebuttal_form=rebuttal_form,
        withdraw_form=WithdrawForm(),
        obligations_form=obligations_form,
    )
