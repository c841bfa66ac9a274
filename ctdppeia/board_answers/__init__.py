"""Answering the Resident Advisory Board: typed responses to every comment, the submission
gate, the approver's acknowledgment of concerns, "you said, we did", and moderation."""

from flask import Flask
from flask_babel import format_decimal


def init_app(app: Flask) -> None:
    """Register the pages and the template helpers (the board's snapshot part adds the
    responses with `exchange.response_keys`)."""
    from ctdppeia.board_answers import exchange, gate, loop, waiting
    from ctdppeia.board_answers.views import bp
    from ctdppeia.reviews.confirmation import register_confirmation_step
    from ctdppeia.reviews.workflow import register_submission_check
    from ctdppeia.web import add_public_link

    app.register_blueprint(bp)
    register_confirmation_step(app, "board", gate.confirmation_step)  # concerns acknowledged
    register_submission_check(app, "board", gate.board_problems)  # the board's part of the gate
    app.jinja_env.globals["board_exchange"] = exchange.exchange
    app.jinja_env.globals["board_concerns"] = gate.concerns
    app.jinja_env.globals["overdue_board_answers"] = loop.overdue_board_answers
    app.jinja_env.filters["decimal"] = format_decimal  # 2.5 days, 2,5 días
    add_public_link(app, "board_answers.public_index", "You said, we did")
    waiting.init_app(app)  # the board's comments to answer, on the home pages
