"""Warnings about a questionnaire that loads: things to improve that do not stop it working.
`questionnaires check` prints them as `file:line:col: warning: ...` and still passes."""

from __future__ import annotations

from ctdppeia.questionnaire.errors import QuestionnaireError
from ctdppeia.questionnaire.model import Questionnaire


def questionnaire_warnings(questionnaire: Questionnaire) -> list[QuestionnaireError]:
    """Every warning about the file, in file order."""
    found = _no_resident_texts(questionnaire)
    return sorted(found, key=lambda warning: (warning.line, warning.col))


def _no_resident_texts(questionnaire: Questionnaire) -> list[QuestionnaireError]:
    if any(flag.resident for flag in questionnaire.flags):
        return []  # the parser requires the rest
    seen = [flag for flag in questionnaire.flags if flag.board_visible]
    if not seen:
        return []
    message = (
        f"no flag has a 'resident:' text, so the Resident Advisory Board sees only the titles "
        f'of the {len(seen)} flags it can see; give each of them one (README, "Flags")'
    )
    return [QuestionnaireError(questionnaire.filename, 1, 1, message)]
