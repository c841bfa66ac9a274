"""The AI use case's stored queue status: filled by the migration from the records already
there, brought in line with the rules by `reviews refresh-flags`, and read by the list's
status filter."""

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text, update

from ctdppeia.ai import stored
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Role, User
from tests.conftest import AuthActions, MakeUser, create_test_user
from tests.factories.stored import stored_review, stored_use_case
from tests.factories.use_cases import QUEUE_STATUSES, one_per_queue_status
from tests.migration_steps import revision_before


def _statuses() -> dict[str, str]:
    return dict(db.session.execute(select(AIUseCase.name, AIUseCase.queue_status)).all())


def test_the_migration_fills_the_status_of_existing_use_cases(migrated_app: Flask) -> None:
    owner = create_test_user(migrated_app, 1, Role.REVIEWER, "DSS", two_step=False)
    chair = create_test_user(migrated_app, 2, Role.AI_REVIEWER, "OPM", two_step=False)
    approver = create_test_user(migrated_app, 3, Role.APPROVER, "DSS", two_step=False)
    with migrated_app.app_context():
        one_per_queue_status(
            db.session.get_one(User, owner.id),
            db.session.get_one(User, chair.id),
            db.session.get_one(User, approver.id),
        )
        assert _statuses() == QUEUE_STATUSES  # kept by every write
        db.session.remove()  # the migrations take their own connection's locks
        downgrade(revision=revision_before("wt01c0de0010"))  # this migration's own step back
        db.session.remove()
        columns = db.session.execute(text("SELECT * FROM ai_use_case")).keys()
        assert "queue_status" not in columns
        db.session.remove()
        upgrade()
        db.session.remove()
        assert _statuses() == QUEUE_STATUSES
        assert stored.refresh_all(write=False) == []


def test_refresh_flags_writes_a_status_that_differs_from_the_rules(
    app: Flask, runner: FlaskCliRunner, make_user: MakeUser
) -> None:
    owner = make_user(Role.REVIEWER, agency="DSS")
    with app.app_context():
        user = db.session.get_one(User, owner.id)
        use_case = stored_use_case(user.agency_id, user.id, name="Before the group")
        review = stored_review(use_case, user.id)
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
        one_per_queue_status(
            db.session.get_one(User, owner.id),
            db.session.get_one(User, chair.id),
            db.session.get_one(User, approver.id),
        )
    auth.login(chair)
    for name, status in QUEUE_STATUSES.items():
        page = client.get(f"/ai-use-cases/?status={status}").get_data(as_text=True)
        shown = [other for other in QUEUE_STATUSES if f">{other}</a>" in page]
        assert shown == [name], status
