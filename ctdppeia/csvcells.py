"""Writing CSV that a spreadsheet opens safely: the one place every CSV export goes through.

A text cell that a spreadsheet would read as a formula (it starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading ``'``, so opening the file never runs it
(OWASP "CSV injection"). Whole numbers are written as they are: only text is neutralised.
"""

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """`text`, with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """The rows as RFC 4180 CSV (CRLF line ends); every text cell neutralised, None empty."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(_cell(value) for value in row)
    return buffer.getvalue()


def _cell(value: Any) -> str | int:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return neutralise(str(value))
