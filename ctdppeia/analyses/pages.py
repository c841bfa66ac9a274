"""Loading an analysis for a page, and the steps the table and upload forms share."""

from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.analyses import results, services
from ctdppeia.analyses.forms import (
    NEW_ROWS,
    AnalysisForm,
    UploadForm,
    file_problem_list,
    initial_data,
)
from ctdppeia.disparity import OMB_2024_CATEGORIES, DisparityError, TableError, parse_csv
from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, Review
from ctdppeia.reviews import permissions
from ctdppeia.reviews.pages import Loaded, common, load_for_change, load_review
from ctdppeia.stale import StaleEdit, fingerprints, posted_bases, set_version


@dataclass
class Page:
    loaded: Loaded
    analysis: OutcomeAnalysis | None = None
    stale: StaleEdit | None = None  # set when a save was refused as made from an old copy
    saved_bases: dict[str, str] | None = None  # after a refusal: what is stored now

    @property
    def review(self) -> Review:
        return self.loaded.review

    @classmethod
    def load(cls, review_id: int, analysis_id: int | None = None, change: bool = False) -> "Page":
        """The review (404 unless the user may see it; 403 when `change` and the user may not
        answer it; the lock message when it can no longer change) and the analysis in it."""
        loaded = load_for_change(review_id) if change else load_review(review_id)
        if change:
            permissions.ensure_open(loaded.review, services.LOCKED_ADVICE)
        page = cls(loaded)
        if analysis_id is not None:
            analysis = db.session.get(OutcomeAnalysis, analysis_id)
            if analysis is None or analysis.review_id != review_id:
                abort(404)
            page.analysis = analysis
        return page

    def values(self) -> dict[str, Any]:
        """What every analysis page shows: the review's header values and the analysis."""
        values = common(self.loaded)
        values.update(
            analysis=self.analysis,
            min_cell=results.min_cell_for(self.review),
            suggestions=OMB_2024_CATEGORIES,
            stale=self.stale,
            bases=self.bases(),
        )
        return values

    def bases(self) -> dict[str, str]:
        """The fingerprint of each part of the analysis the form shows (see ctdppeia.stale)."""
        if self.saved_bases is not None:
            return self.saved_bases
        if request.method == "POST":
            return posted_bases(request.form, services.LABELS)
        if self.analysis is None:
            return {}
        return fingerprints(services.plain(self.analysis))

    @property
    def refusal_status(self) -> int:
        """409 when the save was refused as stale, else 422 (the input has problems)."""
        return 409 if self.stale is not None else 422

    def computed(self) -> results.Computed:
        found = [c for c in results.computed_for(self.review) if c.analysis is self.analysis]
        if not found:
            abort(404)
        return found[0]

    def done(self, message: str, analysis: OutcomeAnalysis) -> Response:
        flash(message, "success")
        return redirect(url_for("analyses.show", review_id=self.review.id, analysis_id=analysis.id))


def table_form(page: Page) -> AnalysisForm:
    """The table form: posted values, or the stored analysis, or a new empty table."""
    if request.method == "POST":
        return AnalysisForm()
    if page.analysis is not None:
        return AnalysisForm(data=initial_data(page.analysis))
    form = AnalysisForm()
    for _ in range(NEW_ROWS):
        form.append_row()
    form.added_row = None  # the starting rows are not "just added"
    return form


def handle_table(page: Page, form: AnalysisForm) -> Response | int:
    """Add or remove a row (200: show the form again), or save (a redirect, or 422 with the
    problems attached to the form)."""
    if "add_row" in request.form:
        form.append_row()
        return 200
    if "remove_row" in request.form:
        form.drop_row(request.form.get("remove_row", ""))
        return 200
    valid = form.validate()
    groups = form.read_table()
    if not valid or groups is None:
        return 422
    return _save(page, form, form.to_input(groups)) or page.refusal_status


def handle_upload(page: Page, form: UploadForm) -> tuple[Response | None, list[str]]:
    """Save the uploaded table, or return the problems of the file (nothing saved)."""
    if not form.validate():
        return None, []
    try:
        groups = parse_csv(form.file.data.read())
    except TableError as error:
        message = "The file cannot be used. Its problems are listed at the top of the page."
        form.file.errors = [*form.file.errors, message]
        return None, file_problem_list(error)
    return _save(page, form, form.to_input(groups)), []


def _save(
    page: Page, form: AnalysisForm | UploadForm, data: services.AnalysisInput
) -> Response | None:
    """Create or update; on a refusal, attach the reason to the form and return None."""
    try:
        if page.analysis is None:
            analysis = services.create_analysis(current_user, page.review, data)
            return page.done(f"The analysis “{analysis.title}” was saved.", analysis)
        bases = page.bases()
        data = services.keep_untouched(page.analysis, data, bases)
        services.update_analysis(current_user, page.analysis, data, form.version.data, bases)
    except StaleEdit as stale:
        set_version(form, stale.current_version)
        page.stale = stale
        if page.analysis is not None:  # only a change can be stale
            page.saved_bases = fingerprints(services.plain(page.analysis))
        show_input(form, data)  # the parts not changed here now show what is saved
        return None
    except DisparityError as error:
        target = form.reference_label if data.reference_method == "named" else None
        _error(form, str(error), target)
        return None
    except services.InvalidAnalysis as error:
        form.add_error(str(error))
        return None
    return page.done(f"The analysis “{page.analysis.title}” was changed.", page.analysis)


def show_input(form: AnalysisForm | UploadForm, data: services.AnalysisInput) -> None:
    """Put the input into the posted form (after a refused save), the table's rows too."""
    named = data.reference_method == "named"
    values = {
        "title": data.title,
        "outcome_label": data.outcome_label,
        "direction": data.direction,
        "reference_method": data.reference_method,
        "reference_label": (data.reference_label or "") if named else "",
    }
    for name, value in values.items():
        form[name].data, form[name].raw_data = value, None
    if isinstance(form, AnalysisForm):
        form.groups.entries.clear()
        form.groups.last_index = -1
        for group in data.groups:
            row = {"group": group.label, "total": str(group.total), "outcome": str(group.outcome)}
            form.groups.append_entry(row)


def _error(form: AnalysisForm | UploadForm, message: str, field: Any = None) -> None:
    """The message on the field, or on the whole form when there is no field."""
    if field is None:
        form.add_error(message)
    else:
        field.errors = [*field.errors, message]


def render(template: str, page: Page, status: int = 200, **values: Any) -> tuple[str, int]:
    return render_template(template, **page.values(), **values), status
