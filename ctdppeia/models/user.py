"""Accounts and roles."""

import enum
from datetime import datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Boolean, Enum, ForeignKey, Index, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ctdppeia.extensions import Model
from ctdppeia.models.agency import Agency
from ctdppeia.models.timestamps import UTCDateTime, utcnow
from ctdppeia.translatable import N_

# How passwords are stored. The test suite's setting FAST_PASSWORD_HASH_FOR_TESTS (refused outside
# TESTING) uses one round of PBKDF2 instead, which takes microseconds rather than 0.1 s.
PASSWORD_HASH_METHOD = "scrypt"
FAST_TEST_HASH_METHOD = "pbkdf2:sha256:1"
# What the migration put in place of the recovery codes' old unsalted hashes (no "$": werkzeug
# matches no code against it).
RETIRED_RECOVERY_CODE = "retired"


def fast_password_hash() -> bool:
    """True when the test suite asked for the fast hash (never outside TESTING)."""
    return has_app_context() and bool(current_app.config.get("FAST_PASSWORD_HASH_FOR_TESTS"))


def hash_secret(secret: str) -> str:
    """A salted, slow hash of a password or a recovery code (werkzeug's format, the salt and
    the method inside it); the fast test-only hash when the test suite asked for it."""
    method = FAST_TEST_HASH_METHOD if fast_password_hash() else PASSWORD_HASH_METHOD
    return generate_password_hash(secret, method=method)


class Role(enum.StrEnum):
    REVIEWER = "reviewer"
    APPROVER = "approver"
    BOARD = "board"
    AI_REVIEWER = "ai_reviewer"
    ADMIN = "admin"


# Shown in the page header in the reader's language (`{{ _(user.role_label) }}`).
ROLE_LABELS: dict[Role, str] = {
    Role.REVIEWER: N_("Reviewer"),
    Role.APPROVER: N_("Approver (agency data officer)"),
    Role.BOARD: N_("Resident Advisory Board member"),
    Role.AI_REVIEWER: N_("AI reviewer (AI advisory group)"),
    Role.ADMIN: N_("Administrator"),
}


# Where an account comes from: a local password, or the state's directory (single sign-on).
LOCAL = "local"
DIRECTORY = "directory"
# The password hash of a directory account: no password matches it.
NO_LOCAL_PASSWORD = "directory"


class User(UserMixin, Model):
    __tablename__ = "user_account"
    __table_args__ = (
        Index("uq_user_directory_id", "directory_issuer", "directory_subject", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(
        Enum(Role, name="user_role", values_callable=lambda roles: [r.value for r in roles])
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    high_risk_subcommittee: Mapped[bool] = mapped_column(Boolean, default=False)
    ai_chair: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Stored in each session at sign-in; raising it ends every session of the account.
    session_generation: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # 'en' or 'es', chosen by the user; None: follow the browser's language.
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Two-step sign-in: the one-time code key, encrypted (ctdppeia.auth.mfa.codes), when it is on.
    mfa_secret: Mapped[str | None] = mapped_column(String(400), nullable=True)
    mfa_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The time step of the last code accepted: a code of that step or an earlier one is refused.
    mfa_last_step: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Set when an administrator chose or reset the password: until its owner picks a new one,
    # the account uses no page but the password change (ctdppeia.auth.must_change).
    password_must_change: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    # Single sign-on: LOCAL or DIRECTORY; for a directory account, the provider (issuer) and the
    # person's identifier there (subject), its access token (sealed, to ask the provider again
    # whether the person still belongs) and when that was last asked.
    identity_source: Mapped[str] = mapped_column(String(16), default=LOCAL, server_default=LOCAL)
    directory_issuer: Mapped[str | None] = mapped_column(String(255), nullable=True)
    directory_subject: Mapped[str | None] = mapped_column(String(255), nullable=True)
    directory_token: Mapped[str | None] = mapped_column(String(8000), nullable=True)
    directory_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    agency: Mapped[Agency] = relationship()

    @property
    def from_directory(self) -> bool:
        return self.identity_source == DIRECTORY

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def mfa_enabled(self) -> bool:
        return self.mfa_secret is not None and self.mfa_enabled_at is not None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def set_password(self, password: str) -> None:
        self.password_hash = hash_secret(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        """Sign the account out everywhere: every session made before now stops working."""
        self.session_generation = (self.session_generation or 0) + 1

    def __str__(self) -> str:
        return self.name


class RecoveryCode(Model):
    """A one-time recovery code for two-step sign-in, used once at most. `code_hash` is a salted,
    slow hash of the code (as for passwords), or RETIRED_RECOVERY_CODE for a code made before
    codes were hashed that way: it matches nothing, and its owner is asked to make new codes."""

    __tablename__ = "mfa_recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(256))
    # mfa.codes.recovery_lookup of the code: finds the one row to check (None when retired).
    lookup: Mapped[str | None] = mapped_column(String(16), nullable=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
