"""The notices page: what happened on shared projects, newest first; opening it marks them read."""

from flask import Blueprint, render_template
from flask_login import current_user

from ctdppeia.access import roles
from ctdppeia.notices.services import NOTICE_ROLES, mark_read, notices_for

bp = Blueprint("notices", __name__)


@bp.route("/notices")
@roles(*NOTICE_ROLES)
def index() -> str:
    rows = notices_for(current_user)
    page = render_template("notices/index.html", rows=rows)  # before the commit expires them
    mark_read(current_user)  # shown once as new, then read
    return page
