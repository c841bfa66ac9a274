"""Administration: the admin's start page and managing user accounts."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia import audit
from ctdppeia.access import roles
from ctdppeia.admin import services
from ctdppeia.admin.forms import (
    STATUS_FILTERS,
    EditUserForm,
    NewUserForm,
    ResetPasswordForm,
    UserFilters,
)
from ctdppeia.auth.mfa import services as mfa_services
from ctdppeia.auth.mfa.forms import ResetForm
from ctdppeia.extensions import db
from ctdppeia.models import ROLE_LABELS, Role, User
from ctdppeia.reviews import registry

bp = Blueprint("admin", __name__, url_prefix="/admin")

USERS_PER_PAGE = 50


@bp.route("/")
@roles(Role.ADMIN)
def index() -> str:
    problems = registry.questionnaires().problems()
    return render_template("admin/index.html", questionnaire_problems=problems)


@bp.route("/users/")
@roles(Role.ADMIN)
def users() -> str:
    filters = UserFilters.from_args(request.args)
    query = services.user_query(filters.role, filters.agency_id, filters.active)
    page = db.paginate(query, per_page=USERS_PER_PAGE, error_out=False, count=True)
    return render_template(
        "admin/users.html",
        page=page,
        filters=filters,
        roles=ROLE_LABELS,
        agencies=services.all_agencies(),
        statuses=STATUS_FILTERS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def new_user() -> str | Response:
    form = NewUserForm()
    if form.validate_on_submit():
        password = form.password.data or services.new_password()
        try:
            user = services.create_user(
                _admin(),
                email=form.email.data or "",
                password=password,
                must_change_password=True,
                **form.account_fields(),
            )
        except services.AccountError as error:
            form.show_error(error)
        else:
            return _account_ready(user, password, generated=not form.password.data, created=True)
    return render_template("admin/users_new.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def edit_user(user_id: int) -> str | Response:
    user = db.get_or_404(User, user_id)
    form = EditUserForm(obj=user)
    if form.validate_on_submit():
        try:
            services.update_user(_admin(), user, active=form.active.data, **form.account_fields())
        except services.AccountError as error:
            form.show_error(error)
        else:
            flash(f"The changes to the account of {user.name} were saved.", "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    events = audit.history(("user_account", user.id))
    return render_template(
        "admin/users_edit.html", form=form, user=user, events=events, reset_form=ResetForm()
    )


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@roles(Role.ADMIN)
def reset_password(user_id: int) -> str | Response:
    user = db.get_or_404(User, user_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        password = form.password.data or services.new_password()
        try:
            services.reset_password(_admin(), user, password)
        except services.AccountError as error:
            form.show_error(error)
        else:
            return _account_ready(user, password, generated=not form.password.data, created=False)
    return render_template("admin/users_password.html", form=form, user=user)


@bp.route("/users/<int:user_id>/two-step/reset", methods=["POST"])
@roles(Role.ADMIN)
def reset_two_step(user_id: int) -> Response:
    """Turn off another account's two-step sign-in (a lost phone); its sessions end."""
    user = db.get_or_404(User, user_id)
    if ResetForm().validate_on_submit():
        try:
            mfa_services.reset(_admin(), user)
        except mfa_services.TwoStepError as error:
            flash(str(error), "warning")
        else:
            flash(f"Two-step sign-in of {user.name} is off; they can set it up again.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


def _admin() -> User:
    return current_user._get_current_object()


def _account_ready(user: User, password: str, *, generated: bool, created: bool) -> str | Response:
    """Show a made-up password once (this response only); otherwise go to the account."""
    if generated:
        return render_template(
            "admin/users_password_shown.html", user=user, password=password, created=created
        )
    done = "was created" if created else "has a new password"
    flash(f"The account of {user.name} {done}.", "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))
