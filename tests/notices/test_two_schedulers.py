"""Two schedulers at once on one database (SQLite, or PostgreSQL with TEST_DATABASE_URL):
every reminder, dated notice and digest is sent exactly once between them."""

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
from flask import Flask

from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import NoticeClaim, Role, User
from ctdppeia.notices import jobs
from ctdppeia.notices.core import Item, notify
from ctdppeia.notices.jobs import RunResult, run_due
from tests.conftest import MakeUser
from tests.factories.board import share
from tests.factories.use_cases import CaseFactory
from tests.mailsink import SmtpSink
from tests.notices.steps import choose, notices_of
from tests.notices.test_scheduled import at, decided

DUE = date(2027, 3, 31)


def _schedulers(app: Flask, count: int, moment_day: date) -> list[RunResult]:
    """Run `count` schedulers in threads, released at the same moment."""
    start, results, errors = threading.Barrier(count), [], []

    def scheduler() -> None:
        try:
            with app.app_context():
                start.wait()
                results.append(run_due(at(moment_day)))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=scheduler) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def busy_day(
    app: Flask, make_case: CaseFactory, make_user: MakeUser, owner: User
) -> dict[str, User]:
    """On DUE: three conditions due (owner and two approvers each), a comment period that
    closes, and three people whose daily digest of the day before is due."""
    chair = make_user(Role.AI_REVIEWER, agency="DAS", ai_chair=True)
    approvers = [make_user(Role.APPROVER, agency="DSS") for _ in range(2)]
    cases = [make_case(tier="low") for _ in range(3)]
    for case in cases:
        decided(app, case, chair, DUE, DUE + timedelta(days=900))
    share(app, owner, cases[0][1], DUE - timedelta(days=14), DUE)
    readers = [make_user(Role.REVIEWER, agency="DSS") for _ in range(3)]
    for person in readers:
        choose(app, person, "daily")
        with app.app_context(), transaction():
            item = Item(f"review:{person.id}", "A review", "/reviews/")
            made = notify([db.session.get_one(User, person.id)], "review.sent_back", item)
            made[0].created_at = at(DUE - timedelta(days=1))
    return {"a": approvers[0], "b": approvers[1]}


def test_two_schedulers_send_each_email_once(
    app: Flask, smtp_sink: SmtpSink, busy_day: dict[str, User], owner: User
) -> None:
    results = _schedulers(app, 2, DUE)
    reminders = sum(r.reminders for r in results)
    assert reminders == 3 * 3  # three conditions, each to the owner and two approvers
    assert sum(r.dated for r in results) == 1  # the period closes: to its reviewer, the owner
    assert sum(r.digests for r in results) == 3
    assert len(smtp_sink.received) == 9 + 1 + 3
    per_person = Counter(r for item in smtp_sink.received for r in item.recipients)
    assert per_person[owner.email] == 3 + 1 and per_person[busy_day["a"].email] == 3
    with app.app_context():
        assert db.session.query(NoticeClaim).count() == 9 + 1 + 3
    assert len(notices_of(app, owner, "due.0")) == 3
    again = _schedulers(app, 2, DUE)  # and a third and fourth run that day: nothing more
    assert sum(r.reminders + r.dated + r.digests for r in again) == 0
    assert len(smtp_sink.received) == 13


def test_a_claim_another_run_holds_is_skipped(
    app: Flask, smtp_sink: SmtpSink, busy_day: dict[str, User], owner: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The unique key itself refuses the second claim (the early look is only a shortcut)."""
    with app.app_context():
        run_due(at(DUE))
    sent = len(smtp_sink.received)
    monkeypatch.setattr(jobs, "already_claimed", lambda *args: False)
    with app.app_context():
        result = run_due(at(DUE))
    assert (result.reminders, result.dated, result.digests) == (0, 0, 0)
    assert len(smtp_sink.received) == sent
    assert len(notices_of(app, owner, "due.0")) == 3
