"""The board-answer fixtures: a review routed to the board, its reviewer, board members."""

from tests.board.answers.conftest import admin, member, member2
from tests.reviews.conftest import approver, qdir, request_id, review_id, reviewer

__all__ = ["admin", "approver", "member", "member2", "qdir", "request_id", "review_id", "reviewer"]
