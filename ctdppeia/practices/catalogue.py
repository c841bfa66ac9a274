"""The seven minimum practices of OMB memo M-25-21 for high-impact AI, and their statuses.

Plain data (no Flask, no database), kept in ``ctdppeia.words`` so that the model can read them;
the inventory's fields and the tracker read them from here. The paragraph numbers follow the
OMB 2025 inventory data dictionary's section 4(b) cross-references; the words are ours (see
docs/ai-inventory.md for the sources).
"""

from ctdppeia.words import AI_PRACTICE_KEYS as PRACTICE_KEYS
from ctdppeia.words import AI_PRACTICE_SETTLED as SETTLED
from ctdppeia.words import AI_PRACTICE_STATUSES as PRACTICE_STATUSES
from ctdppeia.words import AI_PRACTICES as PRACTICES

__all__ = ["PRACTICES", "PRACTICE_KEYS", "PRACTICE_STATUSES", "SETTLED"]
