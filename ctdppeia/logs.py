"""Logs an operator can use: one JSON object per line on standard output.

`init_app` gives the ``ctdppeia`` logger (every module's logger is below it) one handler that
writes JSON lines to standard output, at the level of the ``LOG_LEVEL`` setting (INFO unless
set). Every line inside a request carries its request id; `requests.py` adds one line per
request. gunicorn's own lines use the same format (``gunicorn.conf.py``).

`security_event` writes the security events docs/security.md lists (sign-in, refused sign-in,
paused sign-in, sign-out, role change, export), each with an ``event`` name and its fields.
"""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, g, has_request_context

ROOT = "ctdppeia"
SECURITY = "ctdppeia.security"
# The attributes every LogRecord has: anything else on a record came from `extra=`.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """A log record as one line of JSON: time, level, logger, message, the request id inside a
    request, the fields given with ``extra=``, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "pid": record.process,
            "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:
            line["request_id"] = g.request_id
        line |= {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class StdoutHandler(logging.StreamHandler[TextIO]):
    """Writes to the standard output of the moment (a test runner may replace it), or to the
    stream it was given."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        self._given = stream

    @property
    def stream(self) -> TextIO:
        return self._given or sys.stdout

    @stream.setter
    def stream(self, value: TextIO | None) -> None:
        self._given = None if value is sys.stderr else value  # StreamHandler's default


class OtherLoggers(logging.Filter):
    """Passes the lines of every logger but the app's, which its own handler writes (for a
    handler on the root logger, as gunicorn.conf.py sets one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == ROOT or record.name.startswith(ROOT + "."))


def init_app(app: Flask) -> None:
    """Send the app's logs to standard output as JSON lines at ``LOG_LEVEL``. The handler of
    an app made earlier in this process is replaced (tests make many apps)."""
    logger = logging.getLogger(ROOT)
    for old in [h for h in logger.handlers if isinstance(h, StdoutHandler)]:
        logger.removeHandler(old)
    handler = StdoutHandler()
    handler.setFormatter(JsonFormatter())
    logger.addHandler(handler)
    logger.setLevel(str(app.config["LOG_LEVEL"]).upper())
    app.extensions["ctdppeia_log_handler"] = handler


def log_handler(app: Flask) -> StdoutHandler:
    """The handler `init_app` gave the app's logs."""
    handler: StdoutHandler = app.extensions["ctdppeia_log_handler"]
    return handler


def security_event(event: str, level: int, message: str, *args: object, **fields: Any) -> None:
    """Log a security event: ``event`` names it (``sign-in``, ``sign-in.refused``, ...),
    ``fields`` go into the JSON line beside the message."""
    logging.getLogger(SECURITY).log(level, message, *args, extra={"event": event, **fields})
