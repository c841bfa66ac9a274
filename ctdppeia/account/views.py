"""The language page: every signed-in user picks the language of the site once."""

from functools import partial

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import ALL_ROLES, public, roles
from ctdppeia.account.forms import LanguageChoiceForm, LanguageForm
from ctdppeia.account.services import set_language
from ctdppeia.auth.redirects import safe_next
from ctdppeia.i18n import LANGUAGE_COOKIE, current_language
from ctdppeia.notices.preferences import email_mode as notices_email_mode

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("/language", methods=["GET", "POST"])
@roles(ALL_ROLES)
def language() -> str | Response | tuple[str, int]:
    form = LanguageForm(data={"language": current_user.language or current_language()})
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        # asked only when email is on, as the page says how notices arrive
        email_mode = partial(notices_email_mode, current_user)
        page = render_template("account/language.html", form=form, notice_email_mode=email_mode)
        return page, status
    user = current_user._get_current_object()
    set_language(user, form.language.data or "")
    with force_locale(user.language):  # the message in the language just chosen
        flash(gettext("Your language is saved."), "success")
    return redirect(url_for("account.language"))


@bp.route("/language/choose", methods=["POST"])
@public
def choose_language() -> Response:
    """The header's language buttons for visitors who are not signed in: kept in a cookie, so
    the sign-in page and the public pages speak it; no account needed."""
    form = LanguageChoiceForm()
    response = redirect(safe_next(request.form.get("next")))
    if form.validate_on_submit():
        response.set_cookie(
            LANGUAGE_COOKIE,
            form.language.data or "",
            max_age=365 * 24 * 3600,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
            samesite="Lax",
        )
    return response
