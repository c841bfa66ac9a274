"""The analysis forms: the options and a table of rows typed in, or a CSV file uploaded.

The table works without JavaScript: the "Add a row" button and each row's "Remove" button
submit the form, and the page comes back with the rows changed and everything typed kept.
Counts are read as text and checked by `ctdppeia.disparity.validate_rows`, so every problem is
reported at once with its row and column.
"""

from typing import Any

from flask_wtf.file import FileField, FileRequired
from wtforms import (
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ctdppeia import limits
from ctdppeia.analyses.services import AnalysisInput
from ctdppeia.disparity import MAX_ROWS, GroupCount, Problem, TableError, validate_rows
from ctdppeia.formtools import CleanForm, CleanSubform, MaxLength, select_choices
from ctdppeia.models import OutcomeAnalysis
from ctdppeia.models.analysis import DIRECTION_LABELS, REFERENCE_LABELS

NEW_ROWS = 3
# Generous: more than MAX_ROWS rows are reported as a problem, not cut off silently.
MAX_FORM_ROWS = 2 * MAX_ROWS
COLUMNS = ("group", "total", "outcome")


class GroupRowForm(CleanSubform):
    """One row of the table. The labels name the column; the page shows them as headings."""

    group = StringField("Group", render_kw={"list": "group-suggestions", "autocomplete": "off"})
    total = StringField("Total", render_kw={"inputmode": "numeric", "autocomplete": "off"})
    outcome = StringField("Outcome", render_kw={"inputmode": "numeric", "autocomplete": "off"})


class AnalysisOptions(CleanForm):
    """The fields shared by the table form and the upload form."""

    title = StringField(
        "Title",
        validators=[DataRequired("Give the analysis a title."), MaxLength(limits.TITLE)],
        description="A short name, for example “Benefit applications, 2024”.",
    )
    outcome_label = StringField(
        "What is counted as the outcome?",
        validators=[DataRequired("Say what the outcome is."), MaxLength(limits.OUTCOME_LABEL)],
        description="For example “Application approved” or “Case opened for investigation”.",
    )
    direction = RadioField(
        "Is this outcome good or bad for the people it happens to?",
        choices=select_choices(DIRECTION_LABELS.items()),
        validators=[InputRequired("Say whether the outcome is good or bad.")],
    )
    reference_method = RadioField(
        "Compare each group with",
        choices=select_choices(REFERENCE_LABELS.items()),
        default="best",
        validators=[InputRequired("Choose the group to compare with.")],
        description=(
            "The reference group is the yardstick: each group's rate is divided by its rate. "
            "The group with the best rate is the usual choice (the federal four-fifths rule)."
        ),
    )
    reference_label = StringField(
        "Name of the reference group",
        validators=[MaxLength(limits.LABEL)],
        description="Only if you chose “A group I name”. Type it as it is in the table.",
        render_kw={"list": "group-suggestions", "autocomplete": "off"},
    )

    version = IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(1, limits.MAX_ID)]
    )

    def validate_reference_label(self, field: StringField) -> None:
        if self.reference_method.data == "named" and not (field.data or "").strip():
            raise ValidationError("Type the name of the reference group, or choose another way.")

    def options(self) -> dict[str, Any]:
        named = self.reference_method.data == "named"
        return {
            "title": (self.title.data or "").strip(),
            "outcome_label": (self.outcome_label.data or "").strip(),
            "direction": self.direction.data or "",
            "reference_method": self.reference_method.data or "best",
            "reference_label": (self.reference_label.data or "").strip() if named else None,
        }

    def to_input(self, groups: tuple[GroupCount, ...]) -> AnalysisInput:
        return AnalysisInput(groups=groups, **self.options())

    def add_error(self, message: str) -> None:
        """An error about the whole form (shown in the summary)."""
        self.form_errors.append(message)


class AnalysisForm(AnalysisOptions):
    groups = FieldList(FormField(GroupRowForm), max_entries=MAX_FORM_ROWS)
    add_row = SubmitField("Add a row")
    save = SubmitField("Save analysis")
    added_row: int | None = None  # the number of the row "Add a row" just added

    def rows(self) -> list[tuple[int, str, str, str]]:
        """(row number, group, total, outcome) as typed; row 1 is the first row of the table."""
        typed = [[row.form[column].data or "" for column in COLUMNS] for row in self.groups.entries]
        return [(n, group, total, outcome) for n, (group, total, outcome) in enumerate(typed, 1)]

    def read_table(self) -> tuple[GroupCount, ...] | None:
        """The groups, or None after attaching every problem to its row and column."""
        try:
            return validate_rows(self.rows())
        except TableError as error:
            for problem in error.problems:
                self._attach(problem)
            if error.more:
                self.add_error(f"{error.more_text[:1].upper()}{error.more_text[1:]}.")
            return None

    def _attach(self, problem: Problem) -> None:
        entries = self.groups.entries
        if problem.row is None or not 1 <= problem.row <= len(entries):
            self.add_error(problem.message)
            return
        column = problem.column if problem.column in COLUMNS else "group"
        field = entries[problem.row - 1].form[column]
        field.errors = [*field.errors, problem.message]

    def append_row(self) -> bool:
        """One more empty row; False when the table is already at the limit."""
        if len(self.groups.entries) >= MAX_ROWS:
            self.add_error(f"The table already has {MAX_ROWS} rows, the most allowed.")
            return False
        self.groups.append_entry()
        self.added_row = len(self.groups.entries)
        return True

    def drop_row(self, position: str) -> None:
        """Take out the row at `position` (0 is the first); other values are ignored."""
        if position.isdigit() and int(position) < len(self.groups.entries):
            self.groups.entries.pop(int(position))

    def table_problems(self) -> list[tuple[str, str]]:
        """(message with row and column, id of the field) of every problem in the table."""
        found = []
        for n, row in enumerate(self.groups.entries, start=1):
            for column in COLUMNS:
                field = row.form[column]
                found += [(f"Row {n}, column {column}: {m}", field.id) for m in field.errors]
        return found


class UploadForm(AnalysisOptions):
    file = FileField(
        "CSV file",
        validators=[FileRequired("Choose a CSV file to upload.")],
        description=(
            "A CSV file with the columns group, total and outcome, at most 1 MB and 200 rows. "
            "Save it from a spreadsheet as “CSV UTF-8” if you can."
        ),
    )
    save = SubmitField("Upload and save")


class ConfirmForm(CleanForm):
    """A button that needs the form's CSRF token (deleting)."""

    confirm = SubmitField("Delete the analysis")


def initial_data(analysis: OutcomeAnalysis) -> dict[str, Any]:
    """The stored analysis as form data."""
    return {
        "title": analysis.title,
        "outcome_label": analysis.outcome_label,
        "direction": analysis.direction,
        "reference_method": analysis.reference_method,
        "reference_label": analysis.reference_label or "",
        "version": analysis.version,
        "groups": [
            {"group": g.label, "total": str(g.total), "outcome": str(g.outcome)}
            for g in analysis.groups
        ],
    }


def file_problem_list(error: TableError) -> list[str]:
    """Each problem of an uploaded file as one line, row and column first."""
    lines = []
    for problem in error.problems:
        text = str(problem)
        lines.append(text[:1].upper() + text[1:])
    if error.more:
        lines.append(f"… {error.more_text}.")
    return lines
