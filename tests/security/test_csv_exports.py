"""Every CSV the app writes goes through `ctdppeia.csvcells`, which neutralises formula cells.

The exports: the public AI inventory (today's and each frozen year's, tested with formula
text in `tests/inventory/test_files.py`), and the outcome-analysis template (below).
"""

import ast
import csv
import io
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import ctdppeia
from ctdppeia.csvcells import FORMULA_STARTS, csv_text, neutralise
from ctdppeia.models import Role
from tests.conftest import AuthActions

PACKAGE = Path(ctdppeia.__file__).parent
WRITERS = {"writer", "DictWriter"}


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_that_starts_a_formula_is_neutralised(start: str) -> None:
    payload = f'{start}HYPERLINK("http://evil.example","x")'
    assert neutralise(payload) == "'" + payload
    [row] = csv.reader(io.StringIO(csv_text([[payload, "plain"]]), newline=""))
    assert row == ["'" + payload, "plain"]


def test_other_cells_are_kept_as_they_are() -> None:
    text = csv_text([["a=b", "5 + 5", "'quoted", None, 42, -7, "Ñandú, café\nline"]])
    [row] = csv.reader(io.StringIO(text, newline=""))
    assert row == ["a=b", "5 + 5", "'quoted", "", "42", "-7", "Ñandú, café\nline"]
    assert text.endswith("\r\n")


def test_neutralising_twice_changes_nothing_more() -> None:
    assert neutralise(neutralise("=1+1")) == "'=1+1"


def _writes_csv(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id == "csv" and node.attr in WRITERS
    if isinstance(node, ast.ImportFrom) and node.module == "csv":
        return bool(WRITERS & {alias.name for alias in node.names})
    return False


def test_only_csvcells_writes_csv() -> None:
    """A new export that builds its own csv.writer would skip the neutralising."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "csvcells.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _writes_csv(node)
    ]
    assert offenders == []


def test_the_analysis_template_has_no_formula_cell(
    client: FlaskClient, auth: AuthActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ctdppeia.disparity import table

    auth.login(Role.REVIEWER)
    monkeypatch.setattr(table, "OMB_2024_CATEGORIES", ("=cmd|' /C calc'!A0", "-2+3", "White"))
    response = client.get("/analyses/template.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True), newline="")))
    assert [row[0] for row in rows] == ["group", "'=cmd|' /C calc'!A0", "'-2+3", "White"]
