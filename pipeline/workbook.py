"""plans.xlsx for people who work in Excel: the comparison, the findings, the documents and their
targets (indicators); the other tables (sections, citations, agencies, deadlines, errors) are listed
on a last sheet with where to find them (CSV, `parquet/`, `plans.sqlite`).

The comparison sheet has one row per target compared: the plan (named by issuer and number), its
target, the reference's target beside it (the document it implements, the document named with
`--against`, or the national programme through the catalog), the similarity of the two metrics and
the verdict, the target cell filled by the verdict (legend on the legend sheet: weaker red,
stricter green, impossible purple). Sheet names, headers and verdicts are in the reader's language
(rules/ui.yaml). Every sheet has a frozen header row, filters and sensible column widths.

The workbook is streamed (openpyxl `write_only`): rows go to the file as they come, so its size
does not bound memory. A sheet stops at Excel's 1,048,576 rows with a last row saying how many more
are in the other outputs. Every cell is a value: text that starts with `=` (a file named `=1+2.txt`,
a target `= 0% (2024)`) is written as text, never as a formula; characters Excel cannot hold
(control characters) are dropped.
"""
from __future__ import annotations

from itertools import chain, islice
from pathlib import Path
from typing import Iterable

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import audit, catalog, ui

FILLS = {"weaker": PatternFill("solid", fgColor="F4B6B0"), "stricter": PatternFill("solid", fgColor="C9E4C5"),
         "impossible": PatternFill("solid", fgColor="C9B3E6")}
VERDICTS = ("weaker", "stricter", "impossible", "equal", "no verdict")  # legend order; words in rules/ui.yaml
HEADER = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_ROWS = 1_048_576  # Excel's limit per sheet, header included
SHEETS = ("findings", "documents", "indicators")  # the tables a person opens in Excel
ELSEWHERE = ("sections", "citations", "agencies", "deadlines", "errors")


def comparison(results: list, findings: list, against: list | None = None, by_number=None, by_id=None,
               texts=None) -> tuple[list[str], list[list]]:
    """(header, rows) of the comparison sheet: every compared target beside the reference's, the
    plan named as people name it; the `verdict` column (weaker, stricter, impossible, equal, no
    verdict) says how a row is filled (FILLS). `results` may be a part of the run when `by_number`,
    `by_id` and `texts` give the others."""
    names = {r.document.doc_id: ui.plan_name(r.document) for r in results if hasattr(r, "document")}
    return audit.COMPARISON_COLUMNS, comparison_rows(audit.comparisons(results, against, by_number, by_id, texts),
                                                     names)


def comparison_rows(rows: list[dict], names: dict[str, str]) -> list[list]:
    """`audit.comparisons` rows as the sheet's rows (lists), the plan named as people name it."""
    return [[names.get(row["doc_id"], row.get("plan")) if c == "plan" else row.get(c) for c in audit.COMPARISON_COLUMNS]
            for row in rows]


def comparison_key(row: dict) -> tuple:
    """The order of `audit.comparisons` (for sorting the rows of a run read in parts)."""
    return (row["plan"], row["doc_id"], row["line"] or 0, row["quantity"] or "", row["year"] or 0,
            row.get("reference") or "")


def verdict(v: str | None) -> str:
    """A verdict as people read it (rules/ui.yaml `verdict.*`)."""
    return ui.text(f"verdict.{v}") if v else ""


def _value(ws, value, **style):
    """A cell value for a write-only sheet: text stays text (never a formula), no illegal characters."""
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("=") or style:
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            for k, v in style.items():
                setattr(cell, k, v)
            return cell
    elif style and value is not None:
        cell = WriteOnlyCell(ws, value=value)
        for k, v in style.items():
            setattr(cell, k, v)
        return cell
    return value


def _stream_sheet(ws, columns: list[str], rows: Iterable[list], to_cells=None, freeze: str = "A2",
                  elsewhere: str = "") -> int:
    """Fill a write-only sheet from an iterator of rows (lists of values); returns the rows written."""
    rows = iter(rows)
    first = list(islice(rows, 200))
    for i, col in enumerate(columns):
        longest = max([len(str(col))] + [len(str(row[i])) for row in first if i < len(row) and row[i] is not None])
        ws.column_dimensions[get_column_letter(i + 1)].width = max(8, min(60, longest + 2))
    ws.freeze_panes = freeze
    ws.append([_value(ws, ui.column(c), font=HEADER) for c in columns])
    to_cells = to_cells or (lambda ws, row: [_value(ws, v) for v in row])
    n = 0
    rows = chain(first, rows)
    for row in rows:
        if n == MAX_ROWS - 2:  # keep the last row for the note
            more = 1 + sum(1 for _ in rows)
            ws.append([_value(ws, ui.text("workbook.more", more=f"{more:,}", where=elsewhere))])
            break
        ws.append(to_cells(ws, row))
        n += 1
    if n:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    return n


READY_FIRST = ("documents", "indicators")  # known once the plans are read; the matrix and findings after the audit


def write_workbook_stream(path: str | Path, comparisons: Iterable[tuple], sheets: dict[str, tuple[list[str], Iterable]],
                          other_tables=None) -> None:
    """The workbook from streams: `comparisons` yields `comparison()` results (one per chunk of
    plans, in order), `sheets` maps a sheet name to (columns, rows as lists of values),
    `other_tables` (anything with `.items()`) the row counts of the tables kept out of the
    workbook. The sheets of `READY_FIRST` are filled first, so that a caller can start writing
    before the audit is done (its other iterables may wait for it)."""
    wb = Workbook(write_only=True)
    order = ["comparison", "legend", *[n for n in SHEETS if n in sheets], *(["other tables"] if other_tables is not None else [])]
    ws = {name: wb.create_sheet(ui.sheet(name)) for name in order}  # tabs in this order, filled in any order
    for name in READY_FIRST:
        if name in sheets:
            _stream_sheet(ws[name], *sheets[name],
                          elsewhere=f"{name}.csv, parquet/{name}.parquet or the `{name}` table of plans.sqlite")
    header = audit.COMPARISON_COLUMNS
    target, col_verdict = header.index("target"), header.index("verdict")
    ref_target, quantity = header.index("reference_target"), header.index("quantity")

    def matrix_rows():
        for _, rows in comparisons:
            yield from rows

    def matrix_cells(ws, row):
        key, cells = row[col_verdict], []
        for c, value in enumerate(row):
            if c == col_verdict:
                value = verdict(value)
            elif c in (target, ref_target) and isinstance(value, str):
                value = ui.value(value)
            style = {}
            if c in (target, col_verdict) and key in FILLS:
                style["fill"] = FILLS[key]
            if c == quantity:
                style["alignment"] = WRAP
            cells.append(_value(ws, value, **style))
        return cells

    _stream_sheet(ws["comparison"], header, matrix_rows(), matrix_cells, freeze="C2",
                  elsewhere="findings.csv, parquet/findings.parquet")
    entries = [[verdict(v), ui.text(f"verdict.{v}.meaning")] for v in VERDICTS]
    entries += [[e["code"], e["name"]] for e in catalog.entries()]

    def legend_cells(ws, row):
        v = next((v for v in VERDICTS if verdict(v) == row[0]), None)
        return [_value(ws, row[0], **({"fill": FILLS[v]} if v in FILLS else {})), _value(ws, row[1])]

    _stream_sheet(ws["legend"], ["legend", "meaning"], entries, legend_cells)
    for name in SHEETS:
        if name in sheets and name not in READY_FIRST:
            _stream_sheet(ws[name], *sheets[name],
                          elsewhere=f"{name}.csv, parquet/{name}.parquet or the `{name}` table of plans.sqlite")
    if other_tables is not None:
        _stream_sheet(ws["other tables"], ["table", "rows", "where"],
                      ([ui.sheet(t), n, f"{t}.csv, parquet/{t}.parquet, plans.sqlite (table {t})"]
                       for t, n in other_tables.items()))
    wb.save(str(path))


def for_people(name: str, columns: list[str], rows: Iterable[dict], names: dict[str, str]):
    """A table's columns and rows (lists) as the sheet shows them: plans by name first; kinds,
    severities and details of findings as people read them (rules/ui.yaml)."""
    if name == "findings":
        said: dict = {}  # a reference sentence recurs on every finding of a plan: translated once

        def detail(s):
            if s not in said:
                if len(said) > 10_000:
                    said.clear()
                said[s] = ui.detail(s, names)
            return said[s]

        return ["plan", *columns], ([names.get(r.get("doc_id")), *(
            ui.kind(r.get(c)) if c == "kind" else ui.severity(r.get(c)) if c == "severity"
            else detail(r.get(c)) if c in ("detail", "reference") else r.get(c) for c in columns)]
            for r in rows)
    if name == "documents":
        return ["plan", *columns], ([ui.plan_name(r), *(r.get(c) for c in columns)] for r in rows)
    return columns, ([r.get(c) for c in columns] for r in rows)


def write_workbook(path: str | Path, tables: dict[str, tuple[list[str], list[dict]]], results: list,
                   findings: list, against: list | None = None) -> None:
    """The workbook from rows in memory (`export.table_rows`)."""
    names = {r.document.doc_id: ui.plan_name(r.document) for r in results if hasattr(r, "document")}
    sheets = {name: for_people(name, tables[name][0], tables[name][1], names) for name in SHEETS if name in tables}
    others = {name: len(tables[name][1]) for name in ELSEWHERE if name in tables}
    write_workbook_stream(path, [comparison(results, findings, against)], sheets, others)
