"""How each person gets their notices by email: each one, a daily or weekly digest, or none."""

from datetime import datetime

from sqlalchemy import select

from ctdppeia import audit
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import EMAIL_MODES, NoticeSetting, User
from ctdppeia.models.timestamps import utcnow

DEFAULT_MODE = "each"


def setting_of(user: User) -> NoticeSetting | None:
    return db.session.get(NoticeSetting, user.id)


def email_mode(user: User) -> str:
    found = setting_of(user)
    return found.email_mode if found is not None else DEFAULT_MODE


def digest_users(mode: str) -> list[tuple[User, datetime]]:
    """The active people who chose the `mode` digest, with when they chose it."""
    query = (
        select(User, NoticeSetting.changed_at)
        .join(NoticeSetting, NoticeSetting.user_id == User.id)
        .where(NoticeSetting.email_mode == mode, User.active.is_(True))
        .order_by(User.id)
    )
    return [(user, changed) for user, changed in db.session.execute(query)]


def set_email_mode(user: User, mode: str) -> None:
    """Store `user`'s choice; ValueError for a mode that is not offered. A digest lists only
    the notices made after the choice, so nothing emailed before is emailed again."""
    if mode not in EMAIL_MODES:
        raise ValueError(f"no email preference {mode!r}")
    before = email_mode(user)
    if before == mode:
        return
    with transaction():
        found = setting_of(user)
        if found is None:
            found = NoticeSetting(user_id=user.id)
            db.session.add(found)
        found.email_mode, found.changed_at = mode, utcnow()
        audit.record(
            user,
            "user.notice_email",
            user,
            changes={"notice_email": (before, mode)},
            summary=f"Notice emails: {mode}",
        )
