"""Reading and checking a review exchange file before anything is saved. Every problem names
the field it is about (``answers[3].value``), so a person can find it in the file."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from jsonschema import Draft202012Validator
from sqlalchemy import select

from ctdppeia.exchange.schema import SCHEMA_ID, review_exchange_schema
from ctdppeia.extensions import db
from ctdppeia.limits import MAX_PROBLEMS
from ctdppeia.models import QuestionnaireVersion
from ctdppeia.questionnaire import Questionnaire, validate_answer
from ctdppeia.reviews.registry import pinned, questionnaires


class ExchangeFileError(ValueError):
    """The file cannot be imported; `problems` are (field, what is wrong) pairs."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {text}" for field, text in problems))
        self.problems = problems[:MAX_PROBLEMS]


@dataclass(frozen=True)
class CheckedFile:
    document: dict[str, Any]
    questionnaire: Questionnaire


def read_file(data: bytes) -> dict[str, Any]:
    """The JSON object in `data`: UTF-8, no repeated keys, no NaN or Infinity."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeFileError([("file", "the file is not UTF-8 text")]) from None
    try:
        found = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise ExchangeFileError(
            [("file", f"the file is not JSON ({where}: {error.msg})")]
        ) from None
    except ValueError as error:
        raise ExchangeFileError([("file", str(error))]) from None
    if not isinstance(found, dict):
        raise ExchangeFileError([("file", "the file must hold one JSON object")])
    return found


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise ValueError(f"the key {repeated[0]!r} appears twice in one object")
    return dict(pairs)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def field_name(path: Any) -> str:
    """A jsonschema path as a field name: answers[3].value."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "file"


def check_document(document: dict[str, Any], subject_kind: str) -> CheckedFile:
    """The document and its questionnaire when everything in it fits; else ExchangeFileError
    with every problem found."""
    schema = review_exchange_schema(SCHEMA_ID)
    validator = Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
    if errors:
        raise ExchangeFileError([(field_name(e.absolute_path), e.message) for e in errors])
    bad_times = _moment_problems(document)
    if bad_times:
        raise ExchangeFileError(bad_times)
    questionnaire = _questionnaire(document["questionnaire"])
    problems = _content_problems(document, questionnaire, subject_kind)
    if problems:
        raise ExchangeFileError(problems)
    return CheckedFile(document, questionnaire)


def _questionnaire(named: dict[str, Any]) -> Questionnaire:
    stored = db.session.scalar(
        select(QuestionnaireVersion).where(QuestionnaireVersion.hash == named["hash"])
    )
    if stored is not None:
        return pinned(stored)
    for loaded in questionnaires().current.values():
        if loaded.hash == named["hash"]:
            return loaded
    edition = f"{named['id']}, edition {named['edition']}"
    text = f"this installation does not have the questionnaire {edition} with this SHA-256"
    raise ExchangeFileError([("questionnaire.hash", text)])


def _content_problems(
    document: dict[str, Any], questionnaire: Questionnaire, subject_kind: str
) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if questionnaire.subject != subject_kind:
        problems.append(
            ("questionnaire.subject", f"this questionnaire is for a {questionnaire.subject}")
        )
    problems += _answer_problems(document["answers"], questionnaire)
    problems += _flag_problems(document, questionnaire)
    problems += _section_problems(document["completed_sections"], questionnaire)
    problems += _decision_problems(document["decision"])
    return problems


def _answer_problems(answers: list[dict[str, Any]], questionnaire: Questionnaire) -> list:
    problems = []
    seen: set[str] = set()
    for number, answer in enumerate(answers):
        qid, where = answer["question"], f"answers[{number}]"
        if qid in seen:
            problems.append((f"{where}.question", f"{qid} is answered twice"))
        seen.add(qid)
        if not questionnaire.has_question(qid):
            problems.append((f"{where}.question", f"the questionnaire has no question {qid}"))
            continue
        problem = validate_answer(questionnaire.question(qid), answer["value"])
        if problem:
            problems.append((f"{where}.value", problem))
    return problems


def _flag_problems(document: dict[str, Any], questionnaire: Questionnaire) -> list:
    known = {flag.id for flag in questionnaire.flags}
    problems = []
    seen: set[str] = set()
    for number, state in enumerate(document["flags"]):
        where = f"flags[{number}]"
        if state["flag"] in seen:
            problems.append((f"{where}.flag", f"{state['flag']} is listed twice"))
        seen.add(state["flag"])
        if state["flag"] not in known:
            problems.append((f"{where}.flag", f"the questionnaire has no flag {state['flag']}"))
        for qid in state["questions"]:
            if not questionnaire.has_question(qid):
                problems.append((f"{where}.questions", f"the questionnaire has no question {qid}"))
        if state["cleared_at"] is not None and state["cleared_at"] < state["raised_at"]:
            problems.append((f"{where}.cleared_at", "a flag cannot clear before it was raised"))
    for number, response in enumerate(document["responses"]):
        if response["flag"] not in known:
            text = f"the questionnaire has no flag {response['flag']}"
            problems.append((f"responses[{number}].flag", text))
    return problems


def _section_problems(sections: list[str], questionnaire: Questionnaire) -> list:
    known = {section.id for section in questionnaire.sections}
    return [
        (f"completed_sections[{number}]", f"the questionnaire has no section {section}")
        for number, section in enumerate(sections)
        if section not in known
    ]


def _decision_problems(decision: dict[str, Any]) -> list:
    status, submitted, confirmed = (
        decision["status"],
        decision["submitted_at"],
        decision["confirmed_at"],
    )
    problems = []
    if (status == "in-progress") != (submitted is None):
        problems.append(("decision.submitted_at", f"does not fit the status {status}"))
    if (status == "locked") != (confirmed is not None):
        problems.append(("decision.confirmed_at", f"does not fit the status {status}"))
    if status != "in-progress" and not decision["decisions"]:
        problems.append(("decision.decisions", f"a review {status} has a decision"))
    if decision["record_digest"] is not None and status != "locked":
        problems.append(("decision.record_digest", "only a locked review has a signed record"))
    return problems


def _moments(document: dict[str, Any]) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = [("started_at", document["started_at"])]
    for key, fields in (
        ("answers", ("updated_at",)),
        ("flags", ("raised_at", "cleared_at")),
        ("responses", ("created_at",)),
    ):
        for number, item in enumerate(document[key]):
            found += [(f"{key}[{number}].{name}", item[name]) for name in fields]
    decision = document["decision"]
    found += [(f"decision.{name}", decision[name]) for name in ("submitted_at", "confirmed_at")]
    for number, item in enumerate(decision["decisions"]):
        where = f"decision.decisions[{number}]"
        found += [(f"{where}.{name}", item[name]) for name in ("submitted_at", "returned_at")]
    return found


def _moment_problems(document: dict[str, Any]) -> list[tuple[str, str]]:
    problems = []
    for where, text in _moments(document):
        if text is None:
            continue
        try:
            moment(text)
        except ValueError:
            problems.append((where, f"{text} is not a time of the calendar"))
    return problems


def moment(text: str) -> datetime:
    """A time of the file (already checked by the schema's pattern) as a UTC datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
