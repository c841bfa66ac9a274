"""The kinds of notice of the shared steps: reminders of what comes due. Features register
their own kinds beside the code that makes them (`core.register_kind`)."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from ctdppeia.models import Role
from ctdppeia.notices.core import register_kind

# Reminders go to the people a due source names: agency staff and the AI advisory group.
DUE_ROLES = (Role.REVIEWER, Role.APPROVER, Role.AI_REVIEWER)


def register(app: Flask) -> None:
    register_kind(app, "due.30", _l("This is due in 30 days."), *DUE_ROLES)
    register_kind(app, "due.7", _l("This is due in 7 days."), *DUE_ROLES)
    register_kind(app, "due.0", _l("This is due today."), *DUE_ROLES)
    register_kind(app, "due.overdue", _l("This is overdue. Please act on it now."), *DUE_ROLES)
