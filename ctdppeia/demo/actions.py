"""Demo action plans: the open review's mitigation becomes an action its reviewer owns, and the
decided review's condition an action of an office, already overdue (so the approver has an
overdue action waiting)."""

from datetime import date, timedelta

from sqlalchemy import select

from ctdppeia.actions import plan, services, sources
from ctdppeia.extensions import db
from ctdppeia.models import Review, User


def seed(reviewer: User) -> None:
    """Add the demo actions to the first two data-request reviews of the reviewer's agency."""
    query = select(Review).where(Review.subject_kind == "data-request").order_by(Review.id)
    reviews = list(db.session.scalars(query.limit(2)))
    if len(reviews) < 2:
        return
    today = plan.today()
    _add(reviewer, reviews[0], "flag", reviewer.id, "", today + timedelta(days=30))
    _add(reviewer, reviews[1], "condition", None, "OEC data team", today - timedelta(days=10))


def _add(
    reviewer: User,
    review: Review,
    kind: str,
    owner_id: int | None,
    office: str,
    due_on: date,
) -> None:
    found = [source for source in sources.sources_of(review) if source.kind == kind]
    if not found:
        return
    source = found[0]
    given = services.ActionInput(
        title=str(plan.defaults(source)["title"]),
        owner_user_id=owner_id,
        owner_name=office,
        due_on=due_on,
        status="in-progress" if kind == "condition" else "planned",
    )
    services.create_action(reviewer, review, source, given)
