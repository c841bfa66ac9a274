""" "Waiting for you": what a person must act on now, shown at the top of their home page.

Features register a source in their ``init_app(app)`` with `register_waiting(app, name,
source)`. A source takes the signed-in user and gives one `WaitingGroup` (or None when the
user's role has nothing of that kind): a label, how many items wait and how many of them are
overdue (counted in SQL), and the oldest items first, each with its title, link and since-date.
A source respects the user's access to each item (agency, conflicts of interest, board
sharing) and asks the database a fixed number of times, however many rows there are. The home
templates include ``_waiting.html``, which knows no feature.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import Flask, current_app
from sqlalchemy import Select, case, func, select

from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import User
from ctdppeia.models.timestamps import utcnow

SHOWN = 5  # items listed per group; the count says how many there are


@dataclass(frozen=True)
class WaitingItem:
    title: str
    url: str
    since: date | datetime  # when it started to wait: the panel lists the oldest first
    overdue: bool = False
    due: date | None = None  # for an item with a due date of its own: shown instead of `since`


@dataclass(frozen=True)
class WaitingGroup:
    label: str  # what waits, in words ("Reviews waiting for your approval")
    total: int  # every item of the kind waiting for the user
    overdue: int  # how many of them are overdue
    items: tuple[WaitingItem, ...]  # the oldest first, at most SHOWN
    more_url: str = ""  # the full list, when there is one

    @property
    def oldest(self) -> date:
        first = self.items[0].since if self.items else date.max
        return first.date() if isinstance(first, datetime) else first


WaitingSource = Callable[[User], WaitingGroup | None]


def register_waiting(app: Flask, name: str, source: WaitingSource) -> None:
    """Add a kind of waiting item (registering a name again replaces it)."""
    hooks(app).waiting_sources[name] = source


def waiting_for(user: User) -> list[WaitingGroup]:
    """The groups with something waiting for `user`, the group with the oldest item first."""
    found = [source(user) for source in hooks().waiting_sources.values()]
    groups = [group for group in found if group is not None and group.total]
    return sorted(groups, key=lambda group: group.oldest)


def overdue_since() -> datetime:
    """An item waiting since before this moment is overdue (WAITING_OVERDUE_DAYS)."""
    return utcnow() - timedelta(days=int(current_app.config["WAITING_OVERDUE_DAYS"]))


def counts(waited: Select[Any], late: date | datetime) -> tuple[int, int]:
    """How many rows `waited` gives (its one column: since when each waits, or a due date),
    and how many of them are from before `late`; in one query."""
    found = waited.subquery()
    column = next(iter(found.c))
    late_rows = func.coalesce(func.sum(case((column < late, 1), else_=0)), 0)
    total, overdue = db.session.execute(select(func.count(), late_rows).select_from(found)).one()
    return int(total), int(overdue)


def init_app(app: Flask) -> None:
    app.jinja_env.globals["waiting_for"] = waiting_for
