"""What the board may read of a shared review: the `board` questions with their answers and
the questionnaire's raised flags with the reviewer's response. Nothing else leaves here: no
other answers, no causes of flags, no analyses, no audit entries."""

from dataclasses import dataclass, field

from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, Review
from ctdppeia.reviews.flags import flag_panel
from ctdppeia.reviews.state import load_context

NOT_ANSWERED = "Not answered yet"


@dataclass(frozen=True)
class SharedQuestion:
    id: str
    section: str
    label: str
    help_html: str
    answer: str


@dataclass(frozen=True)
class SharedFlag:
    id: str
    title: str
    advice: str
    response_kind: str | None
    response_text: str | None


@dataclass
class Thread:
    comment: BoardComment
    replies: list[BoardComment] = field(default_factory=list)


def questionnaire_title(review: Review) -> str:
    return load_context(review).questionnaire.title


def shared_questions(review: Review) -> list[SharedQuestion]:
    """The questions marked `board` that the review asks, with their answers in words."""
    context = load_context(review)
    found = []
    for section in context.questionnaire.sections:
        for question in section.questions:
            if not question.board or not context.is_visible(question.id):
                continue
            answer = context.answer_text(question.id) or NOT_ANSWERED
            found.append(
                SharedQuestion(
                    question.id, section.title, question.label, question.board_help_html, answer
                )
            )
    return found


def shared_flags(review: Review) -> list[SharedFlag]:
    """The questionnaire's raised flags (not the analyses': they carry counts)."""
    found = []
    for entry in flag_panel(review).entries:
        if entry.flag.source != "questionnaire":
            continue
        response = entry.response
        found.append(
            SharedFlag(
                entry.flag.id,
                entry.flag.title,
                entry.flag.advice,
                response.kind_label if response else None,
                response.text if response else None,
            )
        )
    return found


def concern_choices(review: Review) -> list[tuple[str, str]]:
    """(value, label) for the concern select: none, each shared flag, each shared question."""
    choices = [("", "No, this is a general comment")]
    choices += [(f"flag:{flag.id}", f"Flag: {flag.title}") for flag in shared_flags(review)]
    choices += [(f"question:{q.id}", f"Question: {q.label}") for q in shared_questions(review)]
    return choices


def target_label(comment: BoardComment, review: Review) -> str | None:
    """The concern a comment names, in words (the id when it is no longer shared)."""
    if comment.concern_flag_id:
        key, fallback = f"flag:{comment.concern_flag_id}", comment.concern_flag_id
    elif comment.concern_question_id:
        key, fallback = f"question:{comment.concern_question_id}", comment.concern_question_id
    else:
        return None
    labels = dict(concern_choices(review))
    return labels.get(key, fallback)


def comments_of(share: BoardShare) -> list[BoardComment]:
    query = select(BoardComment).where(BoardComment.share_id == share.id)
    return list(db.session.scalars(query.order_by(BoardComment.created_at, BoardComment.id)))


def thread(share: BoardShare) -> list[Thread]:
    """First comments in the order written, each with its replies."""
    comments = comments_of(share)
    threads = {c.id: Thread(c) for c in comments if c.parent_id is None}
    for comment in comments:
        if comment.parent_id is not None and comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    return list(threads.values())
