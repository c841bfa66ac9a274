"""Notices in the app, with their count in the navigation, and by email as each person chose:
each notice, a daily or weekly digest, or none. Any feature makes them through `core.notify`;
the scheduled run (`flask notices run-due`) sends reminders and digests."""

from flask import Flask, request
from flask_login import current_user


def nav_notice_count() -> int | None:
    """How many unread notices the signed-in user has; None when signed out."""
    from ctdppeia.notices.services import unread_count

    if not current_user.is_authenticated:
        return None
    if request.endpoint == "notices.index":
        return 0  # the page marks every notice it shows read
    return unread_count(current_user)


def init_app(app: Flask) -> None:
    from ctdppeia.jobs import register_periodic
    from ctdppeia.notices import kinds
    from ctdppeia.notices.cli import notices_cli
    from ctdppeia.notices.digest import register_source, workflow_notices
    from ctdppeia.notices.jobs import run_due_job
    from ctdppeia.notices.views import bp

    app.register_blueprint(bp)
    kinds.register(app)
    register_source(app, "workflow", workflow_notices)
    app.cli.add_command(notices_cli)
    register_periodic(
        app, "notices-run-due", run_due_job, "send the reminders, dated notices and digests due"
    )
