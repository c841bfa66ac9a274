"""Group counts from a CSV upload or a web form, with every problem found at once.

Decisions:

- Encoding: UTF-8, with or without a byte-order mark, then Windows-1252 (Excel's "CSV" on
  Windows). UTF-16 and Excel workbooks are refused with a message saying how to save as CSV.
- Row numbers are file line numbers, the header being row 1; problems about the whole file have
  no row. Columns may come in any order; names are compared without case or surrounding spaces.
- Lines that are blank, or whose cells are all blank (",," from a spreadsheet), are skipped.
- Counts are whole numbers from 0 to 1,000,000,000. "1,234" (thousands separators) and "12.0"
  (and "1e3") are read as whole numbers; "12.5", "abc", "nan" and negative numbers are refused.
- Group names are trimmed, compared without case for duplicates, and at most 120 characters
  (they are printed in the PDF and the chart).
- At most MAX_PROBLEMS problems are listed; the error says how many more there were. A wrong
  header is one problem (naming what is missing and what is unexpected), and rows with more
  values than the header has columns are one problem, however many rows there are.
- The template leaves the counts blank, so an upload of the template as it is fails with
  "the total is empty" on each row rather than reporting an analysis of zeros; filled in with
  whole numbers (0 is allowed) it passes.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from gettext import NullTranslations

from ctdppeia.csvcells import csv_text
from ctdppeia.limits import MAX_PROBLEMS

from .results import GroupCount

COLUMNS = ("group", "total", "outcome")
MAX_BYTES = 1_048_576
MAX_ROWS = 200
MAX_LABEL = 120
MAX_COUNT = 1_000_000_000
OMB_2024_CATEGORIES = (
    "American Indian or Alaska Native",
    "Asian",
    "Black or African American",
    "Hispanic or Latino",
    "Middle Eastern or North African",
    "Native Hawaiian or Pacific Islander",
    "White",
)
_WHOLE = re.compile(r"[+-]?(\d+|\d{1,3}(,\d{3})+)")
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_NAMES = {"total": "total", "outcome": "outcome count"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the table: where (row and column, if known) and what."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        where += [f"column {self.column}"] if self.column else []
        return f"{', '.join(where)}: {self.message}" if where else self.message


class TableError(ValueError):
    """The table cannot be used: `problems` lists the first MAX_PROBLEMS things wrong with it,
    and `more` counts the others."""

    def __init__(self, problems: Iterable[Problem], more: int = 0) -> None:
        self.problems = tuple(problems)
        self.more = more
        super().__init__(str(self))

    @property
    def more_text(self) -> str:
        """'and 1,234 more problems', or '' when every problem is listed."""
        if not self.more:
            return ""
        english = NullTranslations()  # no request here: English, as the problems themselves are
        more = english.ngettext("and %(num)s more problem", "and %(num)s more problems", self.more)
        return more % {"num": f"{self.more:,}"}

    def __str__(self) -> str:
        lines = [str(problem) for problem in self.problems]
        return "\n".join([*lines, self.more_text] if self.more else lines)


class Problems:
    """Collects problems: keeps the first MAX_PROBLEMS and counts the rest."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.kept: list[Problem] = []
        self.count = 0
        self.limit = limit

    def add(self, problem: Problem) -> None:
        self.count += 1
        if len(self.kept) < self.limit:
            self.kept.append(problem)

    def add_first(self, problem: Problem) -> None:
        """Put a problem first (the most useful one), still keeping at most the limit."""
        self.count += 1
        self.kept = [problem, *self.kept][: self.limit]

    def raise_any(self) -> None:
        if self.count:
            raise TableError(self.kept, self.count - len(self.kept))


RawRow = tuple[int, str, str, str]  # row number, group, total, outcome (as typed)


def parse_csv(data: bytes) -> tuple[GroupCount, ...]:
    """The groups in a CSV file with the header group,total,outcome; or TableError."""
    records = _records(_decode(data))
    if not records:
        raise TableError([Problem(None, None, "The file is empty.")])
    header_row, header = records[0]
    header_problem = _header_problem(header_row, header)
    if header_problem:
        raise TableError([header_problem])
    position = {name.strip().lower(): i for i, name in enumerate(header)}
    rows: list[RawRow] = []
    too_wide: list[int] = []
    for row, cells in records[1:]:
        if len(cells) > len(header):
            too_wide.append(row)
        group, total, outcome = (
            cells[position[c]] if position[c] < len(cells) else "" for c in COLUMNS
        )
        rows.append((row, group, total, outcome))
    problems = Problems()
    if too_wide:
        problems.add(_too_wide(too_wide))
    return _validate(rows, problems)


def validate_rows(rows: Iterable[RawRow]) -> tuple[GroupCount, ...]:
    """The groups from rows typed into a form as (row number, group, total, outcome) strings.

    The same checks as for a CSV file; fully blank rows are skipped.
    """
    return _validate([r for r in rows if any(v.strip() for v in r[1:])], Problems())


def template_csv() -> str:
    """A CSV template: the header and the seven OMB 2024 minimum categories, counts blank."""
    return csv_text([COLUMNS, *([label, "", ""] for label in OMB_2024_CATEGORIES)])


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise _file_error(f"The file is larger than 1 MB ({len(data):,} bytes).")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _file_error("The file is UTF-16 text. Save it as CSV (UTF-8) and upload it again.")
    if data.startswith(b"PK\x03\x04"):
        raise _file_error("This is an Excel workbook. Save it as CSV and upload it again.")
    if b"\x00" in data:
        raise _file_error("This is not a text file. Save the table as CSV and upload it again.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _file_error(
            "The text is neither UTF-8 nor Windows-1252. Save it as CSV (UTF-8)."
        ) from None


def _file_error(message: str) -> TableError:
    return TableError([Problem(None, None, message)])


def _records(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each record that is not blank."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as error:
            message = f"This line cannot be read as CSV: {error}."
            raise TableError([Problem(start, None, message)]) from None
        if any(cell.strip() for cell in cells):
            records.append((start, cells))


def _header_problem(row: int, header: list[str]) -> Problem | None:
    """Everything wrong with the header, as one problem (None if it is right)."""
    names = [cell.strip().lower() for cell in header]
    found = [
        f"{header[i].strip()!r} (column {i + 1}) is not one of them"
        if name
        else f"column {i + 1} has no name"
        for i, name in enumerate(names)
        if name not in COLUMNS
    ]
    found += [
        f"{n!r} appears twice" for i, n in enumerate(names) if n in COLUMNS and names.index(n) != i
    ]
    found += [f"{name!r} is missing" for name in COLUMNS if name not in names]
    if not found:
        return None
    shown = "; ".join(found[:10]) + (f"; and {len(found) - 10:,} more" if len(found) > 10 else "")
    message = f"The first row must name the columns group, total and outcome: {shown}."
    if not set(names) & set(COLUMNS):
        message += " If the first row is data, add the row group,total,outcome above it."
    if ";" in "".join(header):
        message += " The file seems to use semicolons: save it as CSV with commas."
    return Problem(row, None, message)


def _too_wide(rows: list[int]) -> Problem:
    """One problem for every row with more values than the three columns."""
    if len(rows) == 1:
        return Problem(rows[0], None, "This row has more than 3 values: group, total, outcome.")
    message = (
        f"{len(rows):,} rows have more than 3 values (group, total, outcome); the first is "
        f"row {rows[0]}. Remove the extra values."
    )
    return Problem(None, None, message)


def _validate(rows: list[RawRow], problems: Problems) -> tuple[GroupCount, ...]:
    seen: dict[str, int] = {}
    groups = []
    size_problem = _size_problem(len(rows))
    if size_problem:
        problems.add_first(size_problem)
    for row, label_text, total_text, outcome_text in rows:
        found = _label_problems(row, label_text.strip(), seen)
        total = _count(row, "total", total_text, found)
        outcome = _count(row, "outcome", outcome_text, found)
        if total is not None and outcome is not None and outcome > total:
            message = f"The outcome count ({outcome:,}) is larger than the total ({total:,})."
            found.append(Problem(row, "outcome", message))
        if total is not None and outcome is not None and not found:
            groups.append(GroupCount(label_text.strip(), total, outcome))
        for problem in found:
            problems.add(problem)
    problems.raise_any()
    return tuple(groups)


def _size_problem(n: int) -> Problem | None:
    if n < 2:
        return Problem(None, None, f"At least two groups are needed to compare; found {n}.")
    if n > MAX_ROWS:
        return Problem(None, None, f"There are {n:,} groups; the limit is {MAX_ROWS}.")
    return None


def _label_problems(row: int, label: str, seen: dict[str, int]) -> list[Problem]:
    key = label.casefold()
    if not label:
        return [Problem(row, "group", "The group name is empty.")]
    if len(label) > MAX_LABEL:
        return [Problem(row, "group", f"The group name is longer than {MAX_LABEL} characters.")]
    if key in seen:
        return [Problem(row, "group", f"{label!r} repeats the group on row {seen[key]}.")]
    seen[key] = row
    return []


def _count(row: int, column: str, text: str, problems: list[Problem]) -> int | None:
    """The whole number in text, or None after adding a problem."""
    value, message = _parse_count(text.strip(), _NAMES[column])
    if message:
        problems.append(Problem(row, column, message))
    return value


def _parse_count(text: str, name: str) -> tuple[int | None, str | None]:
    if not text:
        return None, f"The {name} is empty. Enter a whole number (0 if none) or delete the row."
    if _WHOLE.fullmatch(text):
        number = Decimal(text.replace(",", ""))
    elif _DECIMAL.fullmatch(text):
        number = Decimal(text)
    else:
        return None, f"{text!r} is not a number."
    if number < 0:
        return None, f"{text!r} is negative; a count cannot be below 0."
    if number > MAX_COUNT:
        return None, f"{text!r} is larger than {MAX_COUNT:,}."
    if number != number.to_integral_value():
        return None, f"{text!r} is not a whole number."
    return int(number), None
