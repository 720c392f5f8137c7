"""report.html: the audit's findings for people, one self-contained page (no network, no script).

A summary table (plans × severity) at the top; then per plan, findings grouped by severity, each
with the plan's sentence and the reference's sentence quoted, the numbers highlighted and the line
numbers given. Every piece of document text is HTML-escaped (a plan containing `<script>` shows
it as text).
"""
from __future__ import annotations

import html
from collections import Counter, defaultdict
from typing import Iterator

import regex

from .records import Finding

SEVERITIES = ("error", "warning", "info")
_NUMBER_RE = regex.compile(r"\d+(?:[.,/]\d+)*\s*(?:%|‰)?")

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:2rem;color:#1d2733;max-width:70rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #ccd}h3{font-size:1rem;margin:1.2rem 0 .4rem}
table.summary{border-collapse:collapse}table.summary td,table.summary th{border:1px solid #ccd;padding:.3rem .7rem;text-align:right}
table.summary th:first-child,table.summary td:first-child{text-align:left}
.finding{border-left:4px solid #999;padding:.4rem .8rem;margin:.6rem 0;background:#f8f9fb}
.error{border-color:#c62828}.warning{border-color:#ef8f00}.info{border-color:#1e6fd9}
.kind{font-weight:600}.meta{color:#56606b;font-size:.85rem}
blockquote{margin:.3rem 0 .3rem 1rem;padding:.2rem .6rem;border-left:2px solid #ccd;white-space:pre-wrap}
mark{background:#ffe58f;padding:0 .1rem}
"""


def _quote(text: str | None) -> str:
    """Escaped text with the numbers highlighted."""
    if not text:
        return ""
    out, pos = [], 0
    for m in _NUMBER_RE.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f"<mark>{html.escape(m.group(0))}</mark>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def render(findings: list[Finding], documents: dict[str, str] | None = None) -> str:
    """The page. `documents` maps doc_id to a title shown beside it."""
    documents = documents or {}
    counts = Counter((f.doc_id, f.severity) for f in findings)
    plans = sorted({f.doc_id for f in findings} | set(documents))
    by_plan: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_plan[f.doc_id].append(f)
    return "\n".join(page_parts(plans, counts, len(findings), ((d, by_plan[d]) for d in plans if d in by_plan),
                                 documents))


def page_parts(plans: list[str], counts: Counter, n_findings: int, groups: Iterator[tuple[str, list[Finding]]],
               documents: dict[str, str]) -> Iterator[str]:
    """The page in pieces (joined with newlines), for writing it without holding every finding:
    `plans` sorted, `counts` per (plan, severity), `groups` each plan's findings in the order of
    `plans` (plans without findings left out)."""
    yield from ["<!DOCTYPE html>", '<html lang="vi"><head><meta charset="utf-8">',
                "<title>Plan audit: findings</title>", f"<style>{CSS}</style></head><body>",
                "<h1>Plan audit: findings</h1>",
                f"<p>{n_findings} findings in {len(plans)} plans. Each finding quotes the plan's sentence and, "
                "where it compares, the reference's sentence, with their line numbers.</p>",
                '<table class="summary"><thead><tr><th>plan</th>'
                + "".join(f"<th>{s}</th>" for s in SEVERITIES) + "<th>total</th></tr></thead><tbody>"]
    for doc_id in plans:
        cells = "".join(f"<td>{counts[(doc_id, s)]}</td>" for s in SEVERITIES)
        total = sum(counts[(doc_id, s)] for s in SEVERITIES)
        yield (f'<tr><td><a href="#{html.escape(doc_id)}">{html.escape(doc_id)}</a></td>{cells}'
               f"<td>{total}</td></tr>")
    yield "</tbody></table>"
    groups = iter(groups)
    pending = next(groups, None)
    for doc_id in plans:
        title = documents.get(doc_id)
        yield (f'<h2 id="{html.escape(doc_id)}">{html.escape(doc_id)}'
               + (f" — {html.escape(title)}" if title else "") + "</h2>")
        items: list[Finding] = []
        if pending is not None and pending[0] == doc_id:
            items = pending[1]
            pending = next(groups, None)
        if not items:
            yield "<p>No findings.</p>"
        for severity in SEVERITIES:
            group = [f for f in items if f.severity == severity]
            if not group:
                continue
            yield f"<h3>{severity} ({len(group)})</h3>"
            for f in group:
                yield f'<div class="finding {severity}">'
                yield (f'<div><span class="kind">{html.escape(f.kind)}</span>'
                       + (f" · {html.escape(f.code)}" if f.code else "")
                       + f" — {html.escape(f.detail)}</div>")
                if f.reference:
                    yield f'<div class="meta">reference: {html.escape(f.reference)}</div>'
                if f.text:
                    yield f'<div class="meta">plan, line {f.line}:</div><blockquote>{_quote(f.text)}</blockquote>'
                if f.other_text or f.other_line:
                    where = f"{html.escape(f.other_doc_id or '')}, line {f.other_line}"
                    yield (f'<div class="meta">reference, {where}:</div>'
                           f"<blockquote>{_quote(f.other_text)}</blockquote>")
                yield "</div>"
    yield "</body></html>"
