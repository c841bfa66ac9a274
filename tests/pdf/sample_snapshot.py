"""A complete review snapshot for tests and the benchmark (every question answered)."""

from __future__ import annotations

import copy
from typing import Any

REVIEWER = "José Núñez"
APPROVER = "Nguyễn Văn An"
HOSTILE = 'Use <b>bold</b> & <script>alert("x")</script> as written'
LONG_MARKER = "END-OF-LONG-ANSWER"

SECTION_TITLES = [
    ("planning", "Planning and purpose"),
    ("data", "The data asked for"),
    ("privacy", "Privacy and re-identification"),
    ("equity", "Equity and over-represented groups"),
    ("security", "Security and storage"),
    ("sharing", "Sharing, publishing and retention"),
]

PURPOSE = """\
The **Department of Social Services** wants to learn why families *leave* SNAP early.

We will link three years of records and look at:

- how long families stay enrolled;
- which notices came before a case closed;
- whether the pattern differs by town or language.

See [the study plan](https://example.org/plan) for details. <script>alert(1)</script> & more.
"""


def _long_answer() -> str:
    sentence = (
        "The research team will receive a limited extract through the secure enclave, run the "
        "agreed analysis, and destroy the working copies when the project ends. "
    )
    paragraphs = [sentence * 12 for _ in range(14)]
    return "\n\n".join(paragraphs) + LONG_MARKER


def _questions(section_index: int) -> list[dict[str, Any]]:
    questions = []
    for number in range(1, 9):
        qid = f"{'PDAQES'[section_index]}{number}"
        questions.append(
            {
                "id": qid,
                "label": f"Question {qid}: what does the team plan for item {number}?",
                "type": "longtext" if number == 8 else "text",
                "visible": True,
                "answer": f"Answer to {qid}: the team explained its plan for item {number}.",
            }
        )
    return questions


def _sections() -> list[dict[str, Any]]:
    sections = []
    for index, (sid, title) in enumerate(SECTION_TITLES):
        sections.append({"id": sid, "title": title, "questions": _questions(index)})
    sections[0]["questions"][0]["answer"] = "A university or research institute"
    sections[0]["questions"][1]["answer"] = HOSTILE
    sections[1]["questions"][7]["answer"] = _long_answer()
    sections[2]["questions"][3]["visible"] = False
    sections[2]["questions"][3]["answer"] = None
    return sections


def _flags() -> list[dict[str, Any]]:
    return [
        {
            "id": "reid-1",
            "severity": "high",
            "category": "privacy",
            "title": "Small groups could be re-identified",
            "advice": "Suppress cells under 11 and remove exact dates of birth.",
            "route": "board",
            "raised_by": ["C2: Race or ethnicity", "A9: ZIP code"],
            "response": {
                "kind": "mitigation",
                "text": "Cells under 11 are suppressed.",
                "by": REVIEWER,
                "at": "2026-11-04T10:00:00Z",
            },
        },
        {
            "id": "no-community-voice",
            "severity": "medium",
            "category": "equity",
            "title": "No resident voice in framing the question",
            "advice": "Ask the Resident Advisory Board to review the question.",
            "route": None,
            "raised_by": ["P4: Did residents help shape the question?"],
            "response": None,
        },
        {
            "id": "retention",
            "severity": "low",
            "category": "security",
            "title": "Retention period longer than the project",
            "advice": "Shorten retention to the project end date.",
            "route": None,
            "raised_by": ["S3: How long will the data be kept?"],
            "response": {
                "kind": "accepted-risk",
                "text": "Needed for the audit window.",
                "by": APPROVER,
                "at": "2026-11-05T09:30:00Z",
            },
        },
        {
            "id": "info-1",
            "severity": "info",
            "category": "legal",
            "title": "Data sharing agreement on file",
            "advice": "No action needed.",
            "route": None,
            "raised_by": [],
            "response": {
                "kind": "not-applicable",
                "text": "Noted.",
                "by": REVIEWER,
                "at": "2026-11-05T09:31:00Z",
            },
        },
    ]


def _group(
    label: str,
    total: int | None,
    outcome: int | None,
    rate: str | None,
    ratio: str | None,
    **extra: Any,
) -> dict[str, Any]:
    group = {
        "label": label,
        "total": total,
        "outcome": outcome,
        "rate": rate,
        "ratio": ratio,
        "z_p": None,
        "fisher_p": None,
        "four_fifths": None,
        "in_band": None,
        "suppressed": False,
        "is_reference": False,
    }
    group.update(extra)
    return group


def _analyses() -> list[dict[str, Any]]:
    groups = [
        _group(
            "White", 480, 240, "0.500", "1.00", is_reference=True, four_fifths="pass", in_band=True
        ),
        _group(
            "Black or African American",
            310,
            112,
            "0.361",
            "0.72",
            z_p="0.0001",
            fisher_p="0.0002",
            four_fifths="fail",
            in_band=False,
        ),
        _group(
            "Hispanic or Latino",
            295,
            130,
            "0.441",
            "0.88",
            z_p="0.11",
            fisher_p="0.12",
            four_fifths="pass",
            in_band=True,
        ),
        _group(
            "Asian",
            64,
            30,
            "0.469",
            "0.94",
            z_p="0.63",
            fisher_p="0.69",
            four_fifths="pass",
            in_band=True,
        ),
        _group("American Indian or Alaska Native", None, None, None, None, suppressed=True),
    ]
    return [
        {
            "id": 1,
            "title": "Applications approved by race or ethnicity",
            "outcome_label": "Application approved",
            "direction": "favourable",
            "reference_method": "best",
            "reference_label": "White",
            "min_cell": 11,
            "groups": groups,
            "flags": [
                {
                    "id": "di-1",
                    "severity": "high",
                    "title": "Impact ratio below 0.8",
                    "detail": "Black or African American applicants: ratio 0.72.",
                }
            ],
        }
    ]


def _comments() -> list[dict[str, Any]]:
    comments = []
    for number in range(1, 21):
        replies = []
        if number % 3 == 0:
            replies.append(
                {
                    "author": f"{REVIEWER}, Reviewer",
                    "at": "2026-11-06T12:00:00Z",
                    "body": f"Thank you. We answered point {number} in section 3.",
                }
            )
        comments.append(
            {
                "author": "Resident Advisory Board member",
                "at": f"2026-11-0{1 + number % 9}T15:{number:02d}:00Z",
                "body": f"Board comment {number}: please explain how families are told & asked.",
                "replies": replies,
            }
        )
    return comments


def rich_snapshot() -> dict[str, Any]:
    """A fully answered review with names outside ASCII, markup-like text and 20 comments."""
    return copy.deepcopy(
        {
            "schema": "ctdppeia-review/2",
            "review": {
                "id": 12,
                "status": "locked",
                "started_at": "2026-11-02T14:03:00Z",
                "locked_at": "2026-11-09T16:45:00Z",
                "rating": "high",
                "rating_explanation": "One high flag (small groups) is reduced by "
                "suppression; one impact ratio is below 0.8.",
                "amends": 7,
            },
            "subject": {
                "kind": "data-request",
                "id": 3,
                "title": "Why families leave SNAP early: a linked-records study",
                "organisation": "University of Connecticut, School of Social Work",
                "contact": "María-José Ortiz <mj.ortiz@example.edu>",
                "agencies": ["DSS", "OPM"],
                "summary_markdown": PURPOSE,
            },
            "questionnaire": {
                "id": "dppeia",
                "title": "Data Protection, Privacy + Equity Impact Assessment",
                "version": "2026.1",
                "hash": "ab" * 32,
            },
            "sections": _sections(),
            "flags": _flags(),
            "analyses": _analyses(),
            "comments": _comments(),
            "decision": {
                "recommendation": "approve-with-conditions",
                "conditions": "Suppress cells under 11. Delete working copies by June 30.",
                "rationale": "The public benefit is clear and the risks are reduced.",
                "submitted_by": REVIEWER,
                "submitted_at": "2026-11-09T16:40:00Z",
                "confirmed_by": APPROVER,
                "confirmed_at": "2026-11-09T16:44:00Z",
                "approver_note": "Checked with the data officer; conditions go in the agreement.",
            },
            "signers": [
                {"role": "Reviewer", "name": REVIEWER, "agency": "DSS"},
                {"role": "Approver", "name": APPROVER, "agency": "DSS"},
            ],
        }
    )
