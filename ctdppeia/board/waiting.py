""" "Waiting for you" for a Resident Advisory Board member: the shared projects open for
comments that they have not commented on yet (the board sees every shared project; nothing
of the staff's work). A comment is the member's choice, so nothing here is ever overdue."""

from flask import Flask, url_for
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from ctdppeia.board import period
from ctdppeia.board.listing import titles
from ctdppeia.extensions import db
from ctdppeia.models import BoardComment, BoardShare, Role, User
from ctdppeia.waiting import SHOWN, WaitingGroup, WaitingItem, counts, register_waiting


def init_app(app: Flask) -> None:
    register_waiting(app, "board.open-projects", open_projects)


def open_projects(user: User) -> WaitingGroup | None:
    if user.role is not Role.BOARD:
        return None
    today = period.today()
    commented = exists().where(
        BoardComment.share_id == BoardShare.id, BoardComment.author_id == user.id
    )
    query = select(BoardShare).where(
        BoardShare.opens_on <= today, BoardShare.closes_on >= today, ~commented
    )
    total, _late = counts(query.with_only_columns(BoardShare.opens_on), today)
    if not total:
        return None
    oldest = query.options(selectinload(BoardShare.review))
    oldest = oldest.order_by(BoardShare.opens_on, BoardShare.id).limit(SHOWN)
    shares = list(db.session.scalars(oldest))
    named = titles(shares)
    items = tuple(
        WaitingItem(named[share.id], url_for("board.project", share_id=share.id), share.opens_on)
        for share in shares
    )
    return WaitingGroup(_("Projects open for your comments"), total, 0, items)
