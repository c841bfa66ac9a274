"""What makes a password acceptable: long enough, not common, not a pattern.

The common passwords are the 30,000 most frequent passwords of the list `zxcvbn` ships
(MIT license; compiled by its authors from leaked password sets).
"""

import re
from functools import cache

from ctdppeia.translatable import N_

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
MIN_DISTINCT_CHARACTERS = 5

# The attributes of a field where a new password is typed: the browser's strength meter
# (static/js/password-tools.js) judges its length and variety with these same limits.
NEW_PASSWORD_FIELD = {
    "autocomplete": "new-password",
    "data-strength-meter": "",
    "data-min-length": str(MIN_PASSWORD_LENGTH),
    "data-min-distinct": str(MIN_DISTINCT_CHARACTERS),
}

# The reasons a password is refused, translated where they are shown. The lengths are written
# out, as the catalogue needs whole sentences (tests/i18n/test_language.py checks they match
# the limits above).
TOO_SHORT = N_("The password must be at least 12 characters long.")
TOO_LONG = N_("The password must be at most 200 characters long.")
COMMON = N_(
    "This password is too common: it is on a list of passwords people use most. "
    "Choose a longer phrase of unrelated words."
)
PATTERN = N_(
    "This password is too easy to guess: it repeats characters or follows a sequence "
    "(like aaaa, abcd or 1234). Choose a longer phrase of unrelated words."
)

# Runs a person types without thinking: the alphabet, digits and keyboard rows, both ways.
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz" * 2,
    "0123456789" * 4,
    "qwertyuiopasdfghjklzxcvbnm" * 2,
    "qwertyuiop" * 3,
    "asdfghjkl" * 3,
    "zxcvbnm" * 4,
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p" * 2,
)
_SEPARATORS = re.compile(r"[\s\-_.]+")
_TRAILING_NOISE = re.compile(r"[\d\W_]+$")


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def _is_sequence(text: str) -> bool:
    return any(text in run or text in run[::-1] for run in _SEQUENCES)


def _is_repetition(text: str) -> bool:
    """The text is one shorter piece said over and over: 'abcabcabcabc'."""
    return len(text) > 1 and text in (text + text)[1:-1]


def _is_common(text: str) -> bool:
    common = common_passwords()
    core = _TRAILING_NOISE.sub("", text)
    return text in common or (len(core) >= 4 and core in common)


def password_problem(password: str) -> str | None:
    """Why this password is refused, in plain words, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return TOO_LONG
    folded = _SEPARATORS.sub("", password.lower())
    if _is_common(folded) or _is_common(password.lower()):
        return COMMON
    if len(set(folded)) < MIN_DISTINCT_CHARACTERS or _is_repetition(folded):
        return PATTERN
    if _is_sequence(folded):
        return PATTERN
    return None
