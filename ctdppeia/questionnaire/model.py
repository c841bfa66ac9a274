"""The parsed questionnaire: immutable objects built once from a markdown file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ctdppeia.questionnaire.conditions import Condition
from ctdppeia.questionnaire.markdown import without_sources
from ctdppeia.severity import SEVERITIES as SEVERITIES  # the one definition, re-exported
from ctdppeia.severity import rank

SUBJECTS = ("data-request", "ai-use-case")
TYPES = ("yesno", "choice", "multi", "text", "longtext", "number", "date")
CATEGORIES = ("privacy", "security", "equity", "legal", "ai")
ROUTES = ("board", "ai-review", "high-risk-subcommittee")
KINDS = ("risk", "gap")  # risk: sets the rating; gap: to close before approval
severity_rank = rank


@dataclass(frozen=True)
class Option:
    value: str
    label: str


YESNO_OPTIONS = (Option("yes", "Yes"), Option("no", "No"), Option("unsure", "Not sure"))


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: str
    options: tuple[Option, ...]
    help_html: str
    required: bool
    board: bool
    show_if: Condition | None
    show_if_text: str | None
    line: int
    prefill: str | None = None  # the subject field whose value pre-fills the answer
    min: int | float | None = None  # the smallest number answer allowed (number questions)
    max: int | float | None = None  # the largest
    help_text: str = ""  # the help as written (markdown), which translations are made from

    def option_label(self, value: str) -> str | None:
        """The label of an option value, or None if the question has no such option."""
        return next((option.label for option in self.options if option.value == value), None)

    @property
    def option_values(self) -> tuple[str, ...]:
        return tuple(option.value for option in self.options)

    @property
    def board_help_html(self) -> str:
        """The help text as the Resident Advisory Board sees it: without "Source:" paragraphs."""
        return without_sources(self.help_html)


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro_html: str
    questions: tuple[Question, ...]
    line: int
    intro_text: str = ""  # the intro as written (markdown), which translations are made from


@dataclass(frozen=True)
class Flag:
    id: str
    severity: str
    category: str
    title: str
    when: Condition
    when_text: str
    advice: str
    route: str | None
    line: int
    kind: str = "risk"
    basis: str | None = None
    resident: str | None = None  # what could go wrong for people, for the board's pages
    replaces: tuple[str, ...] = ()  # flags this one says for, left out when it is raised

    @property
    def is_gap(self) -> bool:
        return self.kind == "gap"

    @property
    def board_visible(self) -> bool:
        """Whether a board member sees this flag when it is raised on a shared review: every
        flag but the information flags that do not route the review to the board."""
        return is_board_visible(self.severity, self.route)


def is_board_visible(severity: str, route: str | None) -> bool:
    """The rule of `Flag.board_visible`, for flags still being read."""
    return severity != "info" or route == "board"


@dataclass(frozen=True)
class Questionnaire:
    """One questionnaire file. `hash` (SHA-256 of the file's bytes) is its real identity."""

    id: str
    title: str
    version: str
    subject: str
    summary: str
    ratings: Mapping[str, str]  # severity -> what that overall rating means
    sections: tuple[Section, ...]
    flags: tuple[Flag, ...]
    hash: str
    source: str = field(repr=False)
    filename: str
    obligations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    about_html: str = ""  # the "About this questionnaire" page: what it is and rests on
    sources: tuple[str, ...] = ()
    maintained_by: str = ""
    changes: str = ""  # how to propose a change
    questions: tuple[Question, ...] = field(init=False, repr=False, compare=False)
    show_order: tuple[Question, ...] = field(init=False, repr=False, compare=False)
    _index: Mapping[str, tuple[Question, Section]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {q.id: (q, section) for section in self.sections for q in section.questions}
        questions = tuple(question for question, _ in index.values())
        object.__setattr__(self, "ratings", MappingProxyType(dict(self.ratings)))
        obligations = {key: tuple(items) for key, items in self.obligations.items()}
        object.__setattr__(self, "obligations", MappingProxyType(obligations))
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "questions", questions)
        object.__setattr__(self, "show_order", _dependencies_first(questions, index))

    def __hash__(self) -> int:
        return hash((self.hash, self.filename))

    def question(self, qid: str) -> Question:
        """The question with this id; KeyError if there is none."""
        return self._index[qid][0]

    def section_of(self, qid: str) -> Section:
        """The section holding question `qid`; KeyError if there is none."""
        return self._index[qid][1]

    def has_question(self, qid: str) -> bool:
        return qid in self._index

    @property
    def short_hash(self) -> str:
        return self.hash[:12]


def _dependencies_first(
    questions: tuple[Question, ...], index: Mapping[str, tuple[Question, Section]]
) -> tuple[Question, ...]:
    """Questions ordered so that each comes after those its show-if depends on."""
    done: dict[str, Question] = {}
    seen: set[str] = set()

    def visit(question: Question) -> None:
        stack = [(question, iter(_depends_on(question, index)))]
        seen.add(question.id)
        while stack:
            current, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                done[current.id] = current
            elif child.id not in seen:
                seen.add(child.id)
                stack.append((child, iter(_depends_on(child, index))))

    for question in questions:
        if question.id not in seen:
            visit(question)
    return tuple(done.values())


def _depends_on(
    question: Question, index: Mapping[str, tuple[Question, Section]]
) -> list[Question]:
    if question.show_if is None:
        return []
    return [index[qid][0] for qid in question.show_if.question_ids() if qid in index]
