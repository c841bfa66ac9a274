"""The AI advisory group: conflicts, recommendations, the High-Risk Use Case Subcommittee's
recommendation, the chair's decision with its conditions, and re-assessment."""

from flask import Flask
from sqlalchemy import ColumnElement


def init_app(app: Flask) -> None:
    from ctdppeia.advisory import (
        announce,
        deciding,  # noqa: F401  (adds the decision's pages to bp)
    )
    from ctdppeia.advisory.record import advisory_part, approval_gate, queue_rule
    from ctdppeia.advisory.rules import KIND, STATUSES, known_for
    from ctdppeia.advisory.views import bp
    from ctdppeia.ai.queue import has_review, register_status, register_status_loader
    from ctdppeia.models import Review
    from ctdppeia.reviews.snapshot import register_snapshot_part
    from ctdppeia.reviews.workflow import register_approval_gate

    def submitted() -> ColumnElement[bool]:  # the group's statuses follow a submitted review
        return has_review(Review.submitted_at.is_not(None))

    app.register_blueprint(bp)
    announce.register(app)  # notices of the group's steps; conditions and re-assessments due
    register_snapshot_part(app, "advisory", "advisory-group", advisory_part)
    register_approval_gate(app, KIND, approval_gate)
    for key in ("waiting-for-subcommittee", "waiting-for-decision", "due"):
        register_status(app, key, STATUSES[key], queue_rule(key), submitted)
    register_status_loader(app, "advisory", known_for)
