"""Downloading a review's PDF, and the public page that checks a review PDF."""

import json
import re

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

from ctdppeia.access import public, roles
from ctdppeia.documents import services, slots
from ctdppeia.documents.checking import check_pdf
from ctdppeia.documents.forms import VerifyForm
from ctdppeia.documents.identity import authority
from ctdppeia.documents.wording import explain
from ctdppeia.extensions import csrf, limiter
from ctdppeia.links import public_url
from ctdppeia.pdf import words
from ctdppeia.reviews import pages
from ctdppeia.reviews.errors import ReviewError
from ctdppeia.reviews.pages import review_error
from ctdppeia.reviews.permissions import READERS
from ctdppeia.schemas import signed_record_schema

bp = Blueprint("documents", __name__)
bp.register_error_handler(ReviewError, review_error)

VERIFY_LIMIT = "30 per minute"
BUSY_RETRY_SECONDS = 60  # the Retry-After of "too many checks at once"
SCHEMA_MAX_AGE = 86400  # a day: the schema changes only with a release
DIGEST = re.compile(r"[0-9a-f]{64}")
# The PDF's own labels, so the web page and the PDF say the same words.
WORDS = {
    "word": words.word,
    "when": words.when,
    "labels": {
        name: getattr(words, name)
        for name in ("SEVERITY", "CATEGORY", "RATING", "RECOMMENDATION", "RESPONSE", "KIND")
    },
    "not_asked": words.NOT_ASKED,
    "no_answer": words.NO_ANSWER,
}


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


@bp.route("/reviews/<int:review_id>/review.json")
@roles(*READERS)
def review_json(review_id: int) -> Response:
    """The record the PDF is made from, as JSON: the frozen, signed one of a locked review
    (its SHA-256 is the record digest in the PDF, also sent as X-Record-Digest), else a draft."""
    loaded = pages.load_review(review_id)
    download = services.review_record(loaded.review)
    headers = {
        "Content-Disposition": f'attachment; filename="{download.filename}"',
        "X-Record-Digest": download.digest,
    }
    return Response(download.data, mimetype="application/json", headers=headers)


@bp.route("/verify", methods=["GET", "POST"])
@public
@csrf.exempt  # checked in the view, after the upload size limit is set
@limiter.limit(VERIFY_LIMIT, methods=["POST"])
def verify() -> str | tuple[str, int] | tuple[str, int, dict[str, str]]:
    request.max_content_length = current_app.config["PDF_UPLOAD_LIMIT"]
    if request.method == "POST" and current_app.config["WTF_CSRF_ENABLED"]:
        csrf.protect()
    form = VerifyForm()
    if not form.validate_on_submit():
        return render_verify(form), 422 if request.method == "POST" else 200
    data = form.pdf.data.read()
    if not data:
        form.pdf.errors.append(_("The file you chose is empty. Choose the review PDF again."))
        return render_verify(form), 422
    try:
        with slots.check_slot():
            check = check_pdf(data)
    except slots.Busy:
        retry = {"Retry-After": str(BUSY_RETRY_SECONDS)}
        return render_template("documents/verify.html", **_page(form), busy=True), 429, retry
    return render_verify(form, result=explain(check))


@bp.route("/records/<digest>")
@public
def record(digest: str) -> str:
    """The accessible (HTML) version of a signed record, for anyone who holds its digest."""
    document = services.document_by_digest(digest) if DIGEST.fullmatch(digest) else None
    if document is None or not document.snapshot_json:
        abort(404)
    snapshot = json.loads(document.snapshot_json)
    return render_template("documents/record.html", snapshot=snapshot, digest=digest, **WORDS)


@bp.route("/records/schema/v2.json")
@public
def record_schema() -> ResponseReturnValue:
    """The JSON Schema (draft 2020-12) of the signed record, with this address as its $id."""
    schema = signed_record_schema()
    schema["$id"] = public_url("documents.record_schema")
    body = json.dumps(schema, ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/schema+json")
    response.cache_control.public = True
    response.cache_control.max_age = SCHEMA_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/verify/authority.pem")
@public
def authority_pem() -> Response:
    """The signing authority's certificate (PEM), to add to a PDF reader's trusted list."""
    return _certificate(authority().pem, "application/x-pem-file", "pem")


@bp.route("/verify/authority.crt")
@public
def authority_crt() -> Response:
    """The same certificate in DER form (what Windows and Acrobat import as .crt/.cer)."""
    return _certificate(authority().der, "application/pkix-cert", "crt")


def _certificate(data: bytes, mimetype: str, extension: str) -> Response:
    name = f"ctdppeia-signing-authority.{extension}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(data, mimetype=mimetype, headers=headers)


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
    return render_template("documents/verify.html", **_page(form), result=result)


def _page(form: VerifyForm) -> dict[str, object]:
    ca = authority()
    return {
        "form": form,
        "limit": megabytes(current_app.config["PDF_UPLOAD_LIMIT"]),
        "authority_name": ca.certificate.subject.rfc4514_string(),
        "fingerprint": ca.fingerprint,
    }


def megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 1 else f"{max(size // 1024, 1)} KB"
