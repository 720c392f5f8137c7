"""Hostile and odd input, round two: one bad file must never cost the batch.

Every case is built here by a script (no committed binaries): colliding stems, control characters in
text and in file names, names that are not UTF-8, a killed worker, the output folder inside the
input folder, FIFOs and links to /dev/zero, DOCX text in places python-docx never looked (text
boxes, content controls, tracked changes, fields, smart tags, nested tables, headers, footers,
notes), DOCX and HTML shaped to blow up memory or time, hidden files, dangling links, unreadable
folders, and French text in Windows-1252. Memory is bounded with `resource.setrlimit` in a
subprocess.
"""
from __future__ import annotations

import csv
import io
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, corpus_file, corpus_lines, line_of
from pipeline import api, cache, cli, extract, legacy
from pipeline.errors import InputError
from pipeline.ingest import MAX_TEXT_CHARS, html_to_text, read_bytes_capped, read_document

PLAN = "002_cb41b1295af3bb46"
PLAN_TEXT = corpus_file(PLAN).read_text(encoding="utf-8")
OTHER = "000_af98d75339ed8083"


def table(out: Path, name: str) -> list[dict]:
    with (out / f"{name}.csv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def run(args: list[str]) -> int:
    return cli.main(["run", *map(str, args), "-q"])


# --- doc_ids ------------------------------------------------------------------------------------
def test_colliding_stems_get_unique_ids_and_the_batch_finishes(tmp_path):
    src = tmp_path / "in"
    (src / "a").mkdir(parents=True)
    (src / "b").mkdir()
    stems = sorted(p.stem for p in CORPUS.glob("*.txt") if p.stem != PLAN)  # distinct plans: copies are counted once
    for name, stem in zip(("a/kehoach.txt", "b/kehoach.txt", "kh80.txt", "kh80.md"), stems):
        (src / name).write_text(corpus_file(stem).read_text(encoding="utf-8"), encoding="utf-8")
    (src / PLAN).mkdir()
    (src / PLAN / f"{PLAN}.txt").write_text(PLAN_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    # one file given twice (by name and inside its folder) is read once
    assert run([src, src / "kh80.txt", "--out", out, "--no-cache"]) == 0
    ids = [row["doc_id"] for row in table(out, "documents")]
    assert sorted(ids) == sorted(["a/kehoach.txt", "b/kehoach.txt", "kh80.txt", "kh80.md", PLAN])
    assert len(set(ids)) == len(ids)
    with sqlite3.connect(out / "plans.sqlite") as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 5


def test_doc_ids_stay_unique_when_paths_cannot_tell_them_apart(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    names = [os.fsencode(tmp_path / d) + b"/k\xe9.txt" for d in ("x", "y")]
    names.append(os.fsencode(tmp_path / "x") + b"/k\xe8.txt")
    entries = api.assign_doc_ids([api.Input(Path(os.fsdecode(n))) for n in names])
    ids = [e.doc_id for e in entries]
    assert len(set(ids)) == 3 and ids[0] == "x/k_.txt"


# --- control characters and file names ----------------------------------------------------------
CONTROLS = "\x01\x08\x1a\x1b\x00"


def test_control_characters_are_removed_noted_and_never_reach_the_writers(tmp_path):
    from openpyxl import load_workbook

    src = tmp_path / "in"
    src.mkdir()
    lines = PLAN_TEXT.split("\n")
    lines[72] = lines[72].replace("Tỷ lệ", "Tỷ\x1b lệ\x01").replace("90%", "90%\x08\x1a") + "\x00"
    (src / "controls.txt").write_text("\n".join(lines), encoding="utf-8")
    (src / "name\x1b[31m\x01.txt").write_text(corpus_file(OTHER).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    assert run([src, "--out", out]) == 0
    docs = {row["doc_id"]: row for row in table(out, "documents")}
    assert set(docs) == {"controls", "name[31m"}
    assert "removed 5 control characters" in docs["controls"]["repairs"]
    assert "\\x1b" in docs["name[31m"]["source"] and "\x1b" not in docs["name[31m"]["source"]
    targets = [row for row in table(out, "indicators") if row["doc_id"] == "controls" and row["indicator_no"] == "1"]
    assert [(t["value"], t["target_year"]) for t in targets] == [("90.0", "2025"), ("95.0", "2030")]
    assert "Tỷ lệ xã" in targets[0]["text"]
    for path in out.glob("*.csv"):
        assert not any(c in path.read_text(encoding="utf-8") for c in CONTROLS), path.name
    book = load_workbook(out / "plans.xlsx", read_only=True)
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert not any(ch in c for c in cells for ch in CONTROLS)
    with sqlite3.connect(out / "plans.sqlite") as con:
        texts = [t for (t,) in con.execute("SELECT text FROM passages")]
    assert texts and not any(ch in t for t in texts for ch in CONTROLS)


CONTROL_CODES = {"\x00": 1, "\x1b": 2, "\x08": 3}


def pdf_with_text_layer(lines: list[str]) -> bytes:
    """A PDF written by hand whose text layer says `lines`: a ToUnicode map gives printable ASCII
    its own code, each other letter a code from 0x80, and NUL, ESC and backspace codes 1, 2 and 3
    (as a broken map does)."""
    others = sorted({c for line in lines for c in line if ord(c) > 0x7E})
    assert len(others) < 128
    codes = {**{chr(i): i for i in range(0x20, 0x7F)}, **CONTROL_CODES, **{c: 0x80 + i for i, c in enumerate(others)}}
    chars = [b"<%02X> <%04X>" % (code, ord(c)) for c, code in codes.items() if code < 0x20 or code >= 0x80]
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
            b"1 begincodespacerange <00> <FF> endcodespacerange "
            + b"%d beginbfchar " % len(chars) + b" ".join(chars) + b" endbfchar "
            b"1 beginbfrange <20> <7E> <0020> endbfrange endcmap CMapName currentdict /CMap defineresource pop end end")

    def encode(line: str) -> bytes:
        raw = bytes(codes[c] for c in line)
        return b"<" + raw.hex().encode() + b"> Tj T*"

    stream = b"BT /F1 9 Tf 30 800 Td 11 TL " + b" ".join(encode(line) for line in lines) + b" ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>stream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
               b"<< /Length %d >>stream\n" % len(cmap) + cmap + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def test_nul_in_a_pdf_text_layer_never_reaches_the_workbook(tmp_path):
    from openpyxl import load_workbook

    lines = [line_of(PLAN, no).strip() for no in (11, 12, 71, 73, 74)]
    lines[3] = lines[3].replace("90%", "90%\x00\x1b").replace("Tỷ lệ", "Tỷ\x08 lệ")
    src = tmp_path / "in"
    src.mkdir()
    (src / "layer.pdf").write_bytes(pdf_with_text_layer(lines))
    out = tmp_path / "out"
    assert run([src, "--out", out]) == 0
    doc = table(out, "documents")[0]
    assert "control characters" in doc["repairs"], doc["repairs"]  # ESC and backspace (pdfium drops a NUL itself)
    book = load_workbook(out / "plans.xlsx", read_only=True)
    cells = [str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "layer" in cells and not any(ch in c for c in cells for ch in CONTROLS)
    with sqlite3.connect(out / "plans.sqlite") as con:
        texts = [t for (t,) in con.execute("SELECT text FROM passages")]
    assert any("Tỷ lệ xã" in t for t in texts) and not any(ch in t for t in texts for ch in CONTROLS)


# --- a killed worker ----------------------------------------------------------------------------
_READ_ONE = cache.read_one


def _killed_on_purpose(entry):
    """What the system's OOM killer does to a worker, for files named `kill*`."""
    if entry.path.name.startswith("kill"):
        os.kill(os.getpid(), signal.SIGKILL)
    return _READ_ONE(entry)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the patched worker needs fork")
def test_a_killed_worker_costs_only_its_file(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    stems = sorted(p.stem for p in CORPUS.glob("*.txt"))[:6]
    for stem in stems:
        (src / f"{stem}.txt").write_text(corpus_file(stem).read_text(encoding="utf-8"), encoding="utf-8")
    (src / "kill_me.txt").write_text(PLAN_TEXT, encoding="utf-8")
    monkeypatch.setattr(cache, "read_one", _killed_on_purpose)
    out = tmp_path / "out"
    assert run([src, "--out", out, "--jobs", "2"]) == 1
    assert sorted(row["doc_id"] for row in table(out, "documents")) == stems
    errors = table(out, "errors")
    assert [Path(e["source"]).name for e in errors] == ["kill_me.txt"]
    assert "killed" in errors[0]["reason"]


# --- the output folder --------------------------------------------------------------------------
@pytest.mark.parametrize("inside", [False, True], ids=["out-is-input", "out-inside-input"])
def test_outputs_are_never_read_back_as_plans(tmp_path, inside):
    src = tmp_path / "in"
    src.mkdir()
    for stem in (PLAN, OTHER):
        (src / f"{stem}.txt").write_text(corpus_file(stem).read_text(encoding="utf-8"), encoding="utf-8")
    out = src / "outputs" if inside else src
    sizes = []
    for _ in range(3):
        assert run([src, "--out", out]) == 0
        assert sorted(row["doc_id"] for row in table(out, "documents")) == sorted([PLAN, OTHER])
        assert table(out, "errors") == []
        sizes.append((out / "report.html").stat().st_size)
    assert sizes[0] == sizes[1] == sizes[2]


# --- special files, links, hidden files, unreadable folders ------------------------------------
def test_special_files_are_refused_before_they_are_opened(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    os.mkfifo(src / "pipe.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    (src / "gone.txt").symlink_to(src / "nowhere.txt")
    (src / ".hidden.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (src / ".git").mkdir()
    (src / ".git" / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (src / "notes.xls").write_bytes(b"x")
    (src / f"{PLAN}.txt").write_text(PLAN_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    start = time.perf_counter()
    code = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(src), "--out", str(out), "-q"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert time.perf_counter() - start < 120
    assert code.returncode == 1 and "Traceback" not in code.stderr
    reasons = {Path(e["source"]).name: e["reason"] for e in table(out, "errors")}
    assert reasons == {
        "pipe.txt": "is a named pipe (FIFO), not a file",
        "zero.txt": "is a character device, not a file",
        "gone.txt": f"dangling link (to {src / 'nowhere.txt'})",
        ".hidden.txt": "hidden file, not read",
        ".git": "hidden folder, not read",
        "notes.xls": "unsupported file type .xls",
    }
    assert [row["doc_id"] for row in table(out, "documents")] == [PLAN]
    for special in ("pipe.txt", "zero.txt"):  # also when named on the command line
        with pytest.raises(InputError, match="not a file"):
            read_document(src / special)


def test_hidden_files_and_non_documents_are_listed_but_do_not_fail_the_run(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / f"{PLAN}.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (src / ".DS_Store").write_bytes(b"\x00\x00")
    (src / "SOURCES.tsv").write_text("file\trepository\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["run", str(src), "--out", str(out), "-q"]) == 0
    assert sorted(Path(e["source"]).name for e in table(out, "errors")) == [".DS_Store", "SOURCES.tsv"]
    (src / "budget.xlsx").write_bytes(b"PK")  # a document it cannot read is a failure
    assert cli.main(["run", str(src), "--out", str(out), "-q"]) == 1


def test_an_unreadable_subfolder_gets_its_line(tmp_path, monkeypatch):
    src = tmp_path / "in"
    (src / "locked").mkdir(parents=True)
    (src / "locked" / "plan.txt").write_text(PLAN_TEXT, encoding="utf-8")
    (src / f"{PLAN}.txt").write_text(PLAN_TEXT, encoding="utf-8")
    if os.geteuid() == 0:  # root reads a mode-000 folder: make the listing fail as it would for a user
        real_scandir = os.scandir

        def scandir(path="."):
            if Path(path).name == "locked":
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)

        monkeypatch.setattr(api.os, "scandir", scandir)
    else:
        (src / "locked").chmod(0)
    try:
        entries = api.list_inputs([src])
    finally:
        (src / "locked").chmod(0o755)
    problems = {e.path.name: e.problem[0] for e in entries if e.problem}
    assert problems == {"locked": "folder cannot be read (Permission denied)"}
    assert [e.doc_id for e in entries if not e.problem] == [PLAN]


def test_reads_are_capped_even_when_the_size_lies(tmp_path):
    f = tmp_path / "plan.txt"
    f.write_bytes(b"x" * 5000)
    assert len(read_bytes_capped(f, "plan.txt", limit=5000)) == 5000
    with pytest.raises(InputError, match="larger than"):
        read_bytes_capped(f, "plan.txt", limit=4999)


# --- DOCX content in every place Word keeps text -----------------------------------------------
W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run_xml(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def para(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def docx_bytes(body: str, header: str = "", footer: str = "", notes: str = "", compress=zipfile.ZIP_DEFLATED) -> bytes:
    """A DOCX written by hand: the package parts Word writes, with the XML given."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compress) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        zf.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                    f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                    'Target="word/document.xml"/></Relationships>')
        rels = [("header", "header1.xml", header), ("footer", "footer1.xml", footer), ("footnotes", "footnotes.xml", notes)]
        zf.writestr("word/_rels/document.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/relationships">' + "".join(
                        f'<Relationship Id="rId{i}" Type="{REL}/{kind}" Target="{name}"/>'
                        for i, (kind, name, xml) in enumerate(rels, start=2) if xml) + "</Relationships>")
        if header:
            zf.writestr("word/header1.xml", f"<w:hdr {W_NS}>{header}</w:hdr>")
        if footer:
            zf.writestr("word/footer1.xml", f"<w:ftr {W_NS}>{footer}</w:ftr>")
        if notes:
            zf.writestr("word/footnotes.xml", f"<w:footnotes {W_NS}>{notes}</w:footnotes>")
        if isinstance(body, bytes):
            zf.writestr("word/document.xml", body)
        else:
            with zf.open("word/document.xml", "w") as fh:
                fh.write(f'<?xml version="1.0"?><w:document {W_NS}><w:body>'.encode())
                for piece in ([body] if isinstance(body, str) else body):
                    fh.write(piece.encode())
                fh.write(b"</w:body></w:document>")
    return buf.getvalue()


def text_box(text: str) -> str:
    inner = f"<w:txbxContent>{para(run_xml(text))}</w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic><a:graphicData>"
            f"<wps:wsp><wps:txbx>{inner}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
            f"</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{inner}</v:textbox></v:shape></w:pict>"
            "</mc:Fallback></mc:AlternateContent></w:r>")


def field(instr: str, result: str) -> str:
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{instr}</w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run_xml(result)}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def cell(*blocks: str, props: str = "") -> str:
    return f"<w:tc>{'<w:tcPr>' + props + '</w:tcPr>' if props else ''}{''.join(blocks)}</w:tc>"


def test_docx_text_everywhere_word_keeps_it(tmp_path):
    lines = corpus_lines(PLAN)
    header, boxed, control, inline_control, inserted, deleted, fielded, smart, nested, footer, note = (
        line_of(OTHER, 8).strip("* "), line_of(PLAN, 73), line_of(PLAN, 74), "vì trẻ em", line_of(PLAN, 75),
        "XÓA BỎ ĐOẠN NÀY", line_of(PLAN, 76), "Hương Khê", line_of(PLAN, 77), line_of(OTHER, 23),
        line_of(OTHER, 19))
    body = [para(run_xml(t)) for t in lines[:72]]
    body += [
        para(text_box(boxed)),
        f"<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>{para(run_xml(control))}</w:sdtContent></w:sdt>",
        para(run_xml("Chương trình hành động quốc gia "),
             f"<w:sdt><w:sdtPr/><w:sdtContent>{run_xml(inline_control)}</w:sdtContent></w:sdt>"),
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        f"{para(run_xml('Bấm vào đây để nhập văn bản.'))}</w:sdtContent></w:sdt>",
        para(f'<w:ins w:id="1" w:author="a">{run_xml(inserted)}</w:ins>',
             f'<w:del w:id="2" w:author="a"><w:r><w:delText>{deleted}</w:delText></w:r></w:del>'),
        para(field(' HYPERLINK "http://x" ', fielded)),
        para(run_xml("Ủy ban nhân dân huyện "), f"<w:smartTag w:uri=\"u\" w:element=\"place\">{run_xml(smart)}</w:smartTag>"),
        "<w:tbl>" + "<w:tr>" + cell(para(run_xml("1"))) + cell(
            "<w:tbl><w:tr>" + cell(para(run_xml(nested))) + cell(para(run_xml("2025"))) + "</w:tr></w:tbl>") + "</w:tr>"
        + "<w:tr>" + cell(para(run_xml("2")), props='<w:vMerge w:val="restart"/>') + cell(para(run_xml("a"))) + "</w:tr>"
        + "<w:tr>" + cell(para(), props="<w:vMerge/>") + cell(para(run_xml("b"))) + "</w:tr></w:tbl>",
    ]
    body += [para(run_xml(t)) for t in lines[77:]]
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_bytes(
        "".join(body),
        header=para(run_xml(header)),
        footer=para(run_xml(footer)) + para(run_xml("Trang "), field(" PAGE ", "7")),
        notes=('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               f'<w:footnote w:id="1">{para(run_xml(note))}</w:footnote>')))
    texts = [l.text for l in read_document(path).lines]
    joined = "\n".join(texts)
    for wanted in (header, boxed, control, inserted, fielded, footer, note):
        assert joined.count(wanted.strip()) == 1, wanted  # a text box once, not also its VML fallback
    assert "Chương trình hành động quốc gia vì trẻ em" in texts
    assert "Ủy ban nhân dân huyện Hương Khê" in texts
    assert deleted not in joined and "Bấm vào đây" not in joined
    assert f"| 1 | {nested} 2025 |" in texts
    assert texts[texts.index("| 2 | a |") + 1] == "| 2 | b |"  # a merged cell repeats its text
    assert "Trang " in texts and "Trang 7" not in texts  # a page number is not text
    assert texts[0] == header and texts[-1] == note  # header before the body, notes after it
    result = extract(path)
    passages = "\n".join(p[3] for p in result.passages)
    for wanted in (boxed, control, inserted):
        assert wanted.strip().lstrip("- ") in passages
    assert result.document.number == "80/KH-UBND"
    assert [(t.value, t.target_year) for t in result.indicators if t.indicator_no == 1] == [(90.0, 2025), (95.0, 2030)]


def test_docx_part_that_inflates_past_the_limit_is_refused_before_inflating(tmp_path):
    path = tmp_path / "bomb.docx"
    filler = "<w:p><w:r><w:t>" + "x" * 1000 + "</w:t></w:r></w:p>"
    path.write_bytes(docx_bytes(iter([filler] * 60_000)))  # 61 MB of XML, 0.2 MB zipped
    assert path.stat().st_size < 2_000_000
    code = _limited_python(f"""
        from pipeline.ingest import read_document
        from pipeline.errors import InputError
        try:
            read_document({str(path)!r})
        except InputError as exc:
            print(exc.reason)
    """, memory_mb=700)
    assert "zip bomb" in code.stdout, code.stderr


def test_docx_of_twenty_thousand_parts_is_refused_before_they_are_listed(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(20_000):
            zf.writestr(f"word/media/p{i}.xml", b"")
    path = tmp_path / "parts.docx"
    path.write_bytes(buf.getvalue())
    start = time.perf_counter()
    with pytest.raises(InputError, match="more than 10,000 parts"):
        read_document(path)
    assert time.perf_counter() - start < 2


def test_docx_text_limit_applies_while_reading(tmp_path):
    path = tmp_path / "long.docx"
    filler = "<w:p><w:r><w:t>" + "trẻ em " * 150 + "</w:t></w:r></w:p>"
    path.write_bytes(docx_bytes(iter([filler] * (MAX_TEXT_CHARS // 1000))))
    code = _limited_python(f"""
        from pipeline.ingest import read_document
        from pipeline.errors import InputError
        try:
            read_document({str(path)!r})
        except InputError as exc:
            print(exc.reason)
    """, memory_mb=900)
    assert "characters of text" in code.stdout, code.stderr


# --- HTML ---------------------------------------------------------------------------------------
def test_html_of_unclosed_tags_is_read_in_linear_time():
    start = time.perf_counter()
    assert html_to_text("<html><body>" + "<a " * 130_000) == ""
    html_to_text("<p>" + "<title>x" * 50_000 + "<!--" + "<a>" * 50_000)
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("page", [
    "<html><head><title>Cổng thông tin</title><p>{}</p><p>{}</p>",  # unclosed head
    "<html><body><nav>Trang chủ</nav><form id='form1'><div class='content'><p>{}</p><p>{}</p></div></form></body>",
    "<html><body><iframe src='x'><p>{}</p><p>{}</p>",  # unclosed iframe
    "<html><body><nav>Trang chủ | Giới thiệu</nav><header><h1>{}</h1><p>{}</p></header><footer>Bản quyền</footer>",
])
def test_html_body_in_odd_places_is_read(page):
    first, second = line_of(PLAN, 17), line_of(PLAN, 73)
    text = html_to_text(page.format(first, second))
    assert text.split("\n")[::2] == [" ".join(first.split()), second]


@pytest.mark.parametrize("name, content, reason", [
    ("lines.txt", "trẻ em\n" * 5_000_000, "lines, more than any plan"),
    ("tags.html", "<html><body>" + "<p>trẻ em" * 3_000_000, "tags, more than any plan's page"),
    ("text.html", "<html><body><p>" + "trẻ em " * 2_000_000, "characters of text"),
])
def test_texts_too_large_for_a_plan_are_refused_before_they_are_split(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    start = time.perf_counter()
    code = _limited_python(f"""
        from pipeline.ingest import read_document
        from pipeline.errors import InputError
        try:
            read_document({str(path)!r})
        except InputError as exc:
            print(exc.reason)
    """, memory_mb=900)
    assert reason in code.stdout, code.stderr
    assert time.perf_counter() - start < 60


# --- legacy encodings ---------------------------------------------------------------------------
FRENCH = ("Leçon française sur la côte: le garçon reçoit une tâche, la façade de l'île est sûre.\n"
          "Le comité a présenté le rapport annuel à l'assemblée générale à Noël.\n") * 4


def test_windows_1252_french_is_not_repaired_as_tcvn3(tmp_path):
    assert legacy.repair(FRENCH.encode("cp1252").decode("latin-1"))[1] is None
    f = tmp_path / "note.txt"
    f.write_bytes(FRENCH.encode("cp1252"))
    try:
        doc = read_document(f)
    except InputError as exc:  # or refused as not Vietnamese: never garbage
        assert "not Windows-1258 Vietnamese" in exc.reason
    else:
        assert "tcvn3" not in doc.encoding and doc.lines[0].text == FRENCH.split("\n")[0]


# --- the whole batch, bounded -------------------------------------------------------------------
def _limited_python(code: str, memory_mb: int, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter whose address space is capped at `memory_mb`."""
    limit = memory_mb * 1024 * 1024
    prelude = f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))\n"
    return subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def odd_files(folder: Path) -> set[str]:
    """Files of the kinds above, for a batch; returns the names that must be in errors.csv."""
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    others = [corpus_file(stem).read_text(encoding="utf-8") for stem in sorted(p.stem for p in CORPUS.glob("*.txt"))
              if stem not in (PLAN, OTHER)]  # distinct plans: copies of one are counted once
    (folder / "a" / "kehoach.txt").write_text(others[0], encoding="utf-8")
    (folder / "b" / "kehoach.txt").write_text(others[1], encoding="utf-8")
    (folder / "kh.txt").write_text(others[2].replace("trẻ em", "trẻ\x1b em", 3), encoding="utf-8")
    (folder / "kh.md").write_text(others[3], encoding="utf-8")
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    (folder / ".hidden.txt").write_text("x", encoding="utf-8")
    (folder / "bomb.docx").write_bytes(docx_bytes(iter(["<w:p><w:r><w:t>" + "x" * 1000 + "</w:t></w:r></w:p>"] * 60_000)))
    (folder / "textbox.docx").write_bytes(docx_bytes(
        "".join(para(run_xml(t)) for t in corpus_lines(OTHER)[:20]) + para(text_box(line_of(PLAN, 73)))))
    (folder / "anchors.html").write_text("<html><body>" + "<a " * 130_000, encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in others[4].split("\n"))
    (folder / "aspnet.html").write_text(f"<html><body><form>{body}</form></body></html>", encoding="utf-8")
    (folder / "french.txt").write_bytes(FRENCH.encode("cp1252"))
    return {"fifo.txt", "zero.txt", "dangling.txt", ".hidden.txt", "bomb.docx", "anchors.html"}


def test_a_batch_of_good_plans_and_odd_files_finishes_within_time_and_memory(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for stem in (PLAN, OTHER):
        (src / f"{stem}.txt").write_text(corpus_file(stem).read_text(encoding="utf-8"), encoding="utf-8")
    must_fail = odd_files(src)
    out = src / "outputs"
    start = time.perf_counter()
    for jobs in ("1", "2"):
        done = _limited_python(f"""
            import sys
            from pipeline import cli
            sys.exit(cli.main(["run", {str(src)!r}, "--out", {str(out)!r}, "-q", "--jobs", "{jobs}"]))
        """, memory_mb=1536)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
    assert time.perf_counter() - start < 150 * 2
    failed = {Path(e["source"]).name for e in table(out, "errors")}
    assert must_fail <= failed and failed - must_fail <= {"french.txt"}
    docs = {row["doc_id"] for row in table(out, "documents")}
    assert {PLAN, OTHER, "a/kehoach.txt", "b/kehoach.txt", "kh.txt", "kh.md", "textbox", "aspnet"} <= docs
    with sqlite3.connect(out / "plans.sqlite") as con:
        passages = [t for (t,) in con.execute("SELECT text FROM passages WHERE doc_id = 'textbox'")]
    assert any(line_of(PLAN, 73).lstrip("- ") in t for t in passages)
