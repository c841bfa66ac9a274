"""The notices page (every notice, newest first; opening it marks them read) and each
person's email preference."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import roles
from ctdppeia.notices.forms import EmailPreferenceForm
from ctdppeia.notices.preferences import email_mode, set_email_mode
from ctdppeia.notices.services import NOTICE_ROLES, mark_read, notices_for

bp = Blueprint("notices", __name__)


@bp.route("/notices")
@roles(*NOTICE_ROLES)
def index() -> str:
    rows = notices_for(current_user)
    mode = email_mode(current_user)
    page = render_template("notices/index.html", rows=rows, mode=mode)  # before the commit
    mark_read(current_user)  # shown once as new, then read
    return page


@bp.route("/notices/settings", methods=["GET", "POST"])
@roles(*NOTICE_ROLES)
def settings() -> str | Response | tuple[str, int]:
    form = EmailPreferenceForm(data={"email_mode": email_mode(current_user)})
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("notices/settings.html", form=form), status
    set_email_mode(current_user._get_current_object(), form.email_mode.data or "")
    flash(gettext("Your email preference is saved."), "success")
    return redirect(url_for("notices.settings"))
