"""The Resident Advisory Board's pages, and the reviewer's page that shares a review."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import roles
from ctdppeia.board import listing, pages, services
from ctdppeia.board.errors import BoardError
from ctdppeia.board.flood import TooManyComments
from ctdppeia.board.forms import CommentForm, NameForm, ReplyForm
from ctdppeia.extensions import db, stored_id
from ctdppeia.models import BoardComment, BoardShare, Role
from ctdppeia.reviews.errors import ReviewError

bp = Blueprint("board", __name__)

SHARERS = (Role.REVIEWER, Role.APPROVER)


@bp.errorhandler(BoardError)
@bp.errorhandler(ReviewError)
def board_error(error: BoardError | ReviewError) -> tuple[str, int]:
    db.session.rollback()
    page = render_template(
        "errors/error.html", code=error.code, title=error.title, advice=error.advice
    )
    return page, error.code


@bp.route("/board/")
@roles(Role.BOARD)
def home() -> str:
    return render_template("board/home.html", rows=listing.projects(current_user))


@bp.route("/board/projects/<int:share_id>")
@roles(Role.BOARD)
def project(share_id: int) -> str:
    share = listing.get_share_or_404(share_id)
    values = pages.project_values(share, current_user)
    services.record_visit(current_user, share)
    return render_template("board/project.html", **values, form=pages.comment_form(share))


@bp.route("/board/projects/<int:share_id>/comments", methods=["POST"])
@roles(Role.BOARD)
def comment(share_id: int) -> Response | tuple[str, int]:
    share = listing.get_share_or_404(share_id)
    services.check_open(share)
    form = pages.posted_comment_form(share)
    if not form.validate_on_submit():
        return _comment_again(share, form), 422
    try:
        posted = services.post_comment(current_user, share, form.data_input())
    except TooManyComments as refused:
        form.body.errors = [*form.body.errors, refused.advice]
        return _comment_again(share, form), refused.code
    flash(_("Your comment was posted."), "success")
    posted_id = stored_id(posted)
    target = url_for(
        "board.project", share_id=share_id, posted=posted_id, _anchor=f"comment-{posted_id}"
    )
    return redirect(target)


def _comment_again(share: BoardShare, form: CommentForm) -> str:
    """The project page with the comment form as typed, and what is wrong with it."""
    db.session.rollback()  # a refused post wrote nothing; end its transaction
    values = pages.project_values(share, current_user)
    return render_template(
        "board/project.html", **values, form=pages.offer_every_concern(form, share)
    )


@bp.route("/board/comments/<int:comment_id>/replies", methods=["POST"])
@roles(Role.BOARD)
def reply(comment_id: int) -> Response | tuple[str, int]:
    parent = db.get_or_404(BoardComment, comment_id)
    services.check_open(parent.share)
    services.check_may_reply(parent)
    form, share_id = ReplyForm(), parent.share_id
    if not form.validate_on_submit():
        return _reply_again(parent, form), 422
    try:
        posted = services.post_comment(current_user, parent.share, form.data_input(), parent)
    except TooManyComments as refused:
        form.body.errors = [*form.body.errors, refused.advice]
        return _reply_again(parent, form), refused.code
    flash(_("Your reply was posted."), "success")
    posted_id = stored_id(posted)
    target = url_for(
        "board.project", share_id=share_id, posted=posted_id, _anchor=f"comment-{posted_id}"
    )
    return redirect(target)


def _reply_again(parent: BoardComment, form: ReplyForm) -> str:
    """The project page with the reply open as typed, and what is wrong with it."""
    db.session.rollback()
    values = {**pages.project_values(parent.share, current_user), "reply_form": form}
    return render_template(
        "board/project.html", **values, form=pages.comment_form(parent.share, formdata=None),
        replying_to=parent.id,
    )  # fmt: skip


@bp.route("/board/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@roles(Role.BOARD)
def edit(comment_id: int) -> str | Response | tuple[str, int]:
    comment = db.get_or_404(BoardComment, comment_id)
    pages.check_may_edit(comment, current_user)
    form = pages.edit_form(comment)
    if form.validate_on_submit():
        services.edit_comment(current_user, comment, form.data_input())
        flash(_("Your changes were saved. The earlier text is kept."), "success")
        anchor = f"comment-{comment.id}"
        return redirect(url_for("board.project", share_id=comment.share_id, _anchor=anchor))
    page = render_template("board/edit.html", comment=comment, form=form, share=comment.share)
    return page, 422 if request.method == "POST" else 200


@bp.route("/board/comments/<int:comment_id>/name", methods=["POST"])
@roles(Role.BOARD)
def withdraw_name(comment_id: int) -> Response:
    """The author takes their name off a comment (until the review is signed)."""
    comment = db.get_or_404(BoardComment, comment_id)
    if not NameForm().validate_on_submit():
        raise BoardError(_("The form expired. Go back, reload the page and try again."))
    services.withdraw_name(current_user, comment)
    flash(_("Your name is off this comment. It now shows as from “Board member”."), "success")
    anchor = f"comment-{comment.id}"
    return redirect(url_for("board.project", share_id=comment.share_id, _anchor=anchor))


@bp.route("/reviews/<int:review_id>/board", methods=["GET", "POST"])
@roles(*SHARERS)
def share(review_id: int) -> str | Response | tuple[str, int]:
    loaded = pages.load_for_sharing(review_id)
    existing = services.share_for(loaded.review)
    form = pages.share_form(existing)
    saving = request.form.get("action") == "save"
    if form.validate_on_submit() and saving and pages.period_ok(form, existing):
        pages.save_share(current_user, loaded.review, existing, form)
        flash("The summary is saved. The board can read it.", "success")
        return redirect(url_for("board.share", review_id=review_id))
    values = pages.share_values(loaded, existing, form)
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template("board/share.html", **values), status
