"""The Resident Advisory Board: reviews shared in plain language, and the board's comments."""

from flask import Flask
from flask_babel import lazy_gettext as _l


def init_app(app: Flask) -> None:
    """Register the pages, the navigation entry, the snapshot part, the template helper and
    how the audit views show a comment's author."""
    from ctdppeia import audit
    from ctdppeia.board import announce, waiting
    from ctdppeia.board.language import written_in, written_language_note
    from ctdppeia.board.pages import review_section
    from ctdppeia.board.privacy import present_comment_events
    from ctdppeia.board.snapshot import snapshot_part
    from ctdppeia.board.views import bp
    from ctdppeia.models import Role
    from ctdppeia.reviews.snapshot import register_snapshot_part
    from ctdppeia.web import add_nav

    app.register_blueprint(bp)
    announce.register(app)  # the comment period's opening and closing, to the reviewers
    add_nav(app, "board.home", _l("Shared projects"), Role.BOARD)
    register_snapshot_part(app, "comments", "board", snapshot_part)
    app.jinja_env.globals["board_section"] = review_section
    app.jinja_env.globals["written_in"] = written_in
    app.jinja_env.globals["written_language_note"] = written_language_note
    audit.register_presenter(app, "board_comment", present_comment_events)  # the author's choice
    waiting.init_app(app)  # open projects a member has not commented on, on the board's home
