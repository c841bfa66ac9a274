"""The risk tier in the review's snapshot (and so in the signed PDF), and the hooks that make
the review engine check the tier's obligations before submission."""

from typing import Any

from flask import Flask

from ctdppeia.ai import tier as tiers
from ctdppeia.models import Review
from ctdppeia.reviews.display import iso
from ctdppeia.reviews.snapshot import register_snapshot_part
from ctdppeia.reviews.workflow import register_submission_check


def tier_snapshot(review: Review, _confirmation: object = None) -> dict[str, Any] | None:
    """The snapshot's optional "tier" key; None for reviews of other subjects."""
    if review.subject_kind != tiers.KIND:
        return None
    found = tiers.tier_of(review)
    override = found.override
    return {
        "computed": found.computed,
        "sentence": found.sentence,
        "questionnaire": found.questionnaire,
        "rebuttal": _rebuttal(found),
        "override": None
        if override is None
        else {
            "tier": override.tier,
            "computed_then": override.computed_tier,
            "reason": override.reason,
            "by": override.created_by.name,
            "at": iso(override.created_at),
        },
        "obligations": [
            {"text": item.text, "done": item.done, "explanation": item.explanation}
            for item in found.obligations
        ],
    }


def _rebuttal(found: tiers.Tier) -> dict[str, Any] | None:
    row = found.rebuttal
    if row is None or not found.set_aside:
        return None
    return {
        "decided_by": row.decided_by,
        "reason": row.reason,
        "set_aside": [
            {"id": entry.flag.id, "title": entry.flag.title, "basis": entry.flag.basis or ""}
            for entry in found.set_aside
        ],
        "tier_before": row.tier_before,
        "tier_after": row.tier_after,
        "by": row.created_by.name,
        "at": iso(row.created_at),
    }


def init_app(app: Flask) -> None:
    register_snapshot_part(app, "tier", "ai-tier", tier_snapshot)
    register_submission_check(app, "ai-obligations", tiers.submission_problems)
