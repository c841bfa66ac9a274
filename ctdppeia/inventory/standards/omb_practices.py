"""OMB's minimum practices for high-impact AI (M-25-21 section 4(b)), the ``hi_*`` columns of
its 2025 inventory, filled from the use case's tracked practice items (``practice_<key>``).

OMB asks them of high-impact uses only, so a use of another tier leaves them empty. A practice
not started has no OMB value (OMB's lists have "in progress" and "waived", not "not started"),
so it is left empty too.
"""

from typing import Any

from ctdppeia.inventory.standards import EntryView, Target, derived
from ctdppeia.words import AI_PRACTICES

DONE_OR_WAIVED = {"done": "Yes", "in_progress": "In-progress", "waived": "CAIO Waived"}
# Each column's words for done, in progress and waived, where OMB's differ from the above.
WORDS: dict[str, dict[str, str]] = {
    "hi_ongoing_monitoring": {**DONE_OR_WAIVED, "done": "Yes - Monitoring Established"},
    "hi_training_established": {
        "done": "Training Established",
        "in_progress": "Training In-progress",
        "waived": "CAIO Waived",
    },
    "hi_appeal_process": {
        "done": "Appeal Process Established",
        "in_progress": "Appeal Process In-progress",
        "waived": "CAIO Waived",
    },
}
CONSULTATION = {"done": "Other", "in_progress": "In-progress", "waived": "CAIO Waived"}
COLUMN_OF = {column: key for key, (_, _, column) in AI_PRACTICES.items()}


def _status(view: EntryView, column: str) -> str | None:
    """The practice's status, for a high-impact use only."""
    if not view.high_impact:
        return None
    found = view.plain(f"practice_{COLUMN_OF[column]}")
    return str(found) if found else None


def practice(column: str) -> Target:
    words = WORDS.get(column, DONE_OR_WAIVED)
    key = COLUMN_OF[column]

    def read(view: EntryView) -> str | None:
        return words.get(_status(view, column) or "")

    said = ", ".join(f"{status.replace('_', ' ')} → {word}" for status, word in words.items())
    return derived(
        column,
        f"`practice_{key}` when the tier is high: {said}; not started or another tier → empty",
        read,
        kind="enum",
    )


def consultation() -> Target:
    column = "hi_public_consultation"

    def read(view: EntryView) -> Any:
        word = CONSULTATION.get(_status(view, column) or "")
        return f"['{word}']" if word else None

    return derived(
        column,
        "`practice_consultation` when the tier is high: done → ['Other'] (the entry does not "
        "say which kind of consultation), in progress → ['In-progress'], waived → "
        "['CAIO Waived']; not started or another tier → empty",
        read,
        kind="list",
    )


def independent_review() -> Target:
    def read(view: EntryView) -> str | None:
        return "Oversight Board Review" if view.high_impact and view.date("decision_date") else None

    return derived(
        "hi_independent_review",
        "`decision_date` when the tier is high: Oversight Board Review (the AI advisory group, "
        "which is not part of the system's development, decided on it before publication)",
        read,
        kind="enum",
    )
