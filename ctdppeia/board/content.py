"""What the board may read of a shared review: the `board` questions with their answers and
the questionnaire's raised flags a board member can see (`Flag.board_visible`), each with its
resident text (what could go wrong for people) and the reviewer's response. Nothing else
leaves here: no reviewer advice, no other answers, no causes of flags, no analyses, no audit
entries.

With a `language`, the questionnaire's text (titles, questions, help, options, flags) is in
that language where the questionnaire is translated, and the labels are in the page's
language; without one, everything is as written (as the review snapshot and the PDF keep it).
Reviewers' free-text answers and responses always stay as written.
"""

from dataclasses import dataclass, field

from flask_babel import gettext
from sqlalchemy import select

from ctdppeia.board.answers import changed_ref_label
from ctdppeia.extensions import db
from ctdppeia.formtools import SelectChoice
from ctdppeia.i18n import DEFAULT_LANGUAGE, format_day_in, localized, text_language
from ctdppeia.models import AuditEvent, BoardComment, BoardShare, Review, ReviewAnswer
from ctdppeia.questionnaire import Question, Questionnaire
from ctdppeia.reviews.display import format_answer
from ctdppeia.reviews.flags import questionnaire_entries
from ctdppeia.reviews.prefill import is_board_text
from ctdppeia.reviews.state import load_context
from ctdppeia.translatable import N_

NOT_ANSWERED = N_("Not answered yet")
GENERAL = N_("No, this is a general comment")
FLAG_LABEL = N_("Flag: %(title)s")
QUESTION_LABEL = N_("Question: %(title)s")
NUMBERED_QUESTION_LABEL = N_("Question %(id)s: %(title)s")  # as the answering page names it


@dataclass(frozen=True)
class SharedQuestion:
    id: str
    section: str
    label: str
    help_html: str
    answer: str
    # The answer's language: free text is typed by staff, in English; choices, dates and
    # "not answered" are worded by the site in the page's language.
    answer_lang: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class SharedFlag:
    id: str
    title: str
    resident: str | None  # what could go wrong for people; None in files written before it
    response_kind: str | None
    response_text: str | None
    lang: str = "en"  # the language of the title and resident text (not all are translated)
    category: str = ""  # privacy | security | equity | legal | ai: the topic it is grouped by
    for_board: bool = False  # routed to the board: the agency asks the board about it


@dataclass
class Thread:
    comment: BoardComment
    replies: list[BoardComment] = field(default_factory=list)


def _words(text: str, language: str | None, **values: str) -> str:
    """A label in the page's language when a language is asked for, else as written."""
    if language:
        return gettext(text, **values)
    return text % values if values else text


def _questionnaire(review: Review, language: str | None) -> Questionnaire:
    questionnaire = load_context(review).questionnaire
    return localized(questionnaire, language) if language else questionnaire


def questionnaire_title(review: Review, language: str | None = None) -> str:
    return _questionnaire(review, language).title


def shared_questions(review: Review, language: str | None = None) -> list[SharedQuestion]:
    """The questions marked `board` that the review asks, with their answers in words."""
    context = load_context(review)
    questionnaire = _questionnaire(review, language)
    copied = copied_text(review)
    found = []
    for section in questionnaire.sections:
        for question in section.questions:
            if not question.board or not context.is_visible(question.id):
                continue
            value = None if question.id in copied else context.evaluation.answers.get(question.id)
            answer = _answer(question, value, language) or _words(NOT_ANSWERED, language)
            typed = question.type in ("text", "longtext") and value not in (None, "")
            found.append(
                SharedQuestion(
                    question.id, section.title, question.label, question.board_help_html, answer,
                    DEFAULT_LANGUAGE if typed else (language or DEFAULT_LANGUAGE),
                )
            )  # fmt: skip
    return found


def _answer(question: Question, value: object, language: str | None) -> str | None:
    """The answer in words; with a `language`, a date answer in it ("3 de diciembre de 2026").
    Without one, as the snapshot and the PDF keep it."""
    if language and question.type == "date" and isinstance(value, str):
        return format_day_in(value, language)
    return format_answer(question, value)


def copied_text(review: Review) -> set[str]:
    """Board free-text questions whose answer is still the subject's own text, copied when a
    review started before such answers stopped being copied (`reviews.prefill`) and never
    saved by a person since: the board does not read them."""
    about = (AuditEvent.scope_type == "review") & (AuditEvent.scope_id == review.id)
    copied = select(AuditEvent.object_id).where(
        about, AuditEvent.action == "review.answer_prefilled"
    )
    saved = select(AuditEvent.object_id).where(about, AuditEvent.action == "review.answer_changed")
    query = select(ReviewAnswer.question_id).where(
        ReviewAnswer.review_id == review.id,
        ReviewAnswer.id.in_(copied),
        ReviewAnswer.id.not_in(saved),
    )
    board_text = {q.id for q in load_context(review).questionnaire.questions if is_board_text(q)}
    return {qid for qid in db.session.scalars(query) if qid in board_text}


def shared_flags(review: Review, language: str | None = None) -> list[SharedFlag]:
    """The questionnaire's raised flags a board member can see (not the analyses': they
    carry counts), with their resident texts, never the reviewer's advice."""
    original = load_context(review).questionnaire
    visible = {flag.id for flag in original.flags if flag.board_visible}
    text = {flag.id: flag for flag in _questionnaire(review, language).flags}
    found = []
    for entry in questionnaire_entries(review):
        if entry.flag.id not in visible:
            continue
        flag, response = text[entry.flag.id], entry.response
        found.append(
            SharedFlag(
                entry.flag.id,
                flag.title,
                flag.resident,
                _words(response.kind_label, language) if response else None,
                response.text if response else None,
                text_language(original, ("flag", entry.flag.id, "title"), language)
                if language
                else "en",
                entry.flag.category,
                entry.flag.route == "board",
            )
        )
    return found


def no_concern_choice(language: str | None = None) -> tuple[str, str]:
    """The concern select's first choice: a general comment."""
    return ("", _words(GENERAL, language))


def concern_choices(review: Review, language: str | None = None) -> list[tuple[str, str]]:
    """(value, label) for the concern select: none, each shared flag, each shared question."""
    choices = [no_concern_choice(language)]
    choices += [
        (f"flag:{flag.id}", _words(FLAG_LABEL, language, title=flag.title))
        for flag in shared_flags(review, language)
    ]
    choices += [
        (f"question:{q.id}", _words(QUESTION_LABEL, language, title=q.label))
        for q in shared_questions(review, language)
    ]
    return choices


# The topics the concern select groups flags by, in words a resident uses.
TOPICS = {
    "privacy": N_("Flags about privacy"),
    "security": N_("Flags about keeping data safe"),
    "equity": N_("Flags about fairness"),
    "legal": N_("Flags about the law"),
    "ai": N_("Flags about artificial intelligence"),
}
MARKED_FOR_BOARD = N_("Flags the agency asks the board about")
QUESTIONS_IN = N_("Questions: %(section)s")


def grouped_concern_choices(review: Review, language: str | None = None) -> list[SelectChoice]:
    """The concern select's choices in groups a phone shows as headings: none first, then the
    flags the agency asks the board about, the other flags by topic, and the questions by
    section. The values are those of `concern_choices`."""
    choices = [SelectChoice(*no_concern_choice(language))]
    flags = shared_flags(review, language)
    groups: list[tuple[str, list[SharedFlag]]] = [
        (_words(MARKED_FOR_BOARD, language), [f for f in flags if f.for_board])
    ]
    for topic, label in TOPICS.items():
        found = [f for f in flags if not f.for_board and f.category == topic]
        groups.append((_words(label, language), found))
    for group, members in groups:
        choices += [
            SelectChoice(
                f"flag:{f.id}", _words(FLAG_LABEL, language, title=f.title), optgroup=group
            )
            for f in members
        ]
    for q in shared_questions(review, language):
        group = _words(QUESTIONS_IN, language, section=q.section)
        label = _words(QUESTION_LABEL, language, title=q.label)
        choices.append(SelectChoice(f"question:{q.id}", label, optgroup=group))
    return choices


def target_label(comment: BoardComment, review: Review, language: str | None = None) -> str | None:
    """The concern a comment names, in words (the id when it is no longer shared)."""
    if comment.concern_flag_id:
        key, fallback = f"flag:{comment.concern_flag_id}", comment.concern_flag_id
    elif comment.concern_question_id:
        key, fallback = f"question:{comment.concern_question_id}", comment.concern_question_id
    else:
        return None
    labels = dict(concern_choices(review, language))
    return labels.get(key, fallback)


def ref_label(review: Review, ref: str | None, language: str) -> str | None:
    """A "flag:<id>" or "question:<id>" in words, in `language` where the questionnaire is
    translated (an analysis's flag, not in the questionnaire, as the staff pages name it)."""
    if not ref:
        return None
    kind, _, ident = ref.partition(":")
    questionnaire = _questionnaire(review, language)
    if kind == "question" and questionnaire.has_question(ident):
        title = questionnaire.question(ident).label
        return _words(NUMBERED_QUESTION_LABEL, language, id=ident, title=title)
    flag = next((flag for flag in questionnaire.flags if flag.id == ident), None)
    if kind == "flag" and flag is not None:
        return _words(FLAG_LABEL, language, title=flag.title)
    return changed_ref_label(review, ref)


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
