"""The "Signing..." page the approver sees while the worker builds and signs the PDF: it
reloads itself (a meta refresh, so it works without JavaScript) until the review is locked,
then shows the confirmation page; a refused or failed signing shows the error page."""

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import roles
from ctdppeia.jobs import run_inline
from ctdppeia.reviews import pages
from ctdppeia.reviews.permissions import APPROVERS
from ctdppeia.reviews.signing import PREFIX, job_approver, signing_outcome
from ctdppeia.reviews.views import bp


@bp.route("/<int:review_id>/signing/<job_id>")
@roles(*APPROVERS)
def signing(review_id: int, job_id: str) -> str | Response | tuple[str, int]:
    loaded = pages.load_review(review_id)
    if not job_id.startswith(f"{PREFIX}{review_id}-") or len(job_id) > 80 or run_inline():
        abort(404)  # jobs that run inline leave nothing to watch
    if loaded.review.is_locked:
        return redirect(url_for("reviews.signed", review_id=review_id))
    approver = job_approver(job_id)
    if approver is not None and approver != current_user.id:
        abort(404)
    outcome = signing_outcome(job_id)
    if outcome is None:
        seconds = int(current_app.config["JOBS_SIGNING_REFRESH_SECONDS"])
        values = pages.common(loaded)
        return render_template("reviews/signing.html", **values, refresh_seconds=seconds)
    if outcome.ok:
        return redirect(url_for("reviews.signed", review_id=review_id))
    page = render_template(
        "errors/error.html", code=outcome.code, title=outcome.title, advice=outcome.advice
    )
    return page, outcome.code
