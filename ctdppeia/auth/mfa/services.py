"""Switching two-step sign-in on and off, checking a code, and an administrator's reset.

Every change is an audit event and emails the account's owner (after commit)."""

from sqlalchemy import delete, select

from ctdppeia import audit
from ctdppeia.auth import change_notice, sessions
from ctdppeia.auth.mfa import codes
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import RecoveryCode, User
from ctdppeia.models.user import RETIRED_RECOVERY_CODE
from ctdppeia.translatable import N_

WRONG_CODE = N_(
    "That code is not right. Type the 6-digit code your app shows now, or a recovery code."
)
USED_CODE = N_("That code was used already. Wait for the next code in your app, then type it.")
WRONG_PASSWORD = N_("That is not your password.")
APP_CODE_ONLY = N_("Type the 6-digit code your authenticator app shows now.")
NOT_ON = N_("Two-step sign-in is not on for this account.")
OWN_ACCOUNT = N_("Use your own two-step sign-in page to change your own.")


class TwoStepError(ValueError):
    """A refused code or change; `field` is the form field the message belongs beside."""

    def __init__(self, message: str, field: str = "code") -> None:
        super().__init__(message)
        self.field = field


def _check_one_time_code(user: User, key: str, code: str) -> None:
    """Accept a code once: its time step must be later than the last one accepted."""
    step = codes.matching_step(key, code, sessions.now())
    if step is None:
        raise TwoStepError(WRONG_CODE)
    if user.mfa_last_step is not None and step <= user.mfa_last_step:
        raise TwoStepError(USED_CODE)
    user.mfa_last_step = step


def _use_recovery_code(user: User, code: str) -> None:
    """A code of the right shape is looked up by its keyed lookup value among the account's
    unused codes, then checked against that row's salted, slow hash."""
    if not codes.is_recovery_code(code):
        raise TwoStepError(WRONG_CODE)
    lookup = codes.recovery_lookup(code)
    candidates = [row for row in unused_recovery_codes(user) if row.lookup == lookup]
    found = next((row for row in candidates if codes.recovery_matches(row.code_hash, code)), None)
    if found is None:
        raise TwoStepError(WRONG_CODE)
    found.used_at = sessions.now()
    left = len(unused_recovery_codes(user)) - 1
    audit.record(
        user, "user.mfa_recovery_code_used", user, summary=f"Recovery code used; {left} left"
    )


def unused_recovery_codes(user: User) -> list[RecoveryCode]:
    """The account's codes that still work: not used, and not retired by the migration."""
    query = select(RecoveryCode).where(
        RecoveryCode.user_id == user.id,
        RecoveryCode.used_at.is_(None),
        RecoveryCode.code_hash != RETIRED_RECOVERY_CODE,
    )
    return list(db.session.scalars(query.order_by(RecoveryCode.id)))


def has_retired_recovery_codes(user: User) -> bool:
    """Whether the account still has codes of the old, shorter kind, which no longer work."""
    query = select(RecoveryCode.id).where(
        RecoveryCode.user_id == user.id,
        RecoveryCode.used_at.is_(None),
        RecoveryCode.code_hash == RETIRED_RECOVERY_CODE,
    )
    return db.session.scalar(query.limit(1)) is not None


def check_code(user: User, typed: str) -> None:
    """Check a one-time code or an unused recovery code and commit its use; TwoStepError if
    it is wrong or was used before."""
    key = codes.unseal(user.mfa_secret) if user.mfa_enabled else None
    if key is None:
        raise TwoStepError(WRONG_CODE)
    code = codes.normalise(typed)
    with transaction():
        if codes.is_one_time_code(code):
            _check_one_time_code(user, key, code)
        else:
            _use_recovery_code(user, code)


def enable(user: User, key: str, typed: str) -> list[str]:
    """Switch two-step sign-in on once a code from the new key is right; the recovery codes,
    shown once (only their hashes are kept). Every session of the account ends (the caller
    keeps its own): someone who turns it on because they fear an intruder shuts them out."""
    code = codes.normalise(typed)
    step = codes.matching_step(key, code, sessions.now()) if codes.is_one_time_code(code) else None
    if step is None:
        raise TwoStepError(WRONG_CODE)
    with transaction():
        user.mfa_secret = codes.seal(key)
        user.mfa_enabled_at = sessions.now()
        user.mfa_last_step = step
        user.end_sessions()
        recovery = _replace_recovery_codes(user)
        audit.record(
            user, "user.mfa_enabled", user, summary=f"{user.name} turned on two-step sign-in"
        )
        change_notice.queue(user, change_notice.MFA_ON)
    return recovery


def _replace_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    recovery = codes.new_recovery_codes()
    for code in recovery:
        db.session.add(codes.stored_recovery_code(user.id, code))
    return recovery


def renew_recovery_codes(user: User, password: str, typed: str) -> list[str]:
    """Ten new recovery codes in place of every earlier one, once the password and a code from
    the app are right (a recovery code cannot make more); shown once, only their hashes kept."""
    key = codes.unseal(user.mfa_secret) if user.mfa_enabled else None
    if key is None:
        raise TwoStepError(NOT_ON)
    if not user.check_password(password):
        raise TwoStepError(WRONG_PASSWORD, "password")
    code = codes.normalise(typed)
    if not codes.is_one_time_code(code):
        raise TwoStepError(APP_CODE_ONLY)
    with transaction():
        _check_one_time_code(user, key, code)
        recovery = _replace_recovery_codes(user)
        audit.record(
            user,
            "user.mfa_recovery_codes_renewed",
            user,
            summary=f"{user.name} made new recovery codes",
        )
    return recovery


def _switch_off(user: User) -> None:
    user.mfa_secret = None
    user.mfa_enabled_at = None
    user.mfa_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def disable(user: User, password: str, typed: str) -> None:
    """Switch one's own two-step sign-in off: the password and a code are both needed."""
    if not user.mfa_enabled:
        raise TwoStepError(NOT_ON)
    if not user.check_password(password):
        raise TwoStepError(WRONG_PASSWORD, "password")
    check_code(user, typed)  # commits the code's use, so it cannot be replayed
    with transaction():
        _switch_off(user)
        audit.record(
            user, "user.mfa_disabled", user, summary=f"{user.name} turned off two-step sign-in"
        )
        change_notice.queue(user, change_notice.MFA_OFF)


def reset(actor: User, user: User) -> None:
    """An administrator switches off another account's two-step sign-in (a lost phone); every
    session of that account ends."""
    if actor.id == user.id:
        raise TwoStepError(OWN_ACCOUNT)
    if not user.mfa_enabled:
        raise TwoStepError(NOT_ON)
    with transaction():
        _switch_off(user)
        user.end_sessions()
        audit.record(
            actor, "user.mfa_reset", user, summary=f"Reset the two-step sign-in of {user.name}"
        )
        change_notice.queue(user, change_notice.MFA_RESET)
