"""An email to the account's owner after a change to how they sign in (password, two-step
sign-in), so that someone who did not make it can act. Sent after commit, dropped on rollback
(ctdppeia.notices.email). It says what changed and when, never a password, key or code."""

from ctdppeia.auth import sessions
from ctdppeia.extensions import db
from ctdppeia.mail import mail_enabled, render_email
from ctdppeia.models import User
from ctdppeia.notices.email import PENDING, Link, PendingEmail, absolute_url, recipient

PASSWORD_CHANGED = "password_changed"
PASSWORD_RESET = "password_reset"
PASSWORD_RESET_LINK = "password_reset_link"
MFA_ON = "mfa_on"
MFA_OFF = "mfa_off"
MFA_RESET = "mfa_reset"
CHANGES = (PASSWORD_CHANGED, PASSWORD_RESET, PASSWORD_RESET_LINK, MFA_ON, MFA_OFF, MFA_RESET)


def queue(user: User, change: str) -> None:
    """Write the email now, in the user's language; it is sent if the session commits."""
    if change not in CHANGES:
        raise ValueError(f"not a sign-in change: {change!r}")
    if not mail_enabled() or not user.active:
        return
    email = render_email(
        user.language,
        "sign_in_changed",
        name=user.name,
        change=change,
        when=sessions.now(),
        url=absolute_url(Link("auth.login", {})),
    )
    pending = db.session.info.setdefault(PENDING, [])
    pending.append(PendingEmail(recipient(user), email.subject, email.text))
