"""`plans` command line: wires the stages together, nothing more.

    plans run [PATH ...] [--out DIR]     extract plans (files or folders) into tables
    plans eval [--out DIR] [--gold DIR]  score the tables against gold annotations
"""
from __future__ import annotations

import argparse
import sys

from . import api, audit, evaluate, export, link, report, store, workbook
from .errors import PlansError
from .ingest import display_name
from .records import ErrorRow


def cmd_run(args: argparse.Namespace) -> int:
    files = api.list_inputs(args.paths, exclude=[args.out])  # the outputs are never read back as plans
    if not files:
        print(f"plans: no plan files found in {' '.join(display_name(str(p)) for p in args.paths)}", file=sys.stderr)
        return 2
    results = []
    progress = None
    if not args.quiet and len(files) > 1:
        from rich.progress import Progress

        progress = Progress(transient=True, disable=not sys.stderr.isatty())
        progress.start()
        task = progress.add_task("extracting", total=len(files))
    try:
        for result in api.extract_many(files, jobs=args.jobs, keep_clean=False):
            if progress:
                progress.advance(task)
            if isinstance(result, ErrorRow):
                hint = f" — {result.hint}" if result.hint else ""
                print(f"plans: {result.source}: {result.reason}{hint}", file=sys.stderr)
            results.append(result)
    finally:
        if progress:
            progress.stop()
    link.resolve_citations(results)
    extracted = [r for r in results if not isinstance(r, ErrorRow)]
    findings = audit.audit(extracted)
    tables = export.table_rows(results, findings)
    titles = {r.document.doc_id: r.document.title or "" for r in extracted}
    files = {
        "plans.xlsx": lambda path: workbook.write_workbook(path, tables, extracted, findings),
        "report.html": lambda path: path.write_text(report.render(findings, titles), encoding="utf-8"),
        "plans.sqlite": lambda path: store.write_sqlite(path, tables, extracted),
    }
    written = export.write_tables(args.out, tables, files)
    failed = sum(isinstance(r, ErrorRow) for r in results)
    if not args.quiet:
        print(f"{len(results) - failed} plans read, {failed} failed; wrote "
              + ", ".join(p.name for p in written) + f" to {display_name(str(args.out))}")
    return 1 if failed else 0


def cmd_eval(args: argparse.Namespace) -> int:
    scores = evaluate.evaluate(args.out, args.gold)
    print(evaluate.format_scores(scores, misses=args.misses))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    import json

    from .search import search

    hits = search(args.db, args.query, level=args.level, province=args.province, year=args.year,
                  doc_type=args.doc_type, agency=args.agency, code=args.code, kinds=args.kind, limit=args.limit)
    if args.json:
        print(json.dumps([{k: v for k, v in vars(h).items()} for h in hits], ensure_ascii=False, indent=1))
        return 0
    if not hits:
        print(f"no passage matches {args.query!r}")
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, expand=True)
    for col in ("document", "section", "line", "passage"):
        table.add_column(col, overflow="fold")
    for h in hits:
        snippet = escape(h.snippet).replace("«", "[bold yellow]").replace("»", "[/bold yellow]")
        section = f"{h.section_id or ''} {h.heading or ''}".strip()[:50]
        table.add_row(h.doc_id, escape(section), str(h.line or ""), snippet)
    Console().print(table)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plans", description="Read Vietnamese public plans into tables.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="extract plans (files or folders) into CSV tables",
                         description="Extract plans (files or folders) into CSV tables in --out.")
    run.add_argument("paths", nargs="*", default=["corpus"], help="plan files or folders (default: corpus)")
    run.add_argument("--out", default="outputs", help="output folder (default: outputs)")
    run.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    run.add_argument("-j", "--jobs", type=int, default=1, help="read files in this many processes (default 1)")
    run.set_defaults(func=cmd_run)
    ev = sub.add_parser("eval", help="score outputs against gold annotations",
                        description="Score an outputs folder against gold YAML files.")
    ev.add_argument("--out", default="outputs", help="outputs folder to score (default: outputs)")
    ev.add_argument("--gold", default="../shared/gold", help="gold folder (default: ../shared/gold)")
    ev.add_argument("--misses", action="store_true", help="list every miss and extra row")
    ev.set_defaults(func=cmd_eval)
    se = sub.add_parser("search", help="search the plans without diacritics (`xam hai` finds `xâm hại`)",
                        description="Full-text search of outputs/plans.sqlite, diacritic-insensitive, with filters.")
    se.add_argument("query", help='words, "a phrase", prefix*, AND/OR/NOT')
    se.add_argument("--db", default="outputs/plans.sqlite", help="database (default: outputs/plans.sqlite)")
    se.add_argument("--level", help="admin level: tinh, huyen, xa, thi_xa, thi_tran, trung_uong …")
    se.add_argument("--province", help="province name, with or without diacritics")
    se.add_argument("--year", type=int, help="plans whose period covers this year (or issued in it)")
    se.add_argument("--doc-type", help="ke_hoach, quyet_dinh, …")
    se.add_argument("--agency", help="only sections an agency is responsible for (part of its name)")
    se.add_argument("--code", help="only sections with a target of this catalog code (e.g. TE09)")
    se.add_argument("--kind", action="append", help="passage kind: text, indicator, agency, citation, deadline")
    se.add_argument("--limit", type=int, default=20, help="how many passages (default 20)")
    se.add_argument("--json", action="store_true", help="print JSON instead of a table")
    se.set_defaults(func=cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except PlansError as exc:
        print(f"plans: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
