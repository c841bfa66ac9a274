"""The rating's reason: one plain sentence naming the rules that set it.

"High because records that name people will leave the agency, and because results would be
published without a check by the data owners." The rules are the raised risk flags of the top
severity, in the order they are listed, each named by its title.
"""

from __future__ import annotations

from collections.abc import Sequence

LEAD = {"high": "High", "medium": "Medium", "low": "Low", "info": "Information only"}
# Words that keep their capital inside a sentence (names, not ordinary words).
NAMES = frozenset(
    {"Connecticut", "Medicaid", "Medicare", "Tribal", "Black", "Hispanic", "Latino", "Spanish"}
)


def rating_reason(rating: str | None, titles: Sequence[str]) -> str | None:
    """The sentence for `rating`, set by the flags titled `titles`; None without either."""
    clauses = [_clause(title) for title in titles if title.strip()]
    if rating is None or not clauses:
        return None
    if len(clauses) == 1:
        body = clauses[0]
    else:
        body = ", because ".join(clauses[:-1]) + ", and because " + clauses[-1]
    return f"{LEAD.get(rating, rating.capitalize())} because {body}."


def _clause(title: str) -> str:
    """A title as part of a sentence: no final full stop, and a lower-case first word unless
    it is an acronym (HIV), a word with capitals inside (DataLinkCT) or a name."""
    text = title.strip().rstrip(".").rstrip()
    first = text.split(" ", 1)[0]
    ordinary = first[:1].isupper() and first[1:].islower() and first not in NAMES
    return text[:1].lower() + text[1:] if ordinary else text
