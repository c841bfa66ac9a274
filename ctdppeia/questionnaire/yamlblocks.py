"""YAML blocks (the front matter and `flag` blocks), read with their line numbers.

Every plain value is read as text: `version: 2026.10` stays "2026.10" and `title: no` stays
"no" (YAML would otherwise turn them into a number and a boolean).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from ctdppeia.questionnaire.errors import ErrorList
from ctdppeia.questionnaire.headings import did_you_mean

# The C loader when PyYAML was built with it; the same class to a type checker.
if TYPE_CHECKING:
    _Base = yaml.SafeLoader
else:
    _Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextLoader(_Base):
    """The safe loader, with every plain scalar read as a string."""

    yaml_implicit_resolvers: dict[str, Any] = {}


_KEY_LINE = re.compile(r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:\s|$)")
YAML_HINT = (
    "check the indentation, and put quotes around a value that contains ': ' or ' #' "
    "or starts with a quote, [ or {"
)


@dataclass
class YamlBlock:
    what: str  # "the front matter", "this flag block": used in messages
    anchor: int  # the line of the opening --- or fence
    first_line: int  # the line of lines[0]
    lines: list[str]
    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.anchor)

    def value_col(self, key: str, value: str) -> tuple[int, int, bool]:
        """(line, col, exact) of a one-line value; exact is False when only roughly placed."""
        line = self.line_of(key)
        raw = self.lines[line - self.first_line] if key in self.key_lines else ""
        start = raw.find(":") + 1
        start += len(raw[start:]) - len(raw[start:].lstrip())
        if raw.startswith(value, start):
            return line, start + 1, True
        if raw[start : start + 1] in ("'", '"') and raw.startswith(value, start + 1):
            return line, start + 2, True
        return line, start + 1, False


def load_block(block: YamlBlock, errors: ErrorList) -> bool:
    """Parse the block's YAML into `block.data`; False (with errors added) if it cannot."""
    try:
        # TextLoader is a SafeLoader: it never builds arbitrary Python objects.
        data = yaml.load("\n".join(block.lines), Loader=TextLoader)  # nosec B506
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = block.first_line + (mark.line if mark else 0)
        col = mark.column + 1 if mark else 1
        problem = error.problem or error.context or "unreadable text"
        errors.add(line, col, f"{block.what} is not valid YAML ({problem}); {YAML_HINT}")
        return False
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, OverflowError) as error:
        errors.add(
            block.anchor, 1, f"{block.what} is not valid YAML ({_reason(error)}); {YAML_HINT}"
        )
        return False
    if data is None:
        data = {}
    if not isinstance(data, dict):
        errors.add(block.first_line, 1, f"{block.what} must be lines of the form 'key: value'")
        return False
    block.data = {str(key): value for key, value in data.items()}
    _find_keys(block, errors)
    return True


def _reason(error: BaseException) -> str:
    if isinstance(error, RecursionError):
        return "it is nested too deeply"
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _find_keys(block: YamlBlock, errors: ErrorList) -> None:
    for offset, raw in enumerate(block.lines):
        match = _KEY_LINE.match(raw)
        if not match:
            continue
        key, line = match["key"], block.first_line + offset
        if key in block.key_lines:
            first = block.key_lines[key]
            errors.add(line, 1, f"'{key}' is written twice in {block.what} (first on line {first})")
        else:
            block.key_lines[key] = line


def check_keys(
    block: YamlBlock,
    errors: ErrorList,
    required: dict[str, str],
    optional: tuple[str, ...],
    owner: str,
) -> None:
    """Report missing keys (with an example line) and unknown keys. `owner` names the block."""
    for key, example in required.items():
        if key not in block.data:
            errors.add(block.anchor, 1, f"{owner} has no '{key}': add a line like {key}: {example}")
    known = [*required, *optional]
    listing = ", ".join(known[:-1]) + f" and {known[-1]}"
    for key in block.data:
        if key not in known:
            hint = did_you_mean(key, known)
            errors.add(
                block.line_of(key),
                1,
                f"unknown key '{key}' in {owner}{hint}; the keys are {listing}",
            )


def text_value(block: YamlBlock, key: str, errors: ErrorList, owner: str) -> str | None:
    """The key's value as stripped text; None (with an error if present but unusable)."""
    value = block.data.get(key)
    if value is None and key not in block.data:
        return None
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        errors.add(block.line_of(key), 1, f"'{key}' in {owner} must be text, not a list or mapping")
        return None
    text = str(value).strip()
    if not text:
        errors.add(block.line_of(key), 1, f"'{key}' in {owner} is empty")
        return None
    return text


def choice_value(
    block: YamlBlock,
    key: str,
    allowed: tuple[str, ...],
    errors: ErrorList,
    owner: str,
) -> str | None:
    """The key's value if it is one of `allowed`; None (with an error) otherwise."""
    text = text_value(block, key, errors, owner)
    if text is None or text in allowed:
        return text
    line, col, _ = block.value_col(key, text)
    hint = did_you_mean(text, allowed)
    errors.add(line, col, f"{key} '{text}' in {owner} is not one of {', '.join(allowed)}{hint}")
    return None
