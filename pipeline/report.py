"""report.html: the audit's findings for people, in their language (rules/ui.yaml), one
self-contained page (nothing loaded from the network), and `sources/<doc>.html`: each document's
text with its line numbers, where every finding and every extracted row links to.

The page: a summary table (plans by name × severity); filters by severity and kind; per plan a
chart of its targets against the reference (one row per quantity and year, on one scale, the
plan's bar red when weaker, green when stricter, the reference as a black tick), its findings
grouped by severity, each quoting the plan's and the reference's sentences with links to the
source lines, and the rows read from it (targets, citations, agencies, deadlines), each with its
link. A link is `sources/<doc>.html?q=<the cited text>#L<line>`: the line is the anchor (`p2-L5`
in a PDF's page 2), and a small script in the source page marks the cited text from that line on.
Every piece of document text is HTML-escaped (a plan containing `<script>` shows it as text).
"""
from __future__ import annotations

import hashlib
import html
import urllib.parse
from collections import Counter, defaultdict
from functools import lru_cache

import regex

from . import ui
from .records import Finding

SEVERITIES = ("error", "warning", "info")
_NUMBER_RE = regex.compile(r"\d+(?:[.,/]\d+)*\s*(?:%|‰)?")
_UNSAFE = regex.compile(r"[^\w.-]+")

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:2rem;color:#1d2733;max-width:72rem}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-bottom:1px solid #ccd}h3{font-size:1rem;margin:1.2rem 0 .4rem}
table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.25rem .6rem;vertical-align:top}
table.summary td,table.summary th{text-align:right}table.summary th:first-child,table.summary td:first-child{text-align:left}
.finding{border-left:4px solid #999;padding:.4rem .8rem;margin:.6rem 0;background:#f8f9fb}
.error{border-color:#c62828}.warning{border-color:#ef8f00}.info{border-color:#1e6fd9}
.kind{font-weight:600}.meta{color:#56606b;font-size:.85rem}
blockquote{margin:.3rem 0 .3rem 1rem;padding:.2rem .6rem;border-left:2px solid #ccd;white-space:pre-wrap}
mark{background:#ffe58f;padding:0 .1rem}
fieldset{border:1px solid #ccd;margin:1rem 0}fieldset label{margin-right:1rem;white-space:nowrap}
details{margin:.5rem 0}summary{cursor:pointer;color:#1e4f99}
table.rows{font-size:.85rem}svg text{font-size:11px;font-family:inherit}
.hidden{display:none}
"""

# Filters: unticking a severity or a kind hides its findings; the state is kept in the address
# (`report.html?hide=info,citation_mismatch`) so that a filtered view can be shared or bookmarked.
FILTER_JS = """
(function(){
  var boxes=document.querySelectorAll('fieldset.filters input[type=checkbox]');
  var hide=(new URLSearchParams(location.search).get('hide')||'').split(',');
  boxes.forEach(function(b){if(hide.indexOf(b.value)>=0){b.checked=false;}});
  function apply(){
    var off={},names=[];
    boxes.forEach(function(b){if(!b.checked){off[b.name+':'+b.value]=true;names.push(b.value);}});
    document.querySelectorAll('.finding').forEach(function(f){
      var hidden=off['severity:'+f.dataset.severity]||off['kind:'+f.dataset.kind];
      f.classList.toggle('hidden',!!hidden);});
    if(history.replaceState&&location.protocol!=='about:'){
      var q=names.length?'?hide='+names.join(','):location.pathname.split('/').pop();
      try{history.replaceState(null,'',q+location.hash);}catch(e){}
    }
  }
  boxes.forEach(function(b){b.addEventListener('change',apply);});
  apply();
})();
"""


@lru_cache(maxsize=65536)
def source_name(doc_id: str) -> str:
    """The file name of a document's source page (doc_ids may hold characters unsafe in a URL)."""
    safe = _UNSAFE.sub("_", doc_id)
    if safe != doc_id:
        safe += "-" + hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{safe}.html"


def anchor(line: int | None, page: int | None = None) -> str:
    if not line:
        return ""
    return f"p{page}-L{line}" if page else f"L{line}"


@lru_cache(maxsize=256)
def _quoted_query(text: str) -> str:
    """`?q=` and the first 200 characters of a row's text, URL-quoted (a paragraph with several
    rows is quoted once)."""
    return "?q=" + urllib.parse.quote(" ".join(text.split())[:200], safe="")


@lru_cache(maxsize=256)
def _quoted_page(doc_id: str) -> str:
    return urllib.parse.quote(source_name(doc_id))


def source_link(doc_id: str, line: int | None, page: int | None = None, text: str | None = None,
                prefix: str = "sources/") -> str:
    query = _quoted_query(text) if text else ""
    return f"{prefix}{_quoted_page(doc_id)}{query}#{anchor(line, page) or 'top'}"


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


def _e(s) -> str:
    return html.escape("" if s is None else str(s))


# ---- the chart -----------------------------------------------------------------------------

def _targets(results: list) -> dict:
    targets = {}
    for r in results:
        for t in getattr(r, "indicators", []):
            targets.setdefault((t.doc_id, t.code, t.target_year, t.line), t)
            targets.setdefault((t.doc_id, t.code, t.target_year, None), t)
    return targets


def chart_rows(findings: list[Finding], results: list, targets: dict | None = None) -> list[dict]:
    """One row per weaker/stricter finding: the plan's and the reference's value on one scale.
    `targets` is `_targets(results)`, built once per page."""
    from . import catalog
    from .audit import share, show

    targets = _targets(results) if targets is None else targets
    national = {e["code"]: e.get("national") or {} for e in catalog.entries()}
    rows = []
    for f in findings:
        if f.kind not in ("weaker_than_parent", "stricter_than_parent"):
            continue
        mine = targets.get((f.doc_id, f.code, f.year, f.line))
        ref = targets.get((f.other_doc_id, f.code, f.other_year, f.other_line)) or \
            targets.get((f.other_doc_id, f.code, f.other_year, None))
        if ref is not None:
            q, q_text = share(ref.value, ref.unit, ref.of_total), show(ref.comparator, ref.value, ref.unit, ref.of_total)
        else:
            n = national.get(f.code, {}).get(f.other_year) or national.get(f.code, {}).get(str(f.other_year))
            if not n:
                continue
            q, q_text = share(n["value"], n["unit"]), show(n["comparator"], n["value"], n["unit"])
        if mine is None:
            continue
        p = share(mine.value, mine.unit, mine.of_total)
        if p is None or q is None:
            continue
        rows.append({"code": f.code, "year": f.year, "ref_year": f.other_year, "plan": p, "ref": q,
                     "plan_text": ui.value(show(mine.comparator, mine.value, mine.unit, mine.of_total)),
                     "ref_text": ui.value(q_text),
                     "weaker": f.kind == "weaker_than_parent"})
    return rows


def chart_svg(rows: list[dict]) -> str:
    """A self-contained SVG: per row, the plan's bar and the reference's tick, each row on its own
    scale (0 to 1.15 × the larger value) so that a rate per 100,000 is as readable as a share."""
    row_h, left, bar_w, right = 22, 120, 320, 360
    width, height = left + bar_w + right, row_h * len(rows) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" class="chart">',
           f"<title>{_e(ui.text('report.chart'))}</title>"]
    for i, r in enumerate(rows):
        y = 8 + i * row_h
        top = max(r["plan"], r["ref"]) * 1.15 or 1.0
        pw, rx = bar_w * r["plan"] / top, left + bar_w * r["ref"] / top
        color = "#c62828" if r["weaker"] else "#2e7d32"
        verdict = ui.text("report.chart.weaker" if r["weaker"] else "report.chart.stricter")
        label = f"{r['code']} · {r['year'] or '–'}"
        tip = (f"{label}: {ui.text('report.chart.plan')} {r['plan_text']}, {ui.text('report.chart.ref')} "
               f"{r['ref_text']} ({r['ref_year'] or '–'}) — {verdict}")
        out.append(f'<g class="{"weaker" if r["weaker"] else "stricter"}"><title>{_e(tip)}</title>'
                   f'<text x="0" y="{y + 13}">{_e(label)}</text>'
                   f'<rect x="{left}" y="{y + 3}" width="{bar_w}" height="12" fill="#eef0f4"/>'
                   f'<rect x="{left}" y="{y + 3}" width="{pw:.1f}" height="12" fill="{color}"/>'
                   f'<line x1="{rx:.1f}" x2="{rx:.1f}" y1="{y}" y2="{y + 18}" stroke="#111" stroke-width="2"/>'
                   f'<text x="{left + bar_w + 8}" y="{y + 13}">{_e(r["plan_text"])} / {_e(r["ref_text"])} '
                   f'({_e(verdict)})</text></g>')
    y = 8 + len(rows) * row_h + 10
    out.append(f'<rect x="{left}" y="{y - 9}" width="10" height="10" fill="#c62828"/>'
               f'<text x="{left + 14}" y="{y}">{_e(ui.text("report.chart.weaker"))}</text>'
               f'<rect x="{left + 110}" y="{y - 9}" width="10" height="10" fill="#2e7d32"/>'
               f'<text x="{left + 124}" y="{y}">{_e(ui.text("report.chart.stricter"))}</text>'
               f'<line x1="{left + 230}" x2="{left + 230}" y1="{y - 10}" y2="{y + 2}" stroke="#111" stroke-width="2"/>'
               f'<text x="{left + 236}" y="{y}">{_e(ui.text("report.chart.ref"))}</text>')
    out.append("</svg>")
    return "".join(out)


# ---- the page ------------------------------------------------------------------------------

def _documents(documents) -> dict:
    """doc_id -> DocumentRow (or a title string, the older calling form)."""
    return dict(documents or {})


def render(findings: list[Finding], documents: dict | None = None, results: list | None = None,
           sources: set[str] | None = None) -> str:
    """The page. `documents` maps doc_id to its `DocumentRow` (named by number, date and issuer)
    or to a title; `results` (the extractions) give the charts and the rows read; `sources` are
    the doc_ids that have a source page to link to (all of `results` when not given)."""
    docs = _documents(documents)
    results = [r for r in (results or []) if hasattr(r, "document")]
    for r in results:
        docs.setdefault(r.document.doc_id, r.document)
    if sources is None:
        sources = {r.document.doc_id for r in results}
    names = {d: (ui.plan_name(v) if not isinstance(v, str) else d) for d, v in docs.items()}
    titles = {d: (v if isinstance(v, str) else (v.title or "")) for d, v in docs.items()}
    counts = Counter((f.doc_id, f.severity) for f in findings)
    plans = sorted({f.doc_id for f in findings} | set(docs))
    kinds = {f.kind for f in findings}
    by_plan: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        by_plan[f.doc_id].append(f)
    by_result = {r.document.doc_id: r for r in results}
    return "\n".join(page_parts(plans, counts, kinds, len(findings), names, titles, sources,
                                 ((d, by_plan[d]) for d in plans if d in by_plan), by_result.get, bool(results)))


def page_parts(plans: list[str], counts: Counter, kinds: set[str], n_findings: int, names: dict, titles: dict,
               sources: set[str], groups, result_of, charts: bool = True):
    """The page in pieces (joined with newlines), a plan at a time, so that it can be written
    without holding every finding and extraction: `plans` sorted, `counts` per (plan, severity),
    `groups` each plan's findings in the order of `plans` (plans without findings left out),
    `result_of(doc_id)` a plan's extraction (or None). Charts and links of a plan need only its
    own extraction and those its findings refer to."""
    kinds = sorted(kinds, key=lambda k: ui.kind(k))
    yield from ["<!DOCTYPE html>", f'<html lang="{ui.lang()}"><head><meta charset="utf-8">',
                f"<title>{_e(ui.text('report.title'))}</title>", f"<style>{CSS}</style></head><body>",
                f"<h1>{_e(ui.text('report.title'))}</h1>",
                f"<p>{_e(ui.text('report.intro', findings=n_findings, plans=len(plans)))}</p>",
                f'<table class="summary"><thead><tr><th>{_e(ui.text("report.plan"))}</th>'
                + "".join(f"<th>{_e(ui.severity(s))}</th>" for s in SEVERITIES)
                + f"<th>{_e(ui.text('report.total'))}</th></tr></thead><tbody>"]
    for doc_id in plans:
        cells = "".join(f"<td>{counts[(doc_id, s)]}</td>" for s in SEVERITIES)
        total = sum(counts[(doc_id, s)] for s in SEVERITIES)
        yield (f'<tr><td><a href="#{_e(doc_id)}">{_e(names.get(doc_id, doc_id))}</a></td>{cells}'
               f"<td>{total}</td></tr>")
    yield "</tbody></table>"
    yield (f'<fieldset class="filters"><legend>{_e(ui.text("report.filters"))}</legend>'
           f"<div>{_e(ui.text('report.severity'))}: "
           + "".join(f'<label><input type="checkbox" name="severity" value="{s}" checked> {_e(ui.severity(s))}'
                     "</label>" for s in SEVERITIES)
           + f"</div><div>{_e(ui.text('report.kind'))}: "
           + "".join(f'<label><input type="checkbox" name="kind" value="{_e(k)}" checked> {_e(ui.kind(k))}'
                     "</label>" for k in kinds)
           + "</div></fieldset>")
    groups = iter(groups)
    pending = next(groups, None)
    for doc_id in plans:
        items: list[Finding] = []
        if pending is not None and pending[0] == doc_id:
            items = pending[1]
            pending = next(groups, None)
        r = result_of(doc_id)
        near = [x for x in [r, *(result_of(o) for o in sorted({f.other_doc_id for f in items if f.other_doc_id}))]
                if x is not None]
        pages = _pages(near)
        targets = _targets(near)

        def link(doc_id, line, text, label):
            if not line or doc_id not in sources:
                return _e(label)
            page = pages.get((doc_id, line, text))
            return f'<a class="src" href="{_e(source_link(doc_id, line, page, text))}">{_e(label)}</a>'

        title = titles.get(doc_id)
        yield f'<h2 id="{_e(doc_id)}">{_e(names.get(doc_id, doc_id))}</h2>'
        meta = " · ".join(x for x in (title, doc_id) if x)
        head = link(doc_id, 1, None, ui.text("report.source")) if doc_id in sources else ""
        yield f'<p class="meta">{_e(meta)}{" · " + head if head else ""}</p>'
        rows = chart_rows(items, near, targets) if charts else []
        if rows:
            yield (f"<h3>{_e(ui.text('report.chart'))}</h3>{chart_svg(rows)}"
                   f'<p class="meta">{_e(ui.text("report.chart.note"))}</p>')
        if not items:
            yield f"<p>{_e(ui.text('report.none'))}</p>"
        for severity in SEVERITIES:
            group = [f for f in items if f.severity == severity]
            if not group:
                continue
            yield f"<h3>{_e(ui.severity(severity))} ({len(group)})</h3>"
            for f in group:
                yield f'<div class="finding {severity}" data-severity="{severity}" data-kind="{_e(f.kind)}">'
                yield (f'<div><span class="kind">{_e(ui.kind(f.kind))}</span>'
                       + (f" · {_e(f.code)}" if f.code else "")
                       + f" — {_e(ui.detail(f.detail, names))}</div>")
                if f.reference:
                    yield (f'<div class="meta">{_e(ui.text("report.reference"))}: '
                           f"{_e(ui.detail(f.reference, names))}</div>")
                if f.text:
                    where = link(f.doc_id, f.line, f.text, ui.text("report.plan_line", line=f.line))
                    yield f'<div class="meta">{where}:</div><blockquote>{_quote(f.text)}</blockquote>'
                if f.other_text or f.other_line:
                    other = names.get(f.other_doc_id or "", f.other_doc_id or "")
                    where = link(f.other_doc_id, f.other_line, f.other_text,
                                 ui.text("report.other_line", doc=other, line=f.other_line))
                    yield f'<div class="meta">{where}:</div><blockquote>{_quote(f.other_text)}</blockquote>'
                yield "</div>"
        if r is not None:
            yield _rows_html(r, link)
    yield f"<script>{FILTER_JS}</script></body></html>"


def _pages(results) -> dict:
    pages = {}
    for r in results:
        for rows in (r.indicators, r.citations, r.agencies, r.deadlines):
            for x in rows:
                if x.page:
                    pages.setdefault((x.doc_id, x.line, getattr(x, "text", None) or getattr(x, "raw", None)), x.page)
    return pages


def _rows_html(r, link) -> str:
    """The rows read from one plan, each linking to its line, in collapsed tables."""
    from .audit import show

    out = []
    tables = [
        (ui.text("report.extracted"), [ui.column("code"), ui.column("metric"), ui.column("value"),
                                       ui.column("target_year"), ui.column("line")],
         [(t.line, t.text, [t.code, t.metric, ui.value(show(t.comparator, t.value, t.unit, t.of_total)), t.target_year])
          for t in r.indicators]),
        (ui.sheet("citations"), [ui.column("key"), ui.column("relation"), ui.column("raw"), "", ui.column("line")],
         [(c.line, c.raw, [c.key, c.relation, c.raw, ""]) for c in r.citations]),
        (ui.sheet("agencies"), [ui.column("agency_canonical"), ui.column("role"), ui.column("agency"), "",
                                ui.column("line")],
         [(a.line, a.text, [a.agency_canonical, a.role, a.agency, ""]) for a in r.agencies]),
        (ui.sheet("deadlines"), [ui.column("kind"), ui.column("date"), ui.column("subject"),
                                 ui.column("responsible"), ui.column("line")],
         [(d.line, d.text, [d.kind, d.date or d.month_day or d.start, d.subject, d.responsible])
          for d in r.deadlines]),
    ]
    for title, header, rows in tables:
        if not rows:
            continue
        out.append(f"<details><summary>{_e(title)} ({len(rows)})</summary><table class=\"rows\"><tr>"
                   + "".join(f"<th>{_e(h)}</th>" for h in header) + "</tr>")
        for line, text, cells in rows:
            out.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in cells)
                       + f"<td>{link(r.document.doc_id, line, text, line)}</td></tr>")
        out.append("</table></details>")
    return "".join(out)


# ---- source pages --------------------------------------------------------------------------

SOURCE_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:1.5rem;color:#1d2733}
h1{font-size:1.2rem}.meta{color:#56606b;font-size:.85rem}
.ln{display:flex;font-size:.9rem;line-height:1.5}
.ln a.n{flex:0 0 4.5rem;text-align:right;padding-right:.8rem;color:#8a94a0;text-decoration:none;user-select:none;font-variant-numeric:tabular-nums}
.ln .t{white-space:pre-wrap;word-break:break-word;flex:1}
.ln:target{background:#fff4c2}.pg{margin:1rem 0 .3rem;color:#56606b;font-size:.8rem;border-top:1px dashed #ccd}
mark.cite{background:#ffd54f;outline:1px solid #e0a800}
"""

# Marks the text named by ?q= from the targeted line on: letters and digits compared with their
# diacritics, case and spacing ignored, so a quote from a joined paragraph finds its source lines.
SOURCE_JS = r"""
(function(){
  var q=new URLSearchParams(location.search).get('q');
  var id=decodeURIComponent(location.hash.slice(1));
  if(!q){return;}
  function fold(s){return s.normalize('NFD').replace(/[\u0300-\u036f]/g,'').replace(/[đĐ]/g,'d').toLowerCase();}
  var want=fold(q).replace(/[^\p{L}\p{N}]+/gu,'');
  if(!want){return;}
  var lines=Array.prototype.slice.call(document.querySelectorAll('.ln'));
  var start=lines.findIndex(function(l){return l.id===id;});
  function tryFrom(i){
    var chars=[],map=[];
    for(var k=i;k<lines.length&&k<i+40&&chars.length<want.length+2000;k++){
      var node=lines[k].querySelector('.t'),s=node.textContent;
      for(var j=0;j<s.length;j++){var f=fold(s[j]).replace(/[^\p{L}\p{N}]+/gu,'');
        for(var m=0;m<f.length;m++){chars.push(f[m]);map.push([node,j]);}}
    }
    var hay=chars.join(''),at=hay.indexOf(want);
    if(at<0){return false;}
    var first=map[at],last=map[at+want.length-1],byNode=new Map();
    for(var x=at;x<at+want.length;x++){var e=map[x],r=byNode.get(e[0]);
      if(!r){byNode.set(e[0],[e[1],e[1]]);}else{r[1]=e[1];}}
    byNode.forEach(function(r,node){
      var s=node.textContent,mark=document.createElement('mark');mark.className='cite';
      mark.textContent=s.slice(r[0],r[1]+1);
      node.textContent='';node.append(s.slice(0,r[0]),mark,s.slice(r[1]+1));});
    var m=document.querySelector('mark.cite');if(m){m.scrollIntoView({block:'center'});}
    return true;
  }
  if(!(start>=0&&tryFrom(start))){for(var i=0;i<lines.length;i++){if(tryFrom(i)){break;}}}
})();
"""


def render_source(document, lines: list[tuple]) -> str:
    """A document's source text, one anchored row per line (`#L12`, `#p2-L12` for a PDF page)."""
    name = ui.plan_name(document)
    title = ui.text("source.title", name=name)
    out = ["<!DOCTYPE html>", f'<html lang="vi"><head><meta charset="utf-8"><title>{_e(title)}</title>',
           f"<style>{SOURCE_CSS}</style></head><body>",
           f'<p id="top"><a href="../report.html#{_e(document.doc_id)}">{_e(ui.text("source.back"))}</a></p>',
           f"<h1>{_e(name)}</h1>",
           f'<p class="meta">{_e(document.title or "")}<br>'
           f'{_e(ui.text("source.file", source=document.source, lines=len(lines)))}</p>']
    page = None
    for no, pg, text in lines:
        if pg != page and pg is not None:
            out.append(f'<div class="pg">{_e(ui.text("source.page", page=pg))}</div>')
        page = pg
        a = anchor(no, pg)
        out.append(f'<div class="ln" id="{a}"><a class="n" href="#{a}">{no}</a><span class="t">{_e(text)}</span></div>')
    out.append(f"<script>{SOURCE_JS}</script></body></html>")
    return "\n".join(out)
