"""The translation part of `flask questionnaires check`: every translation catalogue against
the questionnaire it translates. Problems are errors (file:line:col); stale entries are
warnings; fuzzy entries and untranslated board text are listed, without failing the check. A
translation file of the old YAML format is an error: it is not used until it is converted."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import click

from ctdppeia.questionnaire import Questionnaire, QuestionnaireError
from ctdppeia.questionnaire.localize import check_translation
from ctdppeia.questionnaire.texts import context_of
from ctdppeia.questionnaire.translation import (
    FILE_NAME,
    OLD_FILE_NAME,
    Translation,
    load_translation,
)

Shown = Callable[[Path], str]
CONVERT = "flask --app ctdppeia questionnaires translations convert"


def shown(path: Path) -> str:
    """The path as the user can open it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def is_translation_file(path: Path) -> bool:
    return path.suffix.lower() in (".po", ".yaml", ".yml")


def check_translation_files(
    paths: Iterable[Path], questionnaires: dict[Path, Questionnaire], shown: Shown
) -> bool:
    """Print what is wrong or missing in each translation file; True if none has an error."""
    ok = True
    for path in paths:
        if path.suffix.lower() != ".po":
            _errors(path, [_old_format(path, shown)], shown)
            ok = False
            continue
        try:
            translation = load_translation(path)
        except QuestionnaireError as error:
            _errors(path, error.errors, shown)
            ok = False
            continue
        ok = _check_one(path, translation, questionnaires, shown) and ok
    return ok


def _old_format(path: Path, shown: Shown) -> QuestionnaireError:
    if OLD_FILE_NAME.fullmatch(path.name) is None:
        message = "a translation file is named QUESTIONNAIRE.LANGUAGE.po, like dppeia.es.po"
    else:
        message = (
            "a translation in the old YAML format, which is no longer used: convert it with "
            f"'{CONVERT} {shown(path)}', check the .po file it writes, then delete this one"
        )
    return QuestionnaireError(path.name, 1, 1, message)


def _check_one(
    path: Path,
    translation: Translation,
    questionnaires: dict[Path, Questionnaire],
    shown: Shown,
) -> bool:
    problems = _name_problems(path, translation)
    questionnaire = questionnaire_beside(path, translation.questionnaire_id, questionnaires)
    if questionnaire is None:
        line = translation.header_lines.get("questionnaire", 1)
        message = f"there is no questionnaire '{translation.questionnaire_id}' to translate"
        problems.append(QuestionnaireError(path.name, line, 1, message))
    if problems:
        _errors(path, problems, shown)
        return False
    assert questionnaire is not None
    result = check_translation(translation, questionnaire)
    for warning in result.warnings:
        click.echo(f"{shown(path)}:{warning.line}:{warning.col}: warning: {warning.message}")
    if result.errors:
        _errors(path, result.errors, shown)
        return False
    for key in result.fuzzy:
        line = translation.entries[key].line
        click.echo(f"{shown(path)}:{line}: fuzzy, not shown until checked: {context_of(key)}")
    for key in result.untranslated:
        click.echo(f"{shown(path)}: not translated: {context_of(key)}")
    missing = len(result.untranslated)
    counts = f"{result.used} texts" + (f", {missing} not translated" * bool(missing))
    click.echo(f"OK {shown(path)} ({translation.language} for {questionnaire.id}: {counts})")
    return True


def _name_problems(path: Path, translation: Translation) -> list[QuestionnaireError]:
    """The language in the file name must be the one the file says it holds."""
    match = FILE_NAME.fullmatch(path.name)
    if match is None:
        message = "a translation file is named QUESTIONNAIRE.LANGUAGE.po, like dppeia.es.po"
        return [QuestionnaireError(path.name, 1, 1, message)]
    if translation.language and match.group(1) != translation.language:
        line = translation.header_lines.get("language", 1)
        message = (
            f"the file name says '{match.group(1)}' but the file says '{translation.language}'"
        )
        return [QuestionnaireError(path.name, line, 1, message)]
    return []


def questionnaire_beside(
    path: Path, questionnaire_id: str, questionnaires: dict[Path, Questionnaire]
) -> Questionnaire | None:
    """The questionnaire file beside a translation with the same name (dppeia.es.po:
    dppeia.md), else the questionnaire with the id the translation names."""
    stem = path.name.split(".")[0]
    resolved = {file.resolve(): q for file, q in questionnaires.items()}
    sibling = resolved.get((path.parent / f"{stem}.md").resolve())
    if sibling is not None:
        return sibling
    return next((q for q in questionnaires.values() if q.id == questionnaire_id), None)


def _errors(path: Path, errors: Iterable[QuestionnaireError], shown: Shown) -> None:
    for problem in errors:
        click.echo(f"{shown(path)}:{problem.line}:{problem.col}: {problem.message}")
