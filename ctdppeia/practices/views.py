"""The minimum-practice tracker of an AI use case: the list, and one item's form.

Who: the owner agency's reviewers and approvers keep the items; AI reviewers (the advisory
group) and administrators read them; anyone else gets 404, as for the use case itself.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.access import roles
from ctdppeia.ai import permissions
from ctdppeia.models import AIUseCase, Role
from ctdppeia.practices import services
from ctdppeia.practices.catalogue import PRACTICE_STATUSES, PRACTICES
from ctdppeia.practices.forms import PracticeForm

bp = Blueprint("practices", __name__, url_prefix="/ai-use-cases")

READERS = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER, Role.ADMIN)
KEEPERS = (Role.REVIEWER, Role.APPROVER)


@bp.route("/<int:use_case_id>/practices")
@roles(*READERS)
def index(use_case_id: int) -> str:
    use_case = permissions.get_visible_or_404(current_user, use_case_id)
    return render_template(
        "practices/index.html",
        use_case=use_case,
        items=services.items(use_case),
        practices=PRACTICES,
        statuses=PRACTICE_STATUSES,
        may_change=permissions.may_change(current_user, use_case),
        signed=services.signed_review(use_case),
    )


@bp.route("/<int:use_case_id>/practices/<key>", methods=["GET", "POST"])
@roles(*KEEPERS)
def edit(use_case_id: int, key: str) -> str | Response | tuple[str, int]:
    use_case = permissions.get_changeable_or_403(current_user, use_case_id)
    if key not in PRACTICES:
        abort(404)
    item = services.items(use_case)[key]
    form = PracticeForm(obj=item)
    if form.validate_on_submit():
        try:
            services.save(current_user, use_case, key, form.given())
        except services.PracticeError as error:
            _show(form, error.problems)
        else:
            flash(f"Saved: minimum practice {PRACTICES[key][0]}.", "success")
            return redirect(url_for("practices.index", use_case_id=use_case.id))
    status = 422 if request.method == "POST" else 200
    return _page(use_case, key, form), status


def _show(form: PracticeForm, problems: dict[str, str]) -> None:
    for name, message in problems.items():
        field = getattr(form, name)
        field.errors = [*field.errors, message]


def _page(use_case: AIUseCase, key: str, form: PracticeForm) -> str:
    return render_template(
        "practices/edit.html", use_case=use_case, key=key, practice=PRACTICES[key], form=form
    )
