"""Writing translation catalogues: the template of a questionnaire (`NAME.pot`), a catalogue
brought up to date with it (`NAME.LANG.po`), and a catalogue from old YAML translations.

The reading side, and what an entry holds, is `ctdppeia.questionnaire.translation`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, unescape, write_po

from ctdppeia.questionnaire.model import Questionnaire
from ctdppeia.questionnaire.texts import Key, board_keys, context_of, english_texts

MARKDOWN_NOTE = "Markdown: keep its marks (**, [links](...), lists) as they are."
BOARD_NOTE = "The Resident Advisory Board reads this text."
_CREATION_DATE = re.compile(r'^"POT-Creation-Date: .*\n', re.MULTILINE)


def template_for(questionnaire: Questionnaire) -> Catalog:
    """The template: every text of the questionnaire a translation may give, untranslated."""
    catalog = _catalog(questionnaire, None)
    board = set(board_keys(questionnaire))
    for key, english in english_texts(questionnaire).items():
        notes = [BOARD_NOTE] * (key in board) + [MARKDOWN_NOTE] * (key[-1] in ("help", "intro"))
        catalog.add(english, context=context_of(key), auto_comments=notes)
    return catalog


def translation_for(
    questionnaire: Questionnaire,
    language: str,
    translations: Iterable[tuple[Key, str]],
    fuzzy: bool = False,
) -> Catalog:
    """A catalogue in `language` with these translations, made from the questionnaire's
    English as it is now (marked fuzzy if `fuzzy`), and an empty entry for every other text."""
    catalog = _catalog(questionnaire, language)
    given = {context_of(key): text for key, text in translations}
    for message in template_for(questionnaire):
        if message.id:
            message.string = given.get(str(message.context), "")
            if fuzzy and message.string:
                message.flags.add("fuzzy")
            catalog[message.id] = message
    return catalog


def updated(catalog: Catalog, template: Catalog) -> Catalog:
    """The catalogue merged with the template (Babel's `Catalog.update`): entries for new
    texts are added empty, entries whose text is gone become obsolete (#~), and the rest is
    kept. An entry whose English changed keeps its translation, marked fuzzy with the old
    English as `#| msgid` (Babel would make it obsolete and add an empty one): a translator
    checks it, and until then the English is shown."""
    previous = {m.context: m.previous_id for m in catalog if m.id and m.previous_id}
    catalog.update(template, no_fuzzy_matching=True)
    catalog.project, catalog.version = template.project, template.version
    catalog.header_comment = _header_comment(str(template.project), catalog.locale_identifier)
    _keep_changed(catalog)
    for message in catalog:
        if message.fuzzy and not message.previous_id:
            message.previous_id = previous.get(message.context, [])
    return catalog


def _keep_changed(catalog: Catalog) -> None:
    """Give each new, empty entry the translation Babel made obsolete for the same text
    (msgctxt): fuzzy, with the old English as its previous msgid, if the English changed."""
    earlier = {message.context: key for key, message in catalog.obsolete.items()}
    for message in catalog:
        key = earlier.get(message.context)
        if not message.id or message.string or key is None:
            continue
        old = catalog.obsolete.pop(key)
        if not old.string:
            continue
        message.string, message.user_comments = old.string, old.user_comments
        if old.id != message.id:
            message.flags.add("fuzzy")
            message.previous_id = [str(old.id)]
        elif old.fuzzy:
            message.flags.add("fuzzy")


def read_catalog(path: Path) -> Catalog:
    """A catalogue as Babel reads it, obsolete entries kept (to write it back)."""
    with path.open("rb") as file:
        catalog = read_po(file, abort_invalid=True)
    for message in (*catalog, *catalog.obsolete.values()):
        _restore_previous(message)
    return catalog


def _restore_previous(message: Message) -> None:
    """Babel reads `#| msgid "..."` (the English a fuzzy entry was translated from) as a
    comment: make it the entry's previous msgid again, as it writes it."""
    marked = [comment[1:].strip() for comment in message.user_comments if comment[:1] == "|"]
    if not marked:
        return
    message.user_comments = [c for c in message.user_comments if c[:1] != "|"]
    parts: list[str] = []
    for line in marked:
        if line.startswith("msgid "):
            parts = [line.removeprefix("msgid ").strip()]
        elif line.startswith('"') and parts:
            parts.append(line)
    if parts:
        message.previous_id = ["".join(unescape(part) for part in parts)]


def po_text(catalog: Catalog) -> str:
    """The catalogue as the text of a PO file (UTF-8, entries in their order)."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=79, omit_header=False, include_previous=True)
    return buffer.getvalue().decode("utf-8")


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write the catalogue whole (to a file beside it, then renamed over it), unless the file
    holds it already, but for the date of its template; True if it was written."""
    text = po_text(catalog)
    if path.is_file() and _undated(path.read_text(encoding="utf-8")) == _undated(text):
        return False
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return True


def _undated(text: str) -> str:
    return _CREATION_DATE.sub("", text)


def _catalog(questionnaire: Questionnaire, language: str | None) -> Catalog:
    return Catalog(
        locale=language,
        header_comment=_header_comment(questionnaire.id, language),
        project=questionnaire.id,
        version=questionnaire.version,
        charset="utf-8",
        fuzzy=False,
    )


def _header_comment(questionnaire_id: str, language: str | None) -> str:
    if language is None:
        first = (
            f"# The English of the questionnaire {questionnaire_id} that a translation gives, "
            "written by\n# 'flask questionnaires translations extract': do not edit it."
        )
    else:
        first = f"# The questionnaire {questionnaire_id} in the language '{language}'."
    return f'{first}\n# See questionnaires/README.md, "Translations".'
