"""What can go wrong when changing a review, each with words for the person who tried."""

from dataclasses import dataclass, field
from datetime import datetime


class ReviewError(Exception):
    """A change to a review that cannot be made. `title` and `advice` are shown on the page."""

    code = 409
    title = "This review cannot change"

    def __init__(self, advice: str) -> None:
        super().__init__(advice)
        self.advice = advice


class ReviewLocked(ReviewError):
    """The review was confirmed: its answers, responses and decision can never change."""

    title = "This review is locked"

    def __init__(self, advice: str = "") -> None:
        super().__init__(
            advice
            or "It was decided and confirmed, so its answers, flag responses and decision can "
            "no longer change. To change something, open the review and start an amendment."
        )


class ReviewSubmitted(ReviewError):
    """The review waits for an approver; nothing changes until it is confirmed or sent back."""

    title = "This review is waiting for approval"

    def __init__(self) -> None:
        super().__init__(
            "Its answers cannot change while an approver looks at it. If something must change, "
            "ask the approver to send it back to you."
        )


class WrongState(ReviewError):
    """The action does not fit the review's state (nothing to approve, not locked yet)."""

    title = "That cannot be done now"


class NotAllowed(ReviewError):
    """The user may see the review but may not take this action."""

    code = 403
    title = "You cannot do that"


@dataclass(frozen=True)
class ConflictItem:
    """One answer someone else changed since the form was loaded."""

    question_id: str
    label: str
    theirs: str | None
    yours: str | None
    by: str
    at: datetime


@dataclass(eq=False)
class SaveConflict(Exception):
    """The review changed since the form was loaded; nothing was saved."""

    current_version: int
    items: list[ConflictItem] = field(default_factory=list)
    by: str = ""  # who saved last, when known
    by_id: int | None = None


class ChangedMeanwhile(ReviewError):
    """Someone changed the review at the same moment; nothing was saved."""

    title = "Someone else changed this review at the same time"

    def __init__(self) -> None:
        super().__init__("Nothing was changed. Go back, reload the page, and try again.")


@dataclass(frozen=True)
class Problem:
    """One reason a review cannot be submitted, pointing at what to fix."""

    text: str
    section_id: str | None = None
    question_id: str | None = None
    flag_id: str | None = None
    url: str | None = None  # where to fix it, when it is not a question or a flag
    endpoint: str | None = None  # a page of the review to fix it on (review_id=...)
    anchor: str | None = None
    values: dict[str, str | int] | None = None  # the endpoint's query values, if any


@dataclass(eq=False)
class SubmissionRefused(Exception):
    """The review cannot be submitted yet; `problems` say what to do."""

    problems: list[Problem]


class InvalidAnswers(ValueError):
    """Some answers do not fit their questions; `errors` maps question id -> message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{qid}: {message}" for qid, message in errors.items()))
        self.errors = errors
