"""Translation catalogues: another language for the text of a questionnaire that residents read.

A translation is a gettext PO catalogue beside the questionnaire, `NAME.LANGUAGE.po` (from the
template `NAME.pot`). Each entry's msgctxt names the text (`question P1 label`, see
`texts.KEY_FORMS`), its msgid is the questionnaire's English and its msgstr the translation.
An entry is used only while its msgid is still the questionnaire's English, and never when it
is empty or marked fuzzy: anywhere else the questionnaire's own text is shown. Obsolete (`#~`)
entries are ignored. The format is described in questionnaires/README.md, "Translations".
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, unescape

from ctdppeia.questionnaire.errors import ErrorList, QuestionnaireError
from ctdppeia.questionnaire.texts import KEY_FORMS, Key, key_of

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
FILE_NAME = re.compile(r".+\.([a-z]{2,3})\.po")
OLD_FILE_NAME = re.compile(r".+\.([a-z]{2,3})\.ya?ml")
# A line of a PO file: a comment, a keyword and its quoted string, or a quoted string alone.
_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = r"(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)"
_PO_LINE = re.compile(rf"#.*|{_KEYWORD}\s+{_STRING}|{_STRING}")
_CONTEXT_LINE = re.compile(rf"msgctxt\s+({_STRING})")
_HEADERS = {"questionnaire": '"Project-Id-Version:', "language": '"Language:'}


@dataclass(frozen=True)
class Entry:
    english: str  # the msgid: the English it was translated from
    text: str  # the msgstr: '' while it is not translated
    line: int
    fuzzy: bool = False


@dataclass(frozen=True)
class Translation:
    """The entries of one translation catalogue, by key (see ctdppeia.questionnaire.texts)."""

    questionnaire_id: str
    language: str
    version: str
    file: str
    entries: Mapping[Key, Entry]
    # Where the header names the questionnaire (and version) and the language: key -> line.
    header_lines: Mapping[str, int]

    def text(self, key: Key, english: str) -> str | None:
        """The translation of `key`, if it may be shown for this English; None when there is
        none, it is empty or fuzzy, or it was made from other English (stale)."""
        entry = self.entries.get(key)
        if entry is None or entry.fuzzy or not entry.text or entry.english != english:
            return None
        return entry.text

    def has(self, key: Key, english: str) -> bool:
        return self.text(key, english) is not None


def translation_files(folder: str | Path) -> list[Path]:
    """The translation catalogues of a folder (`name.LANG.po`), by name."""
    return sorted(path for path in Path(folder).glob("*.po") if FILE_NAME.fullmatch(path.name))


def old_translation_files(folder: str | Path) -> list[Path]:
    """Translation files of the old YAML format (`name.LANG.yaml`), which are not used."""
    return sorted(
        path
        for pattern in ("*.yaml", "*.yml")
        for path in Path(folder).glob(pattern)
        if OLD_FILE_NAME.fullmatch(path.name)
    )


def load_translation(path: str | Path) -> Translation:
    """Read one catalogue; QuestionnaireError (every problem, file:line:col) if it is bad."""
    path = Path(path)
    try:
        data = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise QuestionnaireError(
            path.name, 1, 1, f"cannot read the file: {error.strerror}"
        ) from None
    except UnicodeDecodeError:
        raise QuestionnaireError(path.name, 1, 1, "the file is not UTF-8 text") from None
    return parse_translation(data, path.name)


def parse_translation(text: str, file: str) -> Translation:
    """Parse the text of a catalogue named `file` (used in error messages)."""
    errors = ErrorList(file, text.count("\n") + 1)
    for number, message in _syntax_problems(text):
        errors.add(number, 1, message)
    errors.raise_if_any()
    catalog = _read(text, file)
    header_lines = {name: _line_of(text, start) for name, start in _HEADERS.items()}
    project, version, language = _header(catalog, header_lines, errors)
    entries = _entries(catalog, text, errors)
    errors.raise_if_any()
    return Translation(
        questionnaire_id=project,
        language=language,
        version=version,
        file=file,
        entries=MappingProxyType(entries),
        header_lines=MappingProxyType(header_lines),
    )


def _syntax_problems(text: str) -> Iterator[tuple[int, str]]:
    """Lines Babel would read loosely: an unclosed quote, a text without quotes, a misspelled
    keyword. Checked first, so the problem is named where it is."""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and not _PO_LINE.fullmatch(stripped):
            yield (
                number,
                (
                    "this is not a PO line: expected a comment (#), msgctxt, msgid or msgstr "
                    'followed by a text in double quotes, or a text in double quotes ("...") '
                    "continuing the one above"
                ),
            )


def _read(text: str, file: str) -> Catalog:
    try:
        return read_po(io.StringIO(text), ignore_obsolete=True, abort_invalid=True)
    except PoFileError as error:
        problem = str(error.args[0]).removesuffix(f" on {error.lineno}")
        raise QuestionnaireError(
            file, error.lineno + 1, 1, f"this is not a valid PO file: {problem}"
        ) from None
    except ValueError as error:  # a header value Babel cannot read (a date, Plural-Forms)
        raise QuestionnaireError(
            file, 1, 1, f'the header (the first entry, msgid "") is not valid: {error}'
        ) from None


def _line_of(text: str, start: str) -> int:
    """The first line that starts with `start`, else 1 (the header)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(start):
            return number
    return 1


def _header(catalog: Catalog, lines: Mapping[str, int], errors: ErrorList) -> tuple[str, str, str]:
    project, version = catalog.project, catalog.version
    if project in ("", "PROJECT") or version in ("", "VERSION") or " " in project:
        message = (
            "the header must name the questionnaire and the version it translates, like "
            '"Project-Id-Version: dppeia 2027.1\\n"'
        )
        errors.add(lines["questionnaire"], 1, message)
    language = catalog.locale_identifier or ""
    if not language:
        message = 'the header must give the language, like "Language: es\\n"'
        errors.add(lines["language"], 1, message)
    elif not LANGUAGE_CODE.fullmatch(language):
        errors.add(lines["language"], 1, f"'{language}' is not a language code like es or pt")
    return project, version, language


def _entries(catalog: Catalog, text: str, errors: ErrorList) -> dict[Key, Entry]:
    first_lines = _context_lines(text, errors)
    entries: dict[Key, Entry] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        context = message.context
        line = message.lineno or 1
        key = None
        if context is not None:
            line, key = first_lines.get(context, line), key_of(context)
        if message.pluralizable:
            errors.add(line, 1, "a questionnaire text has no plural forms: remove msgid_plural")
        elif context is None:
            errors.add(line, 1, 'the entry has no msgctxt naming its text, like msgctxt "title"')
        elif key is None:
            errors.add(line, 1, f"msgctxt '{context}' names no text; it is one of: {KEY_FORMS}")
        else:
            entries[key] = Entry(str(message.id), str(message.string), line, message.fuzzy)
    return entries


def _context_lines(text: str, errors: ErrorList) -> dict[str, int]:
    """The line of each msgctxt (outside obsolete entries); one given twice is an error."""
    found: dict[str, int] = {}
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        match = _CONTEXT_LINE.fullmatch(line.strip())
        if match is None:
            continue
        parts = [match.group(1)]
        for following in lines[number:]:
            if not following.strip().startswith('"'):
                break
            parts.append(following.strip())
        context = "".join(unescape(part) for part in parts)
        if context in found:
            errors.add(
                number, 1, f"msgctxt '{context}' is given twice (first on line {found[context]})"
            )
        else:
            found[context] = number
    return found
