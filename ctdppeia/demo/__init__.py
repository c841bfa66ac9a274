"""Demo data: one account per role and sample requests, so a new user sees the whole path."""

from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import select

from ctdppeia.admin import services as accounts
from ctdppeia.demo import (
    actions,
    advisory,
    ai,
    analyses,
    board,
    board_answers,
    inventory,
    reviews,
)
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, Role, User
from ctdppeia.requests import services as requests

DEMO_DOMAIN = "demo.ct.gov"

DEMO_ACCOUNTS: tuple[tuple[str, str, Role, str, bool], ...] = (
    ("reviewer", "Rosa Delgado", Role.REVIEWER, "DSS", False),
    ("approver", "Nguyễn Văn An", Role.APPROVER, "DSS", False),
    ("board", "Marcus Bell", Role.BOARD, "OPM", False),
    ("ai-reviewer", "Priya Raman", Role.AI_REVIEWER, "DAS", True),
    ("ai-chair", "Samuel Ortiz", Role.AI_REVIEWER, "OPM", False),
    ("admin", "Jordan Ellis", Role.ADMIN, "OPM", False),
    ("dol-reviewer", "Dana Whitfield", Role.REVIEWER, "DOL", False),
)

SAMPLE_REQUESTS: tuple[dict[str, object], ...] = (
    {
        "title": "Child care subsidies and parents' earnings",
        "requesting_org": "University of Connecticut, Department of Economics",
        "contact_name": "José Núñez",
        "contact_email": "jose.nunez@example.edu",
        "requester_type": "university",
        "purpose": (
            "Find out whether families who receive **Care 4 Kids** child care subsidies earn more "
            "in the two years after they start.\n\n- Compare earnings before and after.\n"
            "- Look at differences by town and by race and ethnicity."
        ),
        "datasets": "Care 4 Kids enrollment, 2018-2024\nUnemployment insurance wage records",
        "data_elements": "Case ID\nChild's date of birth\nParent's race and ethnicity\nTown\n"
        "Quarterly wages",
        "delivery_date": date(2027, 2, 1),
        "destruction_date": date(2029, 1, 31),
        "holders": ("OEC", "DOL"),
    },
    {
        "title": "Emergency room visits after Medicaid coverage ends",
        "requesting_org": "Office of Health Strategy",
        "contact_name": "Aisha Okafor",
        "contact_email": "aisha.okafor@example.gov",
        "requester_type": "sister-agency",
        "purpose": "Count emergency room visits in the year after people lose HUSKY coverage, "
        "by county, to plan outreach.",
        "datasets": "HUSKY eligibility spells\nAll-payer claims database: emergency visits",
        "data_elements": "Member ID (hashed)\nCounty\nCoverage end date\nVisit month",
        "delivery_date": date(2026, 12, 15),
        "destruction_date": date(2027, 12, 31),
        "holders": ("DSS", "OHS"),
    },
    {
        "title": "Food help and school meals in the same families",
        "requesting_org": "Office of Health Strategy",
        "contact_name": "Aisha Okafor",
        "contact_email": "aisha.okafor@example.gov",
        "requester_type": "sister-agency",
        "purpose": "Count the families who get SNAP but whose children do not get free school "
        "meals, by county, to plan sign-up help.",
        "datasets": "SNAP households\nFree and reduced-price meal lists",
        "data_elements": "Household ID (hashed)\nCounty\nNumber of school-age children",
        "delivery_date": date(2027, 3, 1),
        "destruction_date": date(2028, 2, 29),
        "holders": ("DSS", "OHS"),
    },
)


@dataclass
class DemoResult:
    password: str | None
    accounts: list[User]


def seed_demo() -> DemoResult:
    """Create the demo accounts and sample requests, unless they already exist."""
    accounts.seed_agencies()
    if db.session.scalar(select(User).where(User.email == f"reviewer@{DEMO_DOMAIN}")) is not None:
        return DemoResult(None, [])
    password = accounts.new_password()
    created = [
        accounts.create_user(
            None,
            email=f"{slug}@{DEMO_DOMAIN}",
            name=name,
            role=role,
            agency=accounts.agency_by_code(code),
            password=password,
            high_risk_subcommittee=subcommittee,
            ai_chair=slug == "ai-chair",
        )
        for slug, name, role, code, subcommittee in DEMO_ACCOUNTS
    ]
    reviewer = created[0]
    samples = [_sample_request(reviewer, dict(sample)) for sample in SAMPLE_REQUESTS]
    _sample_reviews(reviewer, created[1], created[2], samples)
    ai.seed(reviewer)
    advisory.seed(reviewer, created[1], created[3], created[4])
    inventory.seed(reviewer, created[1], created[3], created[4], created[6])
    actions.seed(reviewer)
    return DemoResult(password, created)


def _sample_request(reviewer: User, sample: dict[str, object]) -> DataRequest:
    codes = cast("list[str]", sample.pop("holders"))
    holders = [accounts.agency_by_code(code).id for code in codes]
    return requests.create_request(reviewer, sample, holders)


# Sample reviews (the reviews feature): the first request has a review in progress whose answers
# raise flags, among them the re-identification flag; the second has a confirmed, locked review.
REVIEW_IN_PROGRESS: dict[str, object] = {
    "P0": "no",
    "P1": "university",
    "P2": "Do families who get Care 4 Kids child care help earn more two years later?",
    "P3": "The Office of Early Childhood will use the answer to plan subsidy outreach.",
    "P4": "no",
    "P8": ["cgs-10a-57g", "agency-statute", "ui-20cfr603"],
    "P8a": "CGS 10a-57g for the DataLinkCT match; 20 CFR 603.5(e) for the wage records.",
    "P11": "no",
    "C1": "Case ID, child's date of birth, parent's race and ethnicity, town, ZIP code, "
    "quarterly wages.",
    "C2": ["race-ethnicity", "income-benefits", "minors", "location"],
    "C4": "yes",
    "C5": "yes",
    "C6": "self-reported",
    "C11": "yes",
    "A1": "de-identified",
    "A2": "enclave",
    "A6": "2029-01-31",
    "A9": "zip",
    "R1": ["public-report", "journal"],
    "R2": "no",
    "R3": "min-10",
}
REVIEW_DECIDED: dict[str, object] = {
    "P0": "no",
    "P1": "sister-agency",
    "P2": "Count emergency room visits in the year after people lose HUSKY coverage, by county.",
    "P3": "The Office of Health Strategy will plan outreach to people who lose coverage.",
    "P4": "yes",
    "P5": "no",
    "P8": ["hipaa", "medicaid-431", "agency-statute"],
    "P8a": "HIPAA 45 CFR 164.514(e), a limited data set under a data use agreement; "
    "42 CFR 431.302, purposes directly connected with administering the Medicaid plan.",
    "P11": "no",
    "P12": "told",
    "P13": "The Office of Health Strategy, ohs.data@ct.gov",
    "P15": "no",
    "C13": "no",
    "A16": ["none"],
    "C1": "Member ID (hashed), county, coverage end date, visit month.",
    "C2": ["physical-health", "income-benefits"],
    "C3": "yes",
    "C4": "no",
    "C11": "yes",
    "A1": "de-identified",
    "A2": "agency",
    "A3": "yes",
    "A6": "2027-12-31",
    "A6b": "yes",
    "A7": "yes",
    "A13": "yes",
    "A14": "yes",
    "A9": "county",
    "A10": "quarter",
    "A11": [
        "encryption-at-rest",
        "encryption-in-transit",
        "role-based-access",
        "audit-logs",
        "training",
    ],
    "A12": "yes",
    "G1": "no",
    "N5": 40,
    "R1": ["internal"],
    "R2": "yes",
    "R3": "min-11",
    "R4": "yes",
    "R5": "yes",
    "E1": "People who lose coverage could benefit from outreach. No group is singled out.",
    "E2": "no",
    "E3": "yes",
    "E7": "yes",
    "E5": "approve-with-conditions",
    "E6": "Show only counties, and destroy the data by December 31, 2027.",
}


def _sample_reviews(
    reviewer: User, approver: User, member: User, samples: list[DataRequest]
) -> None:
    open_review = reviews.start(reviewer, "data-request", samples[0], "dppeia")
    if open_review is not None:
        reviews.fill(reviewer, open_review, REVIEW_IN_PROGRESS)
        analyses.add(reviewer, open_review, analyses.EARNINGS)
        reviews.respond_to_flags(
            reviewer,
            open_review,
            {
                "no-community-voice": (
                    "mitigation",
                    "We will ask the Resident Advisory Board to review the question.",
                )
            },
            all_high=False,
        )
        board.add(reviewer, member, open_review)
    decided = reviews.start(reviewer, "data-request", samples[1], "dppeia")
    if decided is not None:
        reviews.fill(reviewer, decided, REVIEW_DECIDED)
        analyses.add(reviewer, decided, analyses.EMERGENCY_VISITS)
        reviews.respond_to_flags(reviewer, decided, {}, all_high=True)
        board_answers.consulted(reviewer, member, decided)
        reviews.decide(
            reviewer,
            approver,
            decided,
            "approve-with-conditions",
            "Show only counties, and destroy the data by December 31, 2027.",
            "The data stay inside the agency and only summary tables leave it.",
        )
    _waiting_for_approval(reviewer, samples[2])


# The third sample request's review is submitted and waits for the approver: the same careful
# answers as the decided one, about other data.
REVIEW_SUBMITTED: dict[str, object] = {
    **REVIEW_DECIDED,
    "P2": "How many families get SNAP while their children miss free school meals, by county?",
    "P3": "The Office of Health Strategy will plan sign-up help for school meals.",
    "C1": "Household ID (hashed), county, number of school-age children.",
    "A6": "2028-02-29",
    "E6": "Show only counties, and destroy the data by 29 February 2028.",
}


MEALS_TITLE_ES = "Ayuda para comprar comida y comidas en la escuela en las mismas familias"
MEALS_SUMMARY = (
    "The state wants to count families who get food help but whose children do not get free "
    "school meals. Only counts by county leave the agency. We want to know what could go wrong."
)


def _waiting_for_approval(reviewer: User, sample: DataRequest) -> None:
    review = reviews.start(reviewer, "data-request", sample, "dppeia")
    if review is None:
        return
    reviews.fill(reviewer, review, REVIEW_SUBMITTED)
    analyses.add(reviewer, review, analyses.EMERGENCY_VISITS)
    reviews.respond_to_flags(reviewer, review, {}, all_high=True)
    board_answers.heard_without_comments(reviewer, review, MEALS_SUMMARY, MEALS_TITLE_ES)
    reviews.submit(
        reviewer,
        review,
        "approve-with-conditions",
        "Show only counties, and destroy the data by 29 February 2028.",
        "Only counts by county leave the agency.",
    )
