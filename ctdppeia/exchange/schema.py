"""The JSON Schema (draft 2020-12) of a review exchange file, published at a stable URL
(``/reviews/exchange/schema/v1.json``). The import checks every file with it before anything
else, so a file the schema refuses never reaches the database."""

from typing import Any

from ctdppeia import limits, words
from ctdppeia.exchange.document import FORMAT
from ctdppeia.models.review import REVIEW_STATUSES

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# The $id when the schema is used inside the app (the published copy has its URL).
SCHEMA_ID = "urn:ctdppeia:review-exchange:1"
MOMENT = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"}
MAYBE_MOMENT = {"anyOf": [MOMENT, {"type": "null"}]}
ID = {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9_-]{0,119}$"}
# The most rows of each kind a file may carry (a questionnaire has far fewer questions).
MAX_ROWS = 2_000


def _text(limit: int, *, empty: bool = True) -> dict[str, Any]:
    return {"type": "string", "maxLength": limit, **({} if empty else {"minLength": 1})}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


ANSWER_VALUE = {
    "anyOf": [
        {"type": "string", "maxLength": limits.LONG_TEXT},
        {"type": "number"},
        {"type": "array", "items": {"type": "string", "maxLength": 120}, "maxItems": 200},
    ]
}


def review_exchange_schema(schema_url: str) -> dict[str, Any]:
    """The schema, with ``schema_url`` as its ``$id``."""
    decision_item = _object(
        {
            "recommendation": {"enum": list(words.RECOMMENDATION)},
            "conditions": _text(limits.DECISION_TEXT),
            "rationale": _text(limits.DECISION_TEXT, empty=False),
            "submitted_at": MOMENT,
            "returned_at": MAYBE_MOMENT,
            "return_comment": {"anyOf": [_text(limits.DECISION_TEXT), {"type": "null"}]},
        }
    )
    return {
        "$schema": DRAFT,
        "$id": schema_url,
        "title": "A ctdppeia review, for exchange between installations",
        "description": (
            "One review: the questionnaire it was answered under (id, edition, SHA-256 of its "
            "text), its answers, the state of its flags, the responses to them and the "
            "decision. Canonical form: sorted keys, no whitespace, UTF-8."
        ),
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "questionnaire": _object(
                {
                    "id": {"type": "string", "minLength": 1, "maxLength": 80},
                    "edition": {"type": "string", "minLength": 1, "maxLength": 80},
                    "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "title": {"type": "string", "minLength": 1, "maxLength": 300},
                    "subject": {"type": "string", "minLength": 1, "maxLength": 40},
                }
            ),
            "started_at": MOMENT,
            "completed_sections": {"type": "array", "items": ID, "maxItems": 200},
            "answers": {
                "type": "array",
                "maxItems": MAX_ROWS,
                "items": _object({"question": ID, "value": ANSWER_VALUE, "updated_at": MOMENT}),
            },
            "flags": {
                "type": "array",
                "maxItems": MAX_ROWS,
                "items": _object(
                    {
                        "flag": ID,
                        "severity": {"enum": list(words.SEVERITY)},
                        "questions": {"type": "array", "items": ID, "maxItems": 200},
                        "raised_at": MOMENT,
                        "cleared_at": MAYBE_MOMENT,
                    }
                ),
            },
            "responses": {
                "type": "array",
                "maxItems": MAX_ROWS,
                "items": _object(
                    {
                        "flag": ID,
                        "kind": {"enum": list(words.RESPONSE)},
                        "text": _text(limits.RESPONSE, empty=False),
                        "created_at": MOMENT,
                    }
                ),
            },
            "decision": _object(
                {
                    "status": {"enum": list(REVIEW_STATUSES)},
                    "submitted_at": MAYBE_MOMENT,
                    "confirmed_at": MAYBE_MOMENT,
                    "record_digest": {
                        "anyOf": [{"type": "string", "pattern": "^[0-9a-f]{64}$"}, {"type": "null"}]
                    },
                    "decisions": {"type": "array", "items": decision_item, "maxItems": 200},
                }
            ),
        },
        "required": [
            "format",
            "questionnaire",
            "started_at",
            "completed_sections",
            "answers",
            "flags",
            "responses",
            "decision",
        ],
        "additionalProperties": False,
    }
