"""Demo entries for the public AI inventory: two published systems, so it is never empty.

A benefits chatbot of the Department of Social Services, published twice (a pilot, then in
use), and an unemployment fraud score of the Department of Labor, published two years ago
and retired last year (so the past years' files have something in them).
"""

from datetime import date, datetime, timedelta

from ctdppeia.admin import services as accounts
from ctdppeia.extensions import db
from ctdppeia.inventory import clock, services
from ctdppeia.models import AIUseCase, User

CHATBOT = {
    "name": "Benefits question helper",
    "vendor": "Northwind Civic AI",
    "description": "A chatbot that answers questions about benefits from the agency's public "
    "web pages, and links to the page it used.",
    "intended_use": "Help residents find the right programme and form, day and night.",
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
    "decision_role": "none",
    "impact_assessment_before_use": True,
    "risk_tier": "low",
    "risk_tier_basis": "It answers from public pages only and decides nothing about anyone.",
    "data_used": "The agency's public web pages. Residents' questions are not kept.",
    "personal_data": False,
    "human_oversight": "Staff read a sample of answers every week and fix wrong pages.",
    "how_to_appeal": "The chatbot decides nothing. Call 2-1-1 or visit an office to talk to a "
    "person.",
}
FRAUD_ENTRY = {
    "decision_role": "informs",
    "impact_assessment_before_use": True,
    "status": "in_use",
    "risk_tier": "high",
    "risk_tier_basis": "It scores people's claims, and a wrong score can delay benefits "
    "(OMB M-25-21, presumed high-impact).",
    "data_used": "Claim forms, wage records and identity checks.",
    "personal_data": True,
    "human_oversight": "An investigator looks at every flagged claim before anything happens.",
    "how_to_appeal": "Ask for a fair hearing. A person decides every appeal.",
}


def _use_case(owner: User, agency: str, values: dict[str, str]) -> AIUseCase:
    use_case = AIUseCase(
        agency_id=accounts.agency_by_code(agency).id, created_by_id=owner.id, **values
    )
    db.session.add(use_case)
    db.session.flush()
    return use_case


def _content(use_case: AIUseCase, entry: dict[str, object], decided: date) -> dict[str, object]:
    tier_years = {"high": 1, "medium": 2, "low": 3}[str(entry["risk_tier"])]
    return {
        "name": use_case.name,
        "vendor": use_case.vendor,
        "capabilities_and_uses": f"{use_case.description}\n\n{use_case.intended_use}",
        "ai_technique": use_case.technique,
        "public_contact": use_case.public_contact,
        "status": "pilot",
        **entry,
        "decision_date": decided,
        "next_review_date": decided.replace(year=decided.year + tier_years),
    }


def seed(owner: User, publisher: User) -> None:
    """Add the two demo systems and their published versions."""
    now = clock.now()
    chatbot = _use_case(owner, "DSS", CHATBOT)
    first = now - timedelta(days=200)
    content = _content(chatbot, CHATBOT_ENTRY, first.date())
    services.publish(publisher, chatbot, {**content, "change_note": "Pilot."}, at=first)
    second = now - timedelta(days=30)
    later = _content(chatbot, {**CHATBOT_ENTRY, "status": "in_use"}, second.date())
    note = "In full use after the pilot. Staff now check a sample of answers every week."
    services.publish(publisher, chatbot, {**later, "change_note": note}, at=second)
    fraud = _use_case(owner, "DOL", FRAUD)
    year = clock.year_of(now)
    published = datetime(year - 2, 10, 1, 15, 0, tzinfo=clock.ZONE)
    content = _content(fraud, FRAUD_ENTRY, published.date())
    services.publish(publisher, fraud, content, at=published)
    retired = datetime(year - 1, 8, 20, 15, 0, tzinfo=clock.ZONE)
    services.retire(
        publisher,
        fraud,
        "Retired: the department now checks identity with a person at the first interview.",
        at=retired,
    )
