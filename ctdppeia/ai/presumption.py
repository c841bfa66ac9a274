"""The presumptions of OMB memo M-25-21, section 6, in the Responsible-AI review, and the tier a
review has once a written determination sets them aside.

A flag whose id starts with ``presumed-`` is a presumption: it is raised when the use serves one
of the purposes section 6 of the memo presumes to be high-impact. Only such flags can be set
aside, and only by a written determination recorded on the review (``PresumptionRebuttal``);
every other rule still counts. Plain data: no Flask, no database.
"""

from collections.abc import Collection, Iterable, Sequence
from typing import Protocol

from ctdppeia.questionnaire.reason import rating_reason
from ctdppeia.severity import rank

PREFIX = "presumed-"


class RiskLike(Protocol):
    """What the tier reads of a raised risk flag."""

    @property
    def id(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def basis(self) -> str | None: ...


def is_presumption(flag_id: str) -> bool:
    return flag_id.startswith(PREFIX)


def cited(flags: Iterable[RiskLike]) -> str:
    """The paragraphs of section 6 the presumption flags rest on: "OMB M-25-21, section
    6(m); OMB M-25-21, section 6(n)" (their basis, without the words "presumed
    high-impact")."""
    parts = [(flag.basis or flag.title).removesuffix(", presumed high-impact") for flag in flags]
    return "; ".join(dict.fromkeys(parts))


def presumptions(risks: Iterable[RiskLike]) -> list[RiskLike]:
    """The raised presumption flags, in the order given."""
    return [flag for flag in risks if is_presumption(flag.id)]


def remaining(risks: Iterable[RiskLike], set_aside: Collection[str]) -> list[RiskLike]:
    """The risk flags that still count once the flags in `set_aside` are set aside."""
    return [flag for flag in risks if flag.id not in set_aside]


def rating(risks: Iterable[RiskLike]) -> str | None:
    """The highest severity among `risks`, or None when there are none."""
    severities = [flag.severity for flag in risks]
    return max(severities, key=rank) if severities else None


def setting(risks: Sequence[RiskLike], tier: str | None) -> list[RiskLike]:
    """The flags that set `tier`: those of its severity, in the order given."""
    return [flag for flag in risks if tier is not None and flag.severity == tier]


def reason_sentence(tier: str | None, risks: Sequence[RiskLike]) -> str:
    """The questionnaire's rating reason ("High because ...", naming the flags that set it by
    their titles) for `tier`, set by `risks`; empty when there is no tier."""
    return rating_reason(tier, [flag.title for flag in setting(risks, tier)]) or ""


__all__ = [
    "PREFIX",
    "cited",
    "is_presumption",
    "presumptions",
    "rating",
    "reason_sentence",
    "remaining",
    "setting",
]
