"""Adding, changing and deleting outcome analyses. Each function is one transaction: it checks
that the review may still change, checks the input, writes, records the audit event (scoped to
the review) and commits, or changes nothing at all."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ctdppeia import audit
from ctdppeia.analyses import results
from ctdppeia.disparity import DIRECTIONS, MAX_ROWS, GroupCount, analyse
from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, OutcomeGroup, Review, User
from ctdppeia.models.analysis import MAX_LABEL, MAX_TITLE, REFERENCE_LABELS
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews import permissions
from ctdppeia.reviews.errors import ChangedMeanwhile
from ctdppeia.reviews.services import transaction
from ctdppeia.reviews.workflow import lock_for_change
from ctdppeia.stale import StaleEdit, claim_version, differences, fingerprint, untouched

LOCKED_ADVICE = (
    "It was decided and confirmed, so its outcome analyses can no longer be added, changed or "
    "deleted. To change one, start an amendment of the review from its summary page and enter "
    "the analysis there."
)


LABELS = {
    "title": "Title",
    "outcome": "Outcome",
    "direction": "Good or bad outcome",
    "reference": "Reference group",
    "groups": "Groups (outcome of total)",
}


class InvalidAnalysis(ValueError):
    """The input cannot be saved; the message says why."""


@dataclass(frozen=True)
class AnalysisInput:
    """What a person typed or uploaded, already checked by the form."""

    title: str
    outcome_label: str
    direction: str
    reference_method: str  # best | largest | named
    reference_label: str | None
    groups: tuple[GroupCount, ...]

    @property
    def reference(self) -> str:
        if self.reference_method == "named":
            return self.reference_label or ""
        return self.reference_method


def check_input(review: Review, data: AnalysisInput) -> None:
    """Raise InvalidAnalysis or DisparityError when the input cannot be saved."""
    problems = []
    if not data.title.strip() or len(data.title) > MAX_TITLE:
        problems.append(f"The title must have 1 to {MAX_TITLE} characters.")
    if not data.outcome_label.strip() or len(data.outcome_label) > MAX_TITLE:
        problems.append(f"The outcome must have 1 to {MAX_TITLE} characters.")
    if data.direction not in DIRECTIONS:
        problems.append("Say whether the outcome is good or bad for the people counted.")
    if data.reference_method not in REFERENCE_LABELS:
        problems.append("Choose how the reference group is picked.")
    if data.reference_method == "named" and not (data.reference_label or "").strip():
        problems.append("Name the reference group.")
    if not 2 <= len(data.groups) <= MAX_ROWS:
        problems.append(f"An analysis needs 2 to {MAX_ROWS} groups.")
    if any(len(group.label) > MAX_LABEL for group in data.groups):
        problems.append(f"Group names can have at most {MAX_LABEL} characters.")
    if problems:
        raise InvalidAnalysis(" ".join(problems))
    analyse(data.groups, data.direction, data.reference, results.min_cell_for(review))


def plain(analysis: OutcomeAnalysis) -> dict[str, Any]:
    """The analysis as plain values, for the audit log."""
    return {
        "title": analysis.title,
        "outcome": analysis.outcome_label,
        "direction": analysis.direction,
        "reference": analysis.reference,
        "groups": "; ".join(f"{g.label}: {g.outcome} of {g.total}" for g in analysis.groups),
    }


def create_analysis(user: User, review: Review, data: AnalysisInput) -> OutcomeAnalysis:
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_may_answer(user, review)
        permissions.ensure_open(review, LOCKED_ADVICE)
        check_input(review, data)
        analysis = OutcomeAnalysis(review_id=review.id, created_by_id=user.id)
        _fill(analysis, user, data)
        analysis.created_at = analysis.updated_at
        db.session.add(analysis)
        audit.record(user, "analysis.created", analysis, scope=review,
                     changes=audit.diff({}, plain(analysis)),
                     summary=f"Added the outcome analysis “{analysis.title}”")  # fmt: skip
    results.forget()
    return analysis


def update_analysis(
    user: User,
    analysis: OutcomeAnalysis,
    data: AnalysisInput,
    loaded_version: int | None = None,
    bases: Mapping[str, str] | None = None,
) -> None:
    """Save the changed analysis. With `loaded_version` (the version the form was loaded
    from), StaleEdit refuses the save when someone saved meanwhile and a part they changed
    (by `bases`, the fingerprints of what the form showed; without them, any part) differs
    from what was typed. Parts this person did not change are expected already replaced
    (`keep_untouched`)."""
    with transaction():
        review = lock_for_change(_review_of(analysis))
        permissions.ensure_may_answer(user, review)
        permissions.ensure_open(review, LOCKED_ADVICE)
        check_input(review, data)
        if loaded_version is not None and loaded_version != analysis.version:
            _refuse_if_different(analysis, data, bases or {})
        before, stamp = plain(analysis), (analysis.updated_by_id, analysis.updated_at)
        version = analysis.version
        _fill(analysis, user, data)
        changes = audit.diff(before, plain(analysis))
        if not changes:  # saved as it was: keep who changed it last
            analysis.updated_by_id, analysis.updated_at = stamp
        else:
            if not claim_version(OutcomeAnalysis, analysis.id, version):
                raise ChangedMeanwhile()
            audit.record(user, "analysis.changed", analysis, scope=review, changes=changes,
                         summary=f"Changed the outcome analysis “{analysis.title}”")  # fmt: skip
    results.forget()


def typed_plain(data: AnalysisInput) -> dict[str, Any]:
    """What was typed, in the shape `plain` gives the stored analysis."""
    return {
        "title": data.title.strip(),
        "outcome": data.outcome_label.strip(),
        "direction": data.direction,
        "reference": data.reference.strip(),
        "groups": "; ".join(f"{g.label.strip()}: {g.outcome} of {g.total}" for g in data.groups),
    }


def keep_untouched(
    analysis: OutcomeAnalysis, data: AnalysisInput, bases: Mapping[str, str]
) -> AnalysisInput:
    """The input, with the parts this person did not change since the form was opened (their
    value still matches the fingerprint the form carried) replaced by what is stored now."""
    kept = untouched(typed_plain(data), bases)
    stored: dict[str, dict[str, Any]] = {
        "title": {"title": analysis.title},
        "outcome": {"outcome_label": analysis.outcome_label},
        "direction": {"direction": analysis.direction},
        "reference": {
            "reference_method": analysis.reference_method,
            "reference_label": analysis.reference_label,
        },
        "groups": {
            "groups": tuple(GroupCount(g.label, g.total, g.outcome) for g in analysis.groups)
        },
    }
    for part in kept:
        data = replace(data, **stored[part])
    return data


def _refuse_if_different(
    analysis: OutcomeAnalysis, data: AnalysisInput, bases: Mapping[str, str]
) -> None:
    """StaleEdit when a part someone else changed since the form was opened differs from
    what was typed."""
    stored = plain(analysis)
    others = {k for k in stored if bases.get(k) != fingerprint(stored[k])}
    labels = {k: v for k, v in LABELS.items() if k in others}
    found = differences(stored, typed_plain(data), labels)
    if found:
        raise StaleEdit(analysis.version, found, analysis.updated_by.name, analysis.updated_at)


def delete_analysis(user: User, analysis: OutcomeAnalysis) -> None:
    with transaction():
        review = lock_for_change(_review_of(analysis))
        permissions.ensure_may_answer(user, review)
        permissions.ensure_open(review, LOCKED_ADVICE)
        audit.record(user, "analysis.deleted", analysis, scope=review,
                     changes=audit.diff(plain(analysis), dict.fromkeys(plain(analysis))),
                     summary=f"Deleted the outcome analysis “{analysis.title}”")  # fmt: skip
        db.session.delete(analysis)
    results.forget()


def _review_of(analysis: OutcomeAnalysis) -> Review:
    review = db.session.get(Review, analysis.review_id)
    if review is None:  # the foreign key makes this impossible
        raise LookupError(analysis.review_id)
    return review


def _fill(analysis: OutcomeAnalysis, user: User, data: AnalysisInput) -> None:
    analysis.title = data.title.strip()
    analysis.outcome_label = data.outcome_label.strip()
    analysis.direction = data.direction
    analysis.reference_method = data.reference_method
    named = data.reference_method == "named"
    analysis.reference_label = (data.reference_label or "").strip() if named else None
    analysis.updated_by_id, analysis.updated_at = user.id, utcnow()
    _replace_groups(analysis, data.groups)


def _replace_groups(analysis: OutcomeAnalysis, groups: tuple[GroupCount, ...]) -> None:
    """Rewrite the rows in place (same positions keep their row) and drop the rest."""
    rows = list(analysis.groups)
    for position, group in enumerate(groups):
        if position < len(rows):
            row = rows[position]
        else:
            row = OutcomeGroup(position=position)
            analysis.groups.append(row)
        row.label, row.total, row.outcome = group.label.strip(), group.total, group.outcome
    del analysis.groups[len(groups) :]
