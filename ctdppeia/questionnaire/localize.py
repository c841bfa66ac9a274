"""A questionnaire in another language: checking a translation against it, and applying it.

`check_translation` finds the entries of a translation that name nothing in the questionnaire
(errors), those made from English the questionnaire no longer has (stale: warnings, and the
English is shown for them), those marked fuzzy and the board text left untranslated (listed);
`localize` returns the questionnaire with the translated text, the original wherever there is
none to use.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace

from ctdppeia.questionnaire.errors import QuestionnaireError
from ctdppeia.questionnaire.markdown import render_markdown
from ctdppeia.questionnaire.model import Flag, Option, Question, Questionnaire, Section
from ctdppeia.questionnaire.texts import Key, board_keys, context_of, english_texts
from ctdppeia.questionnaire.translation import Entry, Translation

# The fixed answers of yes/no questions, in each language.
YESNO_LABELS: dict[str, dict[str, str]] = {
    "es": {"yes": "Sí", "no": "No", "unsure": "No lo sé"},
}
_SHOWN_CHANGES = 3  # how many changed passages a stale warning quotes
_QUOTED = 60  # and how many characters of each


@dataclass
class TranslationCheck:
    errors: list[QuestionnaireError] = field(default_factory=list)
    warnings: list[QuestionnaireError] = field(default_factory=list)
    untranslated: list[Key] = field(default_factory=list)  # board text with none to use
    fuzzy: list[Key] = field(default_factory=list)  # translated, waiting for a translator
    used: int = 0  # entries shown: translated, not fuzzy, made from the English as it is


def board_texts(questionnaire: Questionnaire) -> list[tuple[Key, str]]:
    """The text the board reads (`texts.board_keys`), by key, with its English."""
    english = english_texts(questionnaire)
    return [(key, english[key]) for key in board_keys(questionnaire)]


def check_translation(translation: Translation, questionnaire: Questionnaire) -> TranslationCheck:
    """Compare a translation with the questionnaire it names."""
    result = TranslationCheck()
    file = translation.file
    if translation.questionnaire_id != questionnaire.id:
        line = translation.header_lines.get("questionnaire", 1)
        message = (
            f"this file translates the questionnaire '{translation.questionnaire_id}', "
            f"not '{questionnaire.id}'"
        )
        result.errors.append(QuestionnaireError(file, line, 1, message))
        return result
    if translation.version != questionnaire.version:
        line = translation.header_lines.get("questionnaire", 1)
        message = (
            f"this file translates version {translation.version} of {questionnaire.id}; the "
            f"questionnaire is now version {questionnaire.version}: run 'flask questionnaires "
            "translations extract', then '... update', and translate what is new or fuzzy"
        )
        result.warnings.append(QuestionnaireError(file, line, 1, message))
    english = english_texts(questionnaire)
    for key, entry in sorted(translation.entries.items(), key=lambda item: item[1].line):
        problem = unknown_text(key, questionnaire)
        if problem is not None:
            result.errors.append(QuestionnaireError(file, entry.line, 1, problem))
        elif entry.text and entry.english != english.get(key, ""):
            stale = _stale(key, entry, english.get(key, ""))
            result.warnings.append(QuestionnaireError(file, entry.line, 1, stale))
        elif entry.text and entry.fuzzy:
            result.fuzzy.append(key)
    result.used = sum(translation.has(key, text) for key, text in english.items())
    result.untranslated = [
        key for key in board_keys(questionnaire) if not translation.has(key, english[key])
    ]
    return result


def _stale(key: Key, entry: Entry, now: str) -> str:
    """What a stale entry's warning says: which text, and what changed in its English."""
    return (
        f"stale: the English of '{context_of(key)}' changed since it was translated "
        f"({_what_changed(entry.english, now)}), so the English is shown; run 'flask "
        "questionnaires translations extract', then '... update', and check the entry, which "
        "is then marked fuzzy"
    )


def _what_changed(old: str, new: str) -> str:
    """The passages that differ, as words: 'shape' became 'frame'; 'all' was taken out."""
    if not new:
        return "the questionnaire has no such text"
    before, after = old.split(), new.split()
    changes = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = _quote(before[i1:i2]), _quote(after[j1:j2])
        if tag == "replace":
            changes.append(f"{was} became {now}")
        elif tag == "delete":
            changes.append(f"{was} was taken out")
        elif tag == "insert":
            changes.append(f"{now} was added")
    if not changes:
        return "only its spacing or line breaks"
    more = len(changes) - _SHOWN_CHANGES
    return "; ".join(changes[:_SHOWN_CHANGES]) + (f"; and {more} more" if more > 0 else "")


def _quote(words: list[str]) -> str:
    text = " ".join(words)
    return repr(text if len(text) <= _QUOTED else text[: _QUOTED - 3] + "...")


def unknown_text(key: Key, questionnaire: Questionnaire) -> str | None:
    """Why `key` names nothing in the questionnaire, or None if it names something."""
    kind = key[0]
    name = questionnaire.filename
    if kind == "rating":
        if key[1] not in questionnaire.ratings:
            return f"{name} gives no meaning for the rating '{key[1]}' (front.ratings)"
        return None
    if kind == "section":
        if all(section.id != key[1] for section in questionnaire.sections):
            return f"there is no section '{key[1]}' in {name}"
        return None
    if kind == "flag":
        if all(flag.id != key[1] for flag in questionnaire.flags):
            return f"there is no flag '{key[1]}' in {name}"
        return None
    if kind == "question":
        if not questionnaire.has_question(key[1]):
            return f"there is no question '{key[1]}' in {name}"
        question = questionnaire.question(key[1])
        if len(key) == 4 and question.type == "yesno":
            return (
                f"the question '{key[1]}' (yesno) has no options to translate: its answers "
                "are worded by the application in each language"
            )
        if len(key) == 4 and question.option_label(key[3]) is None:
            if not question.options:
                return f"the question '{key[1]}' ({question.type}) has no options to translate"
            values = ", ".join(question.option_values)
            return f"the question '{key[1]}' has no option '{key[3]}' (it has {values})"
    return None


def localize(questionnaire: Questionnaire, translation: Translation | None) -> Questionnaire:
    """The questionnaire with the translated text (the original where there is none to use).

    The hash, ids, conditions and everything but the wording stay as they are.
    """
    if translation is None or translation.questionnaire_id != questionnaire.id:
        return questionnaire
    t = _Wording(translation, english_texts(questionnaire))
    ratings = {
        severity: t.plain(("rating", severity), meaning)
        for severity, meaning in questionnaire.ratings.items()
    }
    return replace(
        questionnaire,
        title=t.plain(("title",), questionnaire.title),
        summary=t.plain(("summary",), questionnaire.summary),
        ratings=ratings,
        sections=tuple(_section(section, t) for section in questionnaire.sections),
        flags=tuple(_flag(flag, t) for flag in questionnaire.flags),
    )


@dataclass(frozen=True)
class _Wording:
    """A translation's texts for one questionnaire, where they may be shown."""

    translation: Translation
    english: dict[Key, str]

    def plain(self, key: Key, original: str) -> str:
        found = self.translation.text(key, self.english.get(key, ""))
        return original if found is None else found

    def markdown(self, key: Key, original_html: str) -> str:
        found = self.translation.text(key, self.english.get(key, ""))
        return original_html if found is None else render_markdown(found)


def _section(section: Section, t: _Wording) -> Section:
    return replace(
        section,
        title=t.plain(("section", section.id, "title"), section.title),
        intro_html=t.markdown(("section", section.id, "intro"), section.intro_html),
        questions=tuple(_question(question, t) for question in section.questions),
    )


def _question(question: Question, t: _Wording) -> Question:
    if question.type == "yesno":
        fixed = YESNO_LABELS.get(t.translation.language, {})
        options = tuple(Option(o.value, fixed.get(o.value, o.label)) for o in question.options)
    else:
        options = tuple(
            Option(o.value, t.plain(("question", question.id, "option", o.value), o.label))
            for o in question.options
        )
    return replace(
        question,
        label=t.plain(("question", question.id, "label"), question.label),
        help_html=t.markdown(("question", question.id, "help"), question.help_html),
        options=options,
    )


def _flag(flag: Flag, t: _Wording) -> Flag:
    return replace(
        flag,
        title=t.plain(("flag", flag.id, "title"), flag.title),
        advice=t.plain(("flag", flag.id, "advice"), flag.advice),
        resident=t.plain(("flag", flag.id, "resident"), flag.resident or "") or None,
    )
