"""`flask questionnaires translations extract | update | convert`: the questionnaires'
translation catalogues (questionnaires/README.md, "Translations")."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import click
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError
from flask import current_app
from flask.cli import AppGroup

from ctdppeia.cli.translations import questionnaire_beside
from ctdppeia.cli.translations import shown as _shown
from ctdppeia.questionnaire import (
    Questionnaire,
    QuestionnaireError,
    load_each,
    questionnaire_files,
)
from ctdppeia.questionnaire.catalogues import read_catalog, template_for, updated, write_catalog
from ctdppeia.questionnaire.oldyaml import convert, read_old_translation
from ctdppeia.questionnaire.translation import (
    OLD_FILE_NAME,
    load_translation,
    translation_files,
)

translations_cli = AppGroup(
    "translations",
    help="Write the questionnaires' translation catalogues: NAME.pot and NAME.LANGUAGE.po.",
)


def _folder() -> Path:
    return Path(current_app.config["QUESTIONNAIRE_DIR"])


def _fail() -> NoReturn:
    raise click.exceptions.Exit(1)


def _problems(path: Path, error: QuestionnaireError) -> None:
    """Each problem, with its file (beside `path`), line and column."""
    for problem in error.errors:
        where = _shown(path.with_name(problem.file))
        click.echo(f"{where}:{problem.line}:{problem.col}: {problem.message}")


def _questionnaires(paths: list[Path]) -> dict[Path, Questionnaire]:
    """The questionnaires that load, by file; the problems of the others printed."""
    loaded: dict[Path, Questionnaire] = {}
    for path, result in load_each(paths):
        if isinstance(result, QuestionnaireError):
            _problems(path, result)
        else:
            loaded[path] = result
    return loaded


def _texts(catalog: Catalog) -> list[tuple[str | None, object]]:
    return [(message.context, message.id) for message in catalog if message.id]


@translations_cli.command("extract")
def extract_command() -> None:
    """Write NAME.pot beside each questionnaire of QUESTIONNAIRE_DIR: every text of it a
    translation gives (msgctxt: which text; msgid: its English)."""
    paths = questionnaire_files(_folder())
    loaded = _questionnaires(paths)
    for path, questionnaire in loaded.items():
        template, target = template_for(questionnaire), path.with_suffix(".pot")
        done = "wrote" if write_catalog(target, template) else "up to date:"
        click.echo(f"{done} {_shown(target)} ({len(template)} texts)")
    if len(loaded) != len(paths):
        _fail()


@translations_cli.command("update")
def update_command() -> None:
    """Merge each NAME.pot into every NAME.LANGUAGE.po of QUESTIONNAIRE_DIR: an entry for
    each new text (empty), an entry whose English changed marked fuzzy (not shown until a
    translator checks it), the entries of texts that are gone made obsolete (#~), the rest
    kept as it is. Run extract first."""
    failed = False
    for path in translation_files(_folder()):
        try:
            merged = _merged(path)
        except QuestionnaireError as error:
            _problems(path, error)
            failed = True
            continue
        done = "updated" if write_catalog(path, merged) else "up to date:"
        fuzzy = sum(1 for message in merged if message.id and message.fuzzy)
        empty = sum(1 for message in merged if message.id and not message.string)
        click.echo(
            f"{done} {_shown(path)} ({len(merged)} texts: {empty} not translated, "
            f"{fuzzy} fuzzy; {len(merged.obsolete)} obsolete)"
        )
    if failed:
        _fail()


def _merged(path: Path) -> Catalog:
    """The catalogue at `path` merged with its template; QuestionnaireError if either is
    bad, or the template is older than its questionnaire (nothing is written then)."""
    load_translation(path)  # every problem, with its line, before anything is merged
    template_path = path.with_name(f"{path.name.split('.')[0]}.pot")
    if not template_path.is_file():
        message = f"there is no {template_path.name} to update it from: run extract first"
        raise QuestionnaireError(path.name, 1, 1, message)
    template = _read(template_path)
    questionnaire = path.with_name(f"{path.name.split('.')[0]}.md")
    loaded = _questionnaires([questionnaire]) if questionnaire.is_file() else {}
    for current in loaded.values():
        if _texts(template_for(current)) != _texts(template):
            message = f"{questionnaire.name} changed since {template_path.name} was written"
            raise QuestionnaireError(template_path.name, 1, 1, f"{message}: run extract first")
    return updated(_read(path), template)


def _read(path: Path) -> Catalog:
    try:
        return read_catalog(path)
    except PoFileError as error:
        message = f"this is not a valid PO file: {error.args[0]}"
        raise QuestionnaireError(path.name, error.lineno + 1, 1, message) from None


@translations_cli.command("convert")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
def convert_command(file: Path) -> None:
    """Convert a translation file of the old YAML format (NAME.LANGUAGE.yaml) to the
    catalogue NAME.LANGUAGE.po beside it. The YAML file is left as it is: delete it once the
    catalogue is checked (`flask questionnaires check`)."""
    match = OLD_FILE_NAME.fullmatch(file.name)
    target = file.with_suffix(".po")
    try:
        if match is None:
            message = "an old translation file is named QUESTIONNAIRE.LANGUAGE.yaml"
            raise QuestionnaireError(file.name, 1, 1, message)
        if target.exists():
            message = f"{target.name} exists already: nothing was written (move it away first)"
            raise QuestionnaireError(file.name, 1, 1, message)
        catalog, note = _converted(file, match.group(1))
    except QuestionnaireError as error:
        _problems(file, error)
        _fail()
    write_catalog(target, catalog)
    translated = sum(1 for message in catalog if message.id and message.string)
    click.echo(f"wrote {_shown(target)} ({len(catalog)} texts, {translated} translated{note})")
    check = "flask --app ctdppeia questionnaires check"
    click.echo(f"Check it with '{check}', then delete {file.name}.")


def _converted(file: Path, language: str) -> tuple[Catalog, str]:
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise QuestionnaireError(file.name, 1, 1, "the file is not UTF-8 text") from None
    old = read_old_translation(text, file.name)
    if old.language != language:
        message = f"the file name says '{language}' but the file says '{old.language}'"
        raise QuestionnaireError(file.name, 1, 1, message)
    found = [*questionnaire_files(_folder()), *questionnaire_files(file.parent)]
    paths = sorted({path.resolve() for path in found})
    questionnaire = questionnaire_beside(file, old.questionnaire_id, _questionnaires(paths))
    if questionnaire is None:
        message = f"there is no questionnaire '{old.questionnaire_id}' to translate"
        raise QuestionnaireError(file.name, 1, 1, message)
    note = ""
    if old.version != questionnaire.version:
        note = (
            f"; all fuzzy: the file translates version {old.version}, the questionnaire is "
            f"version {questionnaire.version}, so a translator checks each before it is shown"
        )
    return convert(old, questionnaire, file.name), note
