"""Managing accounts and agencies. Used by the admin pages and the shell commands."""

import logging
import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import Select, func, select

from ctdppeia import audit, limits
from ctdppeia.auth import change_notice
from ctdppeia.auth.passwords import MIN_PASSWORD_LENGTH as MIN_PASSWORD_LENGTH
from ctdppeia.auth.passwords import password_problem
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.limits import clean_text, too_long
from ctdppeia.logs import security_event
from ctdppeia.models import Agency, Role, User
from ctdppeia.models.agency import EXECUTIVE_AGENCIES


class AccountError(ValueError):
    """A change to an account that cannot be made, with a message for the person making it.

    `field` names what the message is about (email, name, password, role, agency, active), so a
    form can show it beside that field.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def seed_agencies() -> int:
    """Add the executive-branch agencies that are missing; returns how many were added."""
    with transaction():
        existing = set(db.session.scalars(select(Agency.code)))
        added = [
            Agency(code=code, name=name)
            for code, name in EXECUTIVE_AGENCIES
            if code not in existing
        ]
        db.session.add_all(added)
    return len(added)


def agency_by_code(code: str) -> Agency:
    agency = db.session.scalar(
        select(Agency).where(func.upper(Agency.code) == code.strip().upper())
    )
    if agency is None:
        raise AccountError(f"There is no agency with the code {code!r}.", "agency")
    return agency


def agency_by_id(agency_id: int) -> Agency:
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        raise AccountError("Choose one of the agencies in the list.", "agency")
    return agency


def all_agencies() -> list[Agency]:
    return list(db.session.scalars(select(Agency).order_by(Agency.code)))


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def user_query(
    role: Role | None = None, agency_id: int | None = None, active: bool | None = None
) -> Select[User]:
    """Accounts matching the filters (None means any), by name."""
    query = select(User)
    if role is not None:
        query = query.where(User.role == role)
    if agency_id is not None:
        query = query.where(User.agency_id == agency_id)
    if active is not None:
        query = query.where(User.active == active)
    return query.order_by(func.lower(User.name), User.id)


# Letters and digits that cannot be mistaken for one another when read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def new_password() -> str:
    """A random password that is easy to pass on: four groups of four, about 79 bits."""
    groups = ("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def check_password_strength(password: str) -> None:
    """AccountError when the password is short, common or a pattern (see auth.passwords)."""
    problem = password_problem(password)
    if problem is not None:
        raise AccountError(problem, "password")


def check_email(email: str) -> str:
    """The address, lower-cased, or AccountError when it is not an email address."""
    email = email.strip().lower()
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise AccountError("Enter a valid email address, like name@ct.gov.", "email") from error
    return email


def check_name(name: str) -> str:
    """The name cleaned (see `ctdppeia.limits.clean_text`), or AccountError when it is empty or
    too long; the form and the command line both come through here."""
    name = clean_text(name, single_line=True).strip()
    if not name:
        raise AccountError("Enter the person's full name.", "name")
    if len(name) > limits.NAME:
        raise AccountError(too_long(len(name), limits.NAME), "name")
    return name


def create_user(
    actor: User | None,
    *,
    email: str,
    name: str,
    role: Role,
    agency: Agency,
    password: str,
    high_risk_subcommittee: bool = False,
    ai_chair: bool = False,
    must_change_password: bool = False,
) -> User:
    """Create an account. `must_change_password`: the password was chosen by an administrator,
    so its owner must pick their own at first sign-in (ctdppeia.auth.must_change)."""
    email = check_email(email)
    if find_user(email) is not None:
        raise AccountError(f"An account with the email address {email} already exists.", "email")
    name = check_name(name)
    check_password_strength(password)
    with transaction():
        user = User(
            email=email,
            name=name,
            role=role,
            agency=agency,
            active=True,
            high_risk_subcommittee=high_risk_subcommittee,
            ai_chair=ai_chair,
            password_must_change=must_change_password,
        )
        user.set_password(password)
        db.session.add(user)
        audit.record(
            actor,
            "user.created",
            user,
            changes={
                "email": (None, email),
                "role": (None, role.value),
                "agency": (None, agency.code),
            },
            summary=f"Created the account of {user.name}",
        )
    return user


def update_user(
    actor: User | None,
    user: User,
    *,
    name: str,
    role: Role,
    agency: Agency,
    active: bool,
    high_risk_subcommittee: bool,
    ai_chair: bool | None = None,
) -> dict[str, tuple[object, object]]:
    """Change an account; returns the changes, field -> (old, new)."""
    _check_not_locking_out(actor, user, role=role, active=active)
    name = check_name(name)
    with transaction():
        before = _plain(user)
        if user.active and not active:
            user.end_sessions()  # a deactivated account is signed out everywhere at once
        user.name, user.role, user.agency, user.active = name, role, agency, active
        user.high_risk_subcommittee = high_risk_subcommittee
        user.ai_chair = user.ai_chair if ai_chair is None else ai_chair
        changes = audit.diff(before, _plain(user))
        if changes:
            audit.record(
                actor,
                "user.updated",
                user,
                changes=changes,
                summary=f"Changed the account of {user.name}",
            )
    if "role" in changes:
        _log_role_change(actor, user, changes["role"])
    return changes


def _log_role_change(actor: User | None, user: User, change: tuple[object, object]) -> None:
    before, after = change
    security_event(
        "role-change",
        logging.WARNING,
        "role changed: account %s from %s to %s by account %s",
        user.id,
        before,
        after,
        actor.id if actor else None,
        user_id=user.id,
        role_before=before,
        role_after=after,
        actor_id=actor.id if actor else None,
    )


def _check_not_locking_out(actor: User | None, user: User, *, role: Role, active: bool) -> None:
    """Administrators may not deactivate themselves or take away their own admin role."""
    if actor is None or actor.id != user.id:
        return
    if not active:
        raise AccountError("You cannot deactivate your own account.", "active")
    if role != Role.ADMIN:
        raise AccountError("You cannot remove your own administrator role.", "role")


def reset_password(
    actor: User | None, user: User, password: str, *, must_change_password: bool = True
) -> None:
    """Give an account a new password chosen by an administrator; by default its owner must
    pick their own at the next sign-in."""
    if user.from_directory:
        raise AccountError(
            "This account signs in with the state directory and has no password here.", "password"
        )
    check_password_strength(password)
    with transaction():
        user.set_password(password)
        user.password_must_change = must_change_password
        user.end_sessions()  # whoever knew the old password is signed out
        audit.record(
            actor, "user.password_reset", user, summary=f"Reset the password of {user.name}"
        )
        change_notice.queue(user, change_notice.PASSWORD_RESET)


def _plain(user: User) -> dict[str, object]:
    return {
        "name": user.name,
        "role": user.role.value,
        "agency": user.agency.code,
        "active": user.active,
        "high_risk_subcommittee": user.high_risk_subcommittee,
        "ai_chair": user.ai_chair,
    }
