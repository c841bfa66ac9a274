"""Flag severities: the one definition of their names, their order and their words.

Everything that sorts, checks or names a severity (questionnaire flags, outcome-analysis flags,
the review pages, the PDF) takes it from here. Plain data: no Flask, no database. The words are
marked for the catalogue: a page translates them where it shows them; the PDF keeps the English.
"""

from ctdppeia.translatable import N_

SEVERITIES = ("info", "low", "medium", "high")  # lowest first
HIGHEST_FIRST = tuple(reversed(SEVERITIES))
WORDS = {
    "high": N_("High"),
    "medium": N_("Medium"),
    "low": N_("Low"),
    "info": N_("For information"),
}


def rank(severity: str) -> int:
    """0 for info up to 3 for high; a ValueError for anything else."""
    return SEVERITIES.index(severity)
