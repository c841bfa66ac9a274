"""What a person changed on a section form since they opened it.

The page carries, per question, a fingerprint of the answer it showed (`base_<id>`). On save,
a question whose typed answer still matches its fingerprint was not touched by this person, so
a colleague's newer answer to it is kept. After an edit conflict the page asks, per question
both people changed, which answer to keep (`keep_<id>`: "theirs" or "mine").
"""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from ctdppeia.questionnaire import Section, is_answered
from ctdppeia.reviews.display import form_text

BASE = "base_"
KEEP = "keep_"
DECIDE = "decide"  # the questions the page asked to choose for, comma separated


def fingerprint(question: Any, value: object) -> str:
    """A short hash of the answer as the form shows it (empty answers all alike)."""
    shown = form_text(question, value if is_answered(value) else None)
    text = json.dumps(shown, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def fingerprints(section: Section, answers: Mapping[str, object]) -> dict[str, str]:
    """The fingerprint of each question's answer in `answers`, for the page's hidden inputs."""
    return {q.id: fingerprint(q, answers.get(q.id)) for q in section.questions}


def posted_fingerprints(section: Section, posted: Mapping[str, str]) -> dict[str, str]:
    """The fingerprints the posted form carried back (questions without one left out)."""
    found = {q.id: posted.get(BASE + q.id) for q in section.questions}
    return {qid: mark for qid, mark in found.items() if mark}


def changed_by_person(
    section: Section, values: Mapping[str, object], posted: Mapping[str, str]
) -> set[str]:
    """The questions this person changed since the page was opened.

    A question without a fingerprint counts as changed (a form from before fingerprints);
    one where the person chose to keep the other answer counts as unchanged.
    """
    bases = posted_fingerprints(section, posted)
    mine = set()
    for question in section.questions:
        base = bases.get(question.id)
        if base is None or fingerprint(question, values.get(question.id)) != base:
            mine.add(question.id)
        if posted.get(KEEP + question.id) == "theirs":
            mine.discard(question.id)
    return mine


def undecided(section: Section, posted: Mapping[str, str]) -> list[str]:
    """The questions the page asked to choose for where no choice came back."""
    asked = {qid for qid in (posted.get(DECIDE) or "").split(",") if qid}
    return [
        q.id
        for q in section.questions
        if q.id in asked and posted.get(KEEP + q.id) not in ("theirs", "mine")
    ]
