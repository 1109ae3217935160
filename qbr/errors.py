"""The one exception a user sees.

Stage: every stage raises `QbrError` for a user's mistake (bad data, config, template or command
line); only the CLI catches it, prints `format()` and exits with `exit_code` (2). A bug in qbr is
anything else and stays a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_LISTED = 50


@dataclass(frozen=True)
class Location:
    """Where a problem is, as the user sees it: file (and sheet), Excel row, column; or slide/shape."""

    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    slide: int | None = None
    shape: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file + (f" [sheet {self.sheet}]" if self.sheet else ""))
        if self.slide is not None:
            parts.append(f"slide {self.slide}")
        if self.shape:
            parts.append(f'shape "{self.shape}"')
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One located problem: where, what is wrong, and what was expected."""

    where: Location
    message: str
    hint: str | None = None

    def format(self) -> str:
        where = str(self.where)
        text = f"{where}: {self.message}" if where else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class QbrError(Exception):
    """A user's mistake: one or more located problems; exit status 2, nothing written."""

    exit_code = 2

    def __init__(
        self,
        message: str | None = None,
        *,
        where: Location | None = None,
        hint: str | None = None,
        problems: list[Problem] | None = None,
    ) -> None:
        self.problems: list[Problem] = list(problems or [])
        if message is not None:
            self.problems.insert(0, Problem(where or Location(), message, hint))
        if not self.problems:
            raise ValueError("QbrError needs a message or problems")
        super().__init__(self.format())

    @classmethod
    def at(
        cls,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        slide: int | None = None,
        shape: str | None = None,
        hint: str | None = None,
    ) -> QbrError:
        return cls(message, where=Location(file, sheet, row, column, slide, shape), hint=hint)

    def format(self) -> str:
        shown = self.problems[:MAX_LISTED]
        lines = [f"Error: {p.format()}" for p in shown]
        if len(self.problems) > MAX_LISTED:
            lines.append(f"... and {len(self.problems) - MAX_LISTED} more problems")
        if len(self.problems) > 1:
            lines.insert(0, f"{len(self.problems)} problems found:")
        return "\n".join(lines)


@dataclass
class ProblemList:
    """Collects problems while a stage checks everything, then raises them together once."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, where: Location, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(where, message, hint))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise QbrError(problems=self.problems)
