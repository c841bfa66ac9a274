"""Many data requests at once, for measuring the pages at scale (`flask seed-scale`).

Rows go in with batched Core inserts (one statement per table and batch), not one ORM object
at a time. They are rows the app itself could have written:

* each request is recorded by a reviewer of its agency and names one other agency as a data
  holder; nine in ten have a DPPEIA review (every tenth stays a draft), pinned to the stored
  questionnaire version, with eleven answers taken from `answers.VARIANTS`;
* the stored flag state of each review is what the questionnaire's rules raise for its
  answers; every fifth review is submitted, with a decision and a response to
  every high flag (what submission asks for);
* the request's status follows its review, as the review workflow sets it;
* every request and review has its "created" and "started" audit events, linked into the
  audit log's hash chain (so `flask audit verify` still passes);
* one AI use case per twenty requests, with no review yet; one per two hundred requests is
  published in the public AI inventory (as an AI reviewer publishes it).

No review is confirmed: a confirmed review holds a signed PDF, which only the approver's
signature makes. Inserting the answers before the review is confirmed is also what the lock
triggers require.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select

from ctdppeia import audit_chain
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import (
    AuditEvent,
    DataRequest,
    FlagResponse,
    Review,
    ReviewAnswer,
    ReviewDecision,
    ReviewFlagState,
)
from ctdppeia.models.data_request import request_data_holder
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews.registry import pin, pinned, questionnaires
from ctdppeia.scale.answers import QUESTIONNAIRE, AnswerSet, answer_sets
from ctdppeia.scale.inventory import add_use_cases, publish_some
from ctdppeia.scale.people import Staff, staff

BATCH = 2000
# One AI use case per this many requests, and one inventory entry per PUBLISHED_EVERY.
USE_CASE_EVERY = 20
PUBLISHED_EVERY = 200
TOPICS = (
    "Child care and earnings", "Emergency room visits", "Housing stability", "Wage records",
    "School attendance", "Opioid treatment outcomes", "Bus ridership", "Food assistance",
    "Foster care placements", "Adult education", "Energy assistance", "Workforce training",
    "Early literacy", "Reentry after prison", "Medicaid enrollment", "Apprenticeships",
)  # fmt: skip
ORGS = (
    "UConn Economics", "Yale School of Public Health", "Office of Health Strategy",
    "Connecticut Data Collaborative", "Community Action Agency", "Trinity College",
    "Department of Labor research unit", "Capital Workforce Partners",
)  # fmt: skip


@dataclass
class SeedReport:
    requests: int = 0
    reviews: int = 0
    answers: int = 0
    use_cases: int = 0
    events: int = 0
    published: int = 0  # AI use cases published in the public inventory
    first_number: int = 1  # the number in the first new request's title


def seed_scale(
    count: int, password: str, progress: Callable[[int], None] = lambda done: None
) -> SeedReport:
    """Add `count` requests (with reviews, answers, flags and events) in batches of BATCH."""
    people = staff(password)
    latest = questionnaires().latest(QUESTIONNAIRE)
    if latest is None:
        raise ValueError(f"the questionnaire {QUESTIONNAIRE} is not loaded")
    with transaction():
        version = pin(latest)
    sets = answer_sets(pinned(version))
    # Sample data, not a secret: a seeded generator makes a run repeatable.
    randomness = random.Random(count)  # nosec B311
    report, end = SeedReport(), utcnow()
    report.first_number = (db.session.scalar(select(func.max(DataRequest.id))) or 0) + 1
    spacing = timedelta(days=3 * 365) / max(count, 1)
    for first in range(0, count, BATCH):
        size = min(BATCH, count - first)
        times = [end - spacing * (count - first - n) for n in range(size)]
        with transaction():
            batch = _Batch(people, version.id, sets, randomness, report)
            batch.add(times)
        progress(first + size)
    with transaction():
        report.use_cases += add_use_cases(people, count // USE_CASE_EVERY, end)
    report.published = publish_some(people.publisher, count // PUBLISHED_EVERY)
    return report


class _Batch:
    """One batch of requests with everything under them, inserted table by table."""

    def __init__(
        self,
        people: Staff,
        version_id: int,
        sets: list[AnswerSet],
        randomness: random.Random,
        report: SeedReport,
    ) -> None:
        self.people, self.version_id, self.sets = people, version_id, sets
        self.random, self.report = randomness, report
        self.agencies = sorted(people.reviewer)
        self.events: list[dict[str, Any]] = []

    def add(self, times: list[datetime]) -> None:
        owners = [self.random.choice(self.agencies) for _ in times]
        chosen = [self.random.randrange(len(self.sets)) for _ in times]
        request_ids = self._requests(times, owners, chosen)
        reviewed = [n for n in range(len(times)) if n % 10 != 9]  # every tenth: a draft
        review_ids = self._reviews(
            [request_ids[n] for n in reviewed],
            [times[n] for n in reviewed],
            [owners[n] for n in reviewed],
            [chosen[n] for n in reviewed],
        )
        _insert_all(AuditEvent.__table__, self._sealed())
        self.report.requests += len(request_ids)
        self.report.reviews += len(review_ids)

    def _requests(self, times: list[datetime], owners: list[int], chosen: list[int]) -> list[int]:
        rows: list[dict[str, Any]] = []
        for at, owner, set_index in zip(times, owners, chosen, strict=True):
            topic = self.random.choice(TOPICS)
            number = self.report.first_number + self.report.requests + len(rows)
            rows.append(
                {
                    "title": f"{topic} {number:06d}",
                    "requesting_org": self.random.choice(ORGS),
                    "contact_name": "Pat Analyst",
                    "contact_email": "pat.analyst@example.org",
                    "requester_type": self.sets[set_index].answers["P1"],
                    "purpose": f"Study {topic.lower()} for people served by state programs.",
                    "datasets": "Program enrollment\nQuarterly wage records",
                    "data_elements": "Start and end dates\nTown\nAge band",
                    "status": "draft",
                    "version": 1,
                    "owner_agency_id": owner,
                    "created_by_id": self.people.reviewer[owner],
                    "created_at": at,
                    "updated_at": at,
                }
            )
        ids = _insert_returning(DataRequest.__table__, rows)
        holders = [
            {"request_id": request_id, "agency_id": self._other_agency(owner)}
            for request_id, owner in zip(ids, owners, strict=True)
        ]
        _insert_all(request_data_holder, holders)
        for request_id, row in zip(ids, rows, strict=True):
            self._event(row["created_by_id"], "request.created", ("data_request", request_id),
                        ("data_request", request_id), row["created_at"],
                        f"Created request “{row['title']}”")  # fmt: skip
        return ids

    def _other_agency(self, owner: int) -> int:
        return self.random.choice([agency for agency in self.agencies if agency != owner])

    def _reviews(
        self, request_ids: list[int], times: list[datetime], owners: list[int], chosen: list[int]
    ) -> list[int]:
        rows, submitted = [], []
        for number, (at, owner) in enumerate(zip(times, owners, strict=True)):
            started = at + timedelta(hours=1)
            changed = min(started + timedelta(hours=self.random.randint(1, 2000)), utcnow())
            is_submitted = number % 5 == 0  # every fifth review waits for approval
            submitted.append(is_submitted)
            rows.append(
                {
                    "subject_kind": "data-request",
                    "subject_id": 0,
                    "owner_agency_id": owner,
                    "questionnaire_version_id": self.version_id,
                    "started_by_id": self.people.reviewer[owner],
                    "started_at": started,
                    "updated_at": changed,
                    "version": 2,
                    "last_section": "planning",
                    "completed_sections": ["planning"],
                    "submitted_at": changed if is_submitted else None,
                    "submitted_by_id": self.people.reviewer[owner] if is_submitted else None,
                }
            )
        for row, request_id in zip(rows, request_ids, strict=True):
            row["subject_id"] = request_id
        ids = _insert_returning(Review.__table__, rows)
        self._review_rows(ids, rows, chosen, submitted)
        self._mark_in_review(request_ids)
        return ids

    def _review_rows(
        self, ids: list[int], rows: list[dict[str, Any]], chosen: list[int], submitted: list[bool]
    ) -> None:
        answers, flags, responses, decisions = [], [], [], []
        for review_id, row, set_index, is_submitted in zip(
            ids, rows, chosen, submitted, strict=True
        ):
            answer_set, user, at = self.sets[set_index], row["started_by_id"], row["updated_at"]
            answers += [
                {"review_id": review_id, "question_id": qid, "value": value,
                 "changed_in_version": 1, "updated_at": at, "updated_by_id": user}
                for qid, value in answer_set.answers.items()
            ]  # fmt: skip
            flags += [
                {"review_id": review_id, "flag_id": flag.id, "severity": flag.severity,
                 "question_ids": list(flag.question_ids), "raised_at": at}
                for flag in answer_set.flags
            ]  # fmt: skip
            if is_submitted:
                responses += [{"review_id": review_id, "flag_id": flag.id, "kind": "mitigation",
                               "text": "Only totals of eleven or more leave the agency.",
                               "created_by_id": user, "created_at": at}
                              for flag in answer_set.high_flags]  # fmt: skip
                decisions.append({"review_id": review_id, "recommendation": "approve",
                                  "conditions": "", "rationale": "The safeguards are in place.",
                                  "submitted_by_id": user, "submitted_at": at})  # fmt: skip
            self._event(user, "review.started", ("review", review_id),
                        ("data_request", row["subject_id"]), row["started_at"],
                        f"Started review {review_id} with the DPPEIA")  # fmt: skip
        _insert_all(ReviewAnswer.__table__, answers)
        _insert_all(ReviewFlagState.__table__, flags)
        _insert_all(FlagResponse.__table__, responses)
        _insert_all(ReviewDecision.__table__, decisions)
        self.report.answers += len(answers)

    def _mark_in_review(self, request_ids: list[int]) -> None:
        table = DataRequest.__table__
        for first in range(0, len(request_ids), BATCH):
            chunk = request_ids[first : first + BATCH]
            statement = table.update().where(table.c.id.in_(chunk)).values(status="in_review")
            db.session.execute(statement)

    def _event(
        self,
        actor_id: int,
        action: str,
        obj: tuple[str, int],
        scope: tuple[str, int],
        at: datetime,
        summary: str,
    ) -> None:
        self.events.append({"at": at, "actor_id": actor_id, "action": action,
                            "object_type": obj[0], "object_id": obj[1], "scope_type": scope[0],
                            "scope_id": scope[1], "changes": {}, "summary": summary})  # fmt: skip

    def _sealed(self) -> list[dict[str, Any]]:
        # The chain is in id order; the events of a batch are written last, in time order.
        events = sorted(self.events, key=lambda event: event["at"])
        audit_chain.seal_rows(events)
        self.report.events += len(events)
        return events


def _insert_returning(table: Table, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _insert_all(table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        db.session.execute(insert(table), rows)
