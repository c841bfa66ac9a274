"""The AI use case's stored queue status: filled by the migration from the records already
there, brought in line with the rules by `reviews refresh-flags`, and read by the list's
status filter."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text, update

from ctdppeia.ai import stored
from ctdppeia.extensions import db
from ctdppeia.models import AIDecision, AIUseCase, Review, Role, TierOverride, User
from ctdppeia.reviews.registry import pin, questionnaires
from tests.conftest import AuthActions, MakeUser, create_test_user

EXPECTED = {
    "No review": "new",
    "In review": "in-review",
    "Before the group": "waiting-for-decision",
    "High tier": "waiting-for-subcommittee",
    "Decided by the group": "waiting-approval",
    "Confirmed": "decided",
}


def _use_case(owner: User, name: str) -> AIUseCase:
    use_case = AIUseCase(
        agency_id=owner.agency_id, created_by_id=owner.id, name=name, vendor="Acme AI",
        description="Answers questions.", intended_use="Help residents.", stage="pilot",
        hosting="vendor-cloud",
    )  # fmt: skip
    db.session.add(use_case)
    db.session.flush()
    return use_case


def _review(owner: User, use_case: AIUseCase, submitted: bool) -> Review:
    questionnaire = questionnaires().latest("responsible-ai")
    assert questionnaire is not None
    review = Review(
        subject_kind="ai-use-case", subject_id=use_case.id, owner_agency_id=use_case.agency_id,
        questionnaire_version=pin(questionnaire), started_by_id=owner.id, completed_sections=[],
        submitted_at=datetime.now(UTC) if submitted else None,
        submitted_by_id=owner.id if submitted else None,
    )  # fmt: skip
    db.session.add(review)
    db.session.flush()
    return review


def _decision(review: Review, chair: User) -> None:
    db.session.add(
        AIDecision(
            review_id=review.id,
            outcome="approve",
            basis="Fine.",
            tier="low",
            next_review_on=date.today() + timedelta(days=900),
            quorum=2,
            members_eligible=3,
            decided_by_id=chair.id,
        )
    )
    db.session.flush()


def _every_status(owner: User, chair: User, approver: User) -> None:
    """One use case per entry of EXPECTED, saved through the ORM."""
    _use_case(owner, "No review")
    _review(owner, _use_case(owner, "In review"), submitted=False)
    _review(owner, _use_case(owner, "Before the group"), submitted=True)
    high = _review(owner, _use_case(owner, "High tier"), submitted=True)
    db.session.add(
        TierOverride(
            review_id=high.id,
            computed_tier="low",
            tier="high",
            reason="For the test.",
            created_by_id=owner.id,
        )
    )
    _decision(_review(owner, _use_case(owner, "Decided by the group"), submitted=True), chair)
    confirmed = _review(owner, _use_case(owner, "Confirmed"), submitted=True)
    _decision(confirmed, chair)
    db.session.commit()
    confirmed.confirmed_at, confirmed.confirmed_by_id = datetime.now(UTC), approver.id
    db.session.commit()


def _statuses() -> dict[str, str]:
    return dict(db.session.execute(select(AIUseCase.name, AIUseCase.queue_status)).all())


def _before(revision: str) -> str:
    """The revision a migration comes after (read from the migration itself)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parents[2] / "migrations"))
    found = ScriptDirectory.from_config(config).get_revision(revision)
    assert found is not None and isinstance(found.down_revision, str)
    return found.down_revision


def test_the_migration_fills_the_status_of_existing_use_cases(migrated_app: Flask) -> None:
    owner = create_test_user(migrated_app, 1, Role.REVIEWER, "DSS", two_step=False)
    chair = create_test_user(migrated_app, 2, Role.AI_REVIEWER, "OPM", two_step=False)
    approver = create_test_user(migrated_app, 3, Role.APPROVER, "DSS", two_step=False)
    with migrated_app.app_context():
        _every_status(
            db.session.get_one(User, owner.id),
            db.session.get_one(User, chair.id),
            db.session.get_one(User, approver.id),
        )
        assert _statuses() == EXPECTED  # kept by every write
        db.session.remove()  # the migrations take their own connection's locks
        downgrade(revision=_before("wt01c0de0010"))  # this migration's own step back
        db.session.remove()
        columns = db.session.execute(text("SELECT * FROM ai_use_case")).keys()
        assert "queue_status" not in columns
        db.session.remove()
        upgrade()
        db.session.remove()
        assert _statuses() == EXPECTED
        assert stored.refresh_all(write=False) == []


def test_refresh_flags_writes_a_status_that_differs_from_the_rules(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    owner = make_user(Role.REVIEWER, agency="DSS")
    with app.app_context():
        user = db.session.get_one(User, owner.id)
        review = _review(user, _use_case(user, "Before the group"), submitted=True)
        db.session.commit()
        db.session.execute(update(AIUseCase).values(queue_status="new"))  # as an old release
        db.session.commit()
        assert review.id
    result = runner.invoke(args=["reviews", "refresh-flags"])
    assert result.exit_code == 0, result.output
    assert "1 AI use case's queue status brought up to date" in result.output
    with app.app_context():
        assert _statuses() == {"Before the group": "waiting-for-decision"}
    again = runner.invoke(args=["reviews", "refresh-flags", "--check"])
    assert again.exit_code == 0 and "every AI use case's queue status is up to date" in again.output


def test_the_status_filter_reads_the_stored_status(
    app: Flask, make_user: MakeUser, client: FlaskClient, auth: AuthActions
) -> None:
    owner = make_user(Role.REVIEWER, agency="DSS")
    chair = make_user(Role.AI_REVIEWER, agency="OPM", ai_chair=True)
    approver = make_user(Role.APPROVER, agency="DSS")
    with app.app_context():
        _every_status(
            db.session.get_one(User, owner.id),
            db.session.get_one(User, chair.id),
            db.session.get_one(User, approver.id),
        )
    auth.login(chair)
    for name, status in EXPECTED.items():
        page = client.get(f"/ai-use-cases/?status={status}").get_data(as_text=True)
        shown = [other for other in EXPECTED if f">{other}</a>" in page]
        assert shown == [name], status
