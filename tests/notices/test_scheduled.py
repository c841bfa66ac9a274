"""The scheduled run (`flask notices run-due`): reminders of the advisory group's conditions
and re-assessments 30, 7 and 0 days before and once overdue, to the owner and the approver;
the board's comment period opening and closing, to the reviewers; each sent once, and sent
by the outbox's sweep when the mail server did not take it."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import update

from ctdppeia.extensions import db
from ctdppeia.models import AICondition, AIDecision, OutboxEmail, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.notices.jobs import run_due
from ctdppeia.outbox import sweep
from tests.conftest import MakeUser
from tests.factories.board import share
from tests.factories.use_cases import CaseFactory
from tests.mailsink import SmtpSink, free_port
from tests.notices.steps import emails_to, notices_of, speaks, text_of

DUE = date(2027, 3, 31)


def at(day: date, hour: int = 6) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def decided(app: Flask, case: tuple[int, int], chair: User, due_on: date, review_on: date) -> int:
    """A decision on the case with one open condition due `due_on`; the condition's id."""
    with app.app_context():
        decision = AIDecision(
            review_id=case[1],
            outcome="approve-with-conditions",
            basis="Fine.",
            tier="low",
            next_review_on=review_on,
            quorum=2,
            members_eligible=3,
            decided_by_id=chair.id,
        )
        condition = AICondition(
            text="A person checks every answer.", owner_name="DSS office", due_on=due_on
        )
        decision.conditions.append(condition)
        db.session.add(decision)
        db.session.commit()
        return condition.id


@pytest.fixture
def people(make_user: MakeUser) -> dict[str, User]:
    return {
        "chair": make_user(Role.AI_REVIEWER, agency="DAS", ai_chair=True),
        "approver": make_user(Role.APPROVER, agency="DSS"),
        "elsewhere": make_user(Role.APPROVER, agency="DCF"),
        "board": make_user(Role.BOARD, agency="DSS"),
    }


def _run(app: Flask, moment: datetime) -> None:
    with app.app_context():
        run_due(moment)


def test_a_condition_is_reminded_at_30_7_and_0_days_and_once_overdue(
    app: Flask,
    smtp_sink: SmtpSink,
    make_case: CaseFactory,
    owner: User,
    people: dict[str, User],
) -> None:
    case = make_case(tier="low")
    condition_id = decided(app, case, people["chair"], DUE, DUE + timedelta(days=900))
    key = f"ai-condition:{condition_id}"
    steps = [
        (31, []),
        (30, ["due.30"]),
        (29, []),
        (7, ["due.7"]),
        (0, ["due.0"]),
        (-1, ["due.overdue"]),
        (-9, []),
    ]
    seen: list[str] = []
    for days_left, expected in steps:
        _run(app, at(DUE - timedelta(days=days_left)))
        _run(app, at(DUE - timedelta(days=days_left), hour=18))  # again the same day
        seen += expected
        for person in (owner, people["approver"]):
            assert [n.kind for n in notices_of(app, person) if n.item_key == key] == seen
    [notice] = list(notices_of(app, owner, "due.7"))
    assert notice.path == f"/ai-use-cases/{case[0]}/advisory#condition-{condition_id}"
    assert notice.title == "Benefits chatbot: A person checks every answer."
    for nobody in ("elsewhere", "board", "chair"):
        assert notices_of(app, people[nobody]) == []
    assert len(emails_to(smtp_sink, owner)) == 4 == len(emails_to(smtp_sink, people["approver"]))
    assert "This is due in 30 days." in text_of(emails_to(smtp_sink, owner)[0])


def test_a_late_run_sends_the_nearest_step_reached_only(
    app: Flask,
    smtp_sink: SmtpSink,
    make_case: CaseFactory,
    owner: User,
    people: dict[str, User],
) -> None:
    decided(app, make_case(tier="low"), people["chair"], DUE, DUE + timedelta(days=900))
    _run(app, at(DUE - timedelta(days=5)))  # the scheduler was down 25 days
    assert [n.kind for n in notices_of(app, owner)] == ["due.7"]


def test_the_reassessment_date_is_reminded_in_the_readers_language(
    app: Flask,
    smtp_sink: SmtpSink,
    make_case: CaseFactory,
    owner: User,
    people: dict[str, User],
) -> None:
    case = make_case(tier="low")
    speaks(app, people["approver"], "es")
    decided(app, case, people["chair"], DUE + timedelta(days=400), DUE)
    _run(app, at(DUE - timedelta(days=7)))
    for person in (owner, people["approver"]):
        [notice] = notices_of(app, person)
        assert notice.kind == "due.7" and notice.item_key.startswith("ai-reassessment:")
        assert notice.path == f"/ai-use-cases/{case[0]}/advisory#advisory"
    [email] = emails_to(smtp_sink, people["approver"])
    assert "Esto vence en 7 días." in text_of(email)


def test_a_send_that_fails_is_kept_in_the_outbox_and_sent_by_the_sweep(
    app: Flask,
    smtp_sink: SmtpSink,
    make_case: CaseFactory,
    owner: User,
    people: dict[str, User],
) -> None:
    decided(app, make_case(tier="low"), people["chair"], DUE, DUE + timedelta(days=900))
    working = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    _run(app, at(DUE))
    assert [n.kind for n in notices_of(app, owner)] == ["due.0"] and smtp_sink.received == []
    _run(app, at(DUE, hour=7))  # claimed once: the next run writes no second email
    app.config["MAIL_PORT"] = working
    with app.app_context():
        db.session.execute(update(OutboxEmail).values(created_at=utcnow() - timedelta(hours=1)))
        db.session.commit()
        sweep()
    assert [n.kind for n in notices_of(app, owner)] == ["due.0"]
    assert len(emails_to(smtp_sink, owner)) == 1
    with app.app_context():
        sweep()  # sent: nothing more
    assert len(emails_to(smtp_sink, owner)) == 1


def test_the_comment_period_opening_and_closing_go_to_the_reviewers(
    app: Flask,
    smtp_sink: SmtpSink,
    reviewer: User,
    review_id: int,
    people: dict[str, User],
    make_user: MakeUser,
) -> None:
    member = make_user(Role.BOARD, agency="DSS")
    opens, closes = date(2027, 1, 4), date(2027, 1, 18)
    share_id = share(app, reviewer, review_id, opens, closes)
    _run(app, at(opens - timedelta(days=1)))
    assert notices_of(app, reviewer) == []
    _run(app, at(opens))
    _run(app, at(closes + timedelta(days=1)))  # the run of the closing day was missed
    kinds = [n.kind for n in notices_of(app, reviewer)]
    assert kinds == ["board.period_open", "board.period_closing"]
    assert notices_of(app, reviewer)[0].path == f"/reviews/{review_id}/board/answers"
    assert notices_of(app, reviewer)[0].item_key == f"board:{share_id}"
    assert notices_of(app, member) == [] and notices_of(app, people["approver"]) == []


def test_the_command_runs_as_of_a_given_time(
    app: Flask,
    runner: FlaskCliRunner,
    make_case: CaseFactory,
    owner: User,
    people: dict[str, User],
) -> None:
    decided(app, make_case(tier="low"), people["chair"], DUE, DUE + timedelta(days=900))
    result = runner.invoke(
        args=["notices", "run-due", "--at", (DUE - timedelta(days=30)).isoformat()]
    )
    assert result.exit_code == 0, result.output
    assert "Sent 2 reminder(s), 0 dated notice(s) and 0 digest(s)." in result.output
    again = runner.invoke(
        args=["notices", "run-due", "--at", (DUE - timedelta(days=30)).isoformat()]
    )
    assert "Sent 0 reminder(s)" in again.output
