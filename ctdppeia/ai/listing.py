"""The AI use case list: a page of the use cases a user may see, newest first, each with where
it stands (`queue`), filtered on that status when one is chosen. The filter is SQL on the
stored status (`AIUseCase.queue_status`), so a filtered page costs what an unfiltered one
does."""

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
    if status:
        query = query.where(queue.status_condition(status))
    at, id_ = AIUseCase.created_at, AIUseCase.id
    page = keyset.paginate(query, at, id_, older=older, newer=newer, per_page=per_page)
    return page, queue.queue(list(page.items))
