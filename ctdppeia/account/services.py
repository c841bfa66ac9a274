"""Changing the signed-in user's own settings."""

from ctdppeia import audit
from ctdppeia.database import transaction
from ctdppeia.i18n import supported
from ctdppeia.models import User


def set_language(user: User, language: str) -> None:
    """Store the language `user` reads the site in; ValueError if it is not offered."""
    if supported(language) is None:
        raise ValueError(f"the site is not offered in {language!r}")
    if user.language == language:
        return
    with transaction():
        changes = {"language": (user.language, language)}
        user.language = language
        audit.record(user, "user.language", user, changes=changes, summary=f"Language: {language}")
