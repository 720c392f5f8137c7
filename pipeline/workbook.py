"""plans.xlsx for people who work in Excel: every table, the comparison, the findings.

The comparison sheet has one row per target compared: the plan (named by issuer and number), its
target, the reference's target beside it (the document it implements, the document named with
`--against`, or the national programme through the catalog), the similarity of the two metrics and
the verdict, the target cell filled by the verdict (legend on the legend sheet: weaker red,
stricter green, impossible purple). Sheet names, headers and verdicts are in the reader's language
(rules/ui.yaml). Every cell is a plain value, never a formula (a plan's `= 0` is text). Every sheet
has a frozen header row, filters and sensible column widths.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import audit, catalog, ui

FILLS = {"weaker": PatternFill("solid", fgColor="F4B6B0"), "stricter": PatternFill("solid", fgColor="C9E4C5"),
         "impossible": PatternFill("solid", fgColor="C9B3E6")}
VERDICTS = ("weaker", "stricter", "impossible", "equal", "no verdict")  # legend order; words in rules/ui.yaml
HEADER = Font(bold=True)


def _text(ws, row: int, col: int, value) -> None:
    """A cell that holds `value` as written: a string starting with `=` is text, not a formula."""
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


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
    ws.freeze_panes = "C2" if ws.title == ui.sheet("comparison") else "A2"
    if values:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(values) + 1}"
    for i, name in enumerate(columns):
        longest = max([len(str(name))] + [len(str(row[i])) for row in values[:200] if row[i] is not None])
        ws.column_dimensions[get_column_letter(i + 1)].width = max(8, min(60, longest + 2))


def comparison(results: list, findings: list, against: list | None = None, by_number=None) -> tuple[list[str], list[list]]:
    """(header, rows) of the comparison sheet: every compared target beside the reference's, the
    plan named as people name it; the `verdict` column (weaker, stricter, impossible, equal, no
    verdict) says how a row is filled (FILLS). `results` may be a part of the run when `by_number`
    finds the others."""
    columns = audit.COMPARISON_COLUMNS
    names = {r.document.doc_id: ui.plan_name(r.document) for r in results if hasattr(r, "document")}
    rows = [[names.get(row["doc_id"], row.get("plan")) if c == "plan" else row.get(c) for c in columns]
            for row in audit.comparisons(results, against, by_number)]
    return columns, rows


def verdict(v: str | None) -> str:
    """A verdict as people read it (rules/ui.yaml `verdict.*`)."""
    return ui.text(f"verdict.{v}") if v else ""


def write_workbook(path: str | Path, tables: dict[str, tuple[list[str], list[dict]]], results: list,
                   findings: list, against: list | None = None) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    header, rows = comparison(results, findings, against)
    ws = wb.create_sheet(ui.sheet("comparison"))
    ws.append([ui.column(c) for c in header])
    target, col_verdict = header.index("target") + 1, header.index("verdict") + 1
    for r, row in enumerate(rows, start=2):
        key = row[col_verdict - 1]
        for c, value in enumerate(row, start=1):
            _text(ws, r, c, verdict(value) if c == col_verdict else ui.value(value) if c in (
                target, header.index("reference_target") + 1) and isinstance(value, str) else value)
        fill = FILLS.get(key)
        if fill:
            ws.cell(row=r, column=target).fill = fill
            ws.cell(row=r, column=col_verdict).fill = fill
        ws.cell(row=r, column=header.index("quantity") + 1).alignment = Alignment(wrap_text=True, vertical="top")
    _finish(ws, header, rows)
    legend = wb.create_sheet(ui.sheet("legend"))
    legend.append([ui.column("legend"), ui.column("meaning")])
    entries = [[verdict(v), ui.text(f"verdict.{v}.meaning")] for v in VERDICTS]
    entries += [[e["code"], e["name"]] for e in catalog.entries()]
    for r, row in enumerate(entries, start=2):
        for c, value in enumerate(row, start=1):
            _text(legend, r, c, value)
        if r - 2 < len(VERDICTS) and VERDICTS[r - 2] in FILLS:
            legend.cell(row=r, column=1).fill = FILLS[VERDICTS[r - 2]]
    _finish(legend, ["legend", "meaning"], entries)
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
