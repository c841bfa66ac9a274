"""How much text and how large a number the application accepts, and how typed text is cleaned.

Every limit on free text is here, so the forms, the answer checks and `docs/limits.md` agree.
Text over a limit is refused with a message saying the limit; it is never cut short silently.
This module imports nothing from Flask or the database: the questionnaire engine and the PDF
use it too.
"""

from __future__ import annotations

import re

from ctdppeia.translatable import N_

# Free text, in characters (after cleaning).
NAME = 200  # a person's name, an organization, a contact person
EMAIL = 254  # an email address (the most the standard allows)
TITLE = 200  # the title of a request or of an analysis
LABEL = 120  # a group name in an analysis table (printed in charts)
OUTCOME_LABEL = 200  # what an analysis counts as the outcome
SEARCH = 200  # a search box (longer input is cut, as it only filters a list)
TEXT_ANSWER = 500  # an answer to a `text` question (a line)
LONG_TEXT = 20_000  # an answer to a `longtext` question, about eight printed pages
PURPOSE = 20_000  # a request's purpose (markdown)
DATASETS = 20_000  # a request's list of datasets, one a line
DATA_ELEMENTS = 50_000  # a request's list of data elements, one a line
RESPONSE = 20_000  # a response to a flag
APPROVER_NOTE = 2_000  # the approver's note, printed in the PDF
SET_ASIDE_REASON = 1_000  # why the approver sets aside an item to close before approval
DECISION_TEXT = 20_000  # conditions, reasons, and the approver's comment when sending back
AI_DESCRIPTION = 9_000  # what an AI use case does; what the agency will use it for (each)
AI_TECHNIQUE = 200  # the AI technique, in a few words
AI_HOSTING_OTHER = 200  # where an AI system runs, when none of the listed places
AI_PUBLIC_CONTACT = 500  # how the public reaches the agency about an AI use case
REQUEST_NUMBERS = 200  # the numbers of the data requests an AI use case uses, typed
TIER_REASON = 20_000  # why a reviewer records a different risk tier
REBUTTAL_DECIDED_BY = 300  # the official who set aside a presumption of high impact: name, title
REBUTTAL_REASON = 20_000  # the written determination that sets aside a presumption
OBLIGATION_NOTE = 20_000  # how an obligation of the risk tier is met, or why not yet
PASSWORD = 200  # a password (hashed, never stored as typed)
ONE_TIME_CODE = 40  # a sign-in code or a recovery code, with the spaces people type
BOARD_SUMMARY = 4_000  # a plain-language summary shared with the Resident Advisory Board
BOARD_TITLE = 200  # the Spanish title of a project shared with the board (BoardShare.title_es)
BOARD_COMMENT = 4_000  # a board member's comment or reply (markdown)
BOARD_RESPONSE = 20_000  # a reviewer's response to a board comment
BOARD_HIDDEN_REASON = 1_000  # why a moderator hid a board comment, or asks who wrote one
ACTION_TITLE = 500  # what an action of an action plan is to do
ACTION_OWNER = 200  # the office that owns an action, when no one person does
ACTION_EVIDENCE = 4_000  # what shows an action is done, in words
ACTION_LINK = 2_000  # a link to the evidence of an action (http or https)
ACTION_DROP_REASON = 1_000  # why an action was dropped

# Numbers read from a URL: ids in the path, page numbers and filters in the query string.
MAX_ID = 2**31 - 1  # the largest id the tables hold (PostgreSQL `integer` columns)
MAX_PAGE = 100_000  # the last page number a list accepts

# Problems listed for one uploaded or typed table before the list stops.
MAX_PROBLEMS = 50

# U+0000-U+001F and U+007F except tab, line feed and carriage return: never stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional embeddings, overrides and isolates: they can make a name display reversed.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def clean_text(value: str, *, single_line: bool = False) -> str:
    """The text without NUL and other control characters (tab and line breaks stay; a
    Windows line break counts as one character, as in the browser).

    With ``single_line`` (titles, names, addresses, PDF metadata) bidirectional control
    characters are removed too, and line breaks become one space.
    """
    text = _CONTROL.sub("", value).replace("\r\n", "\n")
    if single_line:
        text = _LINE_BREAKS.sub(" ", _BIDI.sub("", text))
    return text


# Marked for the interface catalog (the forms show it in the page's language: formtools).
TOO_LONG = N_(
    "This is %(length)s characters long; the limit is %(limit)s. Shorten it and save again."
)


def too_long_values(length: int, limit: int) -> dict[str, str]:
    return {"length": f"{length:,}", "limit": f"{limit:,}"}


def too_long(length: int, limit: int) -> str:
    """The message for text over its limit."""
    return TOO_LONG % too_long_values(length, limit)
