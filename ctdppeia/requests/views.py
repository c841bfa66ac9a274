"""Data request pages: list with search, create, view with history, edit."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia import audit, limits
from ctdppeia.access import roles
from ctdppeia.formtools import select_choices
from ctdppeia.models import REQUEST_STATUSES, Role
from ctdppeia.requests import forms, permissions, services
from ctdppeia.requests.forms import DataRequestForm
from ctdppeia.stale import StaleEdit, fingerprints, posted_bases, set_version

bp = Blueprint("requests", __name__, url_prefix="/requests")

STAFF = (Role.REVIEWER, Role.APPROVER, Role.ADMIN)
AUTHORS = (Role.REVIEWER, Role.APPROVER)


@bp.route("/")
@roles(*STAFF)
def index() -> str:
    text = request.args.get("q", "").strip()[: limits.SEARCH]
    status = request.args.get("status", "")
    status = status if status in REQUEST_STATUSES else ""
    agency_id = request.args.get("agency", type=int)
    page = services.search_page(
        current_user,
        services.Search(text, status, agency_id),
        older=request.args.get("older"),
        newer=request.args.get("newer"),
        per_page=current_app.config["REQUESTS_PER_PAGE"],
    )
    return render_template(
        "requests/index.html",
        page=page,
        q=text,
        status=status,
        agency_id=agency_id,
        statuses=REQUEST_STATUSES,
        agencies=services.agency_choices(),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles(*AUTHORS)
def new() -> str | Response:
    form = _form()
    if form.validate_on_submit():
        created = services.create_request(current_user, _fields(form), form.data_holders.data or [])
        flash("The request was saved.", "success")
        return redirect(url_for("requests.show", request_id=created.id))
    return render_template("requests/form.html", form=form, data_request=None)


@bp.route("/<int:request_id>")
@roles(*STAFF)
def show(request_id: int) -> str:
    data_request = permissions.get_visible_or_404(current_user, request_id)
    events = audit.history(("data_request", data_request.id))
    may_change = permissions.may_change(current_user, data_request)
    return render_template(
        "requests/show.html",
        data_request=data_request,
        events=events,
        may_change=may_change,
        labels=forms.field_labels(),
        value_labels=forms.VALUE_LABELS,
    )


@bp.route("/<int:request_id>/edit", methods=["GET", "POST"])
@roles(*AUTHORS)
def edit(request_id: int) -> str | Response | tuple[str, int]:
    data_request = permissions.get_changeable_or_403(current_user, request_id)
    form = _form(obj=data_request)
    if request.method == "GET":
        form.data_holders.data = [agency.id for agency in data_request.data_holders]
    bases = posted_bases(request.form, BASE_KEYS)
    if form.validate_on_submit():
        fields, holders = services.keep_untouched(
            data_request, _fields(form), form.data_holders.data or [], bases
        )
        try:
            version = form.version.data or 0
            services.update_request(current_user, data_request, fields, holders, version, bases)
        except StaleEdit as stale:
            _show(form, fields, holders)  # the fields not changed here now show what is saved
            set_version(form, stale.current_version)
            current = fingerprints(services.plain(data_request))
            page = _page(form, data_request, current, stale=stale)
            return page, 409
        except services.FrozenFields as frozen:
            form.form_errors.append(str(frozen))
            return _page(form, data_request, bases), 409
        flash("Your changes were saved.", "success")
        return redirect(url_for("requests.show", request_id=data_request.id))
    if request.method == "GET":
        bases = fingerprints(services.plain(data_request))
    return _page(form, data_request, bases)


BASE_KEYS = (*services.EDITABLE_FIELDS, "data_holders")


def _page(
    form: DataRequestForm, data_request: object, bases: dict[str, str], **extra: object
) -> str:
    return render_template(
        "requests/form.html", form=form, data_request=data_request, bases=bases, **extra
    )


def _show(form: DataRequestForm, fields: dict[str, object], holders: list[int]) -> None:
    """Put values into the posted form (after a refused save)."""
    for name, value in fields.items():
        form[name].data, form[name].raw_data = value, None
    form.data_holders.data, form.data_holders.raw_data = holders, None


def _form(**kwargs: object) -> DataRequestForm:
    form = DataRequestForm(**kwargs)
    form.data_holders.choices = select_choices(services.agency_choices())
    return form


def _fields(form: DataRequestForm) -> dict[str, object]:
    return {field: form[field].data for field in services.EDITABLE_FIELDS}
