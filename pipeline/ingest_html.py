"""HTML text for the ingest stage: a linear scanner, not a parser.

Python's HTMLParser re-scans an unclosed tag to the end of the text for every `<` (400 KB of `<a`
took 74 s) and libxml2 drops what lies past 256 nested elements; here every token pattern matches
to its end or to the end of the text, so the scan never comes back. Scripts, styles and controls
are dropped, and the site's navigation, header and footer too, unless the page's body sits in one
of them. The scan stops past MAX_HTML_TAGS tags or the caller's character limit.
"""
from __future__ import annotations

import html as html_lib

import regex

from .errors import InputError

MAX_HTML_TAGS = 1_000_000  # a long web page has tens of thousands
_TOKEN_RE = regex.compile(r"""<(?:
      !--.*?(?:--!?>|\Z)
    | (?P<end>/)?(?P<tag>[A-Za-z][A-Za-z0-9:_-]*+)(?P<attrs>(?:"[^"]*+"?|'[^']*+'?|[^'">])*+)(?:>|\Z)
    | [!?][^>]*+(?:>|\Z)
    )""", regex.S | regex.X)
_RAW_TEXT = ("script", "style", "title", "textarea", "xmp", "noscript", "noembed", "noframes")
_RAW_END_RE = {tag: regex.compile(rf"</{tag}(?![A-Za-z0-9])[^>]*+(?:>|\Z)", regex.I) for tag in _RAW_TEXT}
_HTML_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
               "section", "article", "blockquote", "pre", "hr", "main", "form", "header", "footer", "nav",
               "aside", "iframe", "dd", "dt", "dl", "caption", "center", "address", "figure", "figcaption"}
# Text inside these is the site's chrome or a control, not the plan, and is dropped, unless most of
# the page's text sits inside them (a template that wraps the body in `<header>`, an unclosed `<nav>`).
_HTML_ASIDE = {"nav", "header", "footer", "aside", "template", "svg", "math", "select", "button", "object",
               "datalist"}
_RAW_CODE = {"script", "style"}  # unclosed, they run to the end of the page (as in a browser)


def html_to_text(html: str, source: str = "", max_chars: int = 10_000_000) -> str:
    """Text of an HTML page in block order; scripts, styles and controls dropped, and the site's
    navigation, header and footer too, except the largest when it holds more text than the page
    outside them (a template that wraps the body in `<header>`, an unclosed `<nav>`). A body
    inside a `<form>` (ASP.NET), an unclosed `<head>` or `<iframe>` is read. Raises InputError
    (naming `source`) past MAX_HTML_TAGS tags or `max_chars` characters of text."""
    segments: list[tuple[int, list[str]]] = [(0, [])]  # runs of text, each with the chrome element holding it (0: none)
    current = segments[0][1]
    aside = dict.fromkeys(_HTML_ASIDE, 0)
    depth = instance = chars = tags = 0
    unclosed: set[str] = set()  # raw-text tags with no end tag after some point: never searched again
    pos, n = 0, len(html)
    search = _TOKEN_RE.search
    while pos < n:
        m = search(html, pos)
        text = html[pos:m.start() if m else n]
        if text:
            if "&" in text:
                text = html_lib.unescape(text)
            if "\n" in text or "\r" in text:
                text = text.replace("\n", " ").replace("\r", " ")
            chars += len(text)
            if chars > max_chars:
                raise InputError(source, f"more than {max_chars:,} characters of text, more than any plan",
                                 "split the file, or check that it is a plan")
            current.append(text)
        if m is None:
            break
        pos = m.end()
        tag = m.group("tag")
        if not tag:
            continue  # comment, doctype, processing instruction
        tags += 1
        if tags > MAX_HTML_TAGS:
            raise InputError(source, f"more than {MAX_HTML_TAGS:,} tags, more than any plan's page",
                             "save the plan's own text, or check that it is a plan")
        tag = tag.lower()
        closing = m.group("end") is not None
        if not closing and tag in _RAW_END_RE:
            end = None if tag in unclosed else _RAW_END_RE[tag].search(html, pos)
            if end is not None:
                pos = end.end()
            else:
                unclosed.add(tag)
                if tag in _RAW_CODE:
                    pos = n
            continue  # an unclosed <title> or <noscript>: the rest of the page is read
        if tag in aside and not (m.group("attrs") or "").rstrip().endswith("/"):
            if closing and aside[tag]:
                aside[tag] -= 1
                depth -= 1
            elif not closing:
                instance += not depth
                aside[tag] += 1
                depth += 1
            owner = instance if depth else 0
            if owner != segments[-1][0]:
                segments.append((owner, []))
                current = segments[-1][1]
        if tag in _HTML_BLOCK:
            current.append("\n")
        elif tag in ("td", "th") and not closing:
            current.append(" | ")
    sizes: dict[int, int] = {}
    for owner, texts in segments:
        sizes[owner] = sizes.get(owner, 0) + sum(len(t.strip(" |")) for t in texts)
    largest = max((k for k in sizes if k), key=lambda k: sizes[k], default=0)
    keep = {0, largest} if sizes.get(largest, 0) > sizes.get(0, 0) else {0}  # the element the body sits in
    text = "".join("".join(texts) if owner in keep else "\n" for owner, texts in segments)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")
