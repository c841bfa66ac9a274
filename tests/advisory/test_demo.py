"""seed-demo: one AI use case waits for the chair with two votes, one is decided with a
condition and its review confirmed; nobody who answered a review votes or decides on it (the
demo data seeded once per test process: the `seeded_demo` fixture)."""

from flask import Flask
from sqlalchemy import select

from ctdppeia.advisory import rules
from ctdppeia.extensions import db
from ctdppeia.models import (
    AIDecision,
    AIRecommendation,
    AISubcommitteeRecommendation,
    AIUseCase,
    Review,
    User,
)
from ctdppeia.reviews.permissions import answered_by


def test_the_demo_has_a_case_waiting_and_a_case_decided(app: Flask, seeded_demo: str) -> None:
    with app.test_request_context():  # the tier's submission check links to its page
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


def test_the_demo_keeps_those_who_answered_apart_from_those_who_judge(
    app: Flask, seeded_demo: str
) -> None:
    with app.test_request_context():
        judged: dict[int, set[int]] = {}
        for model, column in (
            (AIRecommendation, AIRecommendation.user_id),
            (AISubcommitteeRecommendation, AISubcommitteeRecommendation.recorded_by_id),
            (AIDecision, AIDecision.decided_by_id),
        ):
            for review_id, user_id in db.session.execute(select(model.review_id, column)):
                judged.setdefault(review_id, set()).add(user_id)
        assert len(judged) >= 4  # the waiting and decided chats, the chatbot, the fraud score
        for review_id, judges in judged.items():
            review = db.session.get_one(Review, review_id)
            assert not judges & answered_by(review), review_id
        names = {u.name for u in db.session.scalars(select(AIUseCase))}
        assert "Unemployment claim review score" in names
