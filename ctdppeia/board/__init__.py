"""The Resident Advisory Board: reviews shared in plain language, the board's comments, the
agency's answers to them, the submission gate, the approver's acknowledgment of concerns,
"you said, we did", and moderation."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register the pages, the navigation entry, the snapshot part, the confirmation step and
    submission check, the panels and the helpers of its templates, and how the audit views
    show a comment's author."""
    from ctdppeia import audit
    from ctdppeia.board import announce, answers_waiting, exchange, gate, notices, waiting
    from ctdppeia.board.answers_views import bp as answers_bp
    from ctdppeia.board.language import written_in, written_language_note
    from ctdppeia.board.pages import review_section
    from ctdppeia.board.privacy import present_comment_events
    from ctdppeia.board.snapshot import snapshot_part
    from ctdppeia.board.views import bp
    from ctdppeia.models import Role
    from ctdppeia.reviews.confirmation import register_confirmation_step
    from ctdppeia.reviews.snapshot import register_snapshot_part
    from ctdppeia.reviews.workflow import register_submission_check
    from ctdppeia.templatehooks import offering, register_page_helpers, register_template_hook
    from ctdppeia.web import add_nav, add_public_link

    app.register_blueprint(bp)
    app.register_blueprint(answers_bp)  # answering the board, moderation, "you said, we did"
    notices.register(app)  # the board's own notices, on the notices page and in digests
    announce.register(app)  # the comment period's opening and closing, to the reviewers
    add_nav(app, "board.home", _l("Shared projects"), Role.BOARD)
    register_snapshot_part(app, "comments", "board", snapshot_part)
    register_confirmation_step(app, "board", gate.confirmation_step)  # concerns acknowledged
    register_submission_check(app, "board", gate.board_problems)  # the board's part of the gate
    helpers = {
        "board_section": review_section,
        "board_exchange": exchange.exchange,
        "board_concerns": gate.concerns,
        "written_in": written_in,
        "written_language_note": written_language_note,
    }
    for blueprint in (bp, answers_bp):
        register_page_helpers(app, blueprint.name, helpers)
    panel = offering(helpers)  # the board's panels on the review pages get the same helpers
    for point in ("review_panels", "review_summary_panels"):
        register_template_hook(app, point, "board", "board/_review_section.html", panel, order=30)
    said = "board/_summary_section.html"  # "you said, we did"
    register_template_hook(app, "review_summary_panels", "board-said", said, panel, order=31)
    register_template_hook(app, "confirm_inputs", "board", "board/_concern_acks.html", panel)
    add_public_link(app, "board_answers.public_index", "You said, we did")
    audit.register_presenter(app, "board_comment", present_comment_events)  # the author's choice
    waiting.init_app(app)  # open projects a member has not commented on, on the board's home
    answers_waiting.init_app(app)  # the board's comments to answer, on the home pages
