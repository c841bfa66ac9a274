"""A questionnaire in another language: checking a translation against it, and applying it.

`board_texts` lists the text the Resident Advisory Board sees; `check_translation` finds the
ids a translation names that the questionnaire does not have (errors) and the board text it
leaves untranslated (listed); `localize` returns the questionnaire with the translated text,
the original wherever there is none.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ctdppeia.questionnaire.errors import QuestionnaireError
from ctdppeia.questionnaire.markdown import render_markdown
from ctdppeia.questionnaire.model import Flag, Option, Question, Questionnaire, Section
from ctdppeia.questionnaire.translation import Key, Translation, translated

# The fixed answers of yes/no questions, in each language (a file may still override them).
YESNO_LABELS: dict[str, dict[str, str]] = {
    "es": {"yes": "Sí", "no": "No", "unsure": "No lo sé"},
}


@dataclass
class TranslationCheck:
    errors: list[QuestionnaireError] = field(default_factory=list)
    warnings: list[QuestionnaireError] = field(default_factory=list)
    untranslated: list[Key] = field(default_factory=list)


def describe_key(key: Key) -> str:
    """A key as people read it: 'question P4 label', 'question P1 option own-agency'."""
    if key[0] == "rating":
        return f"front ratings {key[1]}"
    if len(key) == 1:
        return f"front {key[0]}"
    return " ".join(key)


def board_texts(questionnaire: Questionnaire) -> list[tuple[Key, str]]:
    """The text the board sees, by key, with its original: the title and summary, the
    sections holding board questions (titles), the board questions (label, help without
    "Source:" paragraphs, the options of choice and multi questions) and every flag a board
    member can see (`Flag.board_visible`: title, and the resident text when there is one).
    The reviewer's advice is never shown to the board."""
    texts: list[tuple[Key, str]] = [
        (("title",), questionnaire.title),
        (("summary",), questionnaire.summary),
    ]
    for section in questionnaire.sections:
        questions = [q for q in section.questions if q.board]
        if questions:
            texts.append((("section", section.id, "title"), section.title))
        for question in questions:
            texts.extend(_question_texts(question))
    for flag in questionnaire.flags:
        if flag.board_visible:
            texts.append((("flag", flag.id, "title"), flag.title))
            texts.append((("flag", flag.id, "resident"), flag.resident or ""))
    return [(key, text) for key, text in texts if text.strip()]


def _question_texts(question: Question) -> list[tuple[Key, str]]:
    texts: list[tuple[Key, str]] = [(("question", question.id, "label"), question.label)]
    if question.board_help_html:
        texts.append((("question", question.id, "help"), question.board_help_html))
    if question.type != "yesno":
        for option in question.options:
            texts.append((("question", question.id, "option", option.value), option.label))
    return texts


def check_translation(translation: Translation, questionnaire: Questionnaire) -> TranslationCheck:
    """Compare a translation with the questionnaire it names."""
    result = TranslationCheck()
    file = translation.file
    if translation.questionnaire_id != questionnaire.id:
        line, col = translation.header_lines.get("questionnaire", (1, 1))
        message = (
            f"this file translates the questionnaire '{translation.questionnaire_id}', "
            f"not '{questionnaire.id}'"
        )
        result.errors.append(QuestionnaireError(file, line, col, message))
        return result
    if translation.version != questionnaire.version:
        line, col = translation.header_lines.get("version", (1, 1))
        message = (
            f"this file translates version {translation.version} of {questionnaire.id}; the "
            f"questionnaire is now version {questionnaire.version}: check the text still matches"
        )
        result.warnings.append(QuestionnaireError(file, line, col, message))
    seen: set[tuple[int, int, str]] = set()
    for key, entry in sorted(translation.entries.items(), key=lambda item: item[1].line):
        problem = _unknown(key, questionnaire)
        if problem is None:
            continue
        place = translation.places.get(key if len(key) != 3 else key[:2])
        line, col = place or (entry.line, entry.col)
        if (line, col, problem) not in seen:
            seen.add((line, col, problem))
            result.errors.append(QuestionnaireError(file, line, col, problem))
    result.untranslated = [key for key, _ in board_texts(questionnaire) if not translation.has(key)]
    return result


def _unknown(key: Key, questionnaire: Questionnaire) -> str | None:
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
        if len(key) == 4 and question.option_label(key[3]) is None:
            if not question.options:
                return f"the question '{key[1]}' ({question.type}) has no options to translate"
            values = ", ".join(question.option_values)
            return f"the question '{key[1]}' has no option '{key[3]}' (it has {values})"
    return None


def localize(questionnaire: Questionnaire, translation: Translation | None) -> Questionnaire:
    """The questionnaire with the translated text (the original where there is none).

    The hash, ids, conditions and everything but the wording stay as they are.
    """
    if translation is None or translation.questionnaire_id != questionnaire.id:
        return questionnaire
    t = translation
    sections = tuple(_section(section, t) for section in questionnaire.sections)
    ratings = {
        severity: translated(t, ("rating", severity), meaning)
        for severity, meaning in questionnaire.ratings.items()
    }
    return replace(
        questionnaire,
        title=translated(t, ("title",), questionnaire.title),
        summary=translated(t, ("summary",), questionnaire.summary),
        ratings=ratings,
        sections=sections,
        flags=tuple(_flag(flag, t) for flag in questionnaire.flags),
    )


def _markdown(t: Translation, key: Key, original_html: str) -> str:
    entry = t.entries.get(key)
    return render_markdown(entry.text) if entry is not None else original_html


def _section(section: Section, t: Translation) -> Section:
    return replace(
        section,
        title=translated(t, ("section", section.id, "title"), section.title),
        intro_html=_markdown(t, ("section", section.id, "intro"), section.intro_html),
        questions=tuple(_question(question, t) for question in section.questions),
    )


def _question(question: Question, t: Translation) -> Question:
    fixed = YESNO_LABELS.get(t.language, {}) if question.type == "yesno" else {}
    options = tuple(
        Option(
            option.value,
            translated(
                t,
                ("question", question.id, "option", option.value),
                fixed.get(option.value, option.label),
            ),
        )
        for option in question.options
    )
    return replace(
        question,
        label=translated(t, ("question", question.id, "label"), question.label),
        help_html=_markdown(t, ("question", question.id, "help"), question.help_html),
        options=options,
    )


def _flag(flag: Flag, t: Translation) -> Flag:
    return replace(
        flag,
        title=translated(t, ("flag", flag.id, "title"), flag.title),
        advice=translated(t, ("flag", flag.id, "advice"), flag.advice),
        resident=translated(t, ("flag", flag.id, "resident"), flag.resident or "") or None,
    )
