"""The review snapshot: the plain data a review PDF is built from.

The web app produces one snapshot per review (a plain ``dict``, no ORM objects). Its record
digest (:func:`ctdppeia.pdf.digest.record_digest`) is stored with the review, printed in the
PDF and placed in each signature's reason, so the shape below is a contract: change it only
together with :data:`SCHEMA`.

Rules:

* Every key shown is required. Values marked ``|null`` may be ``None``.
* Numbers that are not whole numbers arrive as strings (``"0.333"``); floats are refused.
* Dates are ISO 8601 strings (``"2026-11-02T14:03:00Z"``).
* Answers arrive formatted for display (a multi-choice answer is already joined); an
  unanswered question has ``"answer": None``; a question that was not asked has
  ``"visible": False``.
* ``subject.summary_markdown`` is markdown; every other string is plain text.
* Optional keys (snapshots made before questionnaire edition 2026.2 lack them, and readers
  take the default): ``review.rating_obligations`` (a list of texts, default ``[]``), and per
  flag ``kind`` (``"risk"`` or ``"gap"``, default ``"risk"``) and ``basis`` (text or null).
  ``review.rating_reason`` (text or null; snapshots made before it lack it): the sentence
  naming the risk flags that set the rating, "High because ...".
  The rating is the highest severity among the ``risk`` flags; ``gap`` flags are listed
  apart, "to close before approval". ``tier`` (AI use cases only): the risk tier as recorded,
  see :data:`TIER`; from edition 2027.1 of the Responsible-AI review it also holds the
  ``sentence`` naming the rules that set it, the ``questionnaire`` rating and the written
  ``rebuttal`` of a presumption of high impact (see :data:`REBUTTAL`).
* Optional keys on each ``comments`` entry and reply (the Resident Advisory Board's comments):
  ``concern`` (the flag or question a concern is about, or null), ``hidden`` (true when a
  moderator hid it: ``body`` is then the dated note) and ``response`` (null, or
  ``{"kind": "changed|partly-changed|not-adopted|out-of-scope", "kind_label": "...",
  "text": "...", "changed": "what changed"|null, "by": "Name", "at": "iso"}``).
* Optional top-level key ``advisory`` (reviews of AI use cases only): the AI advisory group's
  record, see ``ADVISORY`` below: the tally, each member's recommendation and rationale, the
  declared conflicts, the subcommittee's recommendation and the chair's decision with its
  conditions (the decision and the subcommittee may be null).

::

    {
     "schema": "ctdppeia-review/2",
     "review": {"id": 12, "status": "locked", "started_at": "2026-11-02T14:03:00Z",
                "locked_at": "...|null", "rating": "high|medium|low|info|null",
                "rating_explanation": "...|null", "amends": 7|null},
     "subject": {"kind": "data-request|ai-use-case", "id": 3, "title": "...",
                 "organisation": "...", "contact": "...", "agencies": ["DSS", "OPM"],
                 "summary_markdown": "purpose text in markdown"},
     "questionnaire": {"id": "dppeia", "title": "...", "version": "2026.1", "hash": "<sha256>"},
     "sections": [{"id": "planning", "title": "Planning and purpose",
                   "questions": [{"id": "P1", "label": "Who is asking for the data?",
                                  "type": "choice", "visible": true, "answer": "...|null"}]}],
     "flags": [{"id": "reid-1", "severity": "high|medium|low|info", "category": "privacy",
                "title": "...", "advice": "...", "route": "board|ai-review|...|null",
                "raised_by": ["C2: Race or ethnicity"],
                "response": {"kind": "mitigation|accepted-risk|not-applicable", "text": "...",
                             "by": "Name", "at": "iso"} | null}],
     "analyses": [{"id": 1, "title": "...", "outcome_label": "Application approved",
                   "direction": "favourable|adverse", "reference_method": "best|largest|named",
                   "reference_label": "White", "min_cell": 11,
                   "groups": [{"label": "...", "total": 120|null, "outcome": 40|null,
                               "rate": "0.333"|null, "ratio": "0.62"|null, "z_p": "0.003"|null,
                               "fisher_p": "0.004"|null, "four_fifths": "fail|pass"|null,
                               "in_band": true|false|null, "suppressed": false,
                               "is_reference": false}],
                   "flags": [{"id": "...", "severity": "...", "title": "...", "detail": "..."}]}],
     "comments": [{"author": "...", "at": "iso", "body": "plain text",
                   "replies": [{"author": "...", "at": "iso", "body": "..."}]}],
       (optional keys of a comment or reply: "concern", "edited_at", "hidden", "response";
        of a concern: "acknowledged": {"by": "Name", "at": "iso", "note": "..."} | null)
     "decision": {"recommendation": "approve|approve-with-conditions|return|deny",
                  "conditions": "...", "rationale": "...", "submitted_by": "Name",
                  "submitted_at": "iso", "confirmed_by": "Name"|null,
                  "confirmed_at": "iso"|null, "approver_note": "plain text, may be empty"}
                 | null,
     "signers": [{"role": "Reviewer", "name": "José Núñez", "agency": "DSS"},
                 {"role": "Approver", "name": "Nguyễn Văn An", "agency": "DSS"}]
    }
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ctdppeia.severity import SEVERITIES

SCHEMA = "ctdppeia-review/2"

NONE = type(None)


@dataclass(frozen=True)
class OneOf:
    """A string that must be one of ``values`` (or ``None`` when ``nullable``)."""

    values: tuple[str, ...]
    nullable: bool = False


@dataclass(frozen=True)
class Nullable:
    """A nested object (dict spec) that may also be ``None``."""

    spec: dict[str, Any]


Spec = Any  # a type, a tuple of types, OneOf, Nullable, a dict spec or a one-item list spec

_STR_OR_NULL = (str, NONE)
_INT_OR_NULL = (int, NONE)

REVIEW = {
    "id": int,
    "status": str,
    "started_at": str,
    "locked_at": _STR_OR_NULL,
    "rating": OneOf(SEVERITIES, nullable=True),
    "rating_explanation": _STR_OR_NULL,
    "amends": _INT_OR_NULL,
}
SUBJECT = {
    "kind": OneOf(("data-request", "ai-use-case")),
    "id": int,
    "title": str,
    "organisation": str,
    "contact": str,
    "agencies": [str],
    "summary_markdown": str,
}
QUESTIONNAIRE = {"id": str, "title": str, "version": str, "hash": str}
QUESTION = {"id": str, "label": str, "type": str, "visible": bool, "answer": _STR_OR_NULL}
SECTION = {"id": str, "title": str, "questions": [QUESTION]}
RESPONSE = {
    "kind": OneOf(("mitigation", "accepted-risk", "not-applicable")),
    "text": str,
    "by": str,
    "at": str,
}
FLAG = {
    "id": str,
    "severity": OneOf(SEVERITIES),
    "category": str,
    "title": str,
    "advice": str,
    "route": _STR_OR_NULL,
    "raised_by": [str],
    "response": Nullable(RESPONSE),
}
GROUP = {
    "label": str,
    "total": _INT_OR_NULL,
    "outcome": _INT_OR_NULL,
    "rate": _STR_OR_NULL,
    "ratio": _STR_OR_NULL,
    "z_p": _STR_OR_NULL,
    "fisher_p": _STR_OR_NULL,
    "four_fifths": OneOf(("fail", "pass"), nullable=True),
    "in_band": (bool, NONE),
    "suppressed": bool,
    "is_reference": bool,
}
ANALYSIS_FLAG = {"id": str, "severity": OneOf(SEVERITIES), "title": str, "detail": str}
ANALYSIS = {
    "id": int,
    "title": str,
    "outcome_label": str,
    "direction": OneOf(("favourable", "adverse")),
    "reference_method": OneOf(("best", "largest", "named")),
    "reference_label": str,
    "min_cell": int,
    "groups": [GROUP],
    "flags": [ANALYSIS_FLAG],
}
REPLY = {"author": str, "at": str, "body": str}
COMMENT = {**REPLY, "replies": [REPLY]}
DECISION = {
    "recommendation": OneOf(("approve", "approve-with-conditions", "return", "deny")),
    "conditions": str,
    "rationale": str,
    "submitted_by": str,
    "submitted_at": str,
    "confirmed_by": _STR_OR_NULL,
    "confirmed_at": _STR_OR_NULL,
    "approver_note": str,
}
SIGNER = {"role": str, "name": str, "agency": str}
_AI_RECOMMENDATION = OneOf(("approve", "approve-with-conditions", "do-not-approve", "abstain"))
_AI_OUTCOME = OneOf(("approve", "approve-with-conditions", "do-not-approve"))
ADVISORY = {
    "tally": [{"recommendation": _AI_RECOMMENDATION, "count": int}],
    "recommendations": [
        {"member": str, "recommendation": _AI_RECOMMENDATION, "rationale": str, "at": str}
    ],
    "conflicts": [{"member": str, "reason": str, "at": str}],
    "subcommittee": Nullable(
        {"recommendation": _AI_OUTCOME, "rationale": str, "by": str, "at": str}
    ),
    "decision": Nullable(
        {
            "outcome": _AI_OUTCOME,
            "basis": str,
            "tier": OneOf(SEVERITIES, nullable=True),
            "quorum": int,
            "members_eligible": int,
            "by": str,
            "at": str,
            "next_review_on": str,
            "conditions": [{"text": str, "owner": str, "due_on": str}],
        }
    ),
}
OBLIGATION = {"text": str, "done": bool, "explanation": str}
# Optional (AI use cases): the questionnaire's tier, a different tier a reviewer recorded with
# the reason (both stay on the record), and the recorded tier's obligations, each done or
# explained.
TIER = {
    "computed": OneOf(SEVERITIES, nullable=True),
    "override": Nullable(
        {
            "tier": OneOf(SEVERITIES),
            "computed_then": OneOf(SEVERITIES),
            "reason": str,
            "by": str,
            "at": str,
        }
    ),
    "obligations": [OBLIGATION],
}
# Optional in "tier" (snapshots from edition 2027.1 of the Responsible-AI review on): the plain
# sentence naming the rules that set the tier, the questionnaire's own rating, and the written
# determination that set aside a presumption of high impact (null when there is none).
TIER_REASON = {"sentence": str, "questionnaire": OneOf(SEVERITIES, nullable=True)}
REBUTTAL = {
    "decided_by": str,
    "reason": str,
    "set_aside": [{"id": str, "title": str, "basis": str}],
    "tier_before": OneOf(SEVERITIES),
    "tier_after": OneOf(SEVERITIES),
    "by": str,
    "at": str,
}
SNAPSHOT = {
    "schema": OneOf((SCHEMA,)),
    "review": REVIEW,
    "subject": SUBJECT,
    "questionnaire": QUESTIONNAIRE,
    "sections": [SECTION],
    "flags": [FLAG],
    "analyses": [ANALYSIS],
    "comments": [COMMENT],
    "decision": Nullable(DECISION),
    "signers": [SIGNER],
}


def validate_snapshot(snapshot: Any) -> None:
    """Raise ``ValueError`` naming the first missing or wrong key (e.g. ``flags[2].severity``)."""
    _check(snapshot, SNAPSHOT, "snapshot")
    if "tier" in snapshot:
        _check_tier(snapshot["tier"])
    if snapshot.get("advisory") is not None:
        _check(snapshot["advisory"], ADVISORY, "snapshot.advisory")
    if not snapshot["signers"]:
        raise ValueError("snapshot.signers: at least one signer is needed")


def _check_tier(tier: Any) -> None:
    _check(tier, TIER, "snapshot.tier")
    if "sentence" in tier:
        _check(tier, TIER_REASON, "snapshot.tier")
    if tier.get("rebuttal") is not None:
        _check(tier["rebuttal"], REBUTTAL, "snapshot.tier.rebuttal")


def _check(value: Any, spec: Spec, path: str) -> None:
    if isinstance(spec, dict):
        _check_dict(value, spec, path)
    elif isinstance(spec, list):
        _check_list(value, spec[0], path)
    elif isinstance(spec, Nullable):
        if value is not None:
            _check_dict(value, spec.spec, path)
    elif isinstance(spec, OneOf):
        _check_one_of(value, spec, path)
    else:
        _check_type(value, spec, path)


def _check_dict(value: Any, spec: dict[str, Any], path: str) -> None:
    if not isinstance(value, dict):
        raise ValueError(f"{path}: expected an object, got {type(value).__name__}")
    for key, sub in spec.items():
        if key not in value:
            raise ValueError(f"{path} is missing the key {key!r} ({path}.{key})")
        _check(value[key], sub, f"{path}.{key}")


def _check_list(value: Any, item_spec: Spec, path: str) -> None:
    if not isinstance(value, list):
        raise ValueError(f"{path}: expected a list, got {type(value).__name__}")
    for index, item in enumerate(value):
        _check(item, item_spec, f"{path}[{index}]")


def _check_one_of(value: Any, spec: OneOf, path: str) -> None:
    if value is None and spec.nullable:
        return
    if value not in spec.values:
        allowed = ", ".join(spec.values)
        raise ValueError(f"{path}: {value!r} is not one of: {allowed}")


def _check_type(value: Any, expected: type | tuple[type, ...], path: str) -> None:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in types:
        raise ValueError(f"{path}: expected {_names(types)}, got bool")
    if not isinstance(value, types):
        raise ValueError(f"{path}: expected {_names(types)}, got {type(value).__name__}")


def _names(types: tuple[type, ...]) -> str:
    return " or ".join("null" if t is NONE else t.__name__ for t in types)
