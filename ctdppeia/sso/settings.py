"""The directory settings of the instance config, read once per use: the provider, and which
directory groups give which role in which agency."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from ctdppeia.models import Role


class DirectorySettingsError(ValueError):
    """DIRECTORY_GROUPS or DIRECTORY_ONLY_ROLES says something the app cannot use."""


@dataclass(frozen=True)
class Assignment:
    """What a directory group gives: one role in one agency (by its code)."""

    role: Role
    agency: str
    ai_chair: bool = False
    high_risk_subcommittee: bool = False


def enabled() -> bool:
    """True when the instance names an OpenID Connect provider."""
    return bool(current_app.config.get("OIDC_ISSUER"))


def _assignment(group: str, value: Mapping[str, Any]) -> Assignment:
    try:
        role = Role(str(value["role"]))
        agency = str(value["agency"]).strip()
    except (KeyError, ValueError) as error:
        raise DirectorySettingsError(
            f"DIRECTORY_GROUPS[{group!r}] needs a role (one of "
            f"{', '.join(r.value for r in Role)}) and an agency code"
        ) from error
    if role is Role.BOARD:
        raise DirectorySettingsError(
            f"DIRECTORY_GROUPS[{group!r}]: board members are residents with local accounts"
        )
    return Assignment(
        role=role,
        agency=agency,
        ai_chair=bool(value.get("ai_chair", False)),
        high_risk_subcommittee=bool(value.get("high_risk_subcommittee", False)),
    )


def group_map() -> dict[str, Assignment]:
    """DIRECTORY_GROUPS: {directory group: {"role": ..., "agency": ..., ...}}."""
    raw = current_app.config.get("DIRECTORY_GROUPS") or {}
    return {str(group): _assignment(str(group), value) for group, value in raw.items()}


def assignment_for(groups: Iterable[str]) -> Assignment | None:
    """The one role and agency the person's groups give, or None when they give none, or more
    than one (an account holds one role in one agency; the directory must say which)."""
    mapping = group_map()
    found = {mapping[group] for group in groups if group in mapping}
    return found.pop() if len(found) == 1 else None


def directory_only_roles() -> frozenset[Role]:
    """Roles whose accounts may not sign in with a local password (the break-glass accounts of
    BREAK_GLASS_EMAILS excepted)."""
    names = current_app.config.get("DIRECTORY_ONLY_ROLES") or ()
    try:
        return frozenset(Role(str(name)) for name in names)
    except ValueError as error:
        raise DirectorySettingsError(f"DIRECTORY_ONLY_ROLES: {error}") from error


def break_glass_emails() -> frozenset[str]:
    return frozenset(
        str(e).strip().lower() for e in current_app.config.get("BREAK_GLASS_EMAILS") or ()
    )


def mfa_satisfied(claims: Mapping[str, Any]) -> bool:
    """True when the provider says the person used more than a password (DIRECTORY_MFA_CLAIM,
    e.g. amr or acr, holding one of DIRECTORY_MFA_VALUES)."""
    claim = claims.get(current_app.config["DIRECTORY_MFA_CLAIM"])
    values = [claim] if isinstance(claim, str) else list(claim or [])
    return bool(set(map(str, values)) & set(current_app.config["DIRECTORY_MFA_VALUES"]))


def may_use_local_password(email: str, role: Role, from_directory: bool) -> bool:
    """False for a directory account, and for a role set to sign in only through the directory
    (DIRECTORY_ONLY_ROLES), unless the account is a break-glass administrator's."""
    if from_directory:
        return False
    if role in directory_only_roles():
        return email.strip().lower() in break_glass_emails()
    return True
