"""Errors found in a questionnaire file, each with the place it was found."""

from __future__ import annotations

from collections.abc import Sequence


class QuestionnaireError(Exception):
    """A problem in a questionnaire file at `file:line:col`.

    When a file has several problems, one error is raised for the whole file: it carries the
    position and message of the first problem, and `errors` holds all of them in file order.
    """

    def __init__(
        self,
        file: str,
        line: int,
        col: int,
        message: str,
        errors: Sequence[QuestionnaireError] = (),
    ) -> None:
        self.file = file
        self.line = line
        self.col = col
        self.message = message
        self.errors: tuple[QuestionnaireError, ...] = tuple(errors) or (self,)
        super().__init__(f"{file}:{line}:{col}: {message}")

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"

    def __repr__(self) -> str:
        return f"QuestionnaireError({str(self)!r}, errors={len(self.errors)})"

    @classmethod
    def of(cls, errors: Sequence[QuestionnaireError]) -> QuestionnaireError:
        """One error standing for all of `errors` (which must not be empty)."""
        first = errors[0]
        return cls(first.file, first.line, first.col, first.message, errors)


class ErrorList:
    """Collects the problems of one file; positions are kept inside the file."""

    def __init__(self, file: str, line_count: int) -> None:
        self.file = file
        self.line_count = max(1, line_count)
        self.errors: list[QuestionnaireError] = []

    def add(self, line: int, col: int, message: str) -> None:
        line = min(max(1, line), self.line_count)
        self.errors.append(QuestionnaireError(self.file, line, max(1, col), message))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            ordered = sorted(self.errors, key=lambda error: (error.line, error.col))
            raise QuestionnaireError.of(ordered)
