"""`flask questionnaires check | list | try`: work on questionnaire files from the shell."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import click
from flask import current_app
from flask.cli import AppGroup

from ctdppeia.cli.translation_commands import translations_cli
from ctdppeia.cli.translations import check_translation_files, is_translation_file
from ctdppeia.cli.translations import shown as _shown
from ctdppeia.questionnaire import (
    Evaluation,
    Questionnaire,
    QuestionnaireError,
    RaisedFlag,
    evaluate,
    load_each,
    load_questionnaire,
    questionnaire_files,
    validate_answer,
)
from ctdppeia.questionnaire.lint import questionnaire_warnings
from ctdppeia.questionnaire.translation import old_translation_files, translation_files
from ctdppeia.reviews.prefill import prefill_problems

questionnaires_cli = AppGroup(
    "questionnaires",
    help="Check, list and try the questionnaire files (see questionnaires/README.md).",
)
questionnaires_cli.add_command(translations_cli)

FILE = click.Path(path_type=Path, dir_okay=False)


def _folder_files() -> list[Path]:
    return questionnaire_files(current_app.config["QUESTIONNAIRE_DIR"])


def _problems(path: Path, error: QuestionnaireError) -> Iterator[str]:
    for problem in error.errors:
        yield f"{_shown(path)}:{problem.line}:{problem.col}: {problem.message}"


def _counts(questionnaire: Questionnaire) -> str:
    return f"{len(questionnaire.questions)} questions, {len(questionnaire.flags)} flags"


def _fail() -> NoReturn:
    raise click.exceptions.Exit(1)


@questionnaires_cli.command("check")
@click.argument("paths", nargs=-1, type=FILE)
def check_command(paths: tuple[Path, ...]) -> None:
    """Check questionnaire files and their translations; print every problem as
    file:line:col: message, warnings as file:line:col: warning: message, and the board text
    a translation leaves out.

    With no PATH, checks every *.md file (but README.md) and every translation catalogue
    (NAME.LANGUAGE.po) in QUESTIONNAIRE_DIR; a translation file of the old YAML format
    (NAME.LANGUAGE.yaml) is a problem, with the command that converts it. Exits with status 1
    when any file has a problem.
    """
    files = [p for p in paths if not is_translation_file(p)] if paths else _folder_files()
    translations = [p for p in paths if is_translation_file(p)] if paths else _folder_translations()
    if not files and not translations:
        click.echo(f"no questionnaire files in {current_app.config['QUESTIONNAIRE_DIR']}")
        _fail()
    failed = False
    loaded: dict[Path, Questionnaire] = {}
    for path, parsed in load_each(files):
        result = parsed
        if isinstance(parsed, Questionnaire):
            result = prefill_problems(parsed) or parsed  # prefill= needs the app's subjects
        if isinstance(result, QuestionnaireError):
            failed = True
            for line in _problems(path, result):
                click.echo(line)
        else:
            loaded[path] = result
            for warning in questionnaire_warnings(result):
                line = f"{_shown(path)}:{warning.line}:{warning.col}: warning: {warning.message}"
                click.echo(line)
            click.echo(f"OK {_shown(path)} ({_counts(result)})")
    if translations:
        known = {**_folder_questionnaires(), **loaded} if paths else loaded
        failed = not check_translation_files(translations, known, _shown) or failed
    if failed:
        _fail()


def _folder_translations() -> list[Path]:
    folder = current_app.config["QUESTIONNAIRE_DIR"]
    return translation_files(folder) + old_translation_files(folder)


def _folder_questionnaires() -> dict[Path, Questionnaire]:
    """The questionnaires of QUESTIONNAIRE_DIR that load, for translations given by path."""
    return {
        path: result
        for path, result in load_each(_folder_files())
        if not isinstance(result, QuestionnaireError)
    }


@questionnaires_cli.command("list")
def list_command() -> None:
    """List the questionnaires in QUESTIONNAIRE_DIR, and the files that do not load."""
    rows: list[tuple[str, ...]] = []
    broken: list[str] = []
    for path, result in load_each(_folder_files()):
        if isinstance(result, QuestionnaireError):
            count = len(result.errors)
            broken.append(f"BROKEN {_shown(path)}: {count} problem{'s' * (count != 1)}")
        else:
            rows.append(_row(result))
    if not rows and not broken:
        click.echo(f"no questionnaire files in {current_app.config['QUESTIONNAIRE_DIR']}")
    if rows:
        header = ("id", "title", "version", "hash", "questions", "flags")
        widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            click.echo("  ".join(cells).rstrip())
    for line in broken:
        click.echo(line)
    if broken:
        click.echo("Run 'flask --app ctdppeia questionnaires check' to see the problems.")


def _row(questionnaire: Questionnaire) -> tuple[str, ...]:
    return (
        questionnaire.id,
        questionnaire.title,
        questionnaire.version,
        questionnaire.short_hash,
        str(len(questionnaire.questions)),
        str(len(questionnaire.flags)),
    )


@questionnaires_cli.command("try")
@click.argument("file", type=FILE)
@click.argument("answers_file", metavar="ANSWERS.json", type=FILE)
def try_command(file: Path, answers_file: Path) -> None:
    """Evaluate the answers in ANSWERS.json (question id -> answer) against FILE.

    Prints JSON: the visible questions, the required ones still missing, the risk flags
    raised, the gaps (flags of kind gap, to close before approval), the rating (the highest
    severity among the risk flags), the routes, the obligations of that rating and the
    rating's reason ("High because ...").
    """
    try:
        questionnaire = load_questionnaire(file)
    except QuestionnaireError as error:
        for line in _problems(file, error):
            click.echo(line)
        _fail()
    answers = _read_answers(answers_file)
    problems = list(_answer_problems(questionnaire, answers, _shown(answers_file), _shown(file)))
    for problem in problems:
        click.echo(problem)
    if problems:
        _fail()
    result = evaluate(questionnaire, answers)
    for qid in result.hidden:
        if qid in answers:
            click.echo(f"note: the answer to '{qid}' is ignored: that question is hidden", err=True)
    click.echo(json.dumps(_report(result), indent=2))


def _read_answers(path: Path) -> dict[str, Any]:
    shown = _shown(path)
    try:
        answers = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        click.echo(f"{shown}: cannot read the file: {error.strerror}")
        _fail()
    except UnicodeDecodeError:
        click.echo(f"{shown}: the file is not UTF-8 text")
        _fail()
    except json.JSONDecodeError as error:
        click.echo(f"{shown}:{error.lineno}:{error.colno}: this is not valid JSON: {error.msg}")
        _fail()
    if not isinstance(answers, dict):
        click.echo(f'{shown}: the file must hold one JSON object, like {{"P1": "own-agency"}}')
        _fail()
    return answers


def _answer_problems(
    questionnaire: Questionnaire, answers: dict[str, Any], shown: str, file: str
) -> Iterator[str]:
    for qid, value in answers.items():
        if not questionnaire.has_question(qid):
            yield f"{shown}: there is no question '{qid}' in {file}"
            continue
        problem = validate_answer(questionnaire.question(qid), value)
        if problem:
            yield f"{shown}: the answer to '{qid}' does not fit: {problem}"


def _report(result: Evaluation) -> dict[str, Any]:
    return {
        "visible": list(result.visible),
        "missing_required": list(result.missing_required),
        "flags": [_flag(raised) for raised in result.risks],
        "gaps": [_flag(raised) for raised in result.gaps],
        "rating": result.rating,
        "routes": list(result.routes),
        "obligations": list(result.obligations),
        "rating_reason": result.rating_reason,
    }


def _flag(raised: RaisedFlag) -> dict[str, Any]:
    flag = raised.flag
    shown: dict[str, Any] = {"id": flag.id, "severity": flag.severity, "route": flag.route}
    if flag.basis:
        shown["basis"] = flag.basis
    return shown
