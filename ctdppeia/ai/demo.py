"""Demo AI use cases: one new, one in review, one submitted for approval, so a newcomer who
signs in as the AI reviewer sees a real queue."""

import logging

from ctdppeia.ai import services
from ctdppeia.ai.tier import Obligation, save_obligations, tier_of
from ctdppeia.board_answers.demo import heard_without_comments
from ctdppeia.models import User
from ctdppeia.reviews import demo as reviews
from ctdppeia.reviews import workflow

log = logging.getLogger(__name__)

NEW = {
    "name": "Letter drafting assistant",
    "vendor": "Built into the agency's office software",
    "description": "Suggests first drafts of routine letters to other agencies.",
    "intended_use": "Staff in the commissioner's office draft letters faster. A person edits "
    "and signs every letter.",
    "stage": "lab-test",
    "hosting": "built-in",
    "technique": "large language model",
    "public_contact": "dss.ai@ct.gov",
}
IN_REVIEW = {
    "name": "ClaimGuard fraud flags",
    "vendor": "An outside vendor",
    "description": "Scores each new claim for fraud risk.",
    "intended_use": "Claims above a threshold go to an investigator before payment.",
    "stage": "procurement",
    "hosting": "vendor-cloud",
    "technique": "predictive model (risk score)",
    "public_contact": "dss.ai@ct.gov",
}
SUBMITTED = {
    "name": "BenefitsHelp chat",
    "vendor": "An outside vendor",
    "description": "A chat window on the DSS website answers general questions about SNAP "
    "and Medicaid, using only public ct.gov pages.",
    "intended_use": "Residents get short answers with a link to the page they came from. It "
    "cannot look up a case and decides nothing.",
    "stage": "pilot",
    "hosting": "vendor-cloud",
    "technique": "large language model",
    "public_contact": "dss.ai@ct.gov",
}

# The intake section of the fraud-flag review (the rest is still to answer).
IN_REVIEW_ANSWERS: dict[str, object] = {
    "I1": "ClaimGuard, made by an outside vendor",
    "I2": (
        "Scores each new unemployment claim for fraud risk. Claims above a threshold go "
        "to an investigator before payment."
    ),
    "B1": "Some people's claims will be checked by an investigator before they are paid.",
    "D7": (
        "Fraud losses rose in 2021. We compared fixed rules, which flagged three times as"
        " many honest claims."
    ),
    "D8": "Half of confirmed fraud caught before payment, with false alarms under 5%.",
    "M1": (
        "Vendor figures only: 4% false alarms on other states' claims. Our limit: 5% "
        "overall and for each language group."
    ),
    "I3": "predictive",
    "I4": "no",
    "I5": "procurement",
    "I11": "no",
    "I6": "vendor-cloud",
    "I7": "informs",
    "I9": "yes",
    "I10": "no",
}

# Every answer of the chatbot review.
SUBMITTED_ANSWERS: dict[str, object] = {
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

# What the board was told about the demo chatbots (plain words, grade 8 or below).
CHAT_SUMMARY = (
    "The state wants to use a chat tool on its website. It answers questions about food help "
    "from public pages only. It does not decide who gets help. We want to know what could go "
    "wrong for the people who use it."
)


def seed(reviewer: User) -> None:
    """Add the three demo use cases of `reviewer`'s agency, with their reviews."""
    services.create_use_case(reviewer, NEW, [])
    fraud = services.create_use_case(reviewer, IN_REVIEW, [])
    review = reviews.start(reviewer, "ai-use-case", fraud, "responsible-ai")
    if review is not None:
        reviews.fill(reviewer, review, IN_REVIEW_ANSWERS)
    chat = services.create_use_case(reviewer, SUBMITTED, [])
    review = reviews.start(reviewer, "ai-use-case", chat, "responsible-ai")
    if review is None:
        return
    reviews.fill(reviewer, review, SUBMITTED_ANSWERS)
    reviews.respond_to_flags(reviewer, review, {}, all_high=True)
    note = "Planned before launch; the owner is the DSS AI lead."
    items = [Obligation(item.text, False, note) for item in tier_of(review).obligations]
    save_obligations(reviewer, review, items)
    heard_without_comments(reviewer, review, CHAT_SUMMARY)
    problems = workflow.submission_problems(review)
    if problems:
        log.warning("demo AI review %s left in progress: %s", review.id, problems[0].text)
        return
    rationale = "A general chatbot over public pages; it decides nothing. Gaps to close first."
    workflow.submit_review(
        reviewer, review, "approve-with-conditions", "Close the gaps.", rationale
    )
