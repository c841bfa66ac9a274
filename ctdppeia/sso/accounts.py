"""Accounts that follow the directory: made at the first sign-in from the provider's claims,
brought in step (name, email, role, agency) at every sign-in, and closed when the person belongs
to no mapped group any more. Every change is an audit event."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from ctdppeia import audit, limits
from ctdppeia.auth.mfa.codes import seal
from ctdppeia.extensions import db
from ctdppeia.models import Agency, User
from ctdppeia.models.timestamps import utcnow
from ctdppeia.models.user import DIRECTORY, NO_LOCAL_PASSWORD
from ctdppeia.sso.settings import Assignment
from ctdppeia.translatable import N_


class DirectoryRefusal(Exception):
    """The directory's word is not enough to let this person in; the message says why."""


@dataclass(frozen=True)
class Person:
    """What the provider says of the person signing in."""

    issuer: str
    subject: str
    email: str
    name: str

    @classmethod
    def from_claims(cls, issuer: str, claims: dict[str, Any]) -> "Person":
        email = str(claims.get("email") or "").strip().lower()
        if not claims.get("sub") or "@" not in email:
            raise DirectoryRefusal(N_("The directory did not give your email address."))
        name = str(claims.get("name") or email).strip()[: limits.NAME]
        return cls(issuer=issuer, subject=str(claims["sub"]), email=email[:254], name=name)


def find(person: Person) -> User | None:
    query = select(User).where(
        User.directory_issuer == person.issuer, User.directory_subject == person.subject
    )
    return db.session.scalar(query)


def _agency(code: str) -> Agency:
    agency = db.session.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        raise DirectoryRefusal(
            N_("Your directory group names an agency this service does not know.")
        )
    return agency


def _changes(user: User, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    return {
        field: (getattr(user, field), new)
        for field, new in values.items()
        if getattr(user, field) != new
    }


def _create(person: Person, values: dict[str, Any]) -> User:
    taken = db.session.scalar(select(User).where(User.email == person.email))
    if taken is not None:
        raise DirectoryRefusal(
            N_("A local account already uses your email. Ask an administrator to link the two.")
        )
    user = User(
        password_hash=NO_LOCAL_PASSWORD,
        identity_source=DIRECTORY,
        directory_issuer=person.issuer,
        directory_subject=person.subject,
        **values,
    )
    db.session.add(user)
    audit.record(
        None, "user.created_from_directory", user,
        summary=f"{user.name} signed in from the directory for the first time",
    )  # fmt: skip
    return user


def bring_in_step(person: Person, assignment: Assignment, access_token: str | None) -> User:
    """The person's account, made or brought in step with the directory (in the caller's
    transaction)."""
    values: dict[str, Any] = {
        "email": person.email,
        "name": person.name,
        "role": assignment.role,
        "agency_id": _agency(assignment.agency).id,
        "ai_chair": assignment.ai_chair,
        "high_risk_subcommittee": assignment.high_risk_subcommittee,
        "active": True,
    }
    user = find(person)
    if user is None:
        user = _create(person, values)
    else:
        changes = _changes(user, values)
        for field, (_old, new) in changes.items():
            setattr(user, field, new)
        if changes:
            audit.record(
                None, "user.updated_from_directory", user, changes=changes,
                summary=f"The directory changed {user.name}'s account",
            )  # fmt: skip
    if access_token is None:  # SAML: nothing to ask the provider again with
        user.directory_token = None
        user.directory_checked_at = utcnow()
    else:
        remember_token(user, access_token)
    return user


def remember_token(user: User, access_token: str, at: datetime | None = None) -> None:
    user.directory_token = seal(access_token)
    user.directory_checked_at = at or utcnow()


def close(user: User, reason: str) -> None:
    """The person left every mapped group: the account closes and every session ends."""
    user.active = False
    user.directory_token = None
    user.end_sessions()
    audit.record(
        None, "user.removed_by_directory", user, changes={"active": (True, False)},
        summary=f"{user.name} no longer belongs to a mapped directory group: {reason}",
    )  # fmt: skip
