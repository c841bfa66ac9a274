"""The seven minimum practices of OMB memo M-25-21 for high-impact AI, and their statuses.

Plain data (no Flask, no database): the inventory's fields and the tracker read the same list.
The paragraph numbers follow the OMB 2025 inventory data dictionary's section 4(b)
cross-references; the words are ours (see docs/ai-inventory.md for the sources).
"""


def N_(message: str) -> str:
    return message


# key: (paragraph of M-25-21 section 4(b), what the practice asks, OMB 2025 inventory column)
PRACTICES: dict[str, tuple[str, str, str]] = {
    "testing": (
        "4(b)(i)",
        N_("Test the system before use, with plans to reduce risks seen in real use"),
        "hi_testing_conducted",
    ),
    "impact_assessment": (
        "4(b)(ii)",
        N_("Assess the impact before use, and have someone outside the team check it"),
        "hi_assessment_completed",
    ),
    "monitoring": (
        "4(b)(iii)",
        N_("Monitor how it performs and any harm it does, for as long as it is used"),
        "hi_ongoing_monitoring",
    ),
    "training": (
        "4(b)(iv)",
        N_("Train the staff who use it, and check what they know, again and again"),
        "hi_training_established",
    ),
    "oversight": (
        "4(b)(v)",
        N_("Keep people in charge, able to step in, with a fail-safe where it can be done"),
        "hi_failsafe_presence",
    ),
    "appeal": (
        "4(b)(vi)",
        N_("Give people a timely way to have a person review a result and fix it"),
        "hi_appeal_process",
    ),
    "consultation": (
        "4(b)(vii)",
        N_("Consult the people who use it and the public, and act on what they say"),
        "hi_public_consultation",
    ),
}
PRACTICE_KEYS: tuple[str, ...] = tuple(PRACTICES)

PRACTICE_STATUSES: dict[str, str] = {
    "not_started": N_("Not started"),
    "in_progress": N_("In progress"),
    "done": N_("Done"),
    "waived": N_("Waived"),
}
# A practice that no longer stands in the way of deployment.
SETTLED = ("done", "waived")
