"""The texts of a questionnaire that a translation gives in another language, by key.

A key names one text: ("title",), ("summary",), ("rating", SEVERITY),
("section", ID, "title"|"intro"), ("question", ID, "label"|"help"),
("question", ID, "option", VALUE), ("flag", ID, "title"|"advice"|"resident"). In a
translation catalogue it is the msgctxt, its words joined by spaces: `question P1 label`.
"""

from __future__ import annotations

import re

from ctdppeia.questionnaire.model import Question, Questionnaire

Key = tuple[str, ...]

# The texts each kind of item has, as the last word of its keys.
SECTION_TEXTS = ("title", "intro")
QUESTION_TEXTS = ("label", "help")
FLAG_TEXTS = ("title", "advice", "resident")
KEY_FORMS = (
    "title, summary, rating SEVERITY, section ID title|intro, question ID label|help, "
    "question ID option VALUE, flag ID title|advice|resident"
)
# A help paragraph starting "Source:" names where a prompt comes from; translations leave it
# out (the board never sees it), so it is not part of the English a translation is made from.
_SOURCE_PARAGRAPH = re.compile(r"\s*Sources?:", re.IGNORECASE)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def context_of(key: Key) -> str:
    """The msgctxt of a key: 'question P1 option own-agency'."""
    return " ".join(key)


def key_of(context: str) -> Key | None:
    """The key a msgctxt names, or None when it has none of the forms in KEY_FORMS."""
    words = tuple(context.split(" "))
    if words in (("title",), ("summary",)):
        return words
    if len(words) == 2 and words[0] == "rating" and words[1]:
        return words
    if len(words) == 3 and words[1]:
        kind, _, text = words
        allowed = {"section": SECTION_TEXTS, "question": QUESTION_TEXTS, "flag": FLAG_TEXTS}
        return words if text in allowed.get(kind, ()) else None
    if len(words) == 4 and words[0] == "question" and words[2] == "option" and all(words):
        return words
    return None


def help_without_sources(help_text: str) -> str:
    """The help as written, without its "Source:" paragraphs: what a translation translates."""
    paragraphs = _BLANK_LINE.split(help_text.strip())
    kept = [part for part in paragraphs if part.strip() and not _SOURCE_PARAGRAPH.match(part)]
    return "\n\n".join(kept)


def english_texts(questionnaire: Questionnaire) -> dict[Key, str]:
    """Every text a translation may give, with the questionnaire's English, in file order:
    the title, summary and rating meanings; each section's title and intro; each question's
    label, help (without "Source:" paragraphs) and options (not the fixed yes/no answers);
    each flag's title, advice and resident text. Empty texts are left out."""
    texts: dict[Key, str] = {("title",): questionnaire.title, ("summary",): questionnaire.summary}
    for severity, meaning in questionnaire.ratings.items():
        texts[("rating", severity)] = meaning
    for section in questionnaire.sections:
        texts[("section", section.id, "title")] = section.title
        texts[("section", section.id, "intro")] = section.intro_text
        for question in section.questions:
            texts.update(_question_texts(question))
    for flag in questionnaire.flags:
        texts[("flag", flag.id, "title")] = flag.title
        texts[("flag", flag.id, "advice")] = flag.advice
        texts[("flag", flag.id, "resident")] = flag.resident or ""
    return {key: text for key, text in texts.items() if text.strip()}


def _question_texts(question: Question) -> dict[Key, str]:
    texts: dict[Key, str] = {
        ("question", question.id, "label"): question.label,
        ("question", question.id, "help"): help_without_sources(question.help_text),
    }
    if question.type != "yesno":
        for option in question.options:
            texts[("question", question.id, "option", option.value)] = option.label
    return texts


def board_keys(questionnaire: Questionnaire) -> list[Key]:
    """The texts the Resident Advisory Board reads, so those a translation should give: the
    title and summary, the titles of the sections holding board questions, the board
    questions (label, help without "Source:" paragraphs, the options of choice and multi
    questions) and every flag a board member can see (`Flag.board_visible`: title, and the
    resident text when there is one). The reviewer's advice is never shown to the board."""
    keys: list[Key] = [("title",), ("summary",)]
    for section in questionnaire.sections:
        questions = [question for question in section.questions if question.board]
        if questions:
            keys.append(("section", section.id, "title"))
        for question in questions:
            keys.extend(_question_texts(question))
    for flag in questionnaire.flags:
        if flag.board_visible:
            keys += [("flag", flag.id, "title"), ("flag", flag.id, "resident")]
    present = english_texts(questionnaire)
    return [key for key in keys if key in present]
