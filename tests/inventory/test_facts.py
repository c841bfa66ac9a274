"""The publish form asks nothing twice: it starts from the use case and its Responsible-AI
review (answers and risk tier)."""

from flask import Flask
from flask.testing import FlaskClient

from ctdppeia.extensions import db
from ctdppeia.inventory.facts import inventory_facts
from ctdppeia.models import AIUseCase, ReviewAnswer, User
from tests.factories.inventory import Decide, MakeUseCase
from tests.factories.stored import stored_review

ANSWERS = {
    "I3": "biometric-id",
    "I7": "informs",
    "I11": "yes",
    "I8": "no",
    "I12": "2025-03-01",
    "D1": ["public"],
    "S6": ["public-biometrics"],
    "E1": "significant",
    "E2": "default",
    "P6": "restricted",
    "H1": "every",
    "X6": "yes",
    "X2": "Write to the help desk about a wrong answer.",
    "H3": "yes",
    "H3b": "Ask the help desk for a person to check the result.",
    "X3": "2027-05-01",
}


def _review(app: Flask, use_case_id: int, user: User, answers: dict[str, object]) -> None:
    with app.test_request_context():
        use_case = db.session.get_one(AIUseCase, use_case_id)
        review = stored_review(use_case, user.id, submitted=False)
        for qid, value in answers.items():
            db.session.add(
                ReviewAnswer(
                    review_id=review.id,
                    question_id=qid,
                    value=value,
                    changed_in_version=1,
                    updated_by_id=user.id,
                )
            )
        db.session.commit()


def test_facts_from_the_use_case_alone(app: Flask, make_use_case: MakeUseCase) -> None:
    use_case_id = make_use_case(stage="in-use", public_contact="")
    with app.test_request_context():
        facts = inventory_facts(db.session.get(AIUseCase, use_case_id))
    assert facts["name"] == "Benefits chatbot"
    assert facts["status"] == "in_use"
    assert facts["capabilities_and_uses"].startswith("Answers questions about benefits")
    assert facts["public_contact"] is None
    assert facts["decision_role"] is None and facts["risk_tier"] is None


def test_facts_from_the_review_answers_and_tier(
    app: Flask, client: FlaskClient, make_use_case: MakeUseCase, publisher: User, decide: Decide
) -> None:
    use_case_id = make_use_case(technique="", decided=None)
    _review(app, use_case_id, publisher, ANSWERS)
    with app.test_request_context():
        facts = inventory_facts(db.session.get(AIUseCase, use_case_id))
    assert facts["decision_role"] == "informs"
    assert facts["impact_assessment_before_use"] is False
    assert facts["personal_data"] is True
    assert facts["human_oversight"].startswith("A trained person reviews every output")
    assert facts["how_to_appeal"] == ANSWERS["H3b"]  # the appeal, not the feedback (X2)
    assert facts["next_review_date"] == "2027-05-01"
    assert facts["ai_technique"] == "Face recognition or other biometrics to identify people"
    assert facts["risk_tier"] == "high"
    assert facts["risk_tier_basis"].startswith("High because the system picks out people")
    assert "OMB M-25-21, section 6(l)" in facts["risk_tier_basis"]
    decide(use_case_id)  # the form is offered once the advisory group approves
    page = client.get(f"/ai-use-cases/{use_case_id}/inventory").get_data(as_text=True)
    assert '<option selected value="informs">' in page
    assert '<option selected value="high">' in page
    assert ANSWERS["H3b"] in page and ANSWERS["X2"] not in page
    assert 'value="2029-02-15"' in page  # the decision's next review date, not the answer
