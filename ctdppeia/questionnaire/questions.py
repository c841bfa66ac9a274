"""Sections and questions from the headings: options, help text and show-if conditions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ctdppeia.questionnaire.blocks import Heading, Line
from ctdppeia.questionnaire.conditions import And, Condition
from ctdppeia.questionnaire.errors import ErrorList
from ctdppeia.questionnaire.flags import Place, parse_at
from ctdppeia.questionnaire.headings import HeadingInfo, read_heading
from ctdppeia.questionnaire.markdown import render_markdown
from ctdppeia.questionnaire.model import YESNO_OPTIONS, Option, Question, Section

_LIST_ITEM = re.compile(r"[ \t]{0,3}[-*+][ \t]+\S")
_OPTION = re.compile(r"[ \t]{0,3}[-*+][ \t]+(?P<value>[^:]*?)[ \t]*:(?P<label>.*)")
SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_TYPE_WORDS = {"yesno": "a yes/no", "text": "a text", "longtext": "a longtext"}


@dataclass
class RawQuestion:
    info: HeadingInfo
    options: list[Option]
    help_lines: list[str]
    show_if: Condition | None
    show_if_place: Place
    section_show_if: Condition | None = None  # its section's show-if, which it also needs
    section_show_if_place: Place | None = None

    @property
    def id(self) -> str:
        return self.info.id or ""

    @property
    def conditions(self) -> list[tuple[Condition, Place]]:
        """Every condition the question needs to be shown: its section's, then its own."""
        found = []
        if self.section_show_if is not None and self.section_show_if_place is not None:
            found.append((self.section_show_if, self.section_show_if_place))
        if self.show_if is not None:
            found.append((self.show_if, self.show_if_place))
        return found

    def effective_show_if(self) -> Condition | None:
        """The section's show-if and the question's own, joined with `and`."""
        parts = [condition for condition, _ in self.conditions]
        if len(parts) < 2:
            return parts[0] if parts else None
        return And(tuple(parts))

    def build(self) -> Question:
        info = self.info
        assert info.id and info.type
        show_if = self.effective_show_if()
        help_text = "\n".join(self.help_lines)
        return Question(
            id=info.id,
            type=info.type,
            label=info.title,
            options=YESNO_OPTIONS if info.type == "yesno" else tuple(self.options),
            help_html=render_markdown(help_text),
            required=info.required,
            board=info.board,
            show_if=show_if,
            show_if_text=str(show_if) if show_if is not None else None,
            line=info.line,
            prefill=info.prefill,
            min=info.min,
            max=info.max,
            help_text=help_text.strip(),
        )


@dataclass
class RawSection:
    info: HeadingInfo
    intro_lines: list[str]
    questions: list[RawQuestion] = field(default_factory=list)
    show_if: Condition | None = None  # asked only when it holds: added to each question's
    show_if_place: Place | None = None

    def build(self) -> Section:
        assert self.info.id
        intro_text = "\n".join(self.intro_lines)
        return Section(
            id=self.info.id,
            title=self.info.title,
            intro_html=render_markdown(intro_text),
            questions=tuple(question.build() for question in self.questions),
            line=self.info.line,
            intro_text=intro_text.strip(),
        )


def read_sections(headings: list[Heading], errors: ErrorList) -> list[RawSection]:
    sections: list[RawSection] = []
    for heading in headings:
        info = read_heading(heading, errors)
        if heading.level == 1:
            sections.append(_read_section(info, heading, errors))
            continue
        question = read_question(info, heading.body, errors)
        if sections:
            question.section_show_if = sections[-1].show_if
            question.section_show_if_place = sections[-1].show_if_place
            sections[-1].questions.append(question)
        else:
            errors.add(
                info.line,
                1,
                f"the question '{info.id or info.title}' comes before any section: "
                "add a # section heading above it",
            )
    return sections


def _read_section(info: HeadingInfo, heading: Heading, errors: ErrorList) -> RawSection:
    section = RawSection(info, [text for _, text in heading.body])
    if info.show_if is not None:
        section.show_if_place = Place(info.line, info.col("show-if="))
        owner = f"the show-if of section '{info.id}'"
        section.show_if = parse_at(info.show_if, section.show_if_place, owner, errors)
    return section


def read_question(info: HeadingInfo, body: list[Line], errors: ErrorList) -> RawQuestion:
    option_lines, help_lines = _split_body(body)
    if info.type in ("choice", "multi"):
        options = _read_options(info, option_lines, errors)
    else:
        _no_options(info, option_lines, errors)
        options, help_lines = [], body
    place = Place(info.line, info.col("show-if="))
    show_if = None
    if info.show_if is not None:
        owner = f"the show-if of question '{info.id}'"
        show_if = parse_at(info.show_if, place, owner, errors)
    texts = [text for _, text in help_lines]
    return RawQuestion(info, options, texts, show_if, place)


def _split_body(body: list[Line]) -> tuple[list[Line], list[Line]]:
    """(option lines, help lines): the options are the list items right under the heading."""
    options: list[Line] = []
    for index, (number, text) in enumerate(body):
        if _LIST_ITEM.match(text):
            options.append((number, text))
        elif text.strip():
            return options, body[index:]
    return options, []


def _no_options(info: HeadingInfo, option_lines: list[Line], errors: ErrorList) -> None:
    if not option_lines or info.type is None:
        return
    number, text = option_lines[0]
    match = _OPTION.fullmatch(text)
    if not match or not SLUG.fullmatch(match["value"]):
        return  # an ordinary list in the help text
    if info.type == "yesno":
        message = (
            f"question '{info.id}' is a yes/no question: its answers are always yes, no and "
            "unsure, so it takes no option lines (start help text with a sentence, not a list)"
        )
    else:
        message = (
            f"question '{info.id}' is {_TYPE_WORDS.get(info.type, 'a ' + info.type)} question, "
            "which takes no options: remove the '- value: Label' lines (or start help text with "
            "a sentence, not a list)"
        )
    errors.add(number, 1, message)


def _read_options(info: HeadingInfo, lines: list[Line], errors: ErrorList) -> list[Option]:
    options: list[Option] = []
    first_line: dict[str, int] = {}
    for number, text in lines:
        option = _read_option(info, number, text, errors)
        if option is None:
            continue
        if option.value in first_line:
            errors.add(
                number,
                text.index(option.value) + 1,
                f"the option value '{option.value}' appears twice in question '{info.id}' "
                f"(first on line {first_line[option.value]})",
            )
            continue
        first_line[option.value] = number
        options.append(option)
    if len(lines) < 2:
        errors.add(
            info.line,
            1,
            f"question '{info.id}' is a {info.type} question and needs at least two options, "
            "written under the heading as '- value: Label' lines",
        )
    return options


def _read_option(info: HeadingInfo, number: int, text: str, errors: ErrorList) -> Option | None:
    match = _OPTION.fullmatch(text)
    if match is None:
        errors.add(
            number,
            1,
            "an option line looks like '- value: Label', for example "
            "'- own-agency: Our own agency'; this line has no colon",
        )
        return None
    value, label = match["value"], match["label"].strip()
    col = match.start("value") + 1
    if not SLUG.fullmatch(value):
        errors.add(
            number,
            col,
            f"the option value '{value}' is not valid: use a letter or digit, then letters, "
            "digits, - or _ (no spaces)",
        )
        return None
    if not label:
        errors.add(number, col, f"the option '{value}' has no label: write it after the colon")
        return None
    return Option(value, label)
