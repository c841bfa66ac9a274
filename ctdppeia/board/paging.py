"""The staff's answer page, a page at a time: with hundreds of comments the page stays light.

Comments are taken in the order of the threads (a first comment, then its replies), every one
of them or only those waiting for a response, and cut into pages of ``BOARD_ANSWERS_PER_PAGE``.
A reply whose first comment is on another page is shown under a line naming that comment.
A link to one comment (`?comment=<id>`, from a notice or the submit page) opens its page.
"""

from dataclasses import dataclass, replace

from flask import current_app

from ctdppeia.board.exchange import Said

WAITING = "waiting"  # the filter: only comments that still need a response


@dataclass(frozen=True)
class Entry:
    """One block of the page: a comment with the replies on this page, or a reply whose first
    comment is elsewhere (`context`: that comment, named above the first such reply)."""

    said: Said
    context: Said | None = None
    is_reply: bool = False


@dataclass(frozen=True)
class AnswerPage:
    entries: list[Entry]
    page: int
    pages: int
    total: int  # comments under the filter
    waiting: int  # comments that need a response, on every page
    everything: int  # every comment and reply
    show: str  # WAITING or "all"
    size: int  # comments a page

    @property
    def first(self) -> int:
        """The number, under the filter, of the first comment on the page."""
        return (self.page - 1) * self.size + 1

    @property
    def last(self) -> int:
        return min(self.page * self.size, self.total)


def needs_response(said: Said) -> bool:
    return said.hidden is None and said.response is None


def _in_order(threads: list[Said]) -> list[tuple[Said, Said | None]]:
    """(comment, the first comment of its thread for a reply) in the threads' order."""
    flat: list[tuple[Said, Said | None]] = []
    for thread in threads:
        flat.append((thread, None))
        flat.extend((reply, thread) for reply in thread.replies)
    return flat


def _entries(chosen: list[tuple[Said, Said | None]]) -> list[Entry]:
    on_page = {said.comment.id for said, _first in chosen}
    entries: list[Entry] = []
    named: set[int] = set()
    for said, first in chosen:
        if first is None:
            replies = [reply for reply in said.replies if reply.comment.id in on_page]
            entries.append(Entry(replace(said, replies=replies)))
        elif first.comment.id not in on_page:
            context = None if first.comment.id in named else first
            named.add(first.comment.id)
            entries.append(Entry(replace(said, replies=[]), context, is_reply=True))
    return entries


def answer_page(threads: list[Said], page: int, show: str, comment: int | None) -> AnswerPage:
    """The page to show: page `page` (1 when out of range) of the comments under the filter
    `show`, or the page of the comment `comment` when it is under the filter."""
    size = max(1, int(current_app.config["BOARD_ANSWERS_PER_PAGE"]))
    flat = _in_order(threads)
    show = WAITING if show == WAITING else "all"
    kept = [pair for pair in flat if show != WAITING or needs_response(pair[0])]
    pages = max(1, -(-len(kept) // size))
    ids = [said.comment.id for said, _first in kept]
    if comment in ids:
        page = ids.index(comment) // size + 1
    page = page if 1 <= page <= pages else 1
    chosen = kept[(page - 1) * size : page * size]
    waiting = sum(1 for said, _first in flat if needs_response(said))
    return AnswerPage(_entries(chosen), page, pages, len(kept), waiting, len(flat), show, size)
