"""Demo entries for the public AI inventory: two published systems, so it is never empty.

A benefits chatbot of the Department of Social Services, published twice (a pilot, then in
use), and an unemployment fraud score of the Department of Labor, published two years ago
and retired last year (so the past years' files have something in them).

Each is published only after the advisory group's real record on its Responsible-AI review:
the review answered and submitted by the agency's own reviewer, two members' votes, for the
high-tier fraud score the subcommittee's recommendation, and the chair's decision, dated
before the first publication. Nobody who answered a review votes or decides on it. The
chatbot's review is then confirmed by the agency's approver; the demo has no approver at the
Department of Labor, so the fraud score's review waits for its confirmation.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from ctdppeia.admin import services as accounts
from ctdppeia.advisory import services as advisory
from ctdppeia.ai.tier import Obligation, save_obligations, tier_of
from ctdppeia.demo import reviews
from ctdppeia.demo.ai import CHAT_SUMMARY, SUBMITTED_ANSWERS
from ctdppeia.demo.board_answers import heard_without_comments
from ctdppeia.extensions import db
from ctdppeia.inventory import clock, services
from ctdppeia.inventory.facts import inventory_facts
from ctdppeia.models import AIUseCase, Review, User
from ctdppeia.reviews import setaside, workflow

log = logging.getLogger(__name__)

CHATBOT = {
    "name": "Benefits question helper",
    "vendor": "Northwind Civic AI",
    "description": "A chatbot that answers questions about benefits from the agency's public "
    "web pages, and links to the page it used.",
    "intended_use": "Help residents find the right program and form, day and night.",
    "stage": "in-use",
    "hosting": "vendor-cloud",
    "technique": "Generative AI (a large language model answering from approved pages)",
    "public_contact": "dss.ai.questions@ct.gov",
}
FRAUD = {
    "name": "Unemployment claim review score",
    "vendor": "Pinpoint Analytics",
    "description": "Scores new unemployment claims for signs of identity fraud.",
    "intended_use": "Put claims with a high score in front of an investigator first.",
    "stage": "in-use",
    "hosting": "vendor-cloud",
    "technique": "A predictive model (a score)",
    "public_contact": "dol.ai.questions@ct.gov",
}
CHATBOT_ENTRY = {
    "name": CHATBOT["name"],
    "capabilities_and_uses": f"{CHATBOT['description']} {CHATBOT['intended_use']}",
    "decision_role": "none",
    "impact_assessment_before_use": True,
    "data_used": "The agency's public web pages. Residents' questions are not kept.",
    "personal_data": False,
    "human_oversight": "Staff read a sample of answers every week and fix wrong pages.",
    "how_to_appeal": "The chatbot decides nothing. Call 2-1-1 or visit an office to talk to a "
    "person.",
    "capabilities_and_uses_es": "Responde preguntas sobre los beneficios. Usa solo las "
    "páginas públicas de la agencia. No decide nada sobre nadie.",
    "how_to_appeal_es": "El chatbot no decide nada. Llame al 2-1-1 o vaya a una oficina para "
    "hablar con una persona.",
}
FRAUD_ENTRY = {
    "name": FRAUD["name"],
    "capabilities_and_uses": f"{FRAUD['description']} {FRAUD['intended_use']}",
    "decision_role": "informs",
    "impact_assessment_before_use": True,
    "development_stage": "pilot",
    "data_used": "Claim forms, wage records and identity checks.",
    "personal_data": True,
    "human_oversight": "An investigator looks at every flagged claim before anything happens.",
    "how_to_appeal": "Ask for a fair hearing. A person decides every appeal.",
}


# The fraud score's review: the chatbot's answers, with what makes it a score about people:
# fraud detection in a government service is presumed high-impact (OMB M-25-21, section
# 6(m)), and a flagged claim goes to an investigator first (a principal basis).
STAFF_ONLY = ("P5", "Q1", "Q2", "Q3", "X5")
FRAUD_ANSWERS: dict[str, object] = {
    **{key: value for key, value in SUBMITTED_ANSWERS.items() if key not in STAFF_ONLY},
    "I1": "Unemployment claim review score, made by Pinpoint Analytics",
    "I2": "Scores new unemployment claims for signs of identity fraud. Claims with a high "
    "score go to an investigator first.",
    "I3": "predictive",
    "I5": "production",
    "I7": "informs",
    "I9": "yes",
    "D1": ["residents"],
    "U1": "no",
    "S6": ["benefits-services"],
    "E1": "significant",
    "E2": "default",
    "D2": ["benefits", "fraud-integrity"],
    "D3": "with-effort",
    "D4": "months",
    "K1": "yes",
    "F1": "no",
    "F2": "planned",
    "F4": "most-favored",
    "P6": "restricted",
    "T2": "partly",
    "H1": "every",
    "O1": "yes",
    "H2": "yes",
    "H3": "yes",
    "X6": "yes",
    "X2": "Claimants can ask for a fair hearing; a person decides every appeal.",
}
OBLIGATION_NOTE = "Planned before launch; the owner is the agency's AI lead."


def _use_case(owner: User, agency: str, values: dict[str, str]) -> AIUseCase:
    use_case = AIUseCase(
        agency_id=accounts.agency_by_code(agency).id, created_by_id=owner.id, **values
    )
    db.session.add(use_case)
    db.session.flush()
    return use_case


def _submitted(user: User, use_case: AIUseCase, answers: dict[str, object]) -> Review | None:
    """The use case's Responsible-AI review, answered and submitted by `user` (None when the
    questionnaire is not loaded)."""
    review = reviews.start(user, "ai-use-case", use_case, "responsible-ai")
    if review is None:
        return None
    reviews.fill(user, review, answers)
    reviews.respond_to_flags(user, review, {}, all_high=True)
    items = [Obligation(item.text, False, OBLIGATION_NOTE) for item in tier_of(review).obligations]
    save_obligations(user, review, items)
    heard_without_comments(user, review, CHAT_SUMMARY)
    problems = workflow.submission_problems(review)
    if problems:
        raise RuntimeError(f"demo review {review.id} cannot be submitted: {problems[0].text}")
    why = "The review answers the risks; the advisory group decides."
    workflow.submit_review(user, review, "approve-with-conditions", "See the review.", why)
    return review


def _decided(
    review: Review, member: User, chair: User, decided: datetime, subcommittee: bool = False
) -> None:
    """Two votes, the subcommittee's recommendation when asked, then the chair's decision."""
    before = decided - timedelta(days=7)
    advisory.record_recommendation(
        member, review, "approve", "The answers show the risks are handled.", at=before
    )
    advisory.record_recommendation(
        chair, review, "approve", "A person stays in charge of every outcome.", at=before
    )
    if subcommittee:
        advisory.record_subcommittee(
            member, review, "approve", "An investigator checks every flagged claim.", at=before
        )
    basis = "Both members approve; the review shows how people stay in charge."
    advisory.record_decision(chair, review, advisory.DecisionInput("approve", basis), at=decided)


def _content(use_case: AIUseCase, entry: dict[str, object], note: str = "") -> dict[str, Any]:
    """What the publish form would start from, with the demo's own words."""
    return {**inventory_facts(use_case), **entry, "change_note": note}


def seed(owner: User, approver: User, member: User, chair: User, dol: User) -> None:
    """Add the two demo systems, the advisory group's decisions, and their published versions.
    `owner` and `approver` are of DSS, `dol` a reviewer of the Department of Labor; `member`
    (on the subcommittee) and `chair` are AI reviewers."""
    now = clock.now()
    chatbot = _use_case(owner, "DSS", CHATBOT)
    review = _submitted(owner, chatbot, SUBMITTED_ANSWERS)
    if review is None:
        log.warning("demo inventory skipped: the Responsible-AI questionnaire is not loaded")
        return
    first = now - timedelta(days=200)
    _decided(review, member, chair, first - timedelta(days=10))
    workflow.confirm_review(approver, review, "", setaside.each_with(review, setaside.DEMO_REASON))
    used = {"date_first_used": (first - timedelta(days=5)).date().isoformat()}
    content = _content(chatbot, {**CHATBOT_ENTRY, **used, "development_stage": "pilot"}, "Pilot.")
    services.publish(member, chatbot, content, at=first)
    note = "In full use after the pilot. Staff now check a sample of answers every week."
    later = _content(chatbot, {**CHATBOT_ENTRY, **used, "development_stage": "deployed"}, note)
    services.publish(member, chatbot, later, at=now - timedelta(days=30))
    _fraud(dol, member, chair, clock.year_of(now))


def _fraud(owner: User, member: User, chair: User, year: int) -> None:
    """The Department of Labor's fraud score: `owner` (of DOL) answers and submits its review;
    the AI reviewers vote, recommend and decide."""
    fraud = _use_case(owner, "DOL", FRAUD)
    review = _submitted(owner, fraud, FRAUD_ANSWERS)
    if review is None:
        return
    published = datetime(year - 2, 10, 1, 15, 0, tzinfo=clock.ZONE)
    _decided(review, member, chair, published - timedelta(days=14), subcommittee=True)
    used = {"date_first_used": (published - timedelta(days=20)).date().isoformat()}
    services.publish(member, fraud, _content(fraud, {**FRAUD_ENTRY, **used}), at=published)
    retired = datetime(year - 1, 8, 20, 15, 0, tzinfo=clock.ZONE)
    services.retire(
        member,
        fraud,
        "Retired: the department now checks identity with a person at the first interview.",
        at=retired,
    )
