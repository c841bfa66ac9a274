"""Answering the Resident Advisory Board: typed responses to every comment, the submission
gate, the approver's acknowledgement of concerns, "you said, we did", and moderation."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the pages, the snapshot part and the template helpers."""
    from ctdppeia.board_answers import exchange, gate
    from ctdppeia.board_answers.views import bp
    from ctdppeia.reviews.snapshot import register_snapshot_part

    app.register_blueprint(bp)
    register_snapshot_part("comments", "board-comments", exchange.snapshot_part)
    app.jinja_env.globals["board_exchange"] = exchange.exchange
    app.jinja_env.globals["board_concerns"] = gate.concerns
