"""Starting, answering and amending reviews. Each function is one transaction: it checks,
changes, records the audit events and commits, or changes nothing at all."""

from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from ctdppeia import audit, database
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewAnswer, User
from ctdppeia.models.review_lock import LOCKED
from ctdppeia.models.timestamps import utcnow
from ctdppeia.questionnaire import (
    AnswerValue,
    Evaluation,
    Questionnaire,
    Section,
    evaluate,
    is_answered,
)
from ctdppeia.questionnaire import validate_answer as fits
from ctdppeia.reviews import permissions
from ctdppeia.reviews.display import format_answer
from ctdppeia.reviews.errors import (
    ChangedMeanwhile,
    ConflictItem,
    InvalidAnswers,
    ReviewLocked,
    SaveConflict,
)
from ctdppeia.reviews.flagstate import raises_other_flags, write_flag_state
from ctdppeia.reviews.prefill import prefilled_answers
from ctdppeia.reviews.registry import pin
from ctdppeia.reviews.state import ReviewContext, build_context, forget_contexts, load_context
from ctdppeia.reviews.subjects import SubjectAdapter
from ctdppeia.writelock import serialized_writes


@dataclass(frozen=True)
class SaveOutcome:
    changed: tuple[str, ...]  # question ids whose answer changed
    missing: tuple[str, ...]  # required questions of the section still unanswered
    complete: bool  # the section is now marked complete
    kept: tuple[str, ...] = ()  # answers others saved meanwhile, kept as they are


@contextmanager
def transaction() -> Iterator[None]:
    """`database.transaction()` for a review change: the database's lock refusal and a lost
    version race become review errors. On SQLite the writer takes its turn before the block
    reads what it checks, not only before its first write (see `writelock`)."""
    with serialized_writes(db.engine):
        try:
            with database.transaction():
                yield
        except StaleDataError as error:
            forget_contexts()
            raise ChangedMeanwhile() from error
        except DBAPIError as error:
            forget_contexts()
            if LOCKED in str(error.orig):
                raise ReviewLocked() from error
            raise
        except BaseException:
            forget_contexts()
            raise


def start_review(
    user: User, adapter: SubjectAdapter, subject: Any, questionnaire: Questionnaire
) -> Review:
    if questionnaire.subject != adapter.kind:
        raise ValueError(f"{questionnaire.id} is not for a {adapter.label}")
    permissions.ensure_may_answer_subject(user, adapter, subject)
    with transaction():
        version = pin(questionnaire)
        review = Review(
            subject_kind=adapter.kind,
            subject_id=subject.id,
            owner_agency_id=adapter.owner_agency(subject).id,
            questionnaire_version=version,
            started_by=user,
            completed_sections=[],
        )
        db.session.add(review)
        summary = f"Started a review with {questionnaire.title}, version {questionnaire.version}"
        audit.record(user, "review.started", review, scope=subject, summary=summary)
        answers = prefilled_answers(adapter, subject, questionnaire)
        _write_prefilled(user, review, questionnaire, answers, adapter.label)
        write_flag_state(user, review, questionnaire, evaluate(questionnaire, answers))
        adapter.on_review_status_changed(subject, "in-progress", user)
    return review


def _write_prefilled(
    user: User,
    review: Review,
    questionnaire: Questionnaire,
    answers: Mapping[str, object],
    label: str,
) -> None:
    """Store the answers taken from the subject, each with an event saying where it came from."""
    now = utcnow()
    for qid, value in answers.items():
        question = questionnaire.question(qid)
        row = ReviewAnswer(
            review_id=review.id,
            question_id=qid,
            value=value,
            changed_in_version=review.version,
            updated_at=now,
            updated_by_id=user.id,
        )
        db.session.add(row)
        audit.record(
            user,
            "review.answer_prefilled",
            row,
            scope=review,
            changes={qid: (None, format_answer(question, value))},
            summary=f"Filled in {qid}: {question.label} from the {label}",
        )


def save_section(
    user: User,
    review: Review,
    section_id: str,
    values: Mapping[str, object],
    loaded_version: int,
    *,
    complete: bool = False,
    resume_at: str | None = None,
    mine: Collection[str] | None = None,
) -> SaveOutcome:
    """Save the answers of one section (a draft may be incomplete).

    `values` holds typed answers (None when empty) for the section's questions; answers to
    questions the new answers hide are ignored. `complete` marks the section complete when no
    required question is left. `mine` names the questions the person changed since the page
    was opened (None: all of them); only those are written. When the review changed since
    `loaded_version`, answers others changed and this person did not are kept; refused with
    SaveConflict when both changed the same answer.
    """
    permissions.ensure_may_change(user, review)
    context = load_context(review)
    section = context.section(section_id)
    if section is None:
        raise KeyError(section_id)
    _check_values(context.questionnaire, section, values)
    if mine is not None:
        values = {qid: value for qid, value in values.items() if qid in mine}
    kept: tuple[str, ...] = ()
    if loaded_version != review.version:
        clash = conflict(context, section, loaded_version, values)
        if clash.items:
            raise clash
        kept = tuple(changed_since(context, section, loaded_version))
    final, after = _apply(context, section, values)
    changes = {qid: (context.stored.get(qid), final.get(qid)) for qid in _changed(context, final)}
    asked = {q.id for q in section.questions}
    missing = tuple(qid for qid in after.missing_required if qid in asked)
    done = set(review.completed_sections or [])
    if missing:
        done.discard(section.id)
    elif complete:
        done.add(section.id)
    try:
        with transaction():
            stay = complete and bool(missing)  # the page comes back with what is missing
            resume = section.id if stay else resume_at or section.id
            _write_answers(user, context, changes, sorted(done), resume)
            if raises_other_flags(context.evaluation, after):
                write_flag_state(user, review, context.questionnaire, after)
    except ChangedMeanwhile:
        db.session.refresh(review)
        permissions.ensure_open(review)
        raise conflict(build_context(review), section, loaded_version, values) from None
    return SaveOutcome(tuple(changes), missing, section.id in done, kept)


def _check_values(
    questionnaire: Questionnaire, section: Section, values: Mapping[str, Any]
) -> None:
    asked = {q.id: q for q in section.questions}
    errors = {qid: "this question is not in this section" for qid in values if qid not in asked}
    for qid, value in values.items():
        problem = fits(asked[qid], value) if qid in asked else None
        if problem:
            errors[qid] = problem
    if errors:
        raise InvalidAnswers(errors)


def _apply(
    context: ReviewContext, section: Section, values: Mapping[str, Any]
) -> tuple[dict[str, Any], Evaluation]:
    """The stored answers with this section's new ones, minus the ones they make hidden."""
    final: dict[str, AnswerValue | None] = dict(context.stored)
    for question in section.questions:
        if question.id in values:
            value = values[question.id]
            final[question.id] = value if is_answered(value) else None
    after = evaluate(context.questionnaire, {k: v for k, v in final.items() if v is not None})
    for question in section.questions:  # a hidden question keeps what it had
        if question.id in after.hidden:
            final[question.id] = context.stored.get(question.id)
    return final, after


def _changed(context: ReviewContext, final: Mapping[str, Any]) -> list[str]:
    return [qid for qid, value in final.items() if context.stored.get(qid) != value]


def _write_answers(
    user: User,
    context: ReviewContext,
    changes: Mapping[str, tuple[Any, Any]],
    completed: list[str],
    resume_at: str,
) -> None:
    review, now, user_id = context.review, utcnow(), user.id
    review.updated_at = now
    review.completed_sections = completed
    review.last_section = resume_at
    db.session.flush()  # the version check: fails if someone saved since we read
    for qid, (old, new) in changes.items():
        question = context.questionnaire.question(qid)
        row = context.rows.get(qid)
        if row is None:
            row = ReviewAnswer(review_id=review.id, question_id=qid)
            db.session.add(row)
        row.value, row.changed_in_version = new, review.version
        row.updated_at, row.updated_by_id = now, user_id
        words = (format_answer(question, old), format_answer(question, new))
        audit.record(
            user,
            "review.answer_changed",
            row,
            scope=review,
            changes={qid: words},
            summary=f"Changed the answer to {qid}: {question.label}",
        )


def conflict(
    context: ReviewContext, section: Section, loaded_version: int, values: Mapping[str, Any]
) -> SaveConflict:
    """The answers both others (since `loaded_version`) and this person changed, differently:
    theirs next to what was typed."""
    items = []
    others = changed_since(context, section, loaded_version)
    for question in section.questions:
        row = context.rows.get(question.id)
        if row is None or question.id not in others or question.id not in values:
            continue
        typed = values[question.id]
        if row.value == (typed if is_answered(typed) else None):
            continue  # both wrote the same answer
        items.append(
            ConflictItem(
                question.id,
                question.label,
                format_answer(question, row.value),
                format_answer(question, typed),
                row.updated_by.name,
                row.updated_at,
            )
        )
    latest = max(context.rows.values(), key=lambda r: r.changed_in_version, default=None)
    if latest is None or latest.changed_in_version <= loaded_version:
        return SaveConflict(context.review.version, items)
    return SaveConflict(context.review.version, items, latest.updated_by.name, latest.updated_by_id)


def changed_since(context: ReviewContext, section: Section, loaded_version: int) -> list[str]:
    """The section's questions whose answer was saved after `loaded_version`."""
    rows = context.rows
    return [
        q.id
        for q in section.questions
        if q.id in rows and rows[q.id].changed_in_version > loaded_version
    ]
