"""The measurements behind import's read limits: JSON nesting (brackets inside strings do not
count) and the longest line of a chunk read in pieces."""

import pytest

from ctdppeia.backup.archive import _too_long_line
from ctdppeia.backup.bounds import nesting


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ('{"a": 1}', 1),
        ('{"a": [[1], {"b": [2]}]}', 4),
        ('{"text": "[[[[{{{{"}', 1),
        ('{"text": "a \\" [[[ \\\\", "b": [[]]}', 3),
        ('"just a string with ] and ["', 0),
        ("[" * 1000 + "]" * 1000, 1000),
    ],
)
def test_nesting_counts_brackets_outside_strings(text: str, depth: int) -> None:
    assert nesting(text) == depth


@pytest.mark.parametrize(
    ("chunk", "current", "limit", "too_long"),
    [
        (b"abc\ndef\n", 0, 4, None),  # each line 4 bytes with its newline
        (b"abcd\n", 0, 4, 0),
        (b"ab", 3, 4, 0),  # the open line grows past the limit
        (b"a\n", 2, 4, None),  # the open line ends at the limit
        (b"a\n", 3, 4, 0),
        (b"a\nbcd", 2, 4, None),
        (b"a\n", 4, 4, 0),
        (b"a\nbcdefg\nh\n", 0, 4, 1),  # a line inside a chunk longer than the limit
        (b"a\nb\ncdefgh", 0, 4, 2),  # the line left open
        (b"x" * 100 + b"\n", 0, 1000, None),
    ],
)
def test_the_line_past_the_limit_is_found(
    chunk: bytes, current: int, limit: int, too_long: int | None
) -> None:
    assert _too_long_line(chunk, current, limit) == too_long
