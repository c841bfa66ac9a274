"""What comes due, and dated events, as features register them for the scheduled run.

A feature registers a function that returns its due items (`register_due_source`): a
condition, a re-assessment, an action of an action plan. Each names its owners and approvers,
its due date, its title and its link. The run reminds them 30, 7 and 0 days before and once
when it is overdue. A dated source (`register_dated_source`) gives notices that fall on a day
(a comment period opening or closing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from flask import Flask

from ctdppeia.hooks import hooks
from ctdppeia.notices.core import Item

# Days before the due date at which a reminder goes out; "overdue" once it has passed.
STEPS = (30, 7, 0)
# How far back a run still sends a dated notice it had not sent (a scheduler was down).
DATED_LOOK_BACK_DAYS = 7


@dataclass(frozen=True)
class DueItem:
    """Something with a due date: who owns it, who approves it, when, and where to act."""

    item: Item
    due_on: date
    owner_ids: frozenset[int]
    approver_ids: frozenset[int]

    @property
    def recipient_ids(self) -> frozenset[int]:
        return self.owner_ids | self.approver_ids


@dataclass(frozen=True)
class DatedNotice:
    """A notice that falls on a day: `kind` to `user_ids` about `item` on `on`."""

    kind: str
    item: Item
    on: date
    user_ids: frozenset[int]


DueSource = Callable[[date], Iterable[DueItem]]
DatedSource = Callable[[date], Iterable[DatedNotice]]


def register_due_source(app: Flask, name: str, source: DueSource) -> None:
    """`source(today)` returns the open items due within 30 days or overdue."""
    hooks(app).due_sources[name] = source


def register_dated_source(app: Flask, name: str, source: DatedSource) -> None:
    """`source(today)` returns the notices that fall on a day up to `today`."""
    hooks(app).dated_sources[name] = source


def due_items(today: date) -> list[DueItem]:
    return [item for source in hooks().due_sources.values() for item in source(today)]


def dated_notices(today: date) -> list[DatedNotice]:
    return [found for source in hooks().dated_sources.values() for found in source(today)]


def due_step(due_on: date, today: date) -> str | None:
    """The reminder due today: "30", "7" or "0" (days left, the nearest step reached), or
    "overdue"; None while more than 30 days are left. A run that missed a step sends the
    nearest one reached, so a reminder is late at worst, never lost."""
    left = (due_on - today).days
    if left < 0:
        return "overdue"
    reached = [step for step in STEPS if left <= step]
    return str(min(reached)) if reached else None


def due_kind(step: str) -> str:
    return "due.overdue" if step == "overdue" else f"due.{step}"
