"""The flags on a review, from every source, with the reviewer's responses.

Flags come from providers: functions `(review) -> list[ReviewFlag]`. The questionnaire's own
flags are one provider; other features (the disparate-impact analyses) register theirs with
`register_flag_provider(app, ...)`. Flag ids must be unique across providers (prefix them).
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from flask import Flask
from flask_babel import get_translations
from sqlalchemy import select

from ctdppeia import words
from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import FlagResponse, Review
from ctdppeia.questionnaire import rating_reason, severity_rank
from ctdppeia.reviews.display import (
    CATEGORY_WORDS,
    NO_ANSWER,
    NOT_ASKED,
    RATING_WORDS,
    ROUTE_WORDS,
    SEVERITY_WORDS,
)
from ctdppeia.reviews.flagstate import open_flags
from ctdppeia.reviews.registry import pinned
from ctdppeia.reviews.state import load_context


@dataclass(frozen=True)
class Cause:
    """An answer a flag looked at: question, its words, and the answer in words."""

    question_id: str
    label: str
    answer: str
    section_id: str | None = None

    @property
    def text(self) -> str:
        return f"{self.question_id}: {self.label}: {self.answer}"


@dataclass(frozen=True)
class ReviewFlag:
    id: str
    severity: str  # info | low | medium | high
    category: str
    title: str
    advice: str
    route: str | None = None
    source: str = "questionnaire"
    causes: tuple[Cause, ...] = ()
    detail: str = ""
    kind: str = "risk"  # risk: sets the rating; gap: to close before approval
    basis: str | None = None  # the rule or law the flag rests on
    covers: tuple[str, ...] = ()  # titles of the flags it replaces whose conditions hold

    @property
    def is_gap(self) -> bool:
        return self.kind == "gap"

    @property
    def severity_label(self) -> str:
        return SEVERITY_WORDS.get(self.severity, self.severity)

    @property
    def category_label(self) -> str:
        return CATEGORY_WORDS.get(self.category, self.category)

    @property
    def route_label(self) -> str | None:
        return ROUTE_WORDS.get(self.route, self.route) if self.route else None


FlagProvider = Callable[[Review], Iterable[ReviewFlag]]
# Loads what the provider needs for many reviews at once, so a list asks the database a fixed
# number of times however many rows it shows.
FlagPrefetch = Callable[[Sequence[Review]], None]


def register_flag_provider(
    app: Flask, name: str, provider: FlagProvider, prefetch: FlagPrefetch | None = None
) -> None:
    """Add a source of flags besides the questionnaire (registering a name again replaces
    it), with what loads its data for a whole list at once."""
    registry = hooks(app)
    registry.flag_providers[name] = provider
    registry.flag_prefetches.pop(name, None)
    if prefetch is not None:
        registry.flag_prefetches[name] = prefetch


@dataclass(frozen=True)
class FlagTally:
    """A review's raised flags counted: by severity, how many are gaps, and the rating."""

    counts: dict[str, int]
    gaps: int
    rating: str | None  # the highest severity among the risk flags

    @property
    def text(self) -> str:
        return words.flag_count_text(self.counts, self.gaps, get_translations())

    @property
    def rating_label(self) -> str:
        if self.rating is None and self.gaps:
            return words.NO_RISK_RATING
        return RATING_WORDS.get(self.rating or "", words.NO_RATING)


def tally_flags(review: Review) -> FlagTally:
    """The one count of a review's flags: every raised flag, questionnaire and analyses alike,
    by severity, most severe first. Every page and the PDF word it with
    ``ctdppeia.words.flag_count_text``."""
    return _tally([(flag.severity, flag.is_gap) for flag in review_flags(review)])


def _tally(flags: list[tuple[str, bool]]) -> FlagTally:
    """Count (severity, is a gap) pairs; the rating is the most severe risk flag's."""
    risks = [severity for severity, is_gap in flags if not is_gap]
    rating = max(risks, key=severity_rank) if risks else None
    gaps = sum(1 for _, is_gap in flags if is_gap)
    return FlagTally(words.flag_counts(severity for severity, _ in flags), gaps, rating)


def tally_many(reviews: Sequence[Review]) -> dict[int, FlagTally]:
    """`tally_flags` of each review, for lists. The questionnaire's flags come from their
    stored state (written with the answers that raise them, so it is what evaluating the
    answers would give) instead of loading and evaluating every review's answers; the other
    providers load what they need for all the reviews at once."""
    for prefetch in hooks().flag_prefetches.values():
        prefetch(reviews)
    stored = open_flags([review.id for review in reviews])
    others = list(hooks().flag_providers.values())
    tallies = {}
    for review in reviews:
        found = _stored_questionnaire_flags(review, stored.get(review.id, {}))
        found += [(f.severity, f.is_gap) for provider in others for f in provider(review)]
        tallies[review.id] = _tally(found)
    return tallies


def _stored_questionnaire_flags(review: Review, raised: dict[str, str]) -> list[tuple[str, bool]]:
    """(severity, is a gap) of the questionnaire flags stored as raised on the review."""
    if not raised:
        return []
    gaps = {flag.id for flag in pinned(review.questionnaire_version).flags if flag.is_gap}
    return [(severity, flag_id in gaps) for flag_id, severity in raised.items()]


def count_flags(review: Review) -> dict[str, int]:
    """The flags of `tally_flags` by severity."""
    return tally_flags(review).counts


def review_flags(review: Review) -> list[ReviewFlag]:
    """Every flag raised on the review, highest severity first (stable within a severity)."""
    providers = [questionnaire_flags, *hooks().flag_providers.values()]
    found = [flag for provider in providers for flag in provider(review)]
    return sorted(found, key=lambda flag: -severity_rank(flag.severity))


def questionnaire_flags(review: Review) -> list[ReviewFlag]:
    """The flags of the pinned questionnaire that the answers raise."""
    context = load_context(review)
    questionnaire = context.questionnaire
    titles = {flag.id: flag.title for flag in questionnaire.flags}
    flags = []
    for raised in context.evaluation.flags:
        causes = []
        for qid, value in raised.answers.items():
            if not questionnaire.has_question(qid):
                continue
            words = context.answer_text(qid) if value is not None else None
            if words is None:
                words = NOT_ASKED if not context.is_visible(qid) else NO_ANSWER
            section = questionnaire.section_of(qid).id
            causes.append(Cause(qid, questionnaire.question(qid).label, words, section))
        flag = raised.flag
        flags.append(
            ReviewFlag(
                flag.id,
                flag.severity,
                flag.category,
                flag.title,
                flag.advice,
                flag.route,
                "questionnaire",
                tuple(causes),
                kind=flag.kind,
                basis=flag.basis,
                covers=tuple(titles[other] for other in raised.covers),
            )
        )
    return flags


@dataclass
class FlagEntry:
    flag: ReviewFlag
    response: FlagResponse | None  # the latest
    history: list[FlagResponse] = field(default_factory=list)  # oldest first

    @property
    def needs_response(self) -> bool:
        return self.flag.severity == "high" and self.response is None


@dataclass
class FlagPanel:
    entries: list[FlagEntry]  # every raised flag, risks and gaps, highest severity first
    rating: str | None  # the highest severity among the risk flags
    rating_explanation: str | None
    earlier: dict[str, list[FlagResponse]]  # responses to flags no longer raised
    obligations: tuple[str, ...] = ()  # what a case at this rating must do

    @property
    def rating_reason(self) -> str | None:
        """ "High because ...": the risk flags of the top severity, which set the rating."""
        titles = [entry.flag.title for entry in self.risks if entry.flag.severity == self.rating]
        return rating_reason(self.rating, titles)

    @property
    def rating_label(self) -> str:
        if self.rating is None and self.gaps:
            return words.NO_RISK_RATING
        return RATING_WORDS.get(self.rating or "", words.NO_RATING)

    @property
    def counts(self) -> dict[str, int]:
        """The same count as `tally_flags`, from the flags already on the panel."""
        return words.flag_counts(entry.flag.severity for entry in self.entries)

    @property
    def count_text(self) -> str:
        return words.flag_count_text(self.counts, len(self.gaps), get_translations())

    @property
    def risks(self) -> list[FlagEntry]:
        return [entry for entry in self.entries if not entry.flag.is_gap]

    @property
    def gaps(self) -> list[FlagEntry]:
        """Missing paperwork or safeguards: to close before approval; never set the rating."""
        return [entry for entry in self.entries if entry.flag.is_gap]

    @property
    def acting(self) -> tuple[list[FlagEntry], list[FlagEntry]]:
        """(risk flags, gaps) above information: what a reviewer acts on, listed first."""
        shown = [entry for entry in self.entries if entry.flag.severity != "info"]
        return [e for e in shown if not e.flag.is_gap], [e for e in shown if e.flag.is_gap]

    @property
    def information(self) -> list[FlagEntry]:
        """Information flags: nothing has to change; the pages fold them away."""
        return [entry for entry in self.entries if entry.flag.severity == "info"]

    @property
    def awaiting_medium(self) -> list[FlagEntry]:
        """Medium flags with no response yet: each needs a written response (it does not
        block submission, as a high flag does)."""
        return [e for e in self.entries if e.flag.severity == "medium" and e.response is None]

    def entry(self, flag_id: str) -> FlagEntry | None:
        return next((entry for entry in self.entries if entry.flag.id == flag_id), None)

    @property
    def unanswered_high(self) -> list[FlagEntry]:
        """High flags without a response, gaps included: they block submission."""
        return [entry for entry in self.entries if entry.needs_response]


def responses_by_flag(review: Review) -> dict[str, list[FlagResponse]]:
    """Every response ever given on the review, grouped by flag, oldest first."""
    query = select(FlagResponse).where(FlagResponse.review_id == review.id)
    grouped: dict[str, list[FlagResponse]] = {}
    for response in db.session.scalars(query.order_by(FlagResponse.id)):
        grouped.setdefault(response.flag_id, []).append(response)
    return grouped


def _latest(responses: list[FlagResponse]) -> FlagResponse | None:
    return responses[-1] if responses else None


def questionnaire_entries(review: Review) -> list[FlagEntry]:
    """The questionnaire's raised flags with their responses, as in `flag_panel`, without
    the other providers' flags (which the board, for one, is not shown)."""
    responses = responses_by_flag(review)
    return [
        FlagEntry(flag, _latest(responses.get(flag.id, [])), responses.get(flag.id, []))
        for flag in questionnaire_flags(review)
    ]


def flag_panel(review: Review) -> FlagPanel:
    """The flags with their responses, the overall rating and what it means."""
    flags = review_flags(review)
    responses = responses_by_flag(review)
    entries = [
        FlagEntry(flag, _latest(responses.get(flag.id, [])), responses.get(flag.id, []))
        for flag in flags
    ]
    raised = {flag.id for flag in flags}
    earlier = {key: items for key, items in responses.items() if key not in raised}
    rating = next((flag.severity for flag in flags if not flag.is_gap), None)
    questionnaire = load_context(review).questionnaire
    explanation = questionnaire.ratings.get(rating) if rating else None
    obligations = questionnaire.obligations.get(rating, ()) if rating else ()
    return FlagPanel(entries, rating, explanation, earlier, obligations)
