"""Demo AI use cases: one new, two in review (one whose presumption of high impact an official
set aside in writing), one submitted for approval, so a newcomer who signs in as the AI
reviewer sees a real queue."""

import logging

from ctdppeia.ai import services
from ctdppeia.ai.rebuttal import record_rebuttal
from ctdppeia.ai.tier import Obligation, save_obligations, tier_of
from ctdppeia.demo import reviews
from ctdppeia.demo.board_answers import heard_without_comments
from ctdppeia.models import AIUseCase, Review, User
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

# The first two sections of the fraud-flag review (the rest is still to answer): fraud
# detection in a government service is presumed high-impact (OMB M-25-21, section 6(m)).
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
    "D1": ["residents"],
    "U1": "no",
    "S6": ["benefits-services"],
    "E1": "significant",
    "E2": "default",
    "D2": ["fraud-integrity"],
    "D3": "with-effort",
    "D4": "months",
    "D5": 300000,
    "D6": "yes",
}

PREFILL = {
    "name": "Renewal pre-fill",
    "vendor": "Built by the agency",
    "description": "Reads state wage records and fills in household income on the worker's "
    "SNAP renewal screen.",
    "intended_use": "The worker checks every value against the wage record and the client's "
    "papers before deciding.",
    "stage": "pilot",
    "hosting": "agency",
    "technique": "record matching model",
    "public_contact": "dss.ai@ct.gov",
}
# Continued eligibility for benefits is presumed high-impact (OMB M-25-21, section 6(m)); the
# values are checked against source records before every decision, so an official sets the
# presumption aside in writing and the tier follows the other rules (medium).
PREFILL_ANSWERS: dict[str, object] = {
    "I1": "Renewal pre-fill, built by DSS",
    "I2": "At SNAP renewal, the system fills in the income fields of the worker's renewal "
    "screen from state wage records. The worker checks every value before deciding.",
    "B1": "Your worker starts with your income already filled in, and checks it with you.",
    "D7": "Workers typed income from wage records by hand, with typing errors in about 4% of "
    "cases.",
    "D8": "Renewals decided 2 days faster, with fewer income errors in quality control.",
    "I3": "predictive",
    "I10": "no",
    "I4": "no",
    "I5": "pilot",
    "I5b": "yes",
    "I11": "yes",
    "I8": "yes",
    "I12": "2026-03-01",
    "I6": "state-hosted",
    "I7": "informs",
    "I9": "no",
    "L1": "yes",
    "D1": ["residents"],
    "U1": "no",
    "S6": ["benefits-services"],
    "E1": "significant",
    "E2": "one-input",
    "D2": ["benefits"],
    "D3": "with-effort",
    "D4": "months",
    "D5": 120000,
    "D6": "yes",
}
PREFILL_DETERMINATION = (
    "Dana Whitfield, Deputy Commissioner of Social Services",
    "The pre-filled incomes are never the basis of a renewal decision. The worker checks "
    "every value against the wage record and the client's papers before deciding, and changes "
    "it where they differ; in the pilot, workers changed 11% of pre-filled values.",
)

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
    "U1": "yes",
    "S6": ["none"],
    "E1": "none",
    "D2": ["none"],
    "D5": 250000,
    "D6": "yes",
    "K1": "no",
    "F5": "no",
    "F6": "no",
    "H6": "unsure",
    "Q1": "yes",
    "Q2": "unsure",
    "P6": "public",
    "P5": "kept",
    "P2": "no",
    "P3": "unsure",
    "P4": "in-progress",
    "T1": "yes",
    "Q3": "no",
    "T3": "yes",
    "X5": "unsure",
    "H4": "DSS Director of Communications",
    "H5": "yes",
    "X6": "no",
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
    prefill = services.create_use_case(reviewer, PREFILL, [])
    review = reviews.start(reviewer, "ai-use-case", prefill, "responsible-ai")
    if review is not None:
        reviews.fill(reviewer, review, PREFILL_ANSWERS)
        record_rebuttal(reviewer, review, *PREFILL_DETERMINATION)
    chat = services.create_use_case(reviewer, SUBMITTED, [])
    review = ready_to_submit(reviewer, chat, SUBMITTED_ANSWERS)
    if review is None:
        return
    rationale = "A general chatbot over public pages; it decides nothing. Gaps to close first."
    workflow.submit_review(
        reviewer, review, "approve-with-conditions", "Close the gaps.", rationale
    )


def ready_to_submit(
    reviewer: User, use_case: AIUseCase, answers: dict[str, object]
) -> Review | None:
    """The chatbot's Responsible-AI review answered, its flags answered, its obligations
    planned and the board heard: ready to submit (None, logged, if it cannot be)."""
    review = reviews.start(reviewer, "ai-use-case", use_case, "responsible-ai")
    if review is None:
        return None
    reviews.fill(reviewer, review, answers)
    reviews.respond_to_flags(reviewer, review, {}, all_high=True)
    note = "Planned before launch; the owner is the DSS AI lead."
    items = [Obligation(item.text, False, note) for item in tier_of(review).obligations]
    save_obligations(reviewer, review, items)
    heard_without_comments(reviewer, review, CHAT_SUMMARY)
    problems = workflow.submission_problems(review)
    if problems:
        log.warning("demo AI review %s left in progress: %s", review.id, problems[0].text)
        return None
    return review
