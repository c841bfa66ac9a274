"""The AI advisory group: conflicts, recommendations, the High-Risk Use Case Subcommittee's
recommendation, the chair's decision with its conditions, and re-assessment."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ctdppeia.advisory.record import advisory_part, approval_gate
    from ctdppeia.advisory.rules import KIND
    from ctdppeia.advisory.views import bp
    from ctdppeia.reviews.snapshot import register_optional_part
    from ctdppeia.reviews.workflow import register_approval_gate

    app.register_blueprint(bp)
    register_optional_part("advisory", advisory_part)
    register_approval_gate(KIND, approval_gate)
