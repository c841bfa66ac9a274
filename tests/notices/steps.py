"""Helpers of the notice tests: who got which notice, and the emails one person received."""

from email.message import EmailMessage

from flask import Flask
from sqlalchemy import select

from ctdppeia.extensions import db
from ctdppeia.models import Notice, User
from ctdppeia.notices.preferences import set_email_mode
from tests.mailsink import SmtpSink


def notices_of(app: Flask, user: User, kind: str | None = None) -> list[Notice]:
    with app.app_context():
        query = select(Notice).where(Notice.user_id == user.id).order_by(Notice.id)
        found = list(db.session.scalars(query))
        db.session.expunge_all()
    return [n for n in found if kind is None or n.kind == kind]


def emails_to(sink: SmtpSink, user: User) -> list[EmailMessage]:
    return [item.message for item in sink.received if user.email in item.recipients]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def choose(app: Flask, user: User, mode: str) -> None:
    with app.app_context():
        set_email_mode(db.session.get_one(User, user.id), mode)


def speaks(app: Flask, user: User, language: str) -> None:
    with app.app_context():
        db.session.get_one(User, user.id).language = language
        db.session.commit()
