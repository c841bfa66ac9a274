"""The stored state of a review's questionnaire flags, written in the same transaction as the
answers that raise or clear them."""

from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewFlagState, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.questionnaire import Evaluation, Questionnaire


def raises_other_flags(before: Evaluation, after: Evaluation) -> bool:
    """Whether `after` raises a different set of flags than `before`. The stored state always
    matches the stored answers (it is written with them), so when the set is the same there is
    nothing to write."""
    return {item.flag.id for item in before.flags} != {item.flag.id for item in after.flags}


def write_flag_state(
    user: User | None,
    review: Review,
    questionnaire: Questionnaire,
    after: Evaluation,
    *,
    note: str = "",
) -> None:
    """Record which flags the answers now raise, with an audit event for each change (its
    summary ends with `note` in brackets when one is given)."""
    tail = f" ({note})" if note else ""
    query = select(ReviewFlagState).where(ReviewFlagState.review_id == review.id)
    rows = {row.flag_id: row for row in db.session.scalars(query)}
    now = utcnow()
    raised = {item.flag.id: item for item in after.flags}
    for flag_id, item in raised.items():
        row = rows.get(flag_id)
        if row is not None and row.is_raised:
            continue
        if row is None:
            row = ReviewFlagState(review_id=review.id, flag_id=flag_id)
            db.session.add(row)
        row.severity, row.question_ids = item.flag.severity, list(item.answers)
        row.raised_at, row.cleared_at = now, None
        severity = item.flag.severity
        summary = f"Flag raised ({severity}): {item.flag.title}{tail}"
        audit.record(user, "review.flag_raised", row, scope=review, summary=summary)
    titles = {flag.id: flag.title for flag in questionnaire.flags}
    for flag_id, row in rows.items():
        if flag_id not in raised and row.is_raised:
            row.cleared_at = now
            summary = f"Flag no longer raised: {titles.get(flag_id, flag_id)}{tail}"
            audit.record(user, "review.flag_cleared", row, scope=review, summary=summary)


def open_flags(review_ids: list[int]) -> dict[int, dict[str, str]]:
    """For lists: review id -> {flag id: severity} of the questionnaire flags raised."""
    if not review_ids:
        return {}
    query = select(ReviewFlagState).where(
        ReviewFlagState.review_id.in_(review_ids), ReviewFlagState.cleared_at.is_(None)
    )
    found: dict[int, dict[str, str]] = {}
    for row in db.session.scalars(query):
        found.setdefault(row.review_id, {})[row.flag_id] = row.severity
    return found


def open_flag_counts(review_ids: list[int]) -> dict[int, dict[str, int]]:
    """For lists: review id -> {severity: number of questionnaire flags raised}."""
    counts: dict[int, dict[str, int]] = {}
    for review_id, flags in open_flags(review_ids).items():
        by_severity = counts.setdefault(review_id, {})
        for severity in flags.values():
            by_severity[severity] = by_severity.get(severity, 0) + 1
    return counts
