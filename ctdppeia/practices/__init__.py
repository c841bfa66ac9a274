"""OMB M-25-21's minimum practices for high-impact AI, tracked per AI use case."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the tracker's pages."""
    from ctdppeia.practices.views import bp

    app.register_blueprint(bp)
