"""The section page: one section of questions, its form, and where to go after saving."""

from dataclasses import dataclass, field, replace
from typing import Any

from flask import Flask, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.hooks import hooks
from ctdppeia.models import Review
from ctdppeia.questionnaire import Section, coerce_answer, evaluate
from ctdppeia.reviews import pages, permissions
from ctdppeia.reviews.display import format_answer
from ctdppeia.reviews.errors import ConflictItem, SaveConflict
from ctdppeia.reviews.fields import FIELD_TYPES, answer_id, question_anchor, raw_input
from ctdppeia.reviews.forms import SectionForm, field_name, mark_missing, section_form
from ctdppeia.reviews.merge import DECIDE, fingerprints, posted_fingerprints
from ctdppeia.reviews.prefill import suggestions
from ctdppeia.reviews.services import SaveOutcome, save_section
from ctdppeia.reviews.showif import section_rules
from ctdppeia.reviews.state import ReviewContext, load_context


@dataclass(frozen=True)
class SectionFill:
    """What another feature offers a section: answers to fill in where none is given yet
    (the person checks them and saves), and the page it took them from."""

    answers: dict[str, object]
    source: str  # the words for where they come from ("the outcome analysis “Absences”")
    url: str  # the page to see it
    links: tuple[tuple[str, str], ...] = ()  # (label, url) of related pages to offer


def register_section_fill(app: Flask, name: str, fill: Any) -> None:
    """`fill(review, context, section) -> SectionFill | None`: offered on every section page."""
    hooks(app).section_fills[name] = fill


@dataclass
class SectionPage:
    loaded: pages.Loaded
    context: ReviewContext
    section: Section
    review_id: int = field(init=False)
    fills: list[SectionFill] = field(default_factory=list)

    @classmethod
    def load(cls, review_id: int, section_id: str) -> "SectionPage":
        loaded = pages.load_review(review_id)
        context = load_context(loaded.review)
        section = context.section(section_id)
        if section is None:
            abort(404)
        return cls(loaded, context, section)

    @property
    def review(self) -> Review:
        return self.loaded.review

    def __post_init__(self) -> None:
        self.review_id = self.loaded.review.id  # readable after a commit without a reload

    def read_only(self) -> Response | None:
        """Someone who cannot change the review reads its answers on the summary instead."""
        if permissions.may_change(current_user, self.review):
            return None
        anchor = f"section-{self.section.id}"
        return redirect(url_for("reviews.summary", review_id=self.review.id, _anchor=anchor))

    def form_source(self) -> tuple[Any, Section, dict[str, Any], int]:
        """What the GET form is built from: the stored answers, hidden ones included."""
        stored = {qid: row.value for qid, row in self.context.rows.items()}
        return self.context.questionnaire, self.section, self.filled(stored), self.review.version

    def filled(self, stored: dict[str, Any]) -> dict[str, Any]:
        """The stored answers, with the ones other features offer for unanswered questions."""
        found = [fill(self.review, self.context, self.section) for fill in self._fills()]
        self.fills, offered = [], {}
        for item in found:
            if item is None:
                continue
            blank = {q: v for q, v in item.answers.items() if stored.get(q) in (None, "", [])}
            self.fills.append(replace(item, answers=blank))
            offered.update(blank)
        return {**stored, **offered}

    @staticmethod
    def _fills() -> list[Any]:
        return list(hooks().section_fills.values())

    def resume_at(self, action: str) -> str:
        """The section to come back to later, after this save."""
        before, after = self.context.neighbours(self.section.id)
        if action == "continue" and after is not None:
            return after.id
        if action == "back" and before is not None:
            return before.id
        return self.section.id

    def save(
        self, values: dict[str, object], loaded_version: int, action: str, mine: set[str]
    ) -> SaveOutcome:
        """Save the answers the person changed; "continue" also marks the section complete."""
        return save_section(
            current_user,
            self.review,
            self.section.id,
            values,
            loaded_version,
            complete=action == "continue",
            resume_at=self.resume_at(action),
            mine=mine,
        )

    def render(self, form: SectionForm, **extra: Any) -> str:
        hidden = extra.pop("hidden", None)
        if hidden is None:
            hidden = [q.id for q in self.section.questions if not self.context.is_visible(q.id)]
        if request.args.get("missing"):
            mark_missing(form, self.section, self.context.evaluation.missing_required)
        before, after = self.context.neighbours(self.section.id)
        bases = extra.pop("bases", None)
        if bases is None:
            bases = self.bases()
        return render_template(
            "reviews/section.html",
            **pages.common(self.loaded),
            section=self.section,
            form=form,
            hidden=set(hidden),
            before=before,
            after=after,
            field_name=field_name,
            field_types=FIELD_TYPES,
            answer_id=answer_id,
            question_anchor=question_anchor,
            rules=section_rules(self.context, self.section),
            idle_minutes=current_app.config["SESSION_IDLE_MINUTES"],
            suggestions=suggestions(
                self.loaded.adapter, self.loaded.subject, list(self.section.questions)
            ),
            loaded_label=self.loaded.adapter.label,
            bases=bases,
            fills=self.fills,
            decide_name=DECIDE,
            **extra,
        )

    def choice_needed(self, values: dict[str, object], waiting: list[str]) -> SaveConflict:
        """The page asked which answer to keep and no choice came back: ask again."""
        items = []
        for question in self.section.questions:
            row = self.context.rows.get(question.id)
            if question.id in waiting and row is not None:
                theirs = format_answer(question, row.value)
                yours = format_answer(question, values.get(question.id))
                by = row.updated_by.name if row.updated_by else ""
                items.append(
                    ConflictItem(question.id, question.label, theirs, yours, by, row.updated_at)
                )
        return SaveConflict(self.review.version, items)

    def bases(self) -> dict[str, str]:
        """The fingerprints the page carries: those posted back, else the stored answers'."""
        stored = {qid: row.value for qid, row in self.context.rows.items()}
        opened = fingerprints(self.section, stored)
        if request.method == "POST":
            opened.update(posted_fingerprints(self.section, request.form))
        return opened


def hidden_in(page: SectionPage, form: SectionForm) -> list[str]:
    """The section's questions that the typed (not yet saved) answers would hide."""
    answers = {qid: row.value for qid, row in page.context.rows.items() if row.value is not None}
    for question in page.section.questions:
        try:
            value = coerce_answer(question, raw_input(form[field_name(question.id)]))
        except ValueError:
            continue
        answers[question.id] = value
    answers = {qid: value for qid, value in answers.items() if value is not None}
    hidden = set(evaluate(page.context.questionnaire, answers).hidden)
    return [q.id for q in page.section.questions if q.id in hidden]


def conflict_page(
    page: SectionPage,
    conflict: SaveConflict,
    values: dict[str, object],
    mine: set[str],
    undecided: list[str] | None = None,
) -> str:
    """The stored answers with this person's changes on top, and, for each answer both
    changed, theirs next to this person's with a choice. The page now carries the current
    version and fingerprints, so the next save writes only what this person changes."""
    page.context = load_context(page.review)
    stored = {qid: row.value for qid, row in page.context.rows.items()}
    shown = {
        q.id: (values.get(q.id) if q.id in mine else stored.get(q.id))
        for q in page.section.questions
    }
    form = section_form(page.context.questionnaire, page.section, shown, conflict.current_version)
    return page.render(
        form,
        conflict=conflict,
        undecided=undecided or [],
        bases=fingerprints(page.section, stored),
        hidden=hidden_in(page, form),
    )


def saved_redirect(page: SectionPage, outcome: SaveOutcome, action: str) -> Response:
    review_id, section_id = page.review_id, page.section.id
    before, after = page.context.neighbours(section_id)
    if outcome.kept:
        flash(kept_message(outcome.kept), "info")
    if action == "continue" and outcome.missing:
        flash(
            "Your answers were saved. To mark this section complete, answer the questions "
            "marked below.",
            "warning",
        )
        return redirect(
            url_for(
                "reviews.section",
                review_id=review_id,
                section_id=section_id,
                missing=1,
                _anchor="error-summary",
            )
        )
    if action == "continue":
        flash("Your answers were saved and the section is complete.", "success")
        if after is None:
            return redirect(url_for("reviews.summary", review_id=review_id))
        return redirect(url_for("reviews.section", review_id=review_id, section_id=after.id))
    flash("Your answers were saved.", "success")
    if action == "back":
        if before is None:
            return redirect(url_for("reviews.show", review_id=review_id))
        return redirect(url_for("reviews.section", review_id=review_id, section_id=before.id))
    return redirect(url_for("reviews.section", review_id=review_id, section_id=section_id))


def kept_message(kept: tuple[str, ...]) -> str:
    """Said after a save that kept answers someone else saved meanwhile."""
    return (
        "Someone else saved answers on this page while you were working. Their answers to "
        f"{', '.join(kept)} were kept; only the answers you changed were saved."
    )
