"""Action plans: actions with an owner, a due date, a status and evidence, made from a flag's
mitigation, a condition of an approval or of the AI advisory group's decision, or an
obligation of an AI use case's risk tier (see docs/action-plans.md)."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from ctdppeia.translatable import N_

# The labels kept in the model, shown through gettext.
N_("Response to a flag")
N_("Condition of the approval")
N_("Conditions of the approval")
N_("Condition of the AI advisory group's decision")
N_("Obligation of the risk tier")

PLAN = "actions/_plan.html"  # a review's plan, on its pages and its use case's page


def _has_review(review: object = None, **_given: object) -> bool:
    """The plan shows on a use case's page once it has a review."""
    return review is not None


def init_app(app: Flask) -> None:
    """Register the pages, the navigation entry, the snapshot part and the panels that show a
    review's plan."""
    from ctdppeia.actions import plan, reminders, snapshot, views, waiting
    from ctdppeia.models import Role
    from ctdppeia.notices.due import register_due_source
    from ctdppeia.reviews.snapshot import register_snapshot_part
    from ctdppeia.templatehooks import offering, register_template_hook
    from ctdppeia.waiting import register_waiting
    from ctdppeia.web import add_nav

    app.register_blueprint(views.bp)
    register_snapshot_part(app, "actions", "action-plan", snapshot.actions_part)
    plan_values = offering({"action_plan": plan.plan_of}, only_if=_has_review)
    for point, order in (("review_panels", 10), ("review_summary_end", 10)):
        register_template_hook(app, point, "actions", PLAN, plan_values, order=order)
    register_template_hook(app, "use_case_panels", "actions", PLAN, plan_values, order=20)
    add_nav(app, "actions.index", _l("Action plans"), Role.REVIEWER, Role.APPROVER)
    register_due_source(app, "actions", reminders.due_items)  # reminders at 30, 7, 0 days
    register_waiting(app, "actions", waiting.waiting_group)  # the home page's panel
