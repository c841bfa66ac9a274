"""seed-demo: one AI use case waits for the chair with two votes, one is decided with a
condition and its review confirmed."""

from flask import Flask
from sqlalchemy import select

from ctdppeia.advisory import rules
from ctdppeia.demo import seed_demo
from ctdppeia.extensions import db
from ctdppeia.models import AIUseCase, Review, User


def test_the_demo_has_a_case_waiting_and_a_case_decided(app: Flask) -> None:
    with app.test_request_context():  # the tier's submission check links to its page
        seed_demo()
        chair = db.session.scalars(select(User).where(User.ai_chair.is_(True))).one()
        assert chair.email == "ai-chair@demo.ct.gov"
        by_name = {u.name: u.id for u in db.session.scalars(select(AIUseCase))}
        found = {}
        for name in ("SNAP questions chat", "Medicaid renewal questions chat"):
            query = select(Review).where(
                Review.subject_kind == "ai-use-case", Review.subject_id == by_name[name]
            )
            found[name] = db.session.scalars(query).one()
        waiting = found["SNAP questions chat"]
        assert rules.status(waiting) == "waiting-for-decision"
        assert rules.tally(waiting).voted == 2 and rules.tally(waiting).quorum_met
        decided = found["Medicaid renewal questions chat"]
        assert decided.is_locked and rules.status(decided) == "decided"
        decision = rules.decision(decided)
        assert decision is not None and len(decision.conditions) == 1
