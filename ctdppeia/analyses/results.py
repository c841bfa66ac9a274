"""The results of a review's outcome analyses, computed from the stored counts when needed.

The minimum cell size is the larger of the MIN_CELL_SIZE setting and the smallest count the
review's answers promise to show (the DPPEIA's question R3), so an answer can only make the
suppression stricter. A named reference group that has become too small to report (after such
an answer) is replaced by the group with the best rate, and a note says so: the output always
states the reference that was really used.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from flask import current_app, g
from sqlalchemy.orm import selectinload

from ctdppeia.analyses.advice import advice
from ctdppeia.disparity import (
    BEST,
    AnalysisResult,
    Chart,
    DisparityError,
    DisparityFlag,
    GroupCount,
    analyse,
    bar_chart,
    public_view,
)
from ctdppeia.disparity.headline import headline
from ctdppeia.extensions import db
from ctdppeia.models import OutcomeAnalysis, Review
from ctdppeia.reviews.state import load_context, prefetch_contexts

# Questionnaire id -> the question whose answer is the smallest count shown in a table.
CELL_SIZE_QUESTIONS: dict[str, str] = {"dppeia": "R3"}
NO_REFERENCE = "none (no group is large enough to compare with)"
_MIN_CHOICE = re.compile(r"min-(\d+)")


@dataclass(frozen=True)
class Computed:
    """One analysis with its result, its public view (plain data) and its chart."""

    analysis: OutcomeAnalysis
    result: AnalysisResult
    view: dict[str, Any]
    chart: Chart

    @property
    def headline(self) -> str:
        """The result in one plain sentence (ctdppeia.disparity.headline)."""
        return headline(self.result, self.analysis.outcome_label)

    @property
    def advice(self) -> dict[str, str]:
        """What to do about each of the analysis's findings, by the finding's id."""
        return {flag.id: advice(flag.severity, flag.verdict) for flag in self.result.flags}


def answered_min_cell(review: Review) -> int | None:
    """The smallest count the review's answers say will be shown, if they say one."""
    context = load_context(review)
    question_id = CELL_SIZE_QUESTIONS.get(context.questionnaire.id)
    if question_id is None or not context.questionnaire.has_question(question_id):
        return None
    return threshold(context.evaluation.answers.get(question_id))


def threshold(value: object) -> int | None:
    """A count from an answer: a whole number, or a choice such as "min-10"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and value >= 0:
        return int(-(-value // 1))  # a minimum of 10.5 means 11
    if isinstance(value, str) and (match := _MIN_CHOICE.fullmatch(value)):
        return int(match.group(1))
    return None


def min_cell_for(review: Review) -> int:
    """The minimum cell size that applies to the review's analyses."""
    configured = int(current_app.config["MIN_CELL_SIZE"])
    return max(configured, answered_min_cell(review) or 0)


def counts_of(analysis: OutcomeAnalysis) -> tuple[GroupCount, ...]:
    return tuple(GroupCount(g.label, g.total, g.outcome) for g in analysis.groups)


@lru_cache(maxsize=256)
def run(
    counts: tuple[GroupCount, ...], direction: str, reference: str, min_cell: int
) -> AnalysisResult:
    """The check; a named reference too small to use falls back to the best rate, with a note.

    The check is a pure function of its inputs (a table of 200 groups takes about half a
    second), so recent results are kept: review pages ask for every analysis's flags."""
    try:
        return analyse(counts, direction, reference, min_cell)
    except DisparityError as error:
        if reference in ("best", "largest"):
            raise
        result = analyse(counts, direction, BEST, min_cell)
        note = DisparityFlag(
            "disparity-reference-replaced",
            "info",
            f"The chosen reference group could not be used: {reference}",
            f"{error} The group with the best rate is used instead.",
        )
        return replace(result, flags=(*result.flags, note))


def compute(analysis: OutcomeAnalysis, min_cell: int) -> Computed:
    result = run(counts_of(analysis), analysis.direction, analysis.reference, min_cell)
    return Computed(analysis, result, public_view(result), bar_chart(result))


def analyses_of(review: Review) -> list[OutcomeAnalysis]:
    prefetched: dict[int, list[OutcomeAnalysis]] = g.get("prefetched_analyses", {})
    if review.id in prefetched:  # read once: a later call in the request sees new changes
        return prefetched.pop(review.id)
    query = db.select(OutcomeAnalysis).where(OutcomeAnalysis.review_id == review.id)
    return list(db.session.scalars(query.order_by(OutcomeAnalysis.id)))


def prefetch_analyses(reviews: Sequence[Review]) -> None:
    """Load the analyses (with their groups) of many reviews in two queries, for lists."""
    ids = [review.id for review in reviews]
    found: dict[int, list[OutcomeAnalysis]] = {review_id: [] for review_id in ids}
    query = (
        db.select(OutcomeAnalysis)
        .where(OutcomeAnalysis.review_id.in_(ids))
        .options(selectinload(OutcomeAnalysis.groups))
        .order_by(OutcomeAnalysis.id)
    )
    for analysis in db.session.scalars(query) if ids else []:
        found[analysis.review_id].append(analysis)
    g.prefetched_analyses = found
    # Their flags depend on the answers too (the smallest count the review allows).
    prefetch_contexts([review for review in reviews if found[review.id]])


def computed_for(review: Review) -> list[Computed]:
    """Every analysis of the review with its result, computed once per request."""
    analyses = analyses_of(review)
    if not analyses:
        return []
    min_cell = min_cell_for(review)
    key = (review.id, min_cell, tuple((a.id, a.updated_at) for a in analyses))
    cache: dict[Any, list[Computed]] = g.setdefault("outcome_analyses", {})
    if key not in cache:
        cache[key] = [compute(analysis, min_cell) for analysis in analyses]
    return cache[key]


def forget() -> None:
    g.pop("outcome_analyses", None)


def snapshot_item(computed: Computed) -> dict[str, Any]:
    """The analysis as the signed record holds it: counts of small groups hidden, no floats."""
    analysis = computed.analysis
    view = dict(computed.view)
    view["reference_label"] = view["reference_label"] or NO_REFERENCE
    return {
        "id": analysis.id,
        "title": analysis.title,
        "outcome_label": analysis.outcome_label,
        **view,
    }


def snapshot_part(review: Review, confirmation: object = None) -> list[dict[str, Any]]:
    """The "analyses" part of the review snapshot (the same whether confirming or not)."""
    return [snapshot_item(computed) for computed in computed_for(review)]
