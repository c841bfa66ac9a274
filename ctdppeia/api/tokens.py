"""Agency API tokens: made by an administrator or an approver of the agency, shown once,
stored as their SHA-256, scoped to one agency and to read scopes, expiring, revocable. Every
use is written to the audit log.

A token reads ``ctd_`` and 43 URL-safe characters (256 random bits), so its SHA-256 alone
identifies it; nothing that could rebuild it is kept.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import API_SCOPES, Agency, ApiToken, Role, User
from ctdppeia.models.timestamps import utcnow

PREFIX = "ctd_"
MAX_DAYS = 365


class TokenRefused(Exception):
    """The token in a request cannot be used; `reason` says why, for the problem's detail."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class NewToken:
    row: ApiToken
    secret: str  # shown once, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def may_manage(user: User, agency: Agency) -> bool:
    """Administrators for any agency; an approver for their own."""
    return user.role is Role.ADMIN or (user.role is Role.APPROVER and user.agency_id == agency.id)


def create_token(user: User, agency: Agency, name: str, scopes: list[str], days: int) -> NewToken:
    if not may_manage(user, agency):
        raise PermissionError("only an administrator or an approver of the agency")
    if not scopes or any(scope not in API_SCOPES for scope in scopes):
        raise ValueError("choose at least one of the read scopes")
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a token lasts from 1 to {MAX_DAYS} days")
    secret = PREFIX + secrets.token_urlsafe(32)
    now = utcnow()
    row = ApiToken(
        agency_id=agency.id,
        name=name,
        token_hash=digest(secret),
        prefix=secret[:12],
        scopes=sorted(scopes),
        created_by_id=user.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    with transaction():
        db.session.add(row)
        summary = f"Made the API token “{name}” ({row.prefix}…) for {agency.code}, {days} days"
        audit.record(user, "api_token.created", row, scope=agency, summary=summary)
    return NewToken(row, secret)


def revoke_token(user: User, token: ApiToken) -> None:
    if not may_manage(user, token.agency):
        raise PermissionError("only an administrator or an approver of the agency")
    if token.revoked_at is not None:
        return
    with transaction():
        token.revoked_at, token.revoked_by_id = utcnow(), user.id
        summary = f"Revoked the API token “{token.name}” ({token.prefix}…)"
        audit.record(user, "api_token.revoked", token, scope=token.agency, summary=summary)


def tokens_of(user: User) -> list[ApiToken]:
    """The tokens `user` may see and revoke, newest first."""
    query = select(ApiToken).order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    if user.role is not Role.ADMIN:
        query = query.where(ApiToken.agency_id == user.agency_id)
    return list(db.session.scalars(query))


def authenticate(header: str | None, scope: str, what: str) -> ApiToken:
    """The token of an ``Authorization: Bearer`` header, when usable for `scope`; its use is
    recorded (`what`: the method and path). TokenRefused otherwise (nothing recorded)."""
    scheme, _, secret = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise TokenRefused("Send an agency token: Authorization: Bearer <token>.")
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret.strip())))
    if token is None:
        raise TokenRefused("This token is not known.")
    now = utcnow()
    if token.revoked_at is not None:
        raise TokenRefused("This token was revoked.")
    if now >= token.expires_at:
        raise TokenRefused("This token has expired.")
    if scope not in token.scopes:
        raise PermissionError(f"This token does not have the scope {scope}.")
    _record_use(token, what)
    return token


def _record_use(token: ApiToken, what: str) -> None:
    with transaction():
        summary = f"API token {token.prefix}… read {what}"
        audit.record(None, "api_token.used", token, scope=token.agency, summary=summary)
