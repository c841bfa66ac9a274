"""A shared project for the demo data: open for comments, with a few comments already."""

from ctdppeia.board import period, services
from ctdppeia.models import BoardComment, Review, User

SUMMARY = (
    "A team at the University of Connecticut wants to know one thing. Do parents who get "
    "help paying for child care earn more two years later?\n\n"
    "To find out, they want data about parents who got this help. The data show the "
    "parent's race, town and pay. Names are taken out first.\n\n"
    "**What could go well:** the state could learn how to help more families.\n\n"
    "**What could go badly:** a small town or group could be easy to spot. Or the results "
    "could be used to blame a group of parents."
)
SUMMARY_ES = (
    "Un equipo de la Universidad de Connecticut quiere saber algo. ¿Ganan más los padres que "
    "reciben ayuda para pagar el cuidado de niños, dos años después?"
)
COMMENTS = (
    (
        "I used Care 4 Kids when my son was small. Please ask parents like me what "
        "*earning more* means. A second job is not always better.",
        True,
        None,
    ),
    (
        "Records about each person worry me. In a small town, people know who gets help.",
        False,
        "question:A1",
    ),
)
REPLY = "Thank you. I agree we should ask parents first."


def add(reviewer: User, member: User, review: Review) -> None:
    """Share `review` from today for ten working days, with two comments and a reply."""
    today = period.today()
    closes = period.add_working_days(today, 10)
    share = services.share_review(reviewer, review, SUMMARY, SUMMARY_ES, today, closes)
    first: BoardComment | None = None
    for body, show_name, concern in COMMENTS:
        kind, _, target = (concern or "").partition(":")
        data = services.CommentInput(
            body,
            show_name,
            target if kind == "flag" else None,
            target if kind == "question" else None,
        )
        said = services.post_comment(member, share, data)
        first = first or said
    services.post_comment(member, share, services.CommentInput(REPLY, True), first)
