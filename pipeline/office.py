"""Old and open office formats for the ingest stage: `.doc` (Word 97–2003), `.odt`, `.rtf`.

    doc_text(path, data) -> text     antiword (Debian package `antiword`), catdoc as a fallback
    odt_text(path, data) -> text     content.xml read with the standard library
    rtf_text(path, data) -> text     striprtf (PyPI), with the file's own code page

Tables come out as `| cell | cell |` lines, like DOCX tables. A `.doc` that is really RTF, HTML
or a DOCX (Word saves all of these under `.doc`) is read as what it is.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from xml.etree import ElementTree

import regex

from .errors import InputError

MAX_XML_BYTES = 200 * 1024 * 1024
TIMEOUT = 120

_ANSICPG = regex.compile(rb"\\ansicpg(\d{3,5})")
_TABLE_LINE = regex.compile(r"^\s*\|.*\|\s*$")


def sniff(data: bytes) -> str | None:
    """What a file named `.doc` really is: 'doc', 'rtf', 'docx', 'html' or None."""
    head = data[:512].lstrip()
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "doc"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if data[:2] == b"PK":
        return "docx"
    if regex.match(rb"(?i)<(?:!doctype html|html|\?xml)", head) or b"<html" in head.lower():
        return "html"
    return None


def _antiword_tables(text: str) -> str:
    """antiword draws a table row per output line (`|cell |cell |`), a wrapped cell going on in
    the next line with the other cells blank: merge those into one `| a | b |` row."""
    out: list[str] = []
    row: list[str] | None = None
    for line in text.split("\n"):
        if not _TABLE_LINE.match(line):
            if row is not None:
                out.append("| " + " | ".join(row) + " |")
                row = None
            out.append(line)
            continue
        cells = [" ".join(c.split()) for c in line.strip().strip("|").split("|")]
        continues = row is not None and len(cells) == len(row) and (not cells[0] or cells[0][:1].islower())
        if continues:
            row = [(a + " " + b).strip() for a, b in zip(row, cells)]
        else:
            if row is not None:
                out.append("| " + " | ".join(row) + " |")
            row = cells
    if row is not None:
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


def doc_text(path: str, data: bytes) -> str:
    kind = sniff(data)
    if kind == "rtf":
        return rtf_text(path, data)
    if kind != "doc":  # (a DOCX or HTML page named .doc is read by ingest as what it is)
        raise InputError(path, "not a Word document (no Word 97–2003 header)", "open it in Word and save as .docx")
    env = {**os.environ, "ANTIWORDHOME": "/usr/share/antiword"}
    if shutil.which("antiword"):
        done = _run(path, ["antiword", "-w", "0", "-m", "UTF-8.txt", "-"], data, env)
        if done.returncode == 0 and done.stdout.strip():
            return _antiword_tables(done.stdout.decode("utf-8", "replace"))
        message = done.stderr.decode("utf-8", "replace")
        if "encrypt" in message.lower() or "password" in message.lower():
            raise InputError(path, "Word document is encrypted", "ask for an unprotected copy")
    if shutil.which("catdoc"):
        done = _run(path, ["catdoc", "-w", "-d", "utf-8", "-"], data, env)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.decode("utf-8", "replace")
    if not shutil.which("antiword") and not shutil.which("catdoc"):
        raise InputError(path, "old Word .doc file and antiword is not installed",
                         "install the Debian package antiword (see README, Set-up), or save it as .docx")
    raise InputError(path, "broken Word .doc file (antiword and catdoc could not read it)", "re-save it as .docx")


def _run(path: str, cmd: list[str], data: bytes, env: dict) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(cmd, input=data, capture_output=True, timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise InputError(path, f"{cmd[0]} took more than {TIMEOUT} s", "re-save it as .docx") from None


def rtf_text(path: str, data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    m = _ANSICPG.search(data[:4096])
    encoding = f"cp{int(m.group(1))}" if m else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    try:
        return rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except Exception as exc:  # striprtf raises plain errors on broken groups
        raise InputError(path, f"broken RTF ({type(exc).__name__})", "re-save it as .docx") from None


_NS = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
_T = "{%s}" % _NS["text"]
_TB = "{%s}" % _NS["table"]


def _inline(el) -> str:
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == _T + "s":
            parts.append(" " * int(child.get(_T + "c", "1")))
        elif tag == _T + "tab":
            parts.append("\t")
        elif tag == _T + "line-break":
            parts.append("\n")
        elif tag in (_T + "note", _T + "annotation"):
            pass
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks(el, out: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag in (_T + "p", _T + "h"):
            out.extend(_inline(child).split("\n"))
        elif tag == _TB + "table":
            for row in child.iter(_TB + "table-row"):
                cells = []
                for cell in row.findall(_TB + "table-cell"):
                    inner: list[str] = []
                    _blocks(cell, inner)
                    cells.append(" ".join(" ".join(inner).split()))
                out.append("| " + " | ".join(cells) + " |")
        elif tag in (_T + "list", _T + "list-item", _T + "list-header", _T + "section", _TB + "table-header-rows"):
            _blocks(child, out)
        elif tag.startswith(_T) or tag.startswith("{%s}" % _NS["office"]):
            _blocks(child, out)


def odt_text(path: str, data: bytes) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            try:
                info = zf.getinfo("content.xml")
            except KeyError:
                raise InputError(path, "not an OpenDocument text (no content.xml)", "re-save it as .odt or .docx") from None
            if info.file_size > MAX_XML_BYTES:
                raise InputError(path, f"ODT inflates to {info.file_size // (1024 * 1024)} MB (a zip bomb?)",
                                 "check the file's origin")
            with zf.open(info) as fh:
                xml = fh.read(MAX_XML_BYTES + 1)
    except zipfile.BadZipFile:
        raise InputError(path, "not an ODT (not a zip archive)", "re-save it as .odt or .docx") from None
    if len(xml) > MAX_XML_BYTES:
        raise InputError(path, "ODT content inflates past its declared size", "check the file's origin")
    if b"<!ENTITY" in xml[:4096]:
        raise InputError(path, "ODT content declares XML entities", "re-save it in a word processor")
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise InputError(path, f"broken ODT ({exc})", "re-save it as .odt or .docx") from None
    body = root.find("office:body/office:text", _NS)
    out: list[str] = []
    if body is not None:
        _blocks(body, out)
    return "\n".join(out)
