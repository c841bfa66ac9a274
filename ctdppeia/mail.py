"""Email through SMTP, in each recipient's language.

Configured by CTDPPEIA_MAIL_SERVER, _PORT, _USE_TLS (STARTTLS), _USERNAME, _PASSWORD and
_SENDER. With no MAIL_SERVER, sending is off: `send_mail` sends nothing and returns False, and
`mail_enabled()` is False, so no page promises an email.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr
from typing import Any

from flask import current_app
from jinja2 import TemplateNotFound

from ctdppeia.i18n import render_in

log = logging.getLogger(__name__)


class MailError(ValueError):
    """An email that must not be sent as asked (a header that would inject another)."""


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None


def mail_enabled(config: Mapping[str, Any] | None = None) -> bool:
    """True when an SMTP server is configured, so emails are really sent."""
    config = current_app.config if config is None else config
    return bool(config.get("MAIL_SERVER"))


def _as_bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _header(value: str, what: str) -> str:
    if "\r" in value or "\n" in value:
        raise MailError(f"the {what} holds a line break, which could add a header")
    return value


_NEEDS_QUOTING = re.compile(r'[()<>\[\]:;@\\,."]')


def _address(value: str) -> str:
    """One address, as given ("Name <a@b>" or "a@b"); MailError if it is not one.

    The name keeps only characters that need no quoting: a quoted name that is folded onto
    two lines loses its quotes in Python's email package, and its "<...>" would then be read
    as another address."""
    _header(value, "address")
    found = getaddresses([value])
    name, address = found[0] if len(found) == 1 else ("", "")
    if address.count("@") != 1 or any(c in address for c in " ,;<>\"'()[]\\"):
        raise MailError(f"not one email address: {value!r}")
    plain_name = " ".join(_NEEDS_QUOTING.sub(" ", name).split())
    return str(Address(display_name=plain_name, addr_spec=address))


def build_message(
    sender: str,
    to: str | Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """A plain-text email, with an HTML alternative when `html` is given (already escaped);
    `message_id` (the part before the @) names it, so a copy sent twice is known as one."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        raise MailError("an email needs at least one recipient")
    message = EmailMessage()
    message["From"] = _address(sender)
    message["To"] = ", ".join(_address(recipient) for recipient in recipients)
    message["Subject"] = _header(subject, "subject")
    message["Date"] = formatdate(localtime=False, usegmt=True)
    # The sender's domain (never a DNS lookup of this host's name, which can hang).
    domain = parseaddr(sender)[1].partition("@")[2] or "localhost"
    message["Message-ID"] = f"<{message_id}@{domain}>" if message_id else make_msgid(domain=domain)
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send_mail(
    to: str | Sequence[str],
    subject: str,
    text: str,
    html: str | None = None,
    config: Mapping[str, Any] | None = None,
) -> bool:
    """Send one email; True when the SMTP server accepted it.

    False when sending is off (no MAIL_SERVER, logged at info) or the server refused or could
    not be reached (logged as an error): the caller's own work goes on either way. MailError
    when a subject or address holds a line break or an address is not one.
    """
    config = current_app.config if config is None else config
    message = build_message(config["MAIL_SENDER"], to, subject, text, html)
    if not mail_enabled(config):
        log.info("email is off (no MAIL_SERVER): not sending %r", subject)
        return False
    try:
        deliver(message, config)
    except (smtplib.SMTPException, OSError) as error:
        log.error("could not send the email %r: %s", subject, error)
        return False
    return True


def deliver(message: EmailMessage, config: Mapping[str, Any]) -> None:
    """Hand `message` to the SMTP server; raises smtplib.SMTPException or OSError."""
    timeout = float(config.get("MAIL_TIMEOUT_SECONDS", 10))
    with smtplib.SMTP(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=timeout) as smtp:
        if _as_bool(config.get("MAIL_USE_TLS")):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)


def render_email(language: str | None, name: str, /, **context: Any) -> RenderedEmail:
    """The email `templates/mail/<name>.*` in `language` (the recipient's).

    `<name>.subject.txt` and `<name>.txt` are required, `<name>.html` is optional; the HTML
    one is escaped like every page, the text ones are not (they are never read as HTML).
    """
    subject = " ".join(render_in(language, f"mail/{name}.subject.txt", **context).split())
    text = render_in(language, f"mail/{name}.txt", **context)
    try:
        html: str | None = render_in(language, f"mail/{name}.html", **context)
    except TemplateNotFound:
        html = None
    return RenderedEmail(subject, text, html)
