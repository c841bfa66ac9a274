"""The risk tier of a Responsible-AI review: the questionnaire's rating (from its risk flags),
the same without the presumptions of high impact that a written determination set aside, a
different tier a reviewer may record with a written reason, and the tier's obligations, each
ticked off or explained before the review can be submitted.

Every tier stays on the record: the override row keeps the tier the rules gave when it was
recorded, the determination keeps the tier with and without the presumption, and the pages,
the snapshot and the PDF show them side by side with one plain sentence naming the rules that
set the tier ("High because ...").
"""

from dataclasses import dataclass, field

from flask import has_request_context, url_for
from sqlalchemy import select

from ctdppeia import audit, words
from ctdppeia.ai import presumption
from ctdppeia.ai.contradictions import contradictions
from ctdppeia.extensions import db
from ctdppeia.models import PresumptionRebuttal, Review, ReviewObligation, TierOverride, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews import permissions
from ctdppeia.reviews.errors import Problem, ReviewError
from ctdppeia.reviews.flags import FlagEntry, flag_panel
from ctdppeia.reviews.services import transaction
from ctdppeia.reviews.state import load_context
from ctdppeia.reviews.workflow import lock_for_change

KIND = "ai-use-case"
TIERS = tuple(words.SEVERITY)  # high, medium, low, info


@dataclass
class Obligation:
    text: str
    done: bool = False
    explanation: str = ""

    @property
    def settled(self) -> bool:
        return self.done or bool(self.explanation.strip())


@dataclass
class Tier:
    """A review's tier: the rules' (after any written determination), the recorded one, the
    presumptions raised and set aside, and what the tier must do."""

    computed: str | None  # the rules' tier, without the presumptions set aside
    override: TierOverride | None
    setting_flags: list[FlagEntry] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    questionnaire: str | None = None  # the questionnaire's rating, every risk flag counted
    rebuttal: PresumptionRebuttal | None = None
    presumptions: list[FlagEntry] = field(default_factory=list)  # raised presumption flags
    set_aside: list[FlagEntry] = field(default_factory=list)  # those the determination covers
    risks: list[FlagEntry] = field(default_factory=list)  # every raised risk flag

    @property
    def effective(self) -> str | None:
        return self.override.tier if self.override is not None else self.computed

    @property
    def standing(self) -> list[FlagEntry]:
        """Raised presumptions no written determination sets aside: they keep the tier high."""
        covered = {entry.flag.id for entry in self.set_aside}
        return [entry for entry in self.presumptions if entry.flag.id not in covered]

    @property
    def rules_sentence(self) -> str:
        """ "High because ..." for the rules' tier, naming the flags that set it."""
        return presumption.reason_sentence(self.computed, [e.flag for e in self.setting_flags])

    @property
    def rebuttal_sentence(self) -> str:
        if self.rebuttal is None or not self.set_aside:
            return ""
        cited = presumption.cited(entry.flag for entry in self.set_aside)
        when = words.format_date(self.rebuttal.created_at)
        return (
            f"The presumption of high impact ({cited}) was set aside by the written "
            f"determination of {self.rebuttal.decided_by}, recorded on {when}."
        )

    @property
    def cited_presumptions(self) -> str:
        return presumption.cited(entry.flag for entry in self.presumptions)

    @property
    def cited_standing(self) -> str:
        return presumption.cited(entry.flag for entry in self.standing)

    @property
    def sentence(self) -> str:
        """The tier in force in one or two plain sentences, for the pages, the PDF and the
        inventory entry."""
        parts = [self.rules_sentence, self.rebuttal_sentence]
        if self.override is not None:
            recorded = (
                f"{words.SEVERITY[self.override.tier]}, as recorded by "
                f"{self.override.created_by.name} in place of the rules' tier."
            )
            parts = [recorded, *parts]
        return " ".join(part for part in parts if part)

    @property
    def label(self) -> str:
        return label(self.effective)

    @property
    def computed_label(self) -> str:
        return label(self.computed)

    @property
    def unsettled(self) -> list[Obligation]:
        return [item for item in self.obligations if not item.settled]


def label(tier: str | None) -> str:
    return words.RATING.get(tier or "", "Not rated yet")


def override_of(review: Review) -> TierOverride | None:
    return db.session.scalar(select(TierOverride).where(TierOverride.review_id == review.id))


def stored_obligations(review: Review) -> dict[str, ReviewObligation]:
    query = select(ReviewObligation).where(ReviewObligation.review_id == review.id)
    return {row.text: row for row in db.session.scalars(query)}


def rebuttal_of(review: Review) -> PresumptionRebuttal | None:
    query = select(PresumptionRebuttal).where(PresumptionRebuttal.review_id == review.id)
    return db.session.scalar(query)


def effective_tier(review: Review) -> str | None:
    """The tier in force: a recorded tier, else the rules' tier (without the presumptions a
    written determination set aside). Lighter than `tier_of`: no obligations."""
    override = override_of(review)
    if override is not None:
        return override.tier
    rebuttal = rebuttal_of(review)
    covered = set(rebuttal.flag_ids) if rebuttal is not None else set()
    risks = [entry.flag for entry in flag_panel(review).risks]
    return presumption.rating(presumption.remaining(risks, covered))


def tier_of(review: Review) -> Tier:
    panel = flag_panel(review)
    override, rebuttal = override_of(review), rebuttal_of(review)
    raised = [entry for entry in panel.risks if presumption.is_presumption(entry.flag.id)]
    covered = set(rebuttal.flag_ids) if rebuttal is not None else set()
    set_aside = [entry for entry in raised if entry.flag.id in covered]
    counting = [entry for entry in panel.risks if entry not in set_aside]
    computed = presumption.rating(entry.flag for entry in counting)
    effective = override.tier if override is not None else computed
    setting = [entry for entry in counting if entry.flag.severity == computed]
    texts = load_context(review).questionnaire.obligations.get(effective or "", ())
    rows = stored_obligations(review)
    obligations = [
        Obligation(text, rows[text].done, rows[text].explanation)
        if text in rows
        else Obligation(text)
        for text in texts
    ]
    return Tier(
        computed,
        override,
        setting,
        obligations,
        panel.rating,
        rebuttal,
        raised,
        set_aside,
        panel.risks,
    )


def submission_problems(review: Review) -> list[Problem]:
    """Every obligation of the tier neither ticked off nor explained (AI reviews only)."""
    if review.subject_kind != KIND:
        return []
    link = None  # outside a web request (a command) there is no page to link to
    if has_request_context():
        link = url_for("ai.tier", review_id=review.id, _anchor="obligations")
    found = tier_of(review)
    problems = [
        Problem(f"Tick off or explain the obligation “{item.text}”", url=link)
        for item in found.unsettled
    ]
    ticked = [item.text for item in found.obligations if item.done]
    return problems + [Problem(text, url=link) for text in contradictions(review, ticked).values()]


class ObligationsContradicted(ReviewError):
    """Obligations ticked "Done" while the review's answers say otherwise."""

    code = 422
    title = "The answers contradict an obligation ticked as done"

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors  # obligation text to message


def record_tier(user: User, review: Review, tier: str, reason: str) -> None:
    """Record `tier` instead of the questionnaire's, with the reason; the questionnaire's own
    tier removes a recorded one."""
    if tier not in TIERS:
        raise ValueError("unknown tier")
    permissions.ensure_may_answer(user, review)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_open(review)
        found = tier_of(review)
        if found.standing and tier != "high":
            raise PresumedHigh(found.standing)
        # No risk flag: the lowest tier, so "information only" is not a different tier.
        computed, old = found.computed or "info", found.override
        before = (old.tier, old.reason) if old is not None else None
        if tier == computed:
            if old is not None:
                db.session.delete(old)
        else:
            if not reason.strip():
                raise ValueError("a different tier needs a reason")
            old = old or TierOverride(review_id=review.id)
            old.tier, old.reason, old.computed_tier = tier, reason.strip(), computed
            old.created_by, old.created_at = user, utcnow()
            db.session.add(old)
        review.updated_at = utcnow()
        after = (tier, reason.strip()) if tier != computed else None
        summary = (
            f"Recorded the risk tier {label(tier)} instead of {label(computed)}"
            if after
            else f"Went back to the questionnaire's risk tier, {label(computed)}"
        )
        changes = {"tier": (_words(before), _words(after))}
        audit.record(user, "review.tier_override", review, changes=changes, summary=summary)


class PresumedHigh(ValueError):
    """A lower tier was asked for while a presumption of high impact stands."""

    def __init__(self, standing: list[FlagEntry]) -> None:
        self.standing = standing
        super().__init__(presumed_high_message(standing))


def presumed_high_message(standing: list[FlagEntry]) -> str:
    cited = presumption.cited(entry.flag for entry in standing)
    return (
        f"This use is presumed high-impact ({cited}). Only a written determination can set "
        "that aside: record it under “Set aside the presumption”."
    )


def _words(value: tuple[str, str] | None) -> str | None:
    return None if value is None else f"{label(value[0])}: {value[1]}"


def save_obligations(user: User, review: Review, items: list[Obligation]) -> None:
    """Store the checklist of the current tier (texts not on it are ignored)."""
    permissions.ensure_may_answer(user, review)
    with transaction():
        review = lock_for_change(review)
        permissions.ensure_open(review)
        current = {item.text for item in tier_of(review).obligations}
        ticked = [item.text for item in items if item.done and item.text in current]
        refused = contradictions(review, ticked)
        if refused:
            raise ObligationsContradicted(refused)
        rows = stored_obligations(review)
        changes = {}
        for item in items:
            if item.text not in current:
                continue
            row = rows.get(item.text) or ReviewObligation(review_id=review.id, text=item.text)
            before = _state(row.done, row.explanation) if item.text in rows else None
            after = _state(item.done, item.explanation.strip())
            if before == after:
                continue
            row.done, row.explanation = item.done, item.explanation.strip()
            row.updated_by, row.updated_at = user, utcnow()
            db.session.add(row)
            changes[item.text] = (before, after)
        if changes:
            review.updated_at = utcnow()
            summary = f"Updated {len(changes)} obligation(s) of the risk tier"
            audit.record(user, "review.obligations", review, changes=changes, summary=summary)


def _state(done: bool | None, explanation: str | None) -> str:
    state = "Done" if done else "Not done"
    return f"{state}: {explanation}" if explanation else state
