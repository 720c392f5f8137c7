"""`plans` command line: wires the stages together, nothing more.

    plans run [PATH ...] [--out DIR] [--jobs N] [--engine local|dask] [--scheduler ADDRESS]
                                         extract plans (files or folders) into tables
    plans eval [--out DIR] [--gold DIR]  score the tables against gold annotations
    plans search QUERY [filters]         full-text search of the plans database
    plans audit PLANS… --against REF     compare plans with a document the user names

Messages and help are Vietnamese by default, English with `--lang en` (strings in rules/ui.yaml).
The stages are imported inside the commands, so `plans --help` and `plans --version` start fast.
"""
from __future__ import annotations

import argparse
import sys

from . import ui
from .errors import PlansError


def _say(*parts) -> None:
    print(*parts, file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import api, batch, ingest
    from .ingest import display_name
    from .records import ErrorRow

    files = api.list_inputs(args.paths, exclude=[args.out])  # the outputs are never read back as plans
    if not files:
        _say("plans: " + ui.text("cli.no_inputs", paths=" ".join(display_name(str(p)) for p in args.paths)))
        return 2
    progress = None
    if not args.quiet and len(files) > 1:
        from rich.progress import Progress

        from .pdf import page_count

        progress = Progress(transient=True, disable=not sys.stderr.isatty())
        progress.start()
        shown = sys.stderr.isatty()  # scans take seconds a page: the bar counts PDF pages
        weights = {f.path: page_count(f.path) if shown and not f.problem and f.path.suffix.lower() == ".pdf" else 1
                   for f in files}
        task = progress.add_task(ui.text("cli.progress"), total=sum(weights.values()))

    def on_error(result: ErrorRow) -> None:
        hint = f" — {ui.detail(result.hint)}" if result.hint else ""
        _say(f"plans: {result.source}: {ui.detail(result.reason)}{hint}")

    def on_copy(source: str, kept: str, name: str) -> None:
        if not args.quiet:
            _say("plans: " + ui.text("cli.duplicate", source=source, kept=kept, name=name))

    try:
        done = batch.run(files, args.out, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                         cache_dir=None if args.no_cache else Path(args.out) / ".cache",
                         on_error=on_error, on_copy=on_copy,
                         on_progress=(lambda read: progress.advance(task, sum(weights.get(f.path, 1) for f in read)))
                         if progress else None)
    finally:
        if progress:
            progress.stop()
    if not done["read"]:  # nothing read: the previous outputs stay as they were
        _say("plans: " + ui.text("cli.nothing_read", out=display_name(str(args.out))))
        return 1
    if not args.quiet:
        print(ui.text("cli.done", read=done["read"], cached=done["cached"], failed=done["failed"],
                      files=", ".join(str(p.relative_to(args.out)) for p in done["written"]
                                      if p.parent.name != "parquet" and p.name != "sources") + ", parquet/, sources/",
                      out=display_name(str(args.out))))
    skipped = sum(1 for f in files if f.problem and ingest.is_skipped(f.path, f.problem[0]))
    return 1 if done["failed"] > skipped else 0  # hidden files and non-documents are listed, not failures


def cmd_audit(args: argparse.Namespace) -> int:
    import json
    from dataclasses import asdict
    from pathlib import Path

    from . import api, audit, export, link, report, workbook
    from .records import ErrorRow

    reference = api.extract_or_error(Path(args.against), keep_clean=False)
    if isinstance(reference, ErrorRow):
        _say("plans: " + ui.text("cli.audit.bad_reference", source=reference.source, reason=ui.detail(reference.reason)))
        return 2
    files = [f for f in api.find_inputs(args.paths) if f.resolve() != Path(args.against).resolve()]
    if not files:
        _say("plans: " + ui.text("cli.no_inputs", paths=" ".join(map(str, args.paths))))
        return 2
    results = list(api.extract_many(files, jobs=args.jobs, keep_clean=False))
    for r in results:
        if isinstance(r, ErrorRow):
            _say(f"plans: {r.source}: {ui.detail(r.reason)}" + (f" — {ui.detail(r.hint)}" if r.hint else ""))
    plans = [r for r in results if not isinstance(r, ErrorRow)]
    link.resolve_citations(plans + [reference])
    findings = audit.audit(plans, against=[reference])
    if args.out:
        tables = export.table_rows(results, findings)
        documents = {r.document.doc_id: r.document for r in plans + [reference]}
        export.write_tables(args.out, {k: tables[k] for k in ("findings", "errors")}, {
            "report.html": lambda path: path.write_text(report.render(findings, documents, plans + [reference]),
                                                        encoding="utf-8"),
            "plans.xlsx": lambda path: workbook.write_workbook(path, tables, plans, findings, [reference])})
    if args.json:
        print(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=1))
    else:
        names = {r.document.doc_id: ui.plan_name(r.document) for r in plans}
        print(ui.text("cli.audit.done", plans=len(plans), ref=ui.plan_name(reference.document), findings=len(findings)))
        for f in findings:
            print(f"{f.doc_id}:{f.line or '-'}\t{ui.severity(f.severity)}\t{ui.kind(f.kind)}\t{ui.detail(f.detail, names)}")
    return 1 if len(plans) < len(results) else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from . import evaluate

    scores = evaluate.evaluate(args.out, args.gold)
    print(evaluate.format_scores(scores, misses=args.misses))
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    import json

    from .search import HIT_COLUMNS, search

    hits = search(args.db, args.query, level=args.level, province=args.province, year=args.year,
                  doc_type=args.doc_type, agency=args.agency, code=args.code, kinds=args.kind, limit=args.limit)
    fmt = "json" if args.json else args.format
    rows = [{k: getattr(h, k) for k in HIT_COLUMNS} for h in hits]
    if fmt == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=HIT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else (";".join(map(str, v)) if isinstance(v, list) else v)
                             for k, v in row.items()})
        return 0
    if not hits:
        print(ui.text("cli.no_match", query=repr(args.query)))
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_lines=False, expand=True)
    for col in ("document", "section", "line", "passage"):
        table.add_column(ui.text(f"cli.col.{col}"), overflow="fold")
    for h in hits:
        snippet = escape(h.snippet).replace("«", "[bold yellow]").replace("»", "[/bold yellow]")
        section = f"{h.section_id or ''} {h.heading or ''}".strip()[:50]
        table.add_row(escape(h.name or h.doc_id), escape(section), str(h.line or ""), snippet)
    Console().print(table)
    return 0


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=ui.text("cli.usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's complaint, in the reader's language
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {ui.text('cli.error')}: {ui.detail(message)}\n")


def _parser(**kw) -> argparse.ArgumentParser:
    p = _Parser(add_help=False, formatter_class=_Formatter, **kw)
    p._positionals.title = ui.text("cli.positional")
    p._optionals.title = ui.text("cli.options")
    p.add_argument("-h", "--help", action="help", help=ui.text("cli.help"))
    p.add_argument("--lang", choices=ui.LANGUAGES, help=ui.text("cli.lang"))  # read before parsing
    return p


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    t = ui.text
    parser = _parser(prog="plans", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"plans {__version__}", help=t("cli.version"))
    sub = parser.add_subparsers(dest="command", required=True, title=t("cli.commands"), parser_class=_parser)
    run = sub.add_parser("run", help=t("cli.run"), description=t("cli.run.description"))
    run.add_argument("paths", nargs="*", default=["corpus"], help=t("cli.run.paths"))
    run.add_argument("--out", default="outputs", help=t("cli.run.out"))
    run.add_argument("-q", "--quiet", action="store_true", help=t("cli.run.quiet"))
    run.add_argument("-j", "--jobs", type=int, default=1, help=t("cli.run.jobs"))
    run.add_argument("--engine", choices=["local", "dask"], default="local", help=t("cli.run.engine"))
    run.add_argument("--scheduler", help=t("cli.run.scheduler"))
    run.add_argument("--no-cache", action="store_true", help=t("cli.run.no_cache"))
    run.set_defaults(func=cmd_run)
    ev = sub.add_parser("eval", help=t("cli.eval"), description=t("cli.eval.description"))
    ev.add_argument("--out", default="outputs", help=t("cli.eval.out"))
    ev.add_argument("--gold", default="../shared/gold", help=t("cli.eval.gold"))
    ev.add_argument("--misses", action="store_true", help=t("cli.eval.misses"))
    ev.set_defaults(func=cmd_eval)
    au = sub.add_parser("audit", help=t("cli.audit"), description=t("cli.audit.description"))
    au.add_argument("paths", nargs="+", help=t("cli.audit.paths"))
    au.add_argument("--against", required=True, metavar="REFERENCE", help=t("cli.audit.against"))
    au.add_argument("--out", help=t("cli.audit.out"))
    au.add_argument("-j", "--jobs", type=int, default=1, help=t("cli.run.jobs"))
    au.add_argument("--json", action="store_true", help=t("cli.audit.json"))
    au.set_defaults(func=cmd_audit)
    se = sub.add_parser("search", help=t("cli.search"), description=t("cli.search.description"))
    se.add_argument("query", help=t("cli.search.query"))
    se.add_argument("--db", default="outputs/plans.sqlite", help=t("cli.search.db"))
    se.add_argument("--level", help=t("cli.search.level"))
    se.add_argument("--province", help=t("cli.search.province"))
    se.add_argument("--year", type=int, help=t("cli.search.year"))
    se.add_argument("--doc-type", help=t("cli.search.doc_type"))
    se.add_argument("--agency", help=t("cli.search.agency"))
    se.add_argument("--code", help=t("cli.search.code"))
    se.add_argument("--kind", action="append", help=t("cli.search.kind"))
    se.add_argument("--limit", type=int, default=20, help=t("cli.search.limit"))
    se.add_argument("--format", choices=("table", "json", "csv"), default="table", help=t("cli.search.format"))
    se.add_argument("--json", action="store_true", help=t("cli.search.json"))
    se.set_defaults(func=cmd_search)
    return parser


def _lang_of(argv: list[str]) -> str | None:
    for i, a in enumerate(argv):
        if a == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--lang="):
            return a.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = _lang_of(argv)
    ui.set_lang(lang if lang in ui.LANGUAGES else ui.default_lang())
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except PlansError as exc:
        _say(f"plans: {exc}")
        return 2
    except BrokenPipeError:  # `plans search … | head`: the reader has what it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
