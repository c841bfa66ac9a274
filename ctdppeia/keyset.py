"""Keyset pagination: "Older" and "Newer" pages of a list sorted newest first.

A page is found by the sort key of the row next to it (a time and an id), not by how many rows
come before it, so page 4,000 costs what page 1 costs: the database walks an index from the
key instead of counting and skipping every earlier row. The key travels in the link as
``<ISO time>_<id>``. A key this module could not have made (not that shape, an id beyond
MAX_ID, a time outside the calendar once moved to UTC) raises `PageKeyError`, which the site
answers with 400 and a plain message (ctdppeia.web), never a 500 from the database.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from ctdppeia.extensions import db
from ctdppeia.limits import MAX_ID

# Above this many matches the list says "more than" instead of counting every row. The rows
# a person may see are checked one by one (their agency's, or those it holds data for), so a
# count costs about COUNT_CAP / (the share of rows that match) rows read: at 100 it stays
# well under a page's other work at 100,000 requests, and a number past it would not change
# what the person does next (they filter or search).
COUNT_CAP = 100
# Rows read at a time when a filter is applied in Python (`paginate_kept`): for a page, and
# for counting.
PAGE_BATCH = 100
COUNT_BATCH = 500

Keep = Callable[[list[Any]], list[Any]]
_ID = re.compile(r"[0-9]{1,10}")  # ASCII digits only: int() refuses some other digits


class PageKeyError(ValueError):
    """An ``older`` or ``newer`` value that is not a key a list made."""


@dataclass(frozen=True)
class Key:
    at: datetime
    id: int

    def text(self) -> str:
        return f"{self.at.isoformat()}_{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> "Key | None":
        """The key in a link; None when there is none; PageKeyError when it is not a key."""
        if not text:
            return None
        at_text, _, id_text = text.strip().rpartition("_")
        if not _ID.fullmatch(id_text) or int(id_text) > MAX_ID:
            raise PageKeyError(text)
        try:
            at = datetime.fromisoformat(at_text)
            at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
        except (ValueError, OverflowError):  # not a time; past the calendar once in UTC
            raise PageKeyError(text) from None
        return cls(at, int(id_text))


@dataclass(frozen=True)
class KeysetPage:
    items: Sequence[Any]
    older: str | None  # the key to put in the "Older" link, None on the last page
    newer: str | None  # the key for "Newer", None on the first page
    total: int  # matches, counted up to COUNT_CAP + 1
    capped: bool  # more than COUNT_CAP match

    @property
    def total_text(self) -> str:
        return f"More than {COUNT_CAP:,}" if self.capped else f"{self.total:,}"


def _before(at: Any, id_: Any, key: Key) -> ColumnElement[bool]:
    # `at <= key` first, so the database can use an index on (at, id) to start at the key.
    return and_(at <= key.at, or_(at < key.at, id_ < key.id))


def _after(at: Any, id_: Any, key: Key) -> ColumnElement[bool]:
    return and_(at >= key.at, or_(at > key.at, id_ > key.id))


def paginate(
    query: Select[Any],
    at: Any,
    id_: Any,
    *,
    older: str | None = None,
    newer: str | None = None,
    per_page: int = 25,
) -> KeysetPage:
    """One page of `query` sorted by (`at`, `id_`) newest first: the rows older than the key
    `older`, or the rows newer than `newer`, or the newest rows."""
    Key.parse(older), Key.parse(newer)  # refuse a broken key before any query
    # Only the id is selected for the count: SQLite then reads no table row when the index it
    # walks holds every column the conditions need (it would read the row for each column).
    counted = query.with_only_columns(id_, maintain_column_froms=True).order_by(None)
    total = db.session.scalar(
        select(func.count()).select_from(counted.limit(COUNT_CAP + 1).subquery())
    )
    return paginate_kept(
        query, at, id_, _all, older=older, newer=newer, per_page=per_page, total=int(total or 0)
    )


def paginate_kept(
    query: Select[Any],
    at: Any,
    id_: Any,
    keep: Keep,
    *,
    older: str | None = None,
    newer: str | None = None,
    per_page: int = 25,
    total: int | None = None,
) -> KeysetPage:
    """`paginate` for a filter only Python can tell: `keep` takes rows in their order and
    returns those that match. Rows are read a batch at a time from the key until the page is
    full, and counted the same way up to COUNT_CAP + 1 (unless `total` is given)."""
    older_key, newer_key = Key.parse(older), Key.parse(newer)
    if total is None:
        total = len(_scan(query, at, id_, keep, None, True, COUNT_CAP + 1, COUNT_BATCH))
    batch = per_page + 1 if keep is _all else max(per_page + 1, PAGE_BATCH)
    if newer_key is not None and older_key is None:
        found = _scan(query, at, id_, keep, newer_key, False, per_page + 1, batch)
        items = list(reversed(found[:per_page]))
        more_newer, more_older = len(found) > per_page, True
    else:
        found = _scan(query, at, id_, keep, older_key, True, per_page + 1, batch)
        items = found[:per_page]
        more_newer, more_older = older_key is not None, len(found) > per_page
    keys = [_key(item, at, id_) for item in (items[0], items[-1])] if items else []
    return KeysetPage(
        items,
        older=keys[1].text() if keys and more_older else None,
        newer=keys[0].text() if keys and more_newer else None,
        total=total,
        capped=total > COUNT_CAP,
    )


def _scan(
    query: Select[Any],
    at: Any,
    id_: Any,
    keep: Keep,
    key: Key | None,
    backwards: bool,
    wanted: int,
    batch: int,
) -> list[Any]:
    """Up to `wanted` kept rows past `key` (older ones when `backwards`), nearest first."""
    found: list[Any] = []
    order = (at.desc(), id_.desc()) if backwards else (at, id_)
    while len(found) < wanted:
        step = query.order_by(None)
        if key is not None:
            step = step.where(_before(at, id_, key) if backwards else _after(at, id_, key))
        rows = list(db.session.scalars(step.order_by(*order).limit(batch)))
        found.extend(keep(rows))
        if len(rows) < batch:
            break
        key = _key(rows[-1], at, id_)
    return found[:wanted]


def _all(rows: list[Any]) -> list[Any]:
    return rows


def _key(item: Any, at: Any, id_: Any) -> Key:
    return Key(_value(item, at), _value(item, id_))


def _value(item: Any, column: Any) -> Any:
    return getattr(item, column.key)
