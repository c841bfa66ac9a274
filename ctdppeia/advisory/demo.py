"""Demo data of the advisory group: two AI use cases of the reviewer's agency, submitted
with the same answers (a chatbot over public pages): one waits for the chair's decision with
two votes, the other is decided with a condition and confirmed by the approver."""

import logging
from datetime import date

from ctdppeia.advisory import services
from ctdppeia.ai import services as use_cases
from ctdppeia.ai.demo import CHAT_SUMMARY
from ctdppeia.ai.tier import Obligation, save_obligations, tier_of
from ctdppeia.board_answers.demo import heard_without_comments
from ctdppeia.models import Review, User
from ctdppeia.reviews import demo as reviews
from ctdppeia.reviews import workflow

log = logging.getLogger(__name__)

WAITING = {
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
DECIDED = {
    **WAITING,
    "name": "Medicaid renewal questions chat",
    "description": "A chat window on the DSS website answers general questions about "
    "Medicaid renewal, using only public ct.gov pages.",
    "stage": "in-use",
}

# Every answer of the chatbot reviews.
ANSWERS: dict[str, object] = {
    "I1": "BenefitsHelp chat, made by an outside vendor",
    "I2": (
        "A chat window on the DSS website answers general questions about SNAP and "
        "Medicaid, using only public ct.gov pages. It does not see case records and does "
        "not decide anything."
    ),
    "B1": (
        "People on the DSS website can type a question and get a short answer with a link"
        " to the page it came from. It cannot look up their case."
    ),
    "D7": (
        "Call wait times are long for simple questions. We looked at a better search page"
        " and more call staff. The chat is cheaper than staff and easier to use than "
        "search."
    ),
    "D8": (
        "At least 95% of answers correct on a test set of 500 real questions; fewer calls"
        " about simple questions."
    ),
    "I3": "generative",
    "I4": "no",
    "I5": "pilot",
    "I5b": "yes",
    "I11": "no",
    "I6": "vendor-cloud",
    "I7": "none",
    "I9": "no",
    "I10": "no",
    "L1": "no",
    "D1": ["residents", "public"],
    "D2": ["none"],
    "D3": "with-effort",
    "D4": "brief",
    "D5": 250000,
    "D6": "yes",
    "F1": "no",
    "F2": "no",
    "F5": "no",
    "F6": "no",
    "H6": "unsure",
    "Q1": "yes",
    "Q2": "unsure",
    "P1": "public",
    "P5": "kept",
    "P2": "no",
    "P3": "unsure",
    "P4": "in-progress",
    "T1": "yes",
    "Q3": "no",
    "T2": "partly",
    "T3": "yes",
    "X5": "unsure",
    "H1": "none",
    "H2": "no",
    "H4": "DSS Director of Communications",
    "H5": "yes",
    "X1": "yes",
    "X4": "unsure",
    "V1": "unsure",
    "V2": "no",
}


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
    services.record_decision(chair, decided, "approve-with-conditions", basis, [condition])
    workflow.confirm_review(approver, decided)


def _submitted(reviewer: User, fields: dict[str, object]) -> Review | None:
    """A use case whose Responsible-AI review is answered and submitted (None if it cannot be)."""
    use_case = use_cases.create_use_case(reviewer, fields, [])
    review = reviews.start(reviewer, "ai-use-case", use_case, "responsible-ai")
    if review is None:
        return None
    reviews.fill(reviewer, review, ANSWERS)
    reviews.respond_to_flags(reviewer, review, {}, all_high=True)
    note = "Planned before launch; the owner is the DSS AI lead."
    items = [Obligation(item.text, False, note) for item in tier_of(review).obligations]
    save_obligations(reviewer, review, items)
    heard_without_comments(reviewer, review, CHAT_SUMMARY)
    problems = workflow.submission_problems(review)
    if problems:
        log.warning("demo AI review %s left in progress: %s", review.id, problems[0].text)
        return None
    rationale = "A general chatbot over public pages; it decides nothing."
    workflow.submit_review(
        reviewer, review, "approve-with-conditions", "Close the gaps.", rationale
    )
    return review
