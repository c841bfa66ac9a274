"""The AI use case list: a page of the use cases a user may see, newest first, each with where
it stands (`queue`), filtered on that status when one is chosen."""

from collections.abc import Callable

from sqlalchemy.orm import selectinload

from ctdppeia import keyset
from ctdppeia.ai import queue
from ctdppeia.ai.permissions import visible_to
from ctdppeia.models import AIUseCase, User

Row = tuple[AIUseCase, str]


def use_case_page(
    user: User, status: str, older: str | None, newer: str | None, per_page: int
) -> tuple[keyset.KeysetPage, list[Row]]:
    """One page of the use cases `user` may see (with `status`, when given) and its rows."""
    query = visible_to(user).options(selectinload(AIUseCase.agency))
    at, id_ = AIUseCase.created_at, AIUseCase.id
    if not status:
        page = keyset.paginate(query, at, id_, older=older, newer=newer, per_page=per_page)
        return page, queue.queue(list(page.items))
    narrowed = queue.candidates(status)
    if narrowed is not None:
        query = query.where(narrowed)
    page = keyset.paginate_kept(
        query, at, id_, _with_status(status), older=older, newer=newer, per_page=per_page
    )
    return page, queue.queue(list(page.items))


def _with_status(status: str) -> Callable[[list[AIUseCase]], list[AIUseCase]]:
    def keep(use_cases: list[AIUseCase]) -> list[AIUseCase]:
        return [use_case for use_case, found in queue.queue(use_cases, status)]

    return keep
