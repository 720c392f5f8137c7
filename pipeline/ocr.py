"""OCR of page images with Tesseract (Debian: `tesseract-ocr`, `tesseract-ocr-vie`).

    ocr.engine()                       -> 'tesseract 5.3.0 (vie)' or None when it is not installed
    ocr.page_text(sha, page, render)   -> the page's text, laid out from Tesseract's words (cached)

Tesseract runs as a subprocess, one thread (`OMP_THREAD_LIMIT=1`: with `plans run --jobs N` every
worker process OCRs its own files, and one thread per page is faster on a busy machine than
Tesseract's own threads). A page that comes back without Vietnamese text is tried once more after
Tesseract's orientation detection (a page scanned sideways or upside down).

Cache: Tesseract's words of every OCR'd page (its TSV: each word with its box) are kept in
`$PLANS_CACHE_DIR/ocr/` (default `~/.cache/plans/ocr/`, or `$XDG_CACHE_HOME/plans/ocr/`), one
file per page named by the SHA-256 of the PDF, the page number, the resolution and the engine
version, so a re-run reads the same file without OCR; the page's text is laid out from them on
every read, so a better layout needs no new OCR. Deleting the folder is always safe.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable

import regex

LANG = "vie"
DPI = 300
MAX_PIXELS = 60_000_000  # a render larger than an A3 page at 300 dpi is scaled down
TIMEOUT = 300  # seconds per page; a page that takes longer is not a page of text
CACHE_VERSION = "3"  # 3: the cache holds the TSV, not the laid-out text

_VI_MARKED = regex.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
                           regex.IGNORECASE)
_LETTER = regex.compile(r"\p{L}")
_ROTATE = regex.compile(r"Rotate:\s*(\d+)")


class OcrError(Exception):
    """Tesseract failed on a page (the message says how)."""


@lru_cache(maxsize=None)
def engine() -> str | None:
    """`tesseract 5.3.0 (vie)` when Tesseract and its Vietnamese data are installed, else None."""
    exe = shutil.which("tesseract")
    if not exe:
        return None
    try:
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if LANG not in (langs.stdout + langs.stderr).split():
        return None
    first = (version.stdout or version.stderr).strip().split("\n", 1)[0]
    return f"{first} ({LANG})"


def missing_reason() -> str:
    if not shutil.which("tesseract"):
        return "Tesseract is not installed"
    return f"Tesseract has no '{LANG}' language data"


INSTALL_HINT = "install the Debian packages tesseract-ocr and tesseract-ocr-vie (see README, Set-up)"


def cache_dir() -> Path:
    base = os.environ.get("PLANS_CACHE_DIR")
    if base:
        return Path(base) / "ocr"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "plans" / "ocr"


def _cache_path(sha: str, page: int) -> Path:
    tag = regex.sub(r"[^0-9A-Za-z.]+", "", (engine() or "none").split("(")[0])[:40]
    return cache_dir() / sha[:2] / f"{sha}-p{page}-{DPI}dpi-{tag}-v{CACHE_VERSION}.tsv"


def cached(sha: str, page: int) -> str | None:
    """The cached TSV of a page, or None."""
    path = _cache_path(sha, page)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _store(sha: str, page: int, tsv: str) -> None:
    path = _cache_path(sha, page)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(tsv, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache only costs time


def page_text(sha: str, page: int, render: Callable[[], "object"]) -> str:
    """Text of page `page` (1-based) of the PDF whose SHA-256 is `sha`; `render()` gives its
    image (PIL), called only on a cache miss. Raises OcrError."""
    tsv = cached(sha, page)
    if tsv is None:
        tsv = recognize_tsv(render())
        _store(sha, page, tsv)
    return page_layout(tsv)


def vietnamese_share(text: str) -> float:
    """Share of letters that carry a Vietnamese mark (running Vietnamese text: 0.25–0.4)."""
    letters = len(_LETTER.findall(text))
    return len(_VI_MARKED.findall(text)) / letters if letters else 0.0


def _run(image_bytes: bytes, *args: str) -> str:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", *args], input=image_bytes, capture_output=True,
                              timeout=TIMEOUT, env=env)
    except subprocess.TimeoutExpired:
        raise OcrError(f"Tesseract took more than {TIMEOUT} s on a page") from None
    except OSError as exc:
        raise OcrError(f"Tesseract could not run ({exc.strerror})") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise OcrError(f"Tesseract failed ({detail[0][:120]})")
    return done.stdout.decode("utf-8", "replace")


def _pgm(image) -> bytes:
    gray = image.convert("L")
    return b"P5\n%d %d\n255\n" % gray.size + gray.tobytes()


def recognize_tsv(image) -> str:
    """Tesseract's TSV for a page image (PIL); a page read sideways is turned and read again
    (the reading with more Vietnamese text is kept)."""
    data = _pgm(image)
    tsv = _run(data, "-l", LANG, "--psm", "3", "tsv")
    text = layout(tsv)
    letters = len(_LETTER.findall(text))
    if letters < 40 or vietnamese_share(text) < 0.08:
        try:
            osd = _run(data, "--psm", "0")
        except OcrError:
            osd = ""
        m = _ROTATE.search(osd)
        if m and int(m.group(1)) % 360:
            turned = image.rotate(-int(m.group(1)), expand=True)
            tsv2 = _run(_pgm(turned), "-l", LANG, "--psm", "3", "tsv")
            again = layout(tsv2)
            if len(_LETTER.findall(again)) * (0.05 + vietnamese_share(again)) > letters * (0.05 + vietnamese_share(text)):
                tsv = tsv2
    return tsv


def page_layout(tsv: str) -> str:
    """A page's text from its TSV (see `layout`), NFC, without form feeds."""
    return unicodedata.normalize("NFC", layout(tsv).replace("\f", "")).rstrip("\n")


def recognize(image) -> str:
    """Tesseract's text for a page image (PIL)."""
    return page_layout(recognize_tsv(image))


# --- page layout from Tesseract's words --------------------------------------------------------
# Tesseract reads a header's two cells (issuer | motto) or a signature beside `Nơi nhận` as one
# line when they sit at the same height. Its word boxes tell the columns apart: a gap wider than
# GUTTER word heights cuts a line into segments, and consecutive lines whose segments all keep to
# one side of one gutter are a two-column block, read left column first, then right (or, when
# most of its lines have three segments or more, a table, each line a `| … |` row). The gutter
# is the gap between the right edge of the left column and the left edge of the right one, as
# wide as the block's lines leave it: a line of the left column may reach further right than the
# first line did (a centred `V/v …` subject under a shorter issuer), a line across it ends the block.
GUTTER = 2.5


class _Segment:
    __slots__ = ("x0", "x1", "words")

    def __init__(self, word):
        self.x0, self.x1, self.words = word[0], word[0] + word[2], [word[4]]


def _lines_from_tsv(tsv: str) -> list[tuple[tuple[int, int], list[tuple]]]:
    """[(block, paragraph), [(left, top, width, height, text), ...]] per line, in Tesseract's order."""
    lines: dict[tuple[int, int, int], list[tuple]] = {}
    for row in tsv.split("\n")[1:]:
        f = row.split("\t")
        if len(f) < 12 or f[0] != "5" or not f[11].strip():
            continue
        try:
            left, top, width, height, conf = int(f[6]), int(f[7]), int(f[8]), int(f[9]), float(f[10])
        except ValueError:
            continue
        lines.setdefault((int(f[2]), int(f[3]), int(f[4])), []).append((left, top, width, height, f[11].strip(), conf))
    if not lines:
        return []
    heights = sorted(w[3] for ws in lines.values() for w in ws if _LETTER.search(w[4]))
    typical = heights[len(heights) // 2] if heights else 30
    out = []
    for (block, par, _), words in lines.items():
        # specks: letters far smaller than the type, or marks Tesseract is not sure of
        kept = [w for w in words if not (_LETTER.search(w[4]) and w[3] < 0.4 * typical)
                and not (w[5] < 10 and not regex.search(r"[\p{L}\d]", w[4]))]
        if kept:
            out.append(((block, par), sorted(kept), typical))
    return out


def _segments(words: list[tuple], typical: int) -> list[_Segment]:
    segments: list[_Segment] = []
    for w in words:
        if segments and w[0] - segments[-1].x1 <= GUTTER * typical:
            segments[-1].words.append(w[4])
            segments[-1].x1 = max(segments[-1].x1, w[0] + w[2])
        else:
            segments.append(_Segment(w))
    return segments


def layout(tsv: str) -> str:
    """Page text from Tesseract's TSV: lines in its order, a blank line between paragraphs,
    two-column blocks read column by column."""
    lines = [(key, _segments(words, typical)) for key, words, typical in _lines_from_tsv(tsv)]
    out: list[str] = []
    last_key = None
    i = 0
    while i < len(lines):
        key, segs = lines[i]
        if last_key is not None and key != last_key and out and out[-1]:
            out.append("")
        last_key = key
        if len(segs) < 2:
            out.append(" ".join(segs[0].words))
            i += 1
            continue
        left_edge, right_edge = segs[0].x1, segs[1].x0  # the gutter: (left column's right, right column's left)
        run = [segs]
        j = i + 1
        while j < len(lines):
            nxt = lines[j][1]
            if any(s.x0 < left_edge and s.x1 > right_edge for s in nxt):  # a line across the gutter: the block ends
                break
            for s in nxt:
                if s.x1 <= right_edge and s.x0 < left_edge:  # the left column, perhaps reaching further right
                    left_edge = max(left_edge, s.x1)
                elif s.x0 >= left_edge and s.x1 > right_edge:  # the right column
                    right_edge = min(right_edge, s.x0)
            run.append(nxt)
            j += 1
        mid = (left_edge + right_edge) / 2
        if sum(len(r) >= 3 for r in run) >= max(2, len(run) / 2):  # a table: its rows stay rows
            out.extend("| " + " | ".join(" ".join(s.words) for s in r) + " |" for r in run)
        else:
            out.extend([" ".join(s.words) for r in run for s in r if s.x0 + s.x1 < 2 * mid]
                       + [" ".join(s.words) for r in run for s in r if s.x0 + s.x1 >= 2 * mid])
        out.append("")
        last_key = lines[j - 1][0]
        i = j
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)
