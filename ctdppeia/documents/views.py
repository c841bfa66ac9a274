"""Downloading a review's PDF, and the public page that checks a review PDF."""

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from ctdppeia.access import public, roles
from ctdppeia.documents import services
from ctdppeia.documents.checking import check_pdf
from ctdppeia.documents.forms import VerifyForm
from ctdppeia.documents.wording import explain
from ctdppeia.extensions import csrf, limiter
from ctdppeia.reviews import pages
from ctdppeia.reviews.errors import ReviewError
from ctdppeia.reviews.views import READERS, review_error

bp = Blueprint("documents", __name__)
bp.register_error_handler(ReviewError, review_error)

VERIFY_LIMIT = "30 per minute"


@bp.route("/reviews/<int:review_id>/review.pdf")
@roles(*READERS)
def review_pdf(review_id: int) -> Response:
    """The signed PDF of a locked review (always the same bytes), else a DRAFT preview."""
    loaded = pages.load_review(review_id)
    download = services.review_pdf(loaded.review)
    disposition = f'attachment; filename="{download.filename}"'
    return Response(
        download.data, mimetype="application/pdf", headers={"Content-Disposition": disposition}
    )


@bp.route("/verify", methods=["GET", "POST"])
@public
@csrf.exempt  # checked in the view, after the upload size limit is set
@limiter.limit(VERIFY_LIMIT, methods=["POST"])
def verify() -> str | tuple[str, int]:
    request.max_content_length = current_app.config["PDF_UPLOAD_LIMIT"]
    if request.method == "POST" and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    form = VerifyForm()
    if not form.validate_on_submit():
        return render_verify(form), 422 if request.method == "POST" else 200
    data = form.pdf.data.read()
    if not data:
        form.pdf.errors.append("The file you chose is empty. Choose the review PDF again.")
        return render_verify(form), 422
    return render_verify(form, result=explain(check_pdf(data)))


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """The check page again, saying the file was too large (never a bare 413)."""
    form = VerifyForm(formdata=None)
    limit = current_app.config["PDF_UPLOAD_LIMIT"]
    form.pdf.errors = [
        f"The file is larger than {megabytes(limit)}. Review PDFs are much smaller: "
        "check that you chose the right file."
    ]
    return render_verify(form), 413


def render_verify(form: VerifyForm, result: object = None) -> str:
    limit = megabytes(current_app.config["PDF_UPLOAD_LIMIT"])
    return render_template("documents/verify.html", form=form, result=result, limit=limit)


def megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 1 else f"{max(size // 1024, 1)} KB"
