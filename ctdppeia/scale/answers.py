"""The answers the scale data set gives: a few complete, valid answer sets for the DPPEIA's
first questions, each evaluated once with the questionnaire's own rules, so the stored flag
state matches what the app would compute from the answers."""

from dataclasses import dataclass
from typing import Any

from ctdppeia.questionnaire import Questionnaire, evaluate

QUESTIONNAIRE = "dppeia"
_COMMON: dict[str, Any] = {
    "P0": "no",
    "P2": "Link program records to wage records to see how people fare after the program.",
    "P3": "Whether to extend the program to more towns next year.",
    "C1": "Program start and end dates, town, age band, quarterly wages.",
}
VARIANTS: tuple[dict[str, Any], ...] = (
    {"P1": "university", "P4": "yes", "P11": "no", "C2": ["wages"], "C4": "no", "C11": "no",
     "A1": "aggregate", "R2": "yes"},
    {"P1": "sister-agency", "P4": "no", "P11": "no", "C2": ["income-benefits", "wages"],
     "C4": "yes", "C11": "yes", "A1": "de-identified", "R2": "yes"},
    {"P1": "vendor", "P4": "unsure", "P11": "yes", "C2": ["race-ethnicity", "location"],
     "C4": "yes", "C11": "yes", "A1": "identified", "R2": "no"},
    {"P1": "own-agency", "P4": "yes", "P11": "no", "C2": ["none"], "C4": "no", "C11": "no",
     "A1": "aggregate", "R2": "yes"},
    {"P1": "nonprofit", "P4": "no", "P11": "no", "C2": ["child-welfare", "minors"],
     "C4": "yes", "C11": "yes", "A1": "de-identified", "R2": "no"},
    {"P1": "datalinkct", "P4": "yes", "P11": "no", "C2": ["behavioral-health"], "C4": "no",
     "C11": "unsure", "A1": "aggregate", "R2": "yes"},
)  # fmt: skip


@dataclass(frozen=True)
class RaisedFlag:
    id: str
    severity: str
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class AnswerSet:
    answers: dict[str, Any]
    flags: tuple[RaisedFlag, ...]

    @property
    def high_flags(self) -> tuple[RaisedFlag, ...]:
        return tuple(flag for flag in self.flags if flag.severity == "high")


def answer_sets(questionnaire: Questionnaire) -> list[AnswerSet]:
    """Every variant with the flags its answers raise under `questionnaire`."""
    found = []
    for variant in VARIANTS:
        answers = {**_COMMON, **variant}
        unknown = [qid for qid in answers if not questionnaire.has_question(qid)]
        if unknown:
            raise ValueError(f"the questionnaire has no question {', '.join(unknown)}")
        evaluation = evaluate(questionnaire, answers)
        flags = tuple(
            RaisedFlag(item.flag.id, item.flag.severity, tuple(item.answers))
            for item in evaluation.flags
        )
        found.append(AnswerSet(answers, flags))
    return found
