"""Choosing the data requests a use case uses, at any number of requests: the agency's most
recent ones to tick, and any other the agency may see, by its number.

The rule is the one the form always had: a use case may use any request the user's agency can
see (`ctdppeia.requests.permissions.visible_to`). A number the agency cannot see is refused
with the same words as a number that does not exist, so numbers do not tell what exists.
"""

import re
from collections.abc import Iterable

from flask_babel import ngettext

from ctdppeia import limits
from ctdppeia.extensions import db
from ctdppeia.models import DataRequest, User
from ctdppeia.requests import permissions as request_permissions

RECENT = 20  # the agency's most recent requests offered to tick
MAX_NUMBERS = 20  # request numbers one form may add
_NUMBER = re.compile(r"#?([0-9]{1,10})")
_SEPARATORS = re.compile(r"[\s,;]+")
_WORDS = {"request", "requests"}


class NumbersRefused(ValueError):
    """The typed request numbers cannot be used; the message says why."""


def parse_numbers(text: str) -> list[int]:
    """The request numbers in `text` ("1042, 1187", "#1042", "request 1042"), in order."""
    numbers: list[int] = []
    for token in _SEPARATORS.split(text.strip()):
        if not token or token.lower() in _WORDS:
            continue
        found = _NUMBER.fullmatch(token)
        if found is None:
            raise NumbersRefused(
                f"“{token[:40]}” is not a request number. "
                "Write the numbers only, for example 1042, 1187."
            )
        numbers.append(int(found.group(1)))
    if len(numbers) > MAX_NUMBERS:
        raise NumbersRefused(f"Add at most {MAX_NUMBERS} requests at a time by number.")
    return list(dict.fromkeys(numbers))


def linkable(user: User, ids: Iterable[int]) -> list[DataRequest]:
    """The requests among `ids` that `user` may link."""
    wanted = {number for number in ids if 1 <= number <= limits.MAX_ID}
    if not wanted:
        return []
    query = request_permissions.visible_to(user).where(DataRequest.id.in_(wanted))
    return list(db.session.scalars(query))


def check_numbers(user: User, numbers: list[int]) -> None:
    """NumbersRefused naming the numbers `user` may not link (unknown or not visible)."""
    allowed = {item.id for item in linkable(user, numbers)}
    refused = [str(number) for number in numbers if number not in allowed]
    if refused:
        raise NumbersRefused(
            ngettext(
                "Request %(numbers)s cannot be linked: your agency has no request with this "
                "number. Check the number on the request's page.",
                "Requests %(numbers)s cannot be linked: your agency has no requests with these "
                "numbers. Check the numbers on the requests' pages.",
                len(refused),
                numbers=", ".join(refused),
            )
        )


def recent(user: User) -> list[DataRequest]:
    """The RECENT most recent requests `user` may link, newest first."""
    query = request_permissions.visible_to(user)
    query = query.order_by(DataRequest.created_at.desc(), DataRequest.id.desc())
    return list(db.session.scalars(query.limit(RECENT)))


def choices(user: User, also: Iterable[int] = ()) -> list[tuple[int, str]]:
    """The requests to tick: the most recent ones and those among `also` (already linked,
    started from, or ticked) that `user` may link; newest first."""
    found = {item.id: item for item in (*recent(user), *linkable(user, also))}
    ordered = sorted(found.values(), key=lambda item: (item.created_at, item.id), reverse=True)
    return [(item.id, f"Request {item.id}: {item.title}") for item in ordered]
