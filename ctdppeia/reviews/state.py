"""A review read together with its pinned questionnaire: answers, visibility, progress."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from flask import g
from flask_babel import gettext, ngettext
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewAnswer
from ctdppeia.questionnaire import AnswerValue, Evaluation, Questionnaire, Section, evaluate
from ctdppeia.reviews.display import format_answer
from ctdppeia.reviews.registry import pinned

PROGRESS_WORDS = {
    "not-started": "Not started",
    "in-progress": "Not complete",
    "complete": "Complete",
}


@dataclass(frozen=True)
class SectionProgress:
    section: Section
    status: str  # not-started | in-progress | complete
    answered: int
    asked: int
    missing: tuple[str, ...]
    flag_count: int

    @property
    def status_label(self) -> str:
        return PROGRESS_WORDS[self.status]

    @property
    def flags_label(self) -> str:
        if not self.flag_count:
            return gettext("No flags")
        return ngettext("%(num)s flag", "%(num)s flags", self.flag_count)


@dataclass
class ReviewContext:
    """Everything needed to show a review, computed once per request and review version."""

    review: Review
    questionnaire: Questionnaire
    rows: dict[str, ReviewAnswer]
    evaluation: Evaluation
    stored: dict[str, AnswerValue] = field(default_factory=dict)

    @cached_property
    def hidden(self) -> frozenset[str]:
        return frozenset(self.evaluation.hidden)

    def is_visible(self, question_id: str) -> bool:
        return question_id not in self.hidden

    def answer_text(self, question_id: str) -> str | None:
        """The counted answer in words (None when unanswered or not asked)."""
        value = self.evaluation.answers.get(question_id)
        return format_answer(self.questionnaire.question(question_id), value)

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.questionnaire.sections if s.id == section_id), None)

    def neighbours(self, section_id: str) -> tuple[Section | None, Section | None]:
        sections = self.questionnaire.sections
        ids = [s.id for s in sections]
        index = ids.index(section_id)
        before = sections[index - 1] if index > 0 else None
        after = sections[index + 1] if index + 1 < len(sections) else None
        return before, after

    @cached_property
    def progress(self) -> list[SectionProgress]:
        return [self._progress_of(section) for section in self.questionnaire.sections]

    def _progress_of(self, section: Section) -> SectionProgress:
        asked = [q.id for q in section.questions if self.is_visible(q.id)]
        answered = [qid for qid in asked if qid in self.evaluation.answers]
        missing = tuple(qid for qid in self.evaluation.missing_required if qid in asked)
        flag_count = sum(
            1 for raised in self.evaluation.flags if any(qid in asked for qid in raised.answers)
        )
        if section.id in (self.review.completed_sections or []) and not missing:
            status = "complete"
        else:
            status = "in-progress" if answered else "not-started"
        return SectionProgress(section, status, len(answered), len(asked), missing, flag_count)

    def resume_section(self) -> Section:
        """Where to carry on: the last section saved, else the first one not complete."""
        last = self.section(self.review.last_section or "")
        if last is not None:
            return last
        for item in self.progress:
            if item.status != "complete":
                return item.section
        return self.questionnaire.sections[0]


def stored_answers(review: Review) -> dict[str, ReviewAnswer]:
    rows = db.session.scalars(select(ReviewAnswer).where(ReviewAnswer.review_id == review.id))
    return {row.question_id: row for row in rows}


def build_context(review: Review, rows: dict[str, ReviewAnswer] | None = None) -> ReviewContext:
    questionnaire = pinned(review.questionnaire_version)
    rows = stored_answers(review) if rows is None else rows
    stored = {qid: row.value for qid, row in rows.items() if row.value is not None}
    evaluation = evaluate(questionnaire, stored)
    return ReviewContext(review, questionnaire, rows, evaluation, stored)


def load_context(review: Review) -> ReviewContext:
    """The context of `review`, cached for the rest of the request (keyed by its version)."""
    cache: dict[tuple[int, int], ReviewContext] = g.setdefault("review_contexts", {})
    key = (review.id, review.version)
    if key not in cache:
        cache[key] = build_context(review)
    return cache[key]


def prefetch_contexts(reviews: Sequence[Review]) -> None:
    """Build the contexts of many reviews with one query for all their answers (for lists)."""
    cache: dict[tuple[int, int], ReviewContext] = g.setdefault("review_contexts", {})
    wanted = {review.id: review for review in reviews if (review.id, review.version) not in cache}
    if not wanted:
        return
    rows: dict[int, dict[str, ReviewAnswer]] = {review_id: {} for review_id in wanted}
    query = select(ReviewAnswer).where(ReviewAnswer.review_id.in_(list(wanted)))
    for row in db.session.scalars(query):
        rows[row.review_id][row.question_id] = row
    for review_id, review in wanted.items():
        cache[(review_id, review.version)] = build_context(review, rows[review_id])


def forget_contexts() -> None:
    g.pop("review_contexts", None)
