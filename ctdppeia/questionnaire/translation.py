"""Translation files: another language for the text of a questionnaire that residents read.

A translation file (`<questionnaire>.<language>.yaml`, beside the questionnaire) gives the text
of a questionnaire's front matter, sections, questions, options and flags by id. Reading one
checks its shape; `check_translation` compares it with its questionnaire. Anything it does not
translate keeps the questionnaire's own text. The format is described in
questionnaires/README.md, "Translations".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import yaml

from ctdppeia.questionnaire.errors import ErrorList, QuestionnaireError

Key = tuple[str, ...]

# questions.ID.options.VALUE and the fields each kind of entry may hold.
FIELDS: dict[str, tuple[str, ...]] = {
    "sections": ("title", "intro"),
    "questions": ("label", "help", "options"),
    "flags": ("title", "advice", "resident"),
}
FRONT_FIELDS = ("title", "summary", "ratings")
TOP_KEYS = ("questionnaire", "language", "version", "front", "sections", "questions", "flags")
REQUIRED_TOP_KEYS = ("questionnaire", "language", "version")
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
FILE_NAME = re.compile(r".+\.([a-z]{2,3})\.ya?ml")


@dataclass(frozen=True)
class Entry:
    text: str
    line: int
    col: int


@dataclass(frozen=True)
class Translation:
    """The translated texts of one questionnaire, by key.

    Keys: ("title",), ("summary",), ("rating", SEVERITY), ("section", ID, "title"|"intro"),
    ("question", ID, "label"|"help"), ("question", ID, "option", VALUE),
    ("flag", ID, "title"|"advice"|"resident").
    """

    questionnaire_id: str
    language: str
    version: str
    file: str
    entries: Mapping[Key, Entry]
    header_lines: Mapping[str, tuple[int, int]]
    # Where each id is written: (kind, id), options and ratings by their key -> (line, col).
    places: Mapping[Key, tuple[int, int]] = field(default_factory=dict)

    def text(self, key: Key, original: str) -> str:
        """The translation of `key`, or `original` when there is none."""
        entry = self.entries.get(key)
        return entry.text if entry is not None else original

    def has(self, key: Key) -> bool:
        return key in self.entries


def translated(translation: Translation | None, key: Key, original: str) -> str:
    """The text for `key` in the translation's language; `original` when it has none."""
    return original if translation is None else translation.text(key, original)


def translation_files(folder: str | Path) -> list[Path]:
    """The translation files of a folder (`name.LANG.yaml`), by name."""
    return sorted(
        path
        for pattern in ("*.yaml", "*.yml")
        for path in Path(folder).glob(pattern)
        if FILE_NAME.fullmatch(path.name)
    )


def load_translation(path: str | Path) -> Translation:
    """Read one translation file; QuestionnaireError (every problem, file:line:col) if bad."""
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
    """Parse the text of a translation file named `file` (used in error messages)."""
    errors = ErrorList(file, text.count("\n") + 1)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or "the YAML is not well formed"
        raise QuestionnaireError(file, line, col, f"this is not valid YAML: {problem}") from None
    if not isinstance(root, yaml.MappingNode):
        raise QuestionnaireError(file, 1, 1, "the file must be a YAML mapping (key: value lines)")
    reader = _Reader(errors)
    places: dict[Key, tuple[int, int]] = {}
    top = reader.mapping(root, "the file")
    header: dict[str, tuple[int, int]] = {}
    values: dict[str, str] = {}
    for name, (key_node, value_node) in top.items():
        if name not in TOP_KEYS:
            reader.error(key_node, f"unknown key '{name}'; expected one of {', '.join(TOP_KEYS)}")
        elif name in REQUIRED_TOP_KEYS:
            values[name] = reader.scalar(value_node, name)
            header[name] = _position(key_node)
    for name in REQUIRED_TOP_KEYS:
        if name not in top:
            errors.add(1, 1, f"the key '{name}' is missing")
    language = values.get("language", "")
    if "language" in top and language and not LANGUAGE_CODE.fullmatch(language):
        reader.error(top["language"][1], f"'{language}' is not a language code like es or pt")
    entries: dict[Key, Entry] = {}
    if "front" in top:
        reader.front(top["front"][1], entries, places)
    for group, kind in (("sections", "section"), ("questions", "question"), ("flags", "flag")):
        if group in top:
            reader.group(top[group][1], group, kind, entries, places)
    errors.raise_if_any()
    return Translation(
        questionnaire_id=values["questionnaire"],
        language=language,
        version=values["version"],
        file=file,
        entries=MappingProxyType(entries),
        header_lines=MappingProxyType(header),
        places=MappingProxyType(places),
    )


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Reader:
    """Walks the YAML nodes (keys are read as written: `no:` stays the text 'no')."""

    def __init__(self, errors: ErrorList) -> None:
        self.errors = errors

    def error(self, node: yaml.Node, message: str) -> None:
        line, col = _position(node)
        self.errors.add(line, col, message)

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping (key: value lines)")
            return {}
        found: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, f"a key in {what} must be a plain word or id")
                continue
            name = str(key_node.value)
            if name in found:
                self.error(key_node, f"'{name}' is given twice in {what}")
            found[name] = (key_node, value_node)
        return found

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
            self.error(node, f"{what} must be a text")
            return ""
        return str(node.value).strip()

    def entry(self, node: yaml.Node, what: str, key: Key, entries: dict[Key, Entry]) -> None:
        text = self.scalar(node, what)
        if text:
            entries[key] = Entry(text, *_position(node))

    def front(
        self, node: yaml.Node, entries: dict[Key, Entry], places: dict[Key, tuple[int, int]]
    ) -> None:
        for name, (key_node, value_node) in self.mapping(node, "front").items():
            if name == "ratings":
                ratings = self.mapping(value_node, "front.ratings")
                for rating, (rating_node, text) in ratings.items():
                    places[("rating", rating)] = _position(rating_node)
                    self.entry(text, f"front.ratings.{rating}", ("rating", rating), entries)
            elif name in FRONT_FIELDS:
                self.entry(value_node, f"front.{name}", (name,), entries)
            else:
                self.error(
                    key_node, f"unknown key '{name}' in front; expected title, summary or ratings"
                )

    def group(
        self,
        node: yaml.Node,
        group: str,
        kind: str,
        entries: dict[Key, Entry],
        places: dict[Key, tuple[int, int]],
    ) -> None:
        for item_id, (id_node, value_node) in self.mapping(node, group).items():
            where = f"{group}.{item_id}"
            places[(kind, item_id)] = _position(id_node)
            for name, (key_node, field_node) in self.mapping(value_node, where).items():
                if name not in FIELDS[group]:
                    expected = ", ".join(FIELDS[group])
                    self.error(key_node, f"unknown key '{name}' in {where}; expected {expected}")
                elif name == "options":
                    options = self.mapping(field_node, f"{where}.options")
                    for value, (value_node, text) in options.items():
                        key = (kind, item_id, "option", value)
                        places[key] = _position(value_node)
                        self.entry(text, f"{where}.options.{value}", key, entries)
                else:
                    self.entry(field_node, f"{where}.{name}", (kind, item_id, name), entries)
