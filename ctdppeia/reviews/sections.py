"""The section page: one section of questions, its form, and where to go after saving."""

from dataclasses import dataclass, field
from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from ctdppeia.models import Review
from ctdppeia.questionnaire import Section, coerce_answer, evaluate
from ctdppeia.reviews import pages, permissions
from ctdppeia.reviews.errors import SaveConflict
from ctdppeia.reviews.fields import FIELD_TYPES, answer_id, question_anchor, raw_input
from ctdppeia.reviews.forms import SectionForm, field_name, mark_missing, set_version
from ctdppeia.reviews.prefill import suggestions
from ctdppeia.reviews.services import SaveOutcome, save_section
from ctdppeia.reviews.showif import section_rules
from ctdppeia.reviews.state import ReviewContext, load_context


@dataclass
class SectionPage:
    loaded: pages.Loaded
    context: ReviewContext
    section: Section
    review_id: int = field(init=False)

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
        return self.context.questionnaire, self.section, stored, self.review.version

    def resume_at(self, action: str) -> str:
        """The section to come back to later, after this save."""
        before, after = self.context.neighbours(self.section.id)
        if action == "continue" and after is not None:
            return after.id
        if action == "back" and before is not None:
            return before.id
        return self.section.id

    def save(self, values: dict[str, object], loaded_version: int, action: str) -> SaveOutcome:
        """Save the typed answers; "continue" also marks the section complete."""
        return save_section(
            current_user,
            self.review,
            self.section.id,
            values,
            loaded_version,
            complete=action == "continue",
            resume_at=self.resume_at(action),
        )

    def render(self, form: SectionForm, **extra: Any) -> str:
        hidden = extra.pop("hidden", None)
        if hidden is None:
            hidden = [q.id for q in self.section.questions if not self.context.is_visible(q.id)]
        if request.args.get("missing"):
            mark_missing(form, self.section, self.context.evaluation.missing_required)
        before, after = self.context.neighbours(self.section.id)
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
            **extra,
        )


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


def conflict_page(page: SectionPage, form: SectionForm, conflict: SaveConflict) -> str:
    """The form as typed, next to what the other person saved; the next save goes through."""
    page.context = load_context(page.review)
    set_version(form, conflict.current_version)
    return page.render(form, conflict=conflict, hidden=hidden_in(page, form))


def saved_redirect(page: SectionPage, outcome: SaveOutcome, action: str) -> Response:
    review_id, section_id = page.review_id, page.section.id
    before, after = page.context.neighbours(section_id)
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
