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
    """The table cannot be used; `problems` lists everything wrong with it."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


RawRow = tuple[int, str, str, str]  # row number, group, total, outcome (as typed)


def parse_csv(data: bytes) -> tuple[GroupCount, ...]:
    """The groups in a CSV file with the header group,total,outcome; or TableError."""
    records = _records(_decode(data))
    if not records:
        raise TableError([Problem(None, None, "The file is empty.")])
    header_row, header = records[0]
    problems = _header_problems(header_row, header)
    if problems:
        raise TableError(problems)
    position = {name.strip().lower(): i for i, name in enumerate(header)}
    rows: list[RawRow] = []
    for row, cells in records[1:]:
        if len(cells) > len(header):
            message = f"This row has {len(cells)} values; expected 3: group, total, outcome."
            problems.append(Problem(row, None, message))
        values = [cells[position[c]] if position[c] < len(cells) else "" for c in COLUMNS]
        rows.append((row, *values))
    return _validate(rows, problems)


def validate_rows(rows: Iterable[RawRow]) -> tuple[GroupCount, ...]:
    """The groups from rows typed into a form as (row number, group, total, outcome) strings.

    The same checks as for a CSV file; fully blank rows are skipped.
    """
    return _validate([r for r in rows if any(v.strip() for v in r[1:])], [])


def template_csv() -> str:
    """A CSV template: the header and the seven OMB 2024 minimum categories, counts blank."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([label, "", ""] for label in OMB_2024_CATEGORIES)
    return out.getvalue()


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
    records = []
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


def _header_problems(row: int, header: list[str]) -> list[Problem]:
    names = [cell.strip().lower() for cell in header]
    problems = []
    for i, name in enumerate(names):
        if name not in COLUMNS:
            shown = f"{header[i].strip()!r}" if name else "with no name"
            message = f"Unexpected column {shown} (column {i + 1})."
            problems.append(Problem(row, header[i].strip() or None, message))
        elif names.index(name) != i:
            problems.append(Problem(row, name, f"The column {name!r} appears twice."))
    for name in COLUMNS:
        if name not in names:
            message = f"The column {name!r} is missing. The first row must be: group,total,outcome."
            problems.append(Problem(row, name, message))
    return problems


def _validate(rows: list[RawRow], problems: list[Problem]) -> tuple[GroupCount, ...]:
    seen: dict[str, int] = {}
    groups = []
    for row, label_text, total_text, outcome_text in rows:
        found = _label_problems(row, label_text.strip(), seen)
        total = _count(row, "total", total_text, found)
        outcome = _count(row, "outcome", outcome_text, found)
        if total is not None and outcome is not None and outcome > total:
            message = f"The outcome count ({outcome:,}) is larger than the total ({total:,})."
            found.append(Problem(row, "outcome", message))
        if total is not None and outcome is not None and not found:
            groups.append(GroupCount(label_text.strip(), total, outcome))
        problems.extend(found)
    problems[:0] = _size_problems(len(rows))
    if problems:
        raise TableError(problems)
    return tuple(groups)


def _size_problems(n: int) -> list[Problem]:
    if n < 2:
        return [Problem(None, None, f"At least two groups are needed to compare; found {n}.")]
    if n > MAX_ROWS:
        return [Problem(None, None, f"There are {n} groups; the limit is {MAX_ROWS}.")]
    return []


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
