"""The accounts of the scale data set: a reviewer and an approver per agency, and an AI
reviewer who publishes inventory entries, all with one password."""

from dataclasses import dataclass

from werkzeug.security import generate_password_hash

from ctdppeia.admin import services as accounts
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import Role, User

EMAIL_DOMAIN = "scale.example.org"


@dataclass(frozen=True)
class Staff:
    reviewer: dict[int, int]  # agency id -> user id
    approver: dict[int, int]
    publisher: User  # an AI reviewer and chair, who decides on and publishes inventory entries


def staff(password: str) -> Staff:
    """One reviewer and one approver per agency (made once, with `password`)."""
    accounts.seed_agencies()
    reviewer: dict[int, int] = {}  # agency id -> user id
    approver: dict[int, int] = {}
    hashed = generate_password_hash(password, method="scrypt")  # once: scrypt is slow
    with transaction():
        for agency in accounts.all_agencies():
            for role, found in ((Role.REVIEWER, reviewer), (Role.APPROVER, approver)):
                email = f"{role.value}-{agency.code.lower()}@{EMAIL_DOMAIN}"
                user = accounts.find_user(email)
                if user is None:
                    name = f"{agency.code} {role.value}"
                    user = User(email=email, name=name, role=role, agency_id=agency.id)
                    user.password_hash = hashed
                    db.session.add(user)
                    db.session.flush()
                found[agency.id] = user.id
        publisher = accounts.find_user(f"ai-reviewer@{EMAIL_DOMAIN}")
        if publisher is None:
            agency = accounts.agency_by_code("DAS")
            email, role = f"ai-reviewer@{EMAIL_DOMAIN}", Role.AI_REVIEWER
            publisher = User(email=email, name="AI reviewer", role=role, agency_id=agency.id)
            publisher.password_hash = hashed
            db.session.add(publisher)
        publisher.ai_chair = True  # records the group's decisions before publishing
    return Staff(reviewer, approver, publisher)
