"""The questionnaire's analysis section, linked to the review's outcome analyses.

The DPPEIA asks for the gap between groups by hand: N6 (are there outcome rates by group?),
N7 (the ratio between the worst-off group's rate and the comparison group's, under 1 when the
group is worse off; for an unwanted outcome divided the other way) and N8 (people in the
smaller group of that comparison). Where a questionnaire has these questions, its section page
links every analysis of the review and, for questions not answered yet, fills them in from the
analysis with the largest gap. Nothing is saved until the person checks the answers and saves
the section, as any other answer.
"""

from dataclasses import dataclass

from flask import url_for

from ctdppeia.analyses.results import Computed, computed_for
from ctdppeia.disparity import ADVERSE
from ctdppeia.disparity.results import GroupResult
from ctdppeia.models import Review
from ctdppeia.questionnaire import Section
from ctdppeia.reviews.sections import SectionFill
from ctdppeia.reviews.state import ReviewContext

# questionnaire id -> (has rates, the ratio, the smaller group's size): the questions filled
QUESTIONS: dict[str, tuple[str, str, str]] = {"dppeia": ("N6", "N7", "N8")}


@dataclass(frozen=True)
class Gap:
    """The largest gap of one analysis, as the questionnaire asks for it."""

    computed: Computed
    ratio: float  # under 1: the group is worse off than the reference
    smaller_group: int


def section_fill(review: Review, context: ReviewContext, section: Section) -> SectionFill | None:
    """The links and answers this section takes from the review's analyses, if it asks."""
    asked = QUESTIONS.get(context.questionnaire.id)
    in_section = {question.id for question in section.questions}
    if asked is None or not set(asked) <= in_section:
        return None
    computed = computed_for(review)
    links = tuple(
        (c.analysis.title, url_for("analyses.show", review_id=review.id, analysis_id=c.analysis.id))
        for c in computed
    )
    index = url_for("analyses.index", review_id=review.id)
    gaps = [gap for gap in map(largest_gap, computed) if gap is not None]
    if not gaps:
        return SectionFill({}, "", index, links)
    worst = min(gaps, key=lambda gap: gap.ratio)
    has_rates, ratio, smallest = asked
    answers: dict[str, object] = {
        has_rates: "yes",
        ratio: round(worst.ratio, 2),
        smallest: worst.smaller_group,
    }
    analysis = worst.computed.analysis
    url = url_for("analyses.show", review_id=review.id, analysis_id=analysis.id)
    return SectionFill(answers, f"the outcome analysis “{analysis.title}”", url, links)


def largest_gap(computed: Computed) -> Gap | None:
    """The worst-off group against the reference, as N7 defines the ratio; None when no group
    could be compared."""
    result = computed.result
    reference = result.reference
    if reference is None or not reference.rate:
        return None
    ratios: list[tuple[float, GroupResult]] = []
    for group in result.groups:
        ratio = _ratio(group, reference, result.direction) if _compared(group) else None
        if ratio is not None:
            ratios.append((ratio, group))
    if not ratios:
        return None
    ratio, group = min(ratios, key=lambda item: item[0])
    return Gap(computed, ratio, min(group.total, reference.total))


def _compared(group: GroupResult) -> bool:
    return not (group.is_reference or group.suppressed or group.no_rate)


def _ratio(group: GroupResult, reference: GroupResult, direction: str) -> float | None:
    """The group's rate over the reference's; for an unwanted outcome the other way round."""
    if group.rate is None or reference.rate is None:
        return None
    if direction == ADVERSE:
        return reference.rate / group.rate if group.rate else None
    return group.rate / reference.rate
