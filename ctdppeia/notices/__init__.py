"""Notices in the app, with their count in the navigation, and by email when it is on."""

from flask import Flask, request
from flask_login import current_user


def nav_notice_count() -> int | None:
    """How many unread notices the signed-in user has; None when their role has none."""
    from ctdppeia.notices.services import NOTICE_ROLES, unread_count

    if not current_user.is_authenticated or current_user.role not in NOTICE_ROLES:
        return None
    if request.endpoint == "notices.index":
        return 0  # the page marks every notice it shows read
    return unread_count(current_user)


def init_app(app: Flask) -> None:
    from ctdppeia.notices import email
    from ctdppeia.notices.views import bp

    app.register_blueprint(bp)
    email.init_app(app)
    app.jinja_env.globals["nav_notice_count"] = nav_notice_count
