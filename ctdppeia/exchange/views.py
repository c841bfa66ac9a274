"""The exchange file of a review, its JSON Schema, the editable copies, and the import page.

Reading follows the review's own rule (whoever may see it: its agency, a data holder's staff,
the AI advisory group, administrators; anyone else gets 404). Importing is for the subject's
answerers and administrators (403 for other staff who can see the subject).
"""

import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ctdppeia.access import public, roles
from ctdppeia.documents import services as documents
from ctdppeia.exchange import editable
from ctdppeia.exchange.checks import ExchangeFileError
from ctdppeia.exchange.document import canonical_bytes, export_document
from ctdppeia.exchange.forms import ImportForm
from ctdppeia.exchange.importing import ensure_may_import, import_review
from ctdppeia.exchange.schema import review_exchange_schema
from ctdppeia.links import public_url
from ctdppeia.models import Role
from ctdppeia.reviews import pages
from ctdppeia.reviews.errors import ReviewError
from ctdppeia.reviews.pages import review_error
from ctdppeia.reviews.permissions import READERS
from ctdppeia.reviews.subjects import adapter_for

bp = Blueprint("exchange", __name__)
bp.register_error_handler(ReviewError, review_error)

IMPORTERS = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER, Role.ADMIN)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"


def _attachment(data: bytes, mimetype: str, filename: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": disposition})


@bp.route("/reviews/<int:review_id>/exchange.json")
@roles(*READERS)
def export_json(review_id: int) -> Response:
    loaded = pages.load_review(review_id)
    data = canonical_bytes(export_document(loaded.review))
    return _attachment(data, "application/json", f"review-{review_id}-exchange.json")


@bp.route("/reviews/exchange/schema/v1.json")
@public
def schema() -> Response:
    body = review_exchange_schema(public_url("exchange.schema"))
    text = json.dumps(body, ensure_ascii=False, indent=2)
    return Response(text, mimetype="application/schema+json")


def _copy_blocks(review_id: int) -> list[editable.Block]:
    loaded = pages.load_review(review_id)
    snapshot = json.loads(documents.review_record(loaded.review).data)
    return editable.blocks(snapshot, public_url("documents.verify"))


@bp.route("/reviews/<int:review_id>/copy.docx")
@roles(*READERS)
def copy_docx(review_id: int) -> Response:
    data = editable.docx_bytes(_copy_blocks(review_id))
    return _attachment(data, DOCX, f"review-{review_id}-editable-copy.docx")


@bp.route("/reviews/<int:review_id>/copy.odt")
@roles(*READERS)
def copy_odt(review_id: int) -> Response:
    data = editable.odt_bytes(_copy_blocks(review_id))
    return _attachment(data, ODT, f"review-{review_id}-editable-copy.odt")


@bp.route("/reviews/import/<kind>/<int:subject_id>", methods=["GET", "POST"])
@roles(*IMPORTERS)
def import_file(kind: str, subject_id: int) -> ResponseReturnValue:
    adapter = adapter_for(kind)
    subject = adapter.load_visible_or_404(current_user, subject_id)
    ensure_may_import(current_user, adapter, subject)
    form = ImportForm()
    problems: list[tuple[str, str]] = []
    if form.validate_on_submit():
        try:
            data = form.file.data.read()
            review = import_review(current_user, adapter, subject, data)
        except ExchangeFileError as error:
            problems = error.problems
        else:
            flash(f"The review was imported as review {review.id}. Nothing was signed.", "success")
            return redirect(url_for("reviews.show", review_id=review.id))
    page = render_template(
        "exchange/import.html", form=form, adapter=adapter, subject=subject, problems=problems
    )
    return (page, 400) if problems or form.errors else page
