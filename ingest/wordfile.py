"""Word (.docx) input: paragraph and table text in document order; hard page breaks split pages."""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from thidua.errors import InputFileError

_P, _TBL, _R, _T, _TAB, _BR, _TYPE = (
    qn(t) for t in ("w:p", "w:tbl", "w:r", "w:t", "w:tab", "w:br", "w:type")
)


def _paragraph_lines(p) -> list[str | None]:
    """The paragraph's text; None marks a hard page break inside it."""
    out: list[str | None] = [""]
    for run in p.iter(_R):
        for child in run:
            if child.tag == _T:
                out[-1] = (out[-1] or "") + (child.text or "")
            elif child.tag == _TAB:
                out[-1] = (out[-1] or "") + "\t"
            elif child.tag == _BR:
                if child.get(_TYPE) == "page":
                    out.extend([None, ""])
                else:
                    out.append("")
    return out


def _table_lines(tbl) -> list[str]:
    rows = []
    for tr in tbl.iter(qn("w:tr")):
        cells = []
        for tc in tr.iter(qn("w:tc")):
            cells.append(" ".join(t.text or "" for t in tc.iter(_T)).strip())
        rows.append("\t".join(cells))
    return rows


def read_pages(path: Path) -> list[str]:
    """The document's pages of text (NFC)."""
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputFileError(str(path), f"corrupt Word document: {exc}") from exc
    except Exception as exc:  # lxml and python-docx raise their own types on damaged XML
        raise InputFileError(str(path), f"corrupt Word document: {type(exc).__name__}: {exc}") from exc
    pages: list[list[str]] = [[]]
    for block in document.element.body:
        if block.tag == _P:
            for line in _paragraph_lines(block):
                if line is None:
                    pages.append([])
                else:
                    pages[-1].append(line)
        elif block.tag == _TBL:
            pages[-1].extend(_table_lines(block))
    texts = [unicodedata.normalize("NFC", "\n".join(lines)).strip("\n") for lines in pages]
    while len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    if not any(t.strip() for t in texts):
        raise InputFileError(str(path), "Word document has no text")
    return texts
