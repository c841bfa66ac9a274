"""Translation files of the old YAML format (`NAME.LANG.yaml`), read only to convert them to
catalogues (`flask questionnaires translations convert`): they are no longer used.

The old format: `questionnaire`, `language` and `version` at the top, then `front` (title,
summary, ratings by severity), `sections` (by id: title, intro), `questions` (by id: label,
help, options by value) and `flags` (by id: title, advice, resident).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from babel.messages.catalog import Catalog

from ctdppeia.questionnaire.catalogues import translation_for
from ctdppeia.questionnaire.errors import ErrorList, QuestionnaireError
from ctdppeia.questionnaire.localize import unknown_text
from ctdppeia.questionnaire.model import Questionnaire
from ctdppeia.questionnaire.texts import Key, context_of, english_texts
from ctdppeia.questionnaire.yamlblocks import TextLoader

HEADER = ("questionnaire", "language", "version")
GROUPS = {"sections": "section", "questions": "question", "flags": "flag"}
Path_ = tuple[str, ...]  # where a value is in the file: ("questions", "P1", "label")
Found = tuple[Key, Any, Path_]  # a translation's key, its value and where it is


@dataclass(frozen=True)
class OldTranslation:
    questionnaire_id: str
    language: str
    version: str
    texts: tuple[tuple[Key, str, int], ...]  # key, translation, line


def read_old_translation(text: str, file: str) -> OldTranslation:
    """The translations of an old YAML file; QuestionnaireError (file:line) if it is bad."""
    errors = ErrorList(file, text.count("\n") + 1)
    try:
        # TextLoader is a SafeLoader reading every value as text (`no:` stays 'no').
        data = yaml.load(text, Loader=TextLoader)  # nosec B506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problem = f"this is not valid YAML: {error.problem}"
        raise QuestionnaireError(file, line, 1, problem) from None
    if not isinstance(data, dict):
        raise QuestionnaireError(file, 1, 1, "the file must be a YAML mapping (key: value lines)")
    header = {name: data.get(name) for name in HEADER}
    for name, value in header.items():
        if not isinstance(value, str) or not value.strip():
            errors.add(_line(text, (name,)), 1, f"'{name}' must be given, as a text")
    texts = []
    for key, value, path in _texts(data):
        if not key:
            where = ".".join(path)
            errors.add(_line(text, path), 1, f"{where} must be a mapping (key: value lines)")
        elif isinstance(value, str) and value.strip():
            texts.append((key, value.strip(), _line(text, path)))
        else:
            errors.add(_line(text, path), 1, f"{'.'.join(path)} must be a text")
    for name in data:
        if name not in (*HEADER, "front", *GROUPS):
            errors.add(_line(text, (str(name),)), 1, f"unknown key '{name}'")
    errors.raise_if_any()
    return OldTranslation(
        str(header["questionnaire"]), str(header["language"]), str(header["version"]), tuple(texts)
    )


def _texts(data: dict[str, Any]) -> Iterator[Found]:
    """Each translation with its key and where it is; the key () where a mapping belongs."""
    front = yield from _mapping(data, ("front",))
    for name, value in front.items():
        if name != "ratings":
            yield (name,), value, ("front", name)
    ratings = yield from _mapping(front, ("front", "ratings"))
    for severity, meaning in ratings.items():
        yield ("rating", severity), meaning, ("front", "ratings", severity)
    for group, kind in GROUPS.items():
        items = yield from _mapping(data, (group,))
        for item in items:
            fields = yield from _mapping(items, (group, item))
            for name, value in fields.items():
                if name != "options" or kind != "question":
                    yield (kind, item, name), value, (group, item, name)
                    continue
                options = yield from _mapping(fields, (group, item, name))
                for option, label in options.items():
                    yield (kind, item, "option", option), label, (group, item, name, option)


def _mapping(parent: dict[str, Any], path: Path_) -> Generator[Found, None, dict[str, Any]]:
    """The mapping at the end of `path` in `parent` ({} if absent); a problem if not one."""
    value = parent.get(path[-1])
    if value is not None and not isinstance(value, dict):
        yield (), value, path
    return {str(key): item for key, item in value.items()} if isinstance(value, dict) else {}


def _line(text: str, path: Path_) -> int:
    """The line of the key at `path` (the deepest one found), else 1."""
    node = yaml.compose(text, Loader=TextLoader)
    line = 1
    for name in path:
        if not isinstance(node, yaml.MappingNode):
            break
        found = [(k, v) for k, v in node.value if getattr(k, "value", None) == name]
        if not found:
            break
        key_node, node = found[0]
        line = key_node.start_mark.line + 1
    return line


def convert(old: OldTranslation, questionnaire: Questionnaire, file: str) -> Catalog:
    """The catalogue holding an old file's translations, each made from the questionnaire's
    English as it is now. Written for another version of the questionnaire, every entry is
    marked fuzzy: a translator checks it before it is shown. QuestionnaireError (file:line)
    for a translation of a text the questionnaire does not have: nothing is converted."""
    errors = ErrorList(file, max((line for _, _, line in old.texts), default=1))
    if old.questionnaire_id != questionnaire.id:
        message = (
            f"this file translates the questionnaire '{old.questionnaire_id}', "
            f"not '{questionnaire.id}'"
        )
        raise QuestionnaireError(file, 1, 1, message)
    english = english_texts(questionnaire)
    for key, _, line in old.texts:
        problem = unknown_text(key, questionnaire)
        if problem is None and key not in english:
            problem = f"{questionnaire.filename} has no text '{context_of(key)}' to translate"
        if problem is not None:
            errors.add(line, 1, problem)
    errors.raise_if_any()
    fuzzy = old.version != questionnaire.version
    return translation_for(
        questionnaire, old.language, ((key, text) for key, text, _ in old.texts), fuzzy=fuzzy
    )
