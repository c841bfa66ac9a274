"""Each rule of `reviews.permissions` once: for a review in each state, an account that must be
refused and one that must be allowed (data-request reviews; the AI adapter's own facts are in
tests/ai/test_permissions.py)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask

from ctdppeia.extensions import db
from ctdppeia.models import Review, Role, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.reviews import permissions, workflow
from ctdppeia.reviews.errors import NotAllowed, ReviewLocked, ReviewSubmitted, WrongState
from tests.conftest import MakeUser
from tests.factories.reviews import complete_review

Rule = Callable[[User, Review], bool]


@pytest.fixture
def people(make_user: MakeUser, reviewer: User, approver: User) -> dict[str, User]:
    return {
        "reviewer": reviewer,
        "approver": approver,
        "second approver": make_user(Role.APPROVER, agency="DSS"),
        "other agency's reviewer": make_user(Role.REVIEWER, agency="DOT"),
        "other agency's approver": make_user(Role.APPROVER, agency="DOT"),
        "admin": make_user(Role.ADMIN, agency="DSS"),
        "board member": make_user(Role.BOARD, agency="OPM"),
    }


@contextmanager
def state(app: Flask, review_id: int, name: str, submitter: User) -> Iterator[Review]:
    """The review in state `name` ("submitted" by `submitter`), set on the loaded row only:
    nothing is written, the rules read the row as it is."""
    with app.app_context():
        review = db.session.get(Review, review_id)
        with db.session.no_autoflush:
            if name != "in-progress":
                review.submitted_at, review.submitted_by_id = utcnow(), submitter.id
            if name == "locked":
                review.confirmed_at = utcnow()
            assert review.status == name
            yield review
        db.session.rollback()


def allowed(who: User, rule: Rule, review: Review) -> bool:
    return rule(db.session.get(User, who.id), review)


@pytest.fixture
def ready(app: Flask, qdir: Path, reviewer: User, review_id: int) -> int:
    complete_review(app, reviewer, review_id)
    return review_id


def test_see(app: Flask, people: dict[str, User], ready: int) -> None:
    with state(app, ready, "in-progress", people["reviewer"]) as review:
        assert allowed(people["approver"], permissions.may_see, review)
        assert allowed(people["admin"], permissions.may_see, review)
        assert not allowed(people["other agency's approver"], permissions.may_see, review)
        assert not allowed(people["board member"], permissions.may_see, review)


@pytest.mark.parametrize("name", ["in-progress", "submitted", "locked"])
def test_answer_is_who_whatever_the_state(
    app: Flask, people: dict[str, User], ready: int, name: str
) -> None:
    with state(app, ready, name, people["reviewer"]) as review:
        assert allowed(people["reviewer"], permissions.may_answer, review)
        assert allowed(people["approver"], permissions.may_answer, review)
        for refused in ("other agency's reviewer", "admin", "board member"):
            assert not allowed(people[refused], permissions.may_answer, review), refused


@pytest.mark.parametrize("rule", [permissions.may_change, permissions.may_submit])
def test_change_and_submit_only_while_open(
    app: Flask, people: dict[str, User], ready: int, rule: Rule
) -> None:
    with state(app, ready, "in-progress", people["reviewer"]) as review:
        assert allowed(people["reviewer"], rule, review)
        assert not allowed(people["other agency's reviewer"], rule, review)
        assert not allowed(people["admin"], rule, review)
    with state(app, ready, "submitted", people["reviewer"]) as review:
        assert not allowed(people["reviewer"], rule, review)
    with state(app, ready, "locked", people["reviewer"]) as review:
        assert not allowed(people["reviewer"], rule, review)


def test_decide_only_a_submitted_review_and_not_ones_own(
    app: Flask, people: dict[str, User], ready: int
) -> None:
    with state(app, ready, "in-progress", people["reviewer"]) as review:
        assert not allowed(people["approver"], permissions.may_decide, review)
    with state(app, ready, "submitted", people["approver"]) as review:
        assert allowed(people["second approver"], permissions.may_decide, review)
        assert not allowed(people["approver"], permissions.may_decide, review)  # submitted it
        assert not allowed(people["reviewer"], permissions.may_decide, review)
        assert not allowed(people["other agency's approver"], permissions.may_decide, review)
        assert not allowed(people["admin"], permissions.may_decide, review)
    with state(app, ready, "locked", people["approver"]) as review:
        assert not allowed(people["second approver"], permissions.may_decide, review)


def test_an_approver_who_answered_may_not_decide(
    app: Flask, people: dict[str, User], ready: int
) -> None:
    """With SEPARATION_OF_DUTIES on, answering bars deciding; off, it does not."""
    app.config["SEPARATION_OF_DUTIES"] = True
    with state(app, ready, "submitted", people["reviewer"]) as review:
        assert allowed(people["approver"], permissions.may_decide, review)
    with app.app_context():
        workflow.respond_to_flag(
            db.session.get(User, people["approver"].id),
            db.session.get(Review, ready),
            "names",
            "mitigation",
            "Names are removed.",
        )
    with state(app, ready, "submitted", people["reviewer"]) as review:
        assert not allowed(people["approver"], permissions.may_decide, review)
        reason = permissions.decide_refusal(db.session.get(User, people["approver"].id), review)
        assert reason is not None and "another approver must decide it" in reason
    app.config["SEPARATION_OF_DUTIES"] = False
    with state(app, ready, "submitted", people["reviewer"]) as review:
        assert allowed(people["approver"], permissions.may_decide, review)


def test_sign_is_submit_then_decide(app: Flask, people: dict[str, User], ready: int) -> None:
    with state(app, ready, "in-progress", people["reviewer"]) as review:
        assert allowed(people["reviewer"], permissions.may_sign, review)
        assert not allowed(people["admin"], permissions.may_sign, review)
    with state(app, ready, "submitted", people["reviewer"]) as review:
        assert allowed(people["approver"], permissions.may_sign, review)
        assert not allowed(people["reviewer"], permissions.may_sign, review)
    with state(app, ready, "locked", people["reviewer"]) as review:
        assert not allowed(people["approver"], permissions.may_sign, review)


def test_the_raising_forms_refuse_who_before_when(
    app: Flask, people: dict[str, User], ready: int
) -> None:
    with state(app, ready, "submitted", people["reviewer"]) as review:
        outsider = db.session.get(User, people["other agency's reviewer"].id)
        with pytest.raises(NotAllowed) as refused:
            permissions.ensure_may_change(outsider, review, permissions.READ_ONLY)
        assert refused.value.code == 403 and str(refused.value) == permissions.READ_ONLY
        with pytest.raises(ReviewSubmitted):
            permissions.ensure_may_change(db.session.get(User, people["reviewer"].id), review)
        permissions.ensure_may_decide(db.session.get(User, people["approver"].id), review)
    with state(app, ready, "in-progress", people["reviewer"]) as review:
        permissions.ensure_may_change(db.session.get(User, people["reviewer"].id), review)
        with pytest.raises(WrongState):
            permissions.ensure_may_decide(db.session.get(User, people["approver"].id), review)
        with pytest.raises(NotAllowed):
            permissions.ensure_may_decide(db.session.get(User, people["reviewer"].id), review)
    with state(app, ready, "locked", people["reviewer"]) as review:
        with pytest.raises(ReviewLocked) as locked:
            permissions.ensure_open(review, "Ask for an amendment.")
        assert str(locked.value) == "Ask for an amendment."


def test_templates_learn_the_rules_from_one_helper(
    app: Flask, people: dict[str, User], ready: int
) -> None:
    with state(app, ready, "submitted", people["approver"]) as review:
        approver = db.session.get(User, people["approver"].id)
        seen = permissions.template_values(approver, review)
        assert seen["may_edit"] is True and seen["may_change"] is False
        assert seen["may_approve"] is False
        assert "another approver must look at it" in seen["approval_note"]
        second = db.session.get(User, people["second approver"].id)
        seen = permissions.template_values(second, review)
        assert seen == {
            "may_edit": True,
            "may_change": False,
            "may_approve": True,
            "approval_note": None,
            "may_plan": True,
        }
    with state(app, ready, "in-progress", people["reviewer"]) as review:
        reviewer = db.session.get(User, people["reviewer"].id)
        assert permissions.template_values(reviewer, review)["may_change"] is True


def test_the_owning_agencys_staff_plan_in_every_state(
    app: Flask, people: dict[str, User], ready: int
) -> None:
    planners = {"reviewer", "approver", "second approver"}
    for name in ("in-progress", "submitted", "locked"):
        with state(app, ready, name, people["reviewer"]) as review:
            for who, user in people.items():
                person = db.session.get(User, user.id)
                assert permissions.may_plan(person, review) is (who in planners), (name, who)
                if who not in planners:
                    with pytest.raises(NotAllowed):
                        permissions.ensure_may_plan(person, review)
