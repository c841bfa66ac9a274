"""Sending email through a real SMTP server (the smtp_sink fixture), in the reader's language."""

import logging
from email.headerregistry import Address
from email.message import EmailMessage
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from ctdppeia.mail import MailError, build_message, mail_enabled, render_email, send_mail
from tests.mailsink import SmtpSink


def _body(message: EmailMessage, kind: str) -> str:
    part = message.get_body((kind,))
    assert part is not None, f"no {kind} part"
    return part.get_content().replace("\r\n", "\n")


def test_a_message_arrives_as_sent(app: Flask, smtp_sink: SmtpSink) -> None:
    with app.app_context():
        assert mail_enabled()
        sent = send_mail(
            "Ana Ruiz <ana@example.gov>",
            "Comments are open",
            "Hello Ana,\n\nThe board may comment until 12 December.\n",
            "<p>Hello Ana,</p>",
        )
    assert sent is True
    [received] = smtp_sink.received
    assert received.recipients == ["ana@example.gov"]
    message = received.message
    assert message["Subject"] == "Comments are open"
    assert message["To"] == "Ana Ruiz <ana@example.gov>"
    assert message["From"].addresses[0].addr_spec == "no-reply@localhost"
    assert message["Message-ID"] and message["Date"]
    assert "until 12 December." in _body(message, "plain")
    assert _body(message, "html").strip() == "<p>Hello Ana,</p>"


def test_spanish_text_and_subject_survive_the_trip(app: Flask, smtp_sink: SmtpSink) -> None:
    with app.app_context():
        assert send_mail(["a@example.gov", "b@example.gov"], "Año: ¿qué pasó?", "Señora Núñez\n")
    [received] = smtp_sink.received
    assert received.recipients == ["a@example.gov", "b@example.gov"]
    assert received.message["Subject"] == "Año: ¿qué pasó?"
    assert _body(received.message, "plain") == "Señora Núñez\n"


def test_without_a_server_nothing_is_sent(
    app: Flask, smtp_sink: SmtpSink, caplog: pytest.LogCaptureFixture
) -> None:
    app.config["MAIL_SERVER"] = None
    with app.app_context(), caplog.at_level(logging.INFO, logger="ctdppeia.mail"):
        assert not mail_enabled()
        assert send_mail("a@example.gov", "Hello", "Text") is False
    assert smtp_sink.received == []
    assert "email is off" in caplog.text


def test_the_default_configuration_sends_nothing(app: Flask) -> None:
    with app.app_context():
        assert app.config["MAIL_SERVER"] is None
        assert send_mail("a@example.gov", "Hello", "Text") is False


def test_templates_can_ask_whether_email_is_on(app: Flask) -> None:
    promise = "{% if mail_enabled() %}We will email you.{% else %}No email.{% endif %}"
    with app.test_request_context():
        assert app.jinja_env.from_string(promise).render() == "No email."
        app.config["MAIL_SERVER"] = "127.0.0.1"
        assert app.jinja_env.from_string(promise).render() == "We will email you."


def test_settings_from_the_environment_are_understood(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """CTDPPEIA_MAIL_* as an operator sets them: the port a number, STARTTLS a boolean."""
    from ctdppeia import create_app

    for name, value in {
        "SERVER": "smtp.example.gov",
        "PORT": "587",
        "USE_TLS": "true",
        "SENDER": "Reviews <reviews@example.gov>",
    }.items():
        monkeypatch.setenv(f"CTDPPEIA_MAIL_{name}", value)
    monkeypatch.setenv("CTDPPEIA_INSTANCE_PATH", str(tmp_path))
    config = create_app().config
    assert (config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_USE_TLS"]) == (
        "smtp.example.gov",
        587,
        True,
    )
    assert config["MAIL_SENDER"] == "Reviews <reviews@example.gov>"


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("a@example.gov", "Hello\r\nBcc: victim@example.org"),
        ("a@example.gov", "Hello\nBcc: victim@example.org"),
        ("a@example.gov\r\nBcc: victim@example.org", "Hello"),
        ("Ana\n <a@example.gov>", "Hello"),
        ("a@example.gov, victim@example.org", "Hello"),
        ("not an address", "Hello"),
    ],
)
def test_header_injection_is_refused(
    app: Flask, smtp_sink: SmtpSink, to: str, subject: str
) -> None:
    with app.app_context(), pytest.raises(MailError):
        send_mail(to, subject, "Text")
    assert smtp_sink.received == []


def test_a_refused_sender_is_logged_and_reported(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    from tests.mailsink import free_port

    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens
    with app.app_context(), caplog.at_level(logging.ERROR, logger="ctdppeia.mail"):
        assert send_mail("a@example.gov", "Hello", "Text") is False
    assert "could not send the email 'Hello'" in caplog.text


def test_starttls_is_required_when_asked(app: Flask, smtp_sink: SmtpSink) -> None:
    app.config["MAIL_USE_TLS"] = True  # the sink offers no STARTTLS: send nothing in clear
    with app.app_context():
        assert send_mail("a@example.gov", "Hello", "Text") is False
    assert smtp_sink.received == []


def test_a_name_with_markup_is_escaped_in_the_html_part(app: Flask, smtp_sink: SmtpSink) -> None:
    name = '<script>alert("x")</script> Ana'
    with app.app_context():
        email = render_email("en", "test_message", name=name)
        assert send_mail("a@example.gov", email.subject, email.text, email.html)
    message = smtp_sink.messages[0]
    html = _body(message, "html")
    text = _body(message, "plain")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert f"Hello {name}," in text  # plain text is never read as HTML


def test_emails_are_written_in_the_recipients_language(app: Flask, smtp_sink: SmtpSink) -> None:
    with app.app_context():
        for language in ("es", "en", None, "fr"):
            email = render_email(language, "test_message", name="Rosa")
            assert send_mail("rosa@example.gov", email.subject, email.text, email.html)
    spanish, english, unset, unknown = smtp_sink.messages
    assert spanish["Subject"] == "Un correo de prueba de Revisiones de datos e IA de Connecticut"
    assert "Hola, Rosa:" in _body(spanish, "plain")
    assert '<html lang="es">' in _body(spanish, "html")
    for message in (english, unset, unknown):
        assert message["Subject"] == "A test email from CT data and AI reviews"


def test_a_message_can_be_built_without_html() -> None:
    message = build_message("app@example.gov", "a@example.gov", "Hello", "Text only\n")
    assert message.get_content_type() == "text/plain"


def test_the_test_command_sends_through_the_configured_server(
    runner: FlaskCliRunner, smtp_sink: SmtpSink
) -> None:
    result = runner.invoke(args=["mail", "test", "ops@example.gov", "--language", "es"])
    assert (result.exit_code, result.output) == (0, "Sent a test email to ops@example.gov.\n")
    assert smtp_sink.received[0].recipients == ["ops@example.gov"]


def test_the_test_command_says_when_email_is_off(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["mail", "test", "ops@example.gov"])
    assert result.exit_code == 1
    assert "Email is off" in result.output


def test_a_long_name_with_markup_stays_one_recipient(app: Flask, smtp_sink: SmtpSink) -> None:
    """A name long enough to be folded, holding "<...>", must not turn into a second address
    (quoted names lose their quotes when Python's email package folds them)."""
    name = "Marcus Bell <script>alert('x')</script> \"><img src=x onerror=alert(1)> [a](b)"
    with app.app_context():
        assert send_mail(str(Address(name, addr_spec="board@example.gov")), "Hello", "Body")
    [received] = smtp_sink.received
    assert received.recipients == ["board@example.gov"]
    [to] = received.message["To"].addresses
    assert to.addr_spec == "board@example.gov"
    assert "Marcus Bell" in to.display_name and "<" not in to.display_name
