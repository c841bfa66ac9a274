"""What the board's pages and the review pages show of a shared project."""

from datetime import date
from typing import Any, cast

import textstat
from flask import current_app, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from textstat.textstat import textstatistics

from ctdppeia.board import content, dates, listing, loop, period, services
from ctdppeia.board.answers import changed_ref_label
from ctdppeia.board.errors import BoardError, NotYours
from ctdppeia.board.forms import CommentForm, ReplyForm, ShareForm, SummaryForm
from ctdppeia.i18n import current_language
from ctdppeia.models import BoardComment, BoardShare, Review, User
from ctdppeia.reviews import pages as review_pages
from ctdppeia.reviews.flags import flag_panel

GRADE_LIMIT = 8
# The Fernández Huerta reading ease (0-100, higher is easier) of about grade 8 or below: the
# Spanish adaptation of Flesch's reading ease, 60-70 being "standard" (grades 7-8).
SPANISH_EASE_MINIMUM = 60
_SPANISH = textstatistics()  # its own instance: set_lang on the module's would change English
_SPANISH.set_lang("es")


def reading_grade(text: str) -> float | None:
    """The Flesch-Kincaid grade of an English text (None when there is no text)."""
    return round(float(textstat.flesch_kincaid_grade(text)), 1) if text.strip() else None


def spanish_reading_ease(text: str) -> float | None:
    """The Fernández Huerta reading ease of a Spanish text (None when there is no text)."""
    return round(float(_SPANISH.fernandez_huerta(text)), 1) if text.strip() else None


def project_values(share: BoardShare, user: User) -> dict[str, Any]:
    """The project page as the board sees it, with what is new since `user`'s last visit;
    the questionnaire's text in the page's language."""
    review = share.review
    now = period.today()
    visit = services.last_visit(user, share)
    language = current_language()
    return {
        "share": share,
        "title": listing.project_title(share),
        "title_es": share.title_es,
        "questionnaire_title": content.questionnaire_title(review, language),
        "questions": content.shared_questions(review, language),
        "flags": content.shared_flags(review, language),
        "threads": (threads := content.thread(share)),
        "comment_count": sum(1 + len(item.replies) for item in threads),
        "target_label": lambda comment: content.target_label(comment, review, language),
        "changed_label": lambda ref: content.ref_label(review, ref, language),
        "posted": request.args.get("posted", type=int),
        "may_unname": not review.is_locked,
        "state": period.state(share.opens_on, share.closes_on, now),
        "time_left": dates.time_left(share.opens_on, share.closes_on, now),
        "since": visit.last_seen_at if visit else None,
        "reply_form": ReplyForm(formdata=None),
    }


def comment_form(share: BoardShare, **kwargs: Any) -> CommentForm:
    choices = content.grouped_concern_choices(share.review, current_language())
    return CommentForm(**kwargs).offer(choices)


def posted_comment_form(share: BoardShare) -> CommentForm:
    """The comment form as posted. Its concern choices evaluate the review's answers, so they
    are worked out only when the comment names a concern: without one, "none" is the only
    choice to check. A form shown again gets every choice back (`offer_every_concern`)."""
    if request.form.get("concern"):
        return comment_form(share)
    return CommentForm().offer([content.no_concern_choice(current_language())])


def offer_every_concern(form: CommentForm, share: BoardShare) -> CommentForm:
    return form.offer(content.grouped_concern_choices(share.review, current_language()))


def edit_form(comment: BoardComment) -> CommentForm | ReplyForm:
    from ctdppeia.board.forms import comment_defaults

    data = comment_defaults(comment)
    form = (
        ReplyForm(data=data)
        if comment.parent_id is not None
        else comment_form(comment.share, data=data)
    )
    if comment.language:  # the text as written, marked with its language
        form.body.render_kw = {**(form.body.render_kw or {}), "lang": comment.language}
    return form


def needs_board(review: Review) -> bool:
    """Whether a raised flag sends the review to the board."""
    return any(entry.flag.route == "board" for entry in flag_panel(review).entries)


def review_section(review: Review) -> dict[str, Any]:
    """The "Board comments" part of the review page and summary, for agency staff."""
    share = services.share_for(review)
    comments = loop.comments_by_share([share.id])[share.id] if share else []
    return {
        "share": share,
        "loop": loop.figures(comments) if share else None,
        "overdue": loop.overdue_in(share, "", comments) if share and not review.is_locked else [],
        "needs_board": needs_board(review),
        "threads": content.thread(share) if share else [],
        "target_label": lambda comment: content.target_label(comment, review),
        "changed_label": lambda ref: changed_ref_label(review, ref),
        "time_left": dates.time_left(share.opens_on, share.closes_on, period.today())
        if share
        else "",
        "share_url": url_for("board.share", review_id=review.id),
    }


def load_for_sharing(review_id: int) -> review_pages.Loaded:
    """The review, if the user may answer it (404 when they may not see it, else 403)."""
    loaded = review_pages.load_for_change(review_id)
    if loaded.review.is_locked:
        raise BoardError("This review is decided and locked. Share an amendment instead.")
    return loaded


def period_may_change(share: BoardShare | None) -> bool:
    """A new share sets its period; a shared review's period changes only before it opens."""
    return share is None or period.today() < share.opens_on


def share_form(share: BoardShare | None) -> ShareForm | SummaryForm:
    if share is None:
        return ShareForm()
    data = {
        "summary": share.summary,
        "title_es": share.title_es or "",
        "summary_es": share.summary_es or "",
    }
    if period_may_change(share):
        return ShareForm(data={**data, "opens_on": share.opens_on, "closes_on": share.closes_on})
    return SummaryForm(data=data)


def share_values(
    loaded: review_pages.Loaded, share: BoardShare | None, form: Any
) -> dict[str, Any]:
    text = form.summary.data if form.summary.data is not None else (share.summary if share else "")
    text_es = form.summary_es.data if form.summary_es.data is not None else ""
    minimum = int(current_app.config["BOARD_MIN_WORKING_DAYS"])
    return {
        **review_pages.common(loaded),
        "share": share,
        "form": form,
        "grade": reading_grade(text or ""),
        "grade_limit": GRADE_LIMIT,
        "ease_es": spanish_reading_ease(text_es or ""),
        "ease_minimum": SPANISH_EASE_MINIMUM,
        "minimum_days": minimum,
        "earliest_close": period.add_working_days(period.today(), minimum),
        "longest_days": period_limits()["longest"],
        "period_may_change": period_may_change(share),
        "needs_board": needs_board(loaded.review),
        "project_url": url_for("board.project", share_id=share.id) if share else None,
        "is_me": lambda comment: comment.author_id == current_user.id,
    }


def check_may_edit(comment: BoardComment, user: User) -> None:
    """Only the author edits a comment, only while the period is open, and never once a
    moderator hid it."""
    if comment.author_id != user.id:
        raise NotYours(_("Only the person who wrote a comment can change it."))
    if comment.hidden_at is not None:
        raise BoardError(_("A moderator hid this comment, so it cannot change."))
    services.check_open(comment.share)


def period_ok(form: Any, existing: BoardShare | None) -> bool:
    """Check the proposed period (when the form has one); put the problem on its date."""
    if not isinstance(form, ShareForm):
        return True
    opens_on, closes_on = _dates(form)
    problem = period.period_problem(
        opens_on, closes_on, int(current_app.config["BOARD_MIN_WORKING_DAYS"]),
        period.today(), **period_limits(),
    )  # fmt: skip
    if problem is None:
        return True
    on_open = problem.startswith(("The open date", "The comment period must open"))
    field = form.opens_on if on_open else form.closes_on
    field.errors = [*field.errors, problem]
    return False


def period_limits() -> dict[str, int]:
    config = current_app.config
    return {
        "longest": int(config["BOARD_MAX_PERIOD_DAYS"]),
        "ahead": int(config["BOARD_MAX_DAYS_BEFORE_OPENING"]),
    }


def save_share(actor: User, review: Review, existing: BoardShare | None, form: Any) -> None:
    summary, summary_es = form.summary.data or "", form.summary_es.data or None
    title_es = form.title_es.data or None
    if existing is None:
        services.share_review(
            actor, review, summary, summary_es, form.opens_on.data, form.closes_on.data,
            title_es=title_es,
        )  # fmt: skip
        return
    services.update_summary(actor, existing, summary, summary_es, title_es=title_es)
    if isinstance(form, ShareForm):
        services.change_period(actor, existing, *_dates(form))


def _dates(form: ShareForm) -> tuple[date, date]:
    """The period's dates of a validated form (both are required)."""
    return cast(date, form.opens_on.data), cast(date, form.closes_on.data)
