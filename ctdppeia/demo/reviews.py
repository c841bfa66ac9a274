"""Filling reviews with sample answers for the demo data (any subject, any questionnaire)."""

import logging
from collections.abc import Mapping
from typing import Any

from ctdppeia.models import Review, User
from ctdppeia.questionnaire import validate_answer
from ctdppeia.reviews import services, setaside, workflow
from ctdppeia.reviews.flags import review_flags
from ctdppeia.reviews.registry import questionnaires
from ctdppeia.reviews.state import load_context
from ctdppeia.reviews.subjects import adapter_for

log = logging.getLogger(__name__)


def start(user: User, kind: str, subject: Any, questionnaire_id: str) -> Review | None:
    """A new review of `subject`, or None when that questionnaire is not loaded."""
    questionnaire = questionnaires().latest(questionnaire_id)
    if questionnaire is None:
        log.warning("demo reviews skipped: questionnaire %s is not loaded", questionnaire_id)
        return None
    return services.start_review(user, adapter_for(kind), subject, questionnaire)


def fill(user: User, review: Review, answers: Mapping[str, object]) -> None:
    """Save the answers section by section, marking each complete where it can be.
    Answers to questions the questionnaire does not have, or that do not fit, are skipped."""
    questionnaire = load_context(review).questionnaire
    for section in questionnaire.sections:
        values = {
            q.id: answers[q.id]
            for q in section.questions
            if q.id in answers and validate_answer(q, answers[q.id]) is None
        }
        if values:
            services.save_section(user, review, section.id, values, review.version, complete=True)


def respond_to_flags(
    user: User, review: Review, responses: Mapping[str, tuple[str, str]], *, all_high: bool
) -> None:
    """Respond to the raised flags named in `responses` (flag id -> (kind, text)), and, when
    `all_high`, to every other raised high flag with a generic mitigation."""
    for flag in review_flags(review):
        kind, text = responses.get(flag.id, ("", ""))
        if not kind and all_high and flag.severity == "high":
            kind, text = "mitigation", "Handled by a condition in the data sharing agreement."
        if kind:
            workflow.respond_to_flag(user, review, flag.id, kind, text)


def submit(
    reviewer: User, review: Review, recommendation: str, conditions: str, rationale: str
) -> bool:
    """Submit the review for approval; False (and left in progress) if it cannot be."""
    problems = workflow.submission_problems(review)
    if problems:
        log.warning("demo review %s left in progress: %s", review.id, problems[0].text)
        return False
    workflow.submit_review(reviewer, review, recommendation, conditions, rationale)
    return True


def decide(
    reviewer: User, approver: User, review: Review, recommendation: str, conditions: str,
    rationale: str,
) -> bool:  # fmt: skip
    """Submit and confirm the review; False (and left in progress) if it cannot be submitted."""
    if not submit(reviewer, review, recommendation, conditions, rationale):
        return False
    workflow.confirm_review(approver, review, "", setaside.each_with(review, setaside.DEMO_REASON))
    return True
