"""No page, flash message or module builds a plural by hand (docs/translations.md, "Plurals"):
a count in a sentence goes through `ngettext`, so Spanish gets its own forms."""

import ast
import re
from pathlib import Path

import ctdppeia

PACKAGE = Path(ctdppeia.__file__).parent
TEMPLATES = PACKAGE.parent / "templates"
# `{% if n == 1 %}one{% else %}many`, `'answer' if n == 1 else 'answers'`, `item{{ 's' if n }}`,
# `item(s)`.
HAND_MADE = re.compile(r"\bif [^%}]*[!=]= ?1\b|['\"](s|ies|es)['\"] if|\w\(s\)")


def hand_plurals_in_template(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if HAND_MADE.search(line)]


def hand_plurals_in_flash(source: str) -> list[int]:
    """Lines where `flash(...)` is given an f-string with a choice inside (`'s' if n != 1`)."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "flash"
        and node.args
        and any(isinstance(part, ast.IfExp) for part in ast.walk(node.args[0]))
    ]


def _is_text(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


def hand_plurals_in_python(source: str) -> list[int]:
    """Lines choosing between two texts on a count of one (`'s' if n != 1 else ''`,
    `'agency' if n == 1 else 'agencies'`): the command line's messages, the flag count."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.IfExp)
        and isinstance(node.test, ast.Compare)
        and any(isinstance(op, ast.Eq | ast.NotEq) for op in node.test.ops)
        and any(
            isinstance(value, ast.Constant) and value.value == 1 for value in node.test.comparators
        )
        and _is_text(node.body)
        and _is_text(node.orelse)
    ]


def test_the_checks_find_a_hand_made_plural() -> None:
    assert hand_plurals_in_template("{{ n }} comment{{ 's' if n != 1 }}") == [1]
    assert hand_plurals_in_template("{% if n == 1 %}one{% else %}many{% endif %}") == [1]
    assert hand_plurals_in_template("{{ 'flag' if flags | length == 1 else 'flags' }}") == [1]
    assert hand_plurals_in_template("{{ n }} item(s)") == [1]
    assert hand_plurals_in_template("{% if page.pages > 1 %}{{ ngettext('a', 'b', n) }}") == []
    assert hand_plurals_in_flash("flash(f\"Saved {n} response{'s' if n != 1 else ''}.\")") == [1]
    assert hand_plurals_in_flash("flash(ngettext('Saved %(num)s.', 'Saved %(num)s.', n))") == []
    assert hand_plurals_in_python("x = f\"{n} row{'s' if n != 1 else ''}\"") == [1]
    assert hand_plurals_in_python("noun = 'flag' if total == 1 else 'flags'") == [1]
    assert hand_plurals_in_python("x = 'Both are' if len(s) == 2 else 'Each is'") == []
    assert hand_plurals_in_python("x = found[0] if len(found) == 1 else None") == []


def test_no_template_builds_a_plural_by_hand() -> None:
    found = [
        f"{path.relative_to(TEMPLATES)}:{line}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for line in hand_plurals_in_template(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use ngettext (docs/translations.md, Plurals)"


def test_no_flash_message_builds_a_plural_by_hand() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in hand_plurals_in_flash(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use ngettext (docs/translations.md, Plurals)"


def test_no_module_builds_a_plural_by_hand() -> None:
    found = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line in hand_plurals_in_python(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "use ngettext (docs/translations.md, Plurals)"
