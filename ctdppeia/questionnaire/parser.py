"""Reading questionnaire files: text -> Questionnaire, with every problem reported at once."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ctdppeia.questionnaire.blocks import Line, scan, split_lines
from ctdppeia.questionnaire.checks import check_questionnaire
from ctdppeia.questionnaire.errors import ErrorList, QuestionnaireError
from ctdppeia.questionnaire.flagchecks import check_flags
from ctdppeia.questionnaire.flags import read_flags
from ctdppeia.questionnaire.frontmatter import FrontMatter, read_front_matter
from ctdppeia.questionnaire.markdown import render_markdown
from ctdppeia.questionnaire.model import Questionnaire
from ctdppeia.questionnaire.questions import read_sections


def parse_questionnaire(source: str | bytes, filename: str = "<questionnaire>") -> Questionnaire:
    """Parse the text (or the bytes, which must be UTF-8) of a questionnaire file.

    Raises QuestionnaireError listing every problem in `.errors`.
    """
    if isinstance(source, bytes):
        data = source
        text = _decode(data, filename)
    else:
        text = source
        data = _encode(text, filename)
    errors = ErrorList(filename, len(split_lines(text)))
    scanned = scan(text, errors)
    front = FrontMatter()
    if scanned.front_matter is not None:
        front = read_front_matter(scanned.front_matter[1], errors)
    _check_preamble(scanned.preamble, errors)
    sections = read_sections(scanned.headings, errors)
    flags = read_flags(scanned.flags, errors)
    check_questionnaire(sections, flags, errors)
    check_flags(flags, errors)
    errors.raise_if_any()
    return Questionnaire(
        id=front.id,
        title=front.title,
        version=front.version,
        subject=front.subject,
        summary=front.summary,
        ratings=front.ratings,
        obligations=front.obligations,
        about_html=render_markdown(front.about) if front.about else "",
        sources=front.sources,
        maintained_by=front.maintained_by,
        changes=front.changes,
        sections=tuple(section.build() for section in sections),
        flags=tuple(flag.build() for flag in flags),
        hash=hashlib.sha256(data).hexdigest(),
        source=text,
        filename=filename,
    )


def load_questionnaire(path: str | Path) -> Questionnaire:
    """Read and parse one file; errors name the file by its base name."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise QuestionnaireError(
            path.name, 1, 1, f"cannot read the file: {error.strerror}"
        ) from None
    return parse_questionnaire(data, path.name)


def load_each(
    paths: Iterable[str | Path],
) -> Iterator[tuple[Path, Questionnaire | QuestionnaireError]]:
    """Load files one by one: each path with its Questionnaire, or with the error for it.

    A file whose id an earlier file already has gets an error.
    """
    first: dict[str, Questionnaire] = {}
    for path in map(Path, paths):
        try:
            questionnaire = load_questionnaire(path)
        except QuestionnaireError as error:
            yield path, error
            continue
        if questionnaire.id in first:
            yield path, _duplicate_id(questionnaire, first[questionnaire.id])
        else:
            first[questionnaire.id] = questionnaire
            yield path, questionnaire


def load_files(
    paths: Iterable[str | Path],
) -> tuple[dict[str, Questionnaire], list[QuestionnaireError]]:
    """Load several files: the good ones by id, and one error per broken file."""
    loaded: dict[str, Questionnaire] = {}
    broken: list[QuestionnaireError] = []
    for _, result in load_each(paths):
        if isinstance(result, QuestionnaireError):
            broken.append(result)
        else:
            loaded[result.id] = result
    return loaded, broken


def questionnaire_files(folder: str | Path) -> list[Path]:
    """The questionnaire files of a folder: every *.md except README.md, by name."""
    return sorted(p for p in Path(folder).glob("*.md") if p.name.lower() != "readme.md")


def load_folder(folder: str | Path) -> tuple[dict[str, Questionnaire], list[QuestionnaireError]]:
    """Load every questionnaire file in `folder` (see `load_files`)."""
    if not Path(folder).is_dir():
        missing = QuestionnaireError(str(folder), 1, 1, "this questionnaire folder does not exist")
        return {}, [missing]
    return load_files(questionnaire_files(folder))


def _duplicate_id(questionnaire: Questionnaire, first: Questionnaire) -> QuestionnaireError:
    lines = split_lines(questionnaire.source)
    line = next((i + 1 for i, text in enumerate(lines) if re.match(r"id[ \t]*:", text)), 1)
    return QuestionnaireError(
        questionnaire.filename,
        line,
        1,
        f"the questionnaire id '{questionnaire.id}' is already used by {first.filename}",
    )


def _decode(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise QuestionnaireError(
            filename,
            line,
            col,
            "the file is not UTF-8 text: save it with the UTF-8 encoding "
            f"(the byte 0x{data[error.start]:02x} here cannot be read)",
        ) from None


def _encode(text: str, filename: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        before = text[: error.start]
        line = before.count("\n") + 1
        col = error.start - (before.rfind("\n") + 1) + 1
        raise QuestionnaireError(
            filename, line, col, "the text holds a character that is not valid Unicode"
        ) from None


def _check_preamble(preamble: list[Line], errors: ErrorList) -> None:
    for number, text in preamble:
        if text.strip():
            errors.add(
                number,
                1,
                "this text comes before the first section and would not be shown anywhere: "
                "move it under a # section heading, or into the summary",
            )
            return
