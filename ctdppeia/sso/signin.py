"""The end of every directory sign-in, whichever protocol brought the person: the groups give
one role in one agency, an administrator proved a second step, the account is made or brought
in step, and a new session starts."""

import logging
from dataclasses import dataclass

from flask import redirect, request, session
from werkzeug.wrappers import Response

from ctdppeia.auth import sessions
from ctdppeia.auth.mfa.signin import mark_passed
from ctdppeia.auth.redirects import safe_next
from ctdppeia.database import transaction
from ctdppeia.models import Role
from ctdppeia.sso import accounts, settings
from ctdppeia.sso.accounts import DirectoryRefusal, Person
from ctdppeia.translatable import N_

log = logging.getLogger(__name__)

NO_ROLE = N_(
    "Your state account is not in a group that gives you a role in this service. "
    "Ask your agency's administrator to add you."
)
NO_MFA = N_(
    "Administrators must sign in to their state account with a second step, such as a code "
    "or an app. Sign in again that way."
)


@dataclass(frozen=True)
class SignedIn:
    """What the provider vouched for: who, their groups, whether they used a second step, and
    (OpenID Connect) the access token to ask the provider again later."""

    person: Person
    groups: list[str]
    second_step: bool
    access_token: str | None = None


def finish(signed_in: SignedIn, next_path: str) -> Response:
    """Sign the person in, or raise DirectoryRefusal with the reason to show."""
    assignment = settings.assignment_for(signed_in.groups)
    if assignment is None:
        _close_if_known(signed_in.person, "signed in without a mapped group")
        raise DirectoryRefusal(NO_ROLE)
    if assignment.role is Role.ADMIN and not signed_in.second_step:
        raise DirectoryRefusal(NO_MFA)
    with transaction():
        user = accounts.bring_in_step(signed_in.person, assignment, signed_in.access_token)
    sessions.start_session(user)
    mark_passed()  # the directory asked for what two-step sign-in asks (checked above)
    log.info("sign-in from the directory: account %s from %s", user.id, request.remote_addr)
    session.modified = True
    return redirect(safe_next(next_path))


def _close_if_known(person: Person, reason: str) -> None:
    user = accounts.find(person)
    if user is not None and user.active:
        with transaction():
            accounts.close(user, reason)
