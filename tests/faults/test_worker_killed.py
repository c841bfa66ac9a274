"""A gunicorn worker killed (SIGKILL) in the middle of section saves and of signing a review.

Reviewers save a section over and over (each save writes three answers with one tag) and an
approver confirms reviews (each builds and signs the PDF in a child process of the worker),
all at once from threads. The worker that is signing is killed while its signing job runs,
then other workers while saves go on. Afterwards: every save is whole or absent and has its
audit events, the audit chain holds, no signed document is half made (every confirmed review
has a fully valid signed PDF, every other review none), the killed worker's signing job has
ended, and the respawned workers serve, including the confirmations that were cut off.
"""

import hashlib
import random
import re
import threading
from dataclasses import dataclass, field

import httpx
from flask import Flask

from ctdppeia.audit_chain import verify_chain
from ctdppeia.documents.checking import check_pdf
from ctdppeia.extensions import db
from ctdppeia.models import AuditEvent, Review, ReviewAnswer, ReviewDocument

from .conftest import (
    People,
    Person,
    Server,
    alive,
    make_people,
    sign_form,
    signed_in,
    wait_for,
)

SECTION = "planning"
TAGGED = ("P2", "P3", "P13")  # each save writes its tag into all three
FIXED = {"q_P0": "no", "q_P1": "university", "q_P4": "yes", "q_P8": "hipaa"}
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


@dataclass
class Saver:
    """One reviewer saving the same section again and again, as fast as the server answers."""

    server: Server
    person: Person
    review_id: int
    sent: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)  # the server answered "saved"
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"/reviews/{self.review_id}/sections/{SECTION}"

    def run(self, stop: threading.Event) -> None:
        client, token = signed_in(self.server, self.person)
        try:
            self.save_until(stop, client, token)
        finally:
            client.close()

    def save_until(self, stop: threading.Event, client: httpx.Client, token: str) -> None:
        version = self.reload(client, stop)
        while not stop.is_set() and version is not None:
            tag = f"save {self.review_id}-{len(self.sent) + 1}"
            self.sent.append(tag)
            answers = {f"q_{qid}": f"{tag}: what the project will find out." for qid in TAGGED}
            form = {"csrf_token": token, "version": str(version), "action": "save"}
            try:
                response = client.post(self.url, data={**form, **FIXED, **answers})
                if response.status_code == 302:
                    with self.lock:
                        self.accepted.append(tag)
                    version += 1
                    client.get(response.headers["location"])  # as a browser would
                    continue
                self.failures.append(f"{tag}: answered {response.status_code}")
            except httpx.HTTPError as error:  # the worker died with the request
                self.failures.append(f"{tag}: {type(error).__name__}")
            version = self.reload(client, stop)

    def reload(self, client: httpx.Client, stop: threading.Event) -> int | None:
        """The section's current version, as a person reloading the page would see it."""
        while not stop.is_set():
            try:
                found = VERSION.search(client.get(self.url).text)
            except httpx.HTTPError:
                continue
            if found:
                return int(found.group(1))
        return None

    def count(self) -> int:
        with self.lock:
            return len(self.accepted)


@dataclass
class Approver:
    server: Server
    person: Person
    outcomes: dict[int, str] = field(default_factory=dict)

    def run(self, review_ids: list[int]) -> None:
        client, token = signed_in(self.server, self.person)
        try:
            for review_id in review_ids:
                self.outcomes[review_id] = confirm(client, token, review_id)
        finally:
            client.close()


def confirm(client: httpx.Client, token: str, review_id: int) -> str:
    """The second step of the confirmation: sign and lock."""
    try:
        form = sign_form(client, token, review_id)
        response = client.post(f"/reviews/{review_id}/confirm", data=form)
    except httpx.HTTPError as error:
        return type(error).__name__
    return "confirmed" if response.status_code == 302 else f"answered {response.status_code}"


def test_killed_workers_leave_whole_saves_and_whole_signed_documents(
    migrated_app: Flask, server: Server
) -> None:
    people = make_people(migrated_app, savers=3, to_confirm=2)
    stop = threading.Event()
    savers = [Saver(server, person, review_id) for person, review_id in people.savers]
    approver = Approver(server, people.approver)
    threads = [threading.Thread(target=saver.run, args=(stop,)) for saver in savers]
    threads.append(threading.Thread(target=approver.run, args=(people.to_confirm,)))
    for thread in threads:
        thread.start()
    try:
        signing_worker, job = wait_for(server.signing_job, 180, "a worker signing a PDF")
        server.kill(signing_worker)
        wait_for(lambda: not alive(job), 60, "the killed worker's signing job ended")
        _saves_go_on(savers)
        server.kill(random.choice(server.workers()))  # then in the middle of saves
        _saves_go_on(savers)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    assert set(approver.outcomes) == set(people.to_confirm)
    assert any(outcome != "confirmed" for outcome in approver.outcomes.values())  # the kill

    _confirm_the_rest(migrated_app, server, people)
    with migrated_app.app_context():
        for saver in savers:
            _check_saves(saver)
        _check_every_answer_has_its_event()
        assert verify_chain().ok
        _check_documents(people.to_confirm)


def _saves_go_on(savers: list[Saver]) -> None:
    """Wait until every reviewer has had two more saves accepted."""
    marks = [saver.count() for saver in savers]
    progress = lambda: all(s.count() >= m + 2 for s, m in zip(savers, marks, strict=True))  # noqa: E731
    wait_for(progress, 120, "saves accepted again")


def _confirm_the_rest(app: Flask, server: Server, people: People) -> None:
    """Service resumes: the confirmations the kill cut off succeed when tried again."""
    with app.app_context():
        query = db.select(Review.id).where(
            Review.id.in_(people.to_confirm), Review.confirmed_at.is_(None)
        )
        left = list(db.session.scalars(query))
        db.session.remove()
    client, token = signed_in(server, people.approver)
    try:
        for review_id in left:
            assert confirm(client, token, review_id) == "confirmed"
    finally:
        client.close()


def _check_saves(saver: Saver) -> None:
    """Each stored save wrote all three answers; every accepted save is stored, in order; the
    answers now are those of the last stored save."""
    events = db.session.scalars(
        db.select(AuditEvent)
        .where(AuditEvent.scope_type == "review", AuditEvent.scope_id == saver.review_id)
        .where(AuditEvent.action == "review.answer_changed")
        .order_by(AuditEvent.id)
    )
    written: dict[str, set[str]] = {}
    for event in events:
        [(qid, (_, new))] = event.changes.items()
        tag = str(new).split(":", 1)[0]
        if tag.startswith("save "):
            written.setdefault(tag, set()).add(qid)
    stored = list(written)
    assert all(questions == set(TAGGED) for questions in written.values()), written
    assert [tag for tag in saver.sent if tag in written] == stored  # nothing stored unsent
    assert set(saver.accepted) <= set(stored), set(saver.accepted) - set(stored)
    answers = db.session.execute(
        db.select(ReviewAnswer.question_id, ReviewAnswer.value).where(
            ReviewAnswer.review_id == saver.review_id, ReviewAnswer.question_id.in_(TAGGED)
        )
    )
    tags = {str(value).split(":", 1)[0] for _, value in answers}
    assert tags == {stored[-1]}, (tags, stored[-3:])


def _check_every_answer_has_its_event() -> None:
    """No answer is stored without the audit event that wrote it."""
    written = {"review.answer_changed", "review.answer_prefilled"}
    events = db.select(AuditEvent.object_id).where(AuditEvent.action.in_(written))
    answers = set(db.session.scalars(db.select(ReviewAnswer.id)))
    assert answers <= set(db.session.scalars(events)), answers - set(db.session.scalars(events))


def _check_documents(review_ids: list[int]) -> None:
    """Every confirmed review has one signed PDF that checks as genuine, nothing else has one,
    and each signature is in the audit log once."""
    reviews = db.session.scalars(db.select(Review)).all()
    documents = {d.review_id: d for d in db.session.scalars(db.select(ReviewDocument))}
    assert {r.id for r in reviews if r.confirmed_at is not None} == set(documents)
    assert set(review_ids) <= set(documents)
    for review_id, document in documents.items():
        assert hashlib.sha256(document.pdf).hexdigest() == document.file_sha256
        check = check_pdf(document.pdf)
        assert check.ok, (review_id, check.report)
        assert check.match is not None and check.match.same_file
        assert check.match.review_id == review_id
        signed = db.session.scalar(
            db.select(db.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "review.pdf_signed", AuditEvent.object_id == document.id)
        )
        assert signed == 2, review_id
