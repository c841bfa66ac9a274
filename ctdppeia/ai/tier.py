"""The risk tier of a Responsible-AI review: the questionnaire's rating (from its risk flags),
a different tier a reviewer may record with a written reason, and the tier's obligations, each
ticked off or explained before the review can be submitted.

Both tiers stay on the record: the override row keeps the tier the questionnaire gave when it
was recorded, and the pages, the snapshot and the PDF show the questionnaire's tier next to it.
"""

from dataclasses import dataclass, field

from flask import has_request_context, url_for
from sqlalchemy import select

from ctdppeia import audit, words
from ctdppeia.extensions import db
from ctdppeia.models import Review, ReviewObligation, TierOverride, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.errors import Problem
from ctdppeia.reviews.flags import FlagEntry, flag_panel
from ctdppeia.reviews.services import check_may_change, ensure_editable, transaction
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
    """A review's tier: the questionnaire's, the recorded one, and what the tier must do."""

    computed: str | None
    override: TierOverride | None
    setting_flags: list[FlagEntry] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)

    @property
    def effective(self) -> str | None:
        return self.override.tier if self.override is not None else self.computed

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


def tier_of(review: Review) -> Tier:
    panel = flag_panel(review)
    override = override_of(review)
    effective = override.tier if override is not None else panel.rating
    setting = [entry for entry in panel.risks if entry.flag.severity == panel.rating]
    texts = load_context(review).questionnaire.obligations.get(effective or "", ())
    rows = stored_obligations(review)
    obligations = [
        Obligation(text, rows[text].done, rows[text].explanation)
        if text in rows
        else Obligation(text)
        for text in texts
    ]
    return Tier(panel.rating, override, setting, obligations)


def submission_problems(review: Review) -> list[Problem]:
    """Every obligation of the tier neither ticked off nor explained (AI reviews only)."""
    if review.subject_kind != KIND:
        return []
    link = None  # outside a web request (a command) there is no page to link to
    if has_request_context():
        link = url_for("ai.tier", review_id=review.id, _anchor="obligations")
    return [
        Problem(f"Tick off or explain the obligation “{item.text}”", url=link)
        for item in tier_of(review).unsettled
    ]


def record_tier(user: User, review: Review, tier: str, reason: str) -> None:
    """Record `tier` instead of the questionnaire's, with the reason; the questionnaire's own
    tier removes a recorded one."""
    if tier not in TIERS:
        raise ValueError("unknown tier")
    check_may_change(user, review)
    with transaction():
        review = lock_for_change(review)
        ensure_editable(review)
        computed, old = flag_panel(review).rating, override_of(review)
        before = (old.tier, old.reason) if old is not None else None
        if tier == computed:
            if old is not None:
                db.session.delete(old)
        else:
            if not reason.strip():
                raise ValueError("a different tier needs a reason")
            old = old or TierOverride(review_id=review.id)
            old.tier, old.reason, old.computed_tier = tier, reason.strip(), computed or "info"
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


def _words(value: tuple[str, str] | None) -> str | None:
    return None if value is None else f"{label(value[0])}: {value[1]}"


def save_obligations(user: User, review: Review, items: list[Obligation]) -> None:
    """Store the checklist of the current tier (texts not on it are ignored)."""
    check_may_change(user, review)
    with transaction():
        review = lock_for_change(review)
        ensure_editable(review)
        current = {item.text for item in tier_of(review).obligations}
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
