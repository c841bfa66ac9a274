"""The AI advisory group: conflicts, recommendations, the High-Risk Use Case Subcommittee's
recommendation, the chair's decision with its conditions, and re-assessment."""

from flask import Flask


def init_app(app: Flask) -> None:
    from ctdppeia.advisory import (
        announce,
        deciding,  # noqa: F401  (adds the decision's pages to bp)
        waiting,
    )
    from ctdppeia.advisory.pages import use_case_panel
    from ctdppeia.advisory.record import advisory_part, approval_gate, due_condition, queue_rule
    from ctdppeia.advisory.rules import KIND, STATUSES, known_for
    from ctdppeia.advisory.views import bp
    from ctdppeia.ai.queue import register_status, register_status_loader, register_timed_status
    from ctdppeia.reviews.snapshot import register_snapshot_part
    from ctdppeia.reviews.workflow import register_approval_gate
    from ctdppeia.templatehooks import register_template_hook

    app.register_blueprint(bp)
    announce.register(app)  # notices of the group's steps; conditions and re-assessments due
    register_snapshot_part(app, "advisory", "advisory-group", advisory_part)
    register_approval_gate(app, KIND, approval_gate)
    panel = "advisory/_section.html"  # the group's votes and decision, on the use case page
    register_template_hook(app, "use_case_panels", "advisory", panel, use_case_panel, order=10)
    for key in ("waiting-for-subcommittee", "waiting-for-decision"):
        register_status(app, key, STATUSES[key], queue_rule(key))
    register_timed_status(app, "due", STATUSES["due"], due_condition)
    register_status_loader(app, "advisory", known_for)
    waiting.init_app(app)
