"""What can go wrong on the board's pages, each with words for the person who tried."""

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


class BoardError(Exception):
    """An action on a shared project that cannot be taken. Shown with `title` and `advice`."""

    code = 403
    title: str | LazyString = _l("You cannot do that")

    def __init__(self, advice: str) -> None:
        super().__init__(advice)
        self.advice = advice


class PeriodClosed(BoardError):
    """Nothing is posted or edited outside the comment period."""

    title = _l("Comments are closed")


class NotYours(BoardError):
    """Only the author may edit a comment."""

    title = _l("You can only change your own comments")


class AlreadyShared(BoardError):
    code = 409
    title = "This review is already shared"


class InvalidPeriod(BoardError):
    """A comment period outside the rules (too short, too long, too far ahead, in the past)."""

    code = 422
    title = "The comment period is not right"


class RecordSigned(BoardError):
    """The review is signed: its record, names included, is frozen."""

    code = 409
    title = _l("The review is signed")
