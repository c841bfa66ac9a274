"""Demo data of the advisory group: two AI use cases of the reviewer's agency, submitted
with the same answers (a chatbot over public pages): one waits for the chair's decision with
two votes, the other is decided with a condition and confirmed by the approver."""

import logging
from datetime import date

from ctdppeia.advisory import services
from ctdppeia.ai import services as use_cases
from ctdppeia.demo.ai import SUBMITTED_ANSWERS, ready_to_submit
from ctdppeia.models import Review, User
from ctdppeia.reviews import setaside, workflow

log = logging.getLogger(__name__)

WAITING: dict[str, object] = {
    "name": "SNAP questions chat",
    "vendor": "An outside vendor",
    "description": "A chat window on the DSS website answers general questions about SNAP, "
    "using only public ct.gov pages.",
    "intended_use": "Residents get short answers with a link to the page they came from. It "
    "cannot look up a case and decides nothing.",
    "stage": "pilot",
    "hosting": "vendor-cloud",
    "technique": "large language model",
    "public_contact": "dss.ai@ct.gov",
}
DECIDED: dict[str, object] = {
    **WAITING,
    "name": "Medicaid renewal questions chat",
    "description": "A chat window on the DSS website answers general questions about "
    "Medicaid renewal, using only public ct.gov pages.",
    "stage": "in-use",
}

# Every answer of the chatbot reviews: the intake demo's chatbot answers.
ANSWERS = SUBMITTED_ANSWERS


def seed(reviewer: User, approver: User, member: User, chair: User) -> None:
    """`member` and `chair` are AI reviewers; `chair` chairs the group."""
    waiting = _submitted(reviewer, WAITING)
    if waiting is not None:
        services.record_recommendation(
            member, waiting, "approve", "Public pages only, and it decides nothing."
        )
        services.record_recommendation(
            chair, waiting, "approve-with-conditions", "Test the answers before launch."
        )
    decided = _submitted(reviewer, DECIDED)
    if decided is None:
        return
    services.record_recommendation(member, decided, "approve", "Low risk; public pages only.")
    services.record_recommendation(
        chair, decided, "approve-with-conditions", "Check a sample of answers every month."
    )
    condition = services.ConditionInput(
        "Check 100 answers a month for errors and publish the error rate.",
        "DSS Director of Communications",
        date(date.today().year + 1, 3, 31),
    )
    basis = "The review shows a low-risk chatbot over public pages; both members agree."
    decision = services.DecisionInput("approve-with-conditions", basis, [condition])
    services.record_decision(chair, decided, decision)
    workflow.confirm_review(
        approver, decided, "", setaside.each_with(decided, setaside.DEMO_REASON)
    )


def _submitted(reviewer: User, fields: dict[str, object]) -> Review | None:
    """A use case whose Responsible-AI review is answered and submitted (None if it cannot be)."""
    use_case = use_cases.create_use_case(reviewer, fields, [])
    review = ready_to_submit(reviewer, use_case, ANSWERS)
    if review is None:
        return None
    rationale = "A general chatbot over public pages; it decides nothing."
    workflow.submit_review(
        reviewer, review, "approve-with-conditions", "Close the gaps.", rationale
    )
    return review
