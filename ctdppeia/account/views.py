"""The language page: every signed-in user picks the language of the site once."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import ALL_ROLES, roles
from ctdppeia.account.forms import LanguageForm
from ctdppeia.account.services import set_language
from ctdppeia.i18n import current_language

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/language", methods=["GET", "POST"])
@roles(ALL_ROLES)
def language() -> str | Response | tuple[str, int]:
    form = LanguageForm(data={"language": current_user.language or current_language()})
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("account/language.html", form=form), status
    user = current_user._get_current_object()
    set_language(user, form.language.data or "")
    with force_locale(user.language):  # the message in the language just chosen
        flash(gettext("Your language is saved."), "success")
    return redirect(url_for("account.language"))
