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
from flask_babel import gettext
from sqlalchemy import Select, case, func, select

from ctdppeia.extensions import db
from ctdppeia.hooks import hooks
from ctdppeia.models import User
from ctdppeia.models.timestamps import utcnow

SHOWN = 5  # items listed per group; the count says how many there are
# A source whose items grow with the state's work (an approver's queue) counts up to here and
# then says "more than": a count that stops keeps the home page as fast at 100,000 requests as
# at 1,000, and a number past this would not change what the person does next.
COUNT_CAP = 100


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
    capped: bool = False  # counted with `capped_counts`: a count above COUNT_CAP means "more"

    @property
    def total_over(self) -> bool:
        """More than COUNT_CAP wait (the exact number was not counted)."""
        return self.capped and self.total > COUNT_CAP

    @property
    def overdue_over(self) -> bool:
        return self.capped and self.overdue > COUNT_CAP

    @property
    def total_text(self) -> str:
        return _more_than() if self.total_over else str(self.total)

    @property
    def overdue_text(self) -> str:
        return _more_than() if self.overdue_over else str(self.overdue)

    @property
    def counted_total(self) -> int:
        """The total, or COUNT_CAP when there are more (for a sum that says "more than")."""
        return COUNT_CAP if self.total_over else self.total

    @property
    def counted_overdue(self) -> int:
        return COUNT_CAP if self.overdue_over else self.overdue

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


def capped_counts(waited: Select[Any], column: Any, late: date | datetime) -> tuple[int, int]:
    """`counts`, each stopping at COUNT_CAP + 1 rows: how many rows `waited` gives, and how
    many of them have `column` before `late`; in one statement. With an index that holds the
    rows in `column` order (oldest first) both stop after COUNT_CAP + 1 index entries."""
    limit = COUNT_CAP + 1
    total = select(func.count()).select_from(waited.limit(limit).subquery()).scalar_subquery()
    late_rows = waited.where(column < late).limit(limit).subquery()
    overdue = select(func.count()).select_from(late_rows).scalar_subquery()
    found_total, found_overdue = db.session.execute(select(total, overdue)).one()
    return int(found_total), int(found_overdue)


def _more_than() -> str:
    return gettext("more than %(count)s", count=COUNT_CAP)
