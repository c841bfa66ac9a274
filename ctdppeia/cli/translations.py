"""The translation part of `flask questionnaires check`: every translation file against the
questionnaire it translates. Problems are errors (file:line:col); untranslated board text is
listed, without failing the check."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import click

from ctdppeia.questionnaire import Questionnaire, QuestionnaireError
from ctdppeia.questionnaire.localize import check_translation, describe_key
from ctdppeia.questionnaire.translation import FILE_NAME, Translation, load_translation

Shown = Callable[[Path], str]


def is_translation_file(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def check_translation_files(
    paths: Iterable[Path], questionnaires: dict[Path, Questionnaire], shown: Shown
) -> bool:
    """Print what is wrong or missing in each translation file; True if none has an error."""
    ok = True
    for path in paths:
        try:
            translation = load_translation(path)
        except QuestionnaireError as error:
            _errors(path, error.errors, shown)
            ok = False
            continue
        ok = _check_one(path, translation, questionnaires, shown) and ok
    return ok


def _check_one(
    path: Path,
    translation: Translation,
    questionnaires: dict[Path, Questionnaire],
    shown: Shown,
) -> bool:
    problems = _name_problems(path, translation)
    questionnaire = _questionnaire_for(path, translation, questionnaires)
    if questionnaire is None:
        line, col = translation.header_lines.get("questionnaire", (1, 1))
        message = f"there is no questionnaire '{translation.questionnaire_id}' to translate"
        problems.append(QuestionnaireError(path.name, line, col, message))
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
    for key in result.untranslated:
        click.echo(f"{shown(path)}: not translated: {describe_key(key)}")
    missing = len(result.untranslated)
    counts = f"{len(translation.entries)} texts" + (f", {missing} not translated" * bool(missing))
    click.echo(f"OK {shown(path)} ({translation.language} for {questionnaire.id}: {counts})")
    return True


def _name_problems(path: Path, translation: Translation) -> list[QuestionnaireError]:
    """The language in the file name must be the one the file says it holds."""
    match = FILE_NAME.fullmatch(path.name)
    if match is None:
        message = "a translation file is named QUESTIONNAIRE.LANGUAGE.yaml, like dppeia.es.yaml"
        return [QuestionnaireError(path.name, 1, 1, message)]
    if translation.language and match.group(1) != translation.language:
        line, col = translation.header_lines.get("language", (1, 1))
        message = (
            f"the file name says '{match.group(1)}' but the file says '{translation.language}'"
        )
        return [QuestionnaireError(path.name, line, col, message)]
    return []


def _questionnaire_for(
    path: Path, translation: Translation, questionnaires: dict[Path, Questionnaire]
) -> Questionnaire | None:
    """The questionnaire file beside it with the same name (dppeia.es.yaml: dppeia.md), else
    the questionnaire with the id the file names."""
    stem = path.name.split(".")[0]
    resolved = {file.resolve(): q for file, q in questionnaires.items()}
    sibling = resolved.get((path.parent / f"{stem}.md").resolve())
    if sibling is not None:
        return sibling
    return next((q for q in questionnaires.values() if q.id == translation.questionnaire_id), None)


def _errors(path: Path, errors: Iterable[QuestionnaireError], shown: Shown) -> None:
    for problem in errors:
        click.echo(f"{shown(path)}:{problem.line}:{problem.col}: {problem.message}")
