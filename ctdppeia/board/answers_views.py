"""Pages: answering the board's comments, "you said, we did", and moderation."""

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ctdppeia.access import public, roles
from ctdppeia.board import answers, exchange, gate, listing, loop, moderation, paging
from ctdppeia.board.answers_forms import AnswerForm, HideForm, RevealForm, read_answers
from ctdppeia.extensions import db
from ctdppeia.i18n import current_language
from ctdppeia.models import BoardComment, Role
from ctdppeia.reviews import pages, permissions
from ctdppeia.reviews.errors import NotAllowed, ReviewError
from ctdppeia.reviews.pages import review_error
from ctdppeia.reviews.permissions import READERS

bp = Blueprint("board_answers", __name__)
bp.register_error_handler(ReviewError, review_error)

STAFF = (Role.REVIEWER, Role.APPROVER)


def _answer_page(loaded: pages.Loaded, form: AnswerForm, errors: dict[int, str]) -> str:
    review = loaded.review
    shown = paging.answer_page(
        exchange.exchange(review),
        request.args.get("page", 1, type=int),
        request.args.get("show", ""),
        request.args.get("comment", type=int),
    )
    return render_template(
        "board/answer.html",
        **pages.common(loaded),
        form=form,
        errors=errors,
        share=answers.share_of(review),
        shown=shown,
        refs=answers.changed_ref_choices(review),
        kinds=answers.BOARD_RESPONSE_KINDS,
        typed=request.form if request.method == "POST" else {},
        today=gate.today(),
    )


@bp.route("/reviews/<int:review_id>/board/answers", methods=["GET", "POST"])
@roles(*STAFF)
def answer(review_id: int) -> str | Response | tuple[str, int]:
    loaded = pages.load_review(review_id)
    form = AnswerForm()
    if request.method == "GET":
        return _answer_page(loaded, form, {})
    permissions.ensure_may_answer(current_user, loaded.review, permissions.READ_ONLY)
    ids = [comment.id for comment in answers.to_answer(loaded.review)]
    items = read_answers(request.form, ids)
    try:
        if not form.validate_on_submit():
            raise answers.InvalidResponses({0: "The form expired. Reload the page and try again."})
        saved = answers.answer_comments(current_user, loaded.review, items)
    except answers.InvalidResponses as invalid:
        return _answer_page(loaded, form, invalid.errors), 422
    flash(ngettext("Saved %(num)s response.", "Saved %(num)s responses.", len(saved)), "success")
    shown: Mapping[str, Any] = request.args  # the list as it was shown
    return redirect(url_for("board_answers.answer", review_id=review_id, **shown))


@bp.route("/reviews/<int:review_id>/board/you-said-we-did")
@roles(*READERS)
def review_you_said(review_id: int) -> str:
    loaded = pages.load_review(review_id)
    share = answers.share_of(loaded.review)
    said = exchange.exchange(loaded.review)
    return render_template(
        "board/review_you_said.html", **pages.common(loaded), share=share, said=said
    )


@bp.route("/board/projects/<int:share_id>/you-said-we-did")
@roles(Role.BOARD)
def you_said(share_id: int) -> str:
    share = listing.get_share_or_404(share_id)
    said = exchange.exchange(share.review, current_language())
    return render_template("board/you_said.html", share=share, said=said)


@bp.route("/you-said-we-did")
@public
def public_index() -> str:
    """The loop in public: figures per agency and per project; each signed project's page."""
    loops = loop.project_loops()
    return render_template(
        "board/public_index.html",
        agencies=loop.agency_figures(loops),
        signed=[item for item in loops if item.signed],
        target=loop.target_days(),
    )


@bp.route("/you-said-we-did/<int:share_id>")
@public
def public_project(share_id: int) -> str:
    """A signed project's comments and what was done about each; names as their authors chose.
    Before signing there is nothing here (404)."""
    share = listing.get_share_or_404(share_id)
    if not share.review.is_locked:
        abort(404)
    (found,) = loop.project_loops([share])
    said = exchange.exchange(share.review, current_language())
    return render_template("board/public_project.html", project=found, said=said)


@bp.route("/board/moderation")
@roles(Role.ADMIN)
def moderation_list() -> str:
    query = select(BoardComment).order_by(BoardComment.created_at.desc(), BoardComment.id.desc())
    comments = list(db.session.scalars(query.limit(200)))
    return render_template("board/moderation.html", comments=comments, note=exchange)


@bp.route("/board/comments/<int:comment_id>/hide", methods=["GET", "POST"])
@roles(Role.ADMIN)
def hide(comment_id: int) -> str | Response | tuple[str, int]:
    comment = db.get_or_404(BoardComment, comment_id)
    form = HideForm()
    if form.validate_on_submit():
        try:
            moderation.hide_comment(current_user, comment, form.reason.data or "")
        except moderation.AlreadyHidden as error:
            raise NotAllowed(str(error)) from error
        flash("The comment is hidden. The thread shows your reason and the date.", "success")
        return redirect(url_for("board_answers.moderation_list", _anchor=f"comment-{comment.id}"))
    status = 422 if request.method == "POST" else 200
    page = render_template(
        "board/hide.html", form=form, comment=comment, hidden=exchange.hidden_note(comment)
    )
    return page, status


@bp.route("/board/comments/<int:comment_id>/author", methods=["GET", "POST"])
@roles(Role.ADMIN)
def reveal(comment_id: int) -> str | tuple[str, int]:
    """Who wrote an anonymous comment: shown once, to an administrator who said why."""
    comment = db.get_or_404(BoardComment, comment_id)
    form = RevealForm()
    if not comment.show_name and form.validate_on_submit():
        author = moderation.reveal_author(current_user, comment, form.reason.data or "")
        return render_template("board/reveal.html", comment=comment, author=author)
    hidden = exchange.hidden_note(comment)
    page = render_template("board/reveal.html", comment=comment, form=form, hidden=hidden)
    return page, 422 if request.method == "POST" and not comment.show_name else 200
