"""plans.xlsx for people who work in Excel: every table, the comparison matrix, the findings.

The matrix has one row per plan and one column per catalog code (the national programme first);
a cell shows the plan's targets for that quantity (`< 3 per 1,000 (2025); < 2.8 per 1,000 (2030)`),
and a cell the audit found weaker than the reference is filled red. Every sheet has a frozen
header row, filters and sensible column widths.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import catalog, ui
from .audit import show

WEAK = PatternFill("solid", fgColor="F8C8C4")
STRICT = PatternFill("solid", fgColor="D5E8D4")
HEADER = Font(bold=True)


def _sheet(wb: Workbook, name: str, columns: list[str], rows: list[dict]) -> None:
    ws = wb.create_sheet(ui.sheet(name))  # sheet names and headers in the reader's language
    ws.append([ui.column(c) for c in columns])
    values = [[row.get(c) for c in columns] for row in rows]
    for r, row in enumerate(values, start=2):
        ws.append(row)
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("="):
                ws.cell(row=r, column=c).data_type = "s"  # a plan's text starting with `=` is text, not a formula
    _finish(ws, columns, values)


def _finish(ws, columns: list[str], values: list[list]) -> None:
    for i in range(1, len(columns) + 1):
        ws.cell(row=1, column=i).font = HEADER
    ws.freeze_panes = "B2" if ws.title == ui.sheet("comparison") else "A2"
    if values:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(values) + 1}"
    for i, name in enumerate(columns):
        longest = max([len(str(name))] + [len(str(row[i])) for row in values[:200] if row[i] is not None])
        ws.column_dimensions[get_column_letter(i + 1)].width = max(8, min(60, longest + 2))


def comparison(results: list, findings: list) -> tuple[list[str], list[list], set[tuple[str, str]], set]:
    """(header, rows, weaker cells, stricter cells) of the plans × codes matrix."""
    codes = [e["code"] for e in catalog.entries()]
    weaker = {(f.doc_id, f.code) for f in findings if f.kind == "weaker_than_parent"}
    stricter = {(f.doc_id, f.code) for f in findings if f.kind == "stricter_than_parent"}
    header = ["plan"] + codes
    rows = []
    for r in results:
        cells = [r.document.doc_id]
        for code in codes:
            ts = [t for t in r.indicators if t.code == code]
            cells.append("; ".join(f"{show(t.comparator, t.value, t.unit, t.of_total)} ({t.target_year or '-'})"
                                   for t in ts) or None)
        rows.append(cells)
    return header, rows, weaker, stricter


def write_workbook(path: str | Path, tables: dict[str, tuple[list[str], list[dict]]], results: list,
                   findings: list) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    header, rows, weaker, stricter = comparison(results, findings)
    ws = wb.create_sheet(ui.sheet("comparison"))
    ws.append([ui.column(header[0])] + header[1:])
    names = {e["code"]: e["name"] for e in catalog.entries()}
    for r, row in enumerate(rows, start=2):
        ws.append(row)
        for j, code in enumerate(header[1:], start=2):
            cell = ws.cell(row=r, column=j)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if (row[0], code) in weaker:
                cell.fill = WEAK
            elif (row[0], code) in stricter:
                cell.fill = STRICT
    _finish(ws, header, rows)
    legend = wb.create_sheet(ui.sheet("codes"))
    legend.append([ui.column("code"), ui.column("name")])
    codes = [[code, names.get(code)] for code in header[1:]]
    for row in codes:
        legend.append(row)
    _finish(legend, ["code", "name"], codes)
    order = ["findings", "documents", "indicators", "sections", "citations", "agencies", "deadlines", "errors"]
    for name in order:
        if name in tables:
            columns, table_rows = tables[name]
            if name == "findings":  # plans by name; kinds, severities and details as people read them
                names = {r.document.doc_id: ui.plan_name(r.document) for r in results}
                columns = ["plan", *columns]
                table_rows = [{**r, "plan": names.get(r.get("doc_id")), "kind": ui.kind(r.get("kind")),
                               "severity": ui.severity(r.get("severity")), "detail": ui.detail(r.get("detail"), names),
                               "reference": ui.detail(r.get("reference"), names)}
                              for r in table_rows]
            elif name == "documents":  # each plan as people name it, first
                columns = ["plan", *columns]
                table_rows = [{**r, "plan": ui.plan_name(r)} for r in table_rows]
            elif name == "errors":
                table_rows = [{**r, "reason": ui.detail(r.get("reason")), "hint": ui.detail(r.get("hint"))}
                              for r in table_rows]
            _sheet(wb, name, columns, table_rows)
    wb.save(str(path))
