"""Task tables: a plan's table of tasks read by its header (`| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ
quan phối hợp | Thời gian |`) -> the role of each column (task, lead, support, time), from the header
words of rules/task_tables.yaml.

`task_rows(paragraphs)` yields every data row of every task table with its cells (offsets in the
paragraph text kept) and the column map of its header; separator rows (`| --- |`), repeated headers
and group rows (`| a) | Nhóm hoạt động … |`, fewer cells than the header) are skipped for the
columns they lack.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

import regex

from . import rules
from .records import Paragraph

_SEPARATOR_RE = regex.compile(r"^[\s|:\-]+$")


@dataclass
class Cell:
    text: str
    start: int  # offset of the (stripped) cell text in the paragraph


@dataclass
class TaskRow:
    para: Paragraph
    cells: list[Cell]
    columns: dict[str, int]  # role -> cell index

    def get(self, role: str) -> Cell | None:
        k = self.columns.get(role)
        if k is None or k >= len(self.cells) or not self.cells[k].text:
            return None
        return self.cells[k]


def split_cells(text: str) -> list[Cell]:
    """`| a | b |` -> cells with their offsets (pipes of a row only; text outside is ignored)."""
    cells = []
    bars = [m.start() for m in regex.finditer(r"\|", text)]
    for a, b in zip(bars, bars[1:]):
        raw = text[a + 1:b]
        lead = len(raw) - len(raw.lstrip())
        cells.append(Cell(raw.strip(), a + 1 + lead))
    return cells


@rules.cached
def _column_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    data = rules.load("task_tables.yaml")["columns"]
    return tuple((role, tuple(w.lower() for w in words)) for role, words in data.items())


def header_columns(cells: list[Cell]) -> dict[str, int]:
    """Role -> column of a header row; empty when the row is not a task table's header."""
    columns: dict[str, int] = {}
    if any(len(c.text) > 80 for c in cells):
        return {}  # a header names its columns in a few words
    for k, cell in enumerate(cells):
        low = " ".join(cell.text.lower().split())
        if not low:
            continue
        for role, words in _column_words():
            if role not in columns and any(low.startswith(w) for w in words):
                columns[role] = k
                break
    if "lead" not in columns and "time" not in columns:
        return {}
    if "task" not in columns and "lead" not in columns:
        return {}  # a time column alone (`Thời hạn kiểm định`) does not make a task table
    return columns


def _sub_header(cells: list[Cell]) -> dict[str, int]:
    """The second row of a two-row header: the roles its cells name, whatever they are."""
    columns: dict[str, int] = {}
    if any(len(c.text) > 80 for c in cells):
        return {}
    for k, cell in enumerate(cells):
        low = " ".join(cell.text.lower().split())
        for role, words in _column_words():
            if low and role not in columns and any(low.startswith(w) for w in words):
                columns[role] = k
                break
    return columns


def task_rows(paragraphs: Iterable[Paragraph]) -> Iterator[TaskRow]:
    columns: dict[str, int] = {}
    in_header = False
    for para in paragraphs:
        if not para.text.startswith("|"):
            columns, in_header = {}, False  # the table ended
            continue
        cells = split_cells(para.text)
        if not cells or _SEPARATOR_RE.match(para.text):
            continue
        head = header_columns(cells) or (_sub_header(cells) if in_header else {})
        if head:
            # a header in two rows (`Cơ quan thực hiện` over `Chủ trì | Phối hợp`) adds to the first
            columns = {**columns, **head} if in_header else head
            in_header = True
            continue
        in_header = False
        if columns:
            yield TaskRow(para, cells, columns)
