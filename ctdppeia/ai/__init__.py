"""AI use cases: the intake form, the Responsible-AI review's subject, the risk tier and its
obligations, and the advisory group's queue."""

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ctdppeia.models import Role


def offered_from_request(panel: Any, data_request: Any) -> bool:
    """Does a review of `data_request` offer "Start an AI use case from this request"? When a
    raised flag is routed to AI review and the user may change the request."""
    from ctdppeia.requests import permissions

    routed = any(entry.flag.route == "ai-review" for entry in panel.entries)
    return routed and permissions.may_change(current_user, data_request)


def request_use_cases(subject_kind: str, subject: Any, **_given: Any) -> dict[str, Any] | None:
    """The `subject_panels` values on a data request's page: the AI use cases the user may see
    that were started from it or use it; None on any other subject's page."""
    from ctdppeia.ai import services

    if subject_kind != "data-request":
        return None
    return {"use_cases": services.use_cases_of_request(current_user, subject)}


def init_app(app: Flask) -> None:
    from ctdppeia.ai import record, stored, subject, tier, tier_views, views
    from ctdppeia.templatehooks import offering, register_template_hook
    from ctdppeia.web import add_nav

    app.register_blueprint(views.bp)
    del tier_views  # imported for its routes, on the same blueprint
    del stored  # imported for its session hooks, which keep each use case's queue status
    subject.init_app(app)
    record.init_app(app)
    # a Responsible-AI review's tier, or a data request's offer to start a use case
    helpers = {"ai_review_tier": tier.tier_of, "ai_use_case_offered": offered_from_request}
    register_template_hook(app, "review_header", "ai", "ai/_review_hooks.html", offering(helpers))
    # the use cases started from, or using, a data request, on its page
    register_template_hook(
        app, "subject_panels", "ai", "ai/_request_use_cases.html", request_use_cases, order=10
    )
    add_nav(
        app,
        "ai.index",
        _l("AI use cases"),
        Role.REVIEWER,
        Role.APPROVER,
        Role.AI_REVIEWER,
        Role.ADMIN,
    )
