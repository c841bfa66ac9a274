"""For the demo data: a decided review the board was consulted on, its comment answered, so
the signed PDF and the summary show "you said, we did"."""

from datetime import timedelta

from ctdppeia.board import period, services
from ctdppeia.board.answers import AnswerInput, answer_comments
from ctdppeia.board.gate import needs_board
from ctdppeia.database import transaction
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, Review, User
from ctdppeia.models.timestamps import utcnow

SUMMARY = (
    "The state wants to know if people who lose health coverage end up in the emergency room "
    "more often. Names are taken out first. Only counts by county leave the agency."
)
COMMENT = "Please show only counties, not towns. In a small town people know each other."
RESPONSE = "We changed the plan: the tables now show counties only, never towns."


def consulted(reviewer: User, member: User, review: Review) -> None:
    """When a flag routes `review` to the board: shared a month ago, one comment posted while
    the period was open, and the reviewer's answer to it."""
    if not needs_board(review):
        return
    today = period.today()
    share = services.share_review(
        reviewer, review, SUMMARY, None, today - timedelta(days=30), today - timedelta(days=10)
    )
    with transaction():
        said = BoardComment(
            share_id=share.id,
            author_id=member.id,
            body=COMMENT,
            show_name=True,
            language="en",
            created_at=utcnow() - timedelta(days=20),
        )
        db.session.add(said)
    answer = AnswerInput(said.id, "changed", RESPONSE, "question:A9")
    answer_comments(reviewer, review, [answer])


def heard_without_comments(
    reviewer: User, review: Review, summary: str, title_es: str | None = None
) -> None:
    """When a flag routes `review` to the board: shared last month, and the period closed
    with nothing said, so that the review can be submitted."""
    if not needs_board(review):
        return
    today = period.today()
    opened, closed = today - timedelta(days=30), today - timedelta(days=10)
    services.share_review(reviewer, review, summary, None, opened, closed, title_es=title_es)
