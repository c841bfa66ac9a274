"""The page where administrators and agency approvers make and revoke API tokens. A new
token is shown once, on the page that answers the form, and never again."""

from flask import Blueprint, abort, flash, redirect, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from ctdppeia.access import roles
from ctdppeia.admin.services import all_agencies
from ctdppeia.api import tokens
from ctdppeia.extensions import db
from ctdppeia.formtools import CheckboxesField, CleanForm, select_choices
from ctdppeia.models import API_SCOPES, Agency, ApiToken, Role
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.forms import ActionForm
from ctdppeia.web import add_nav

bp = Blueprint("api_tokens", __name__, url_prefix="/api-tokens")
MANAGERS = (Role.ADMIN, Role.APPROVER)


class TokenForm(CleanForm):
    name = StringField(
        "What the token is for",
        description="For example: the agency's monthly report. Shown in the list and the log.",
        validators=[DataRequired("Say what the token is for."), Length(max=200)],
    )
    agency_id = SelectField("Agency", coerce=int, validators=[InputRequired()])
    scopes = CheckboxesField(
        "What it may read",
        choices=select_choices(API_SCOPES.items()),
        validators=[DataRequired("Choose at least one thing the token may read.")],
    )
    days = IntegerField(
        "Days until it expires",
        default=90,
        validators=[
            InputRequired("Say how many days the token lasts."),
            NumberRange(1, tokens.MAX_DAYS, f"Choose from 1 to {tokens.MAX_DAYS} days."),
        ],
    )


def _form() -> TokenForm:
    form = TokenForm()
    agencies = all_agencies() if current_user.role is Role.ADMIN else [current_user.agency]
    form.agency_id.choices = select_choices((a.id, f"{a.name} ({a.code})") for a in agencies)
    if form.agency_id.data is None and len(agencies) == 1:
        form.agency_id.data = agencies[0].id
    return form


def _page(form: TokenForm, secret: str | None = None) -> str:
    return render_template(
        "api/tokens.html",
        form=form,
        tokens=tokens.tokens_of(current_user),
        secret=secret,
        now=utcnow(),
        revoke_form=ActionForm(),
    )


@bp.route("", methods=["GET", "POST"])
@roles(*MANAGERS)
def index() -> ResponseReturnValue:
    form = _form()
    if not form.validate_on_submit():
        return _page(form), 400 if form.errors else 200
    agency = db.session.get(Agency, form.agency_id.data)
    if agency is None or not tokens.may_manage(current_user, agency):
        abort(403)
    made = tokens.create_token(
        current_user,
        agency,
        form.name.data or "",
        list(form.scopes.data or []),
        int(form.days.data or 0),
    )
    return _page(_form(), made.secret), 201, {"Cache-Control": "no-store"}


@bp.route("/<int:token_id>/revoke", methods=["POST"])
@roles(*MANAGERS)
def revoke(token_id: int) -> ResponseReturnValue:
    token = db.session.get(ApiToken, token_id)
    if token is None or not tokens.may_manage(current_user, token.agency):
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    tokens.revoke_token(current_user, token)
    flash(f"The token “{token.name}” is revoked: it no longer works.", "success")
    return redirect("/api-tokens")


@bp.record_once
def _nav(state: object) -> None:
    add_nav(state.app, "api_tokens.index", _l("API tokens"), *MANAGERS)  # type: ignore[attr-defined]
