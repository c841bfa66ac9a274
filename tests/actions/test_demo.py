"""seed-demo: the open review has an action its reviewer owns, and the decided review an
office's action already overdue, waiting for the approver."""

from flask import Flask
from sqlalchemy import select

from ctdppeia.actions.waiting import waiting_actions
from ctdppeia.extensions import db
from ctdppeia.models import ReviewAction, User


def _person(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def test_the_demo_has_an_action_for_the_reviewer_and_an_overdue_one_for_the_approver(
    app: Flask, seeded_demo: str
) -> None:
    with app.test_request_context():
        actions = list(db.session.scalars(select(ReviewAction).order_by(ReviewAction.id)))
        assert [(a.source_kind, a.status) for a in actions] == [
            ("flag", "planned"),
            ("condition", "in-progress"),
        ]
        reviewer = _person("reviewer@demo.ct.gov")
        assert [item.action_id for item in waiting_actions(reviewer)] == [actions[0].id]
        approver = _person("approver@demo.ct.gov")
        (late,) = waiting_actions(approver)
        assert late.action_id == actions[1].id and late.overdue
        assert actions[1].review.is_locked  # a plan goes on after approval
