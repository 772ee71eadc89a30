"""Word (.docx) input: paragraph and table text in document order; hard page breaks split pages.

The main XML part is parsed as a stream (runs and body blocks are freed as they are read), after its
decompressed size and the archive's part count are checked against the limits: a zip bomb is
rejected before it is inflated, and the text kept is capped too.
"""

from __future__ import annotations

import unicodedata
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from thidua.errors import InputFileError, LimitError, path_text
from thidua.ingest.limits import Limits, env_name, size

MAIN_PART = "word/document.xml"
_P, _TBL, _R, _T, _TAB, _BR, _TYPE, _BODY = (
    qn(t) for t in ("w:p", "w:tbl", "w:r", "w:t", "w:tab", "w:br", "w:type", "w:body")
)


class _Paragraph:
    """The lines of the body paragraph being read; None marks a hard page break."""

    def __init__(self) -> None:
        self.lines: list[str | None] = []
        self.parts: list[str] = []  # the current line, joined once (no quadratic concatenation)

    def feed(self, elem) -> int:
        """Take one w:t, w:tab or w:br; returns the bytes of text it adds."""
        if elem.tag == _T:
            self.parts.append(elem.text or "")
            return len((elem.text or "").encode())
        if elem.tag == _TAB:
            self.parts.append("\t")
            return 1
        self.lines.append("".join(self.parts))
        self.parts = []
        if elem.get(_TYPE) == "page":
            self.lines.append(None)
        return 1

    def end(self) -> list[str | None]:
        return [*self.lines, "".join(self.parts)]


def _table_lines(tbl) -> list[str]:
    rows = []
    for tr in tbl.iter(qn("w:tr")):
        cells = []
        for tc in tr.iter(qn("w:tc")):
            cells.append(" ".join(t.text or "" for t in tc.iter(_T)).strip())
        rows.append("\t".join(cells))
    return rows


def _in_body_paragraph(elem) -> bool:
    """Whether a run or its text belongs to a paragraph of the body (not in a table or other block)."""
    node = elem.getparent()
    while node is not None:
        if node.tag == _TBL:
            return False
        parent = node.getparent()
        if node.tag == _P and parent is not None and parent.tag == _BODY:
            return True
        node = parent
    return False


class _Text:
    """The pages read so far, and the UTF-8 size of their text against the limit."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.size = name, limit, 0
        self.pages: list[list[str]] = [[]]

    def count(self, chars: int) -> None:
        self.size += chars
        if self.size > self.limit:
            raise LimitError(
                self.name,
                f"Word document holds more than {size(self.limit)} of text, over the limit "
                f"({env_name('max_text_bytes')})",
            )

    def add(self, lines: Sequence[str | None]) -> None:
        self.count(len(lines))  # the line breaks: empty paragraphs cost memory too
        for line in lines:
            if line is None:
                self.pages.append([])
            else:
                self.pages[-1].append(line)


def _check_archive(zf: zipfile.ZipFile, name: str, limits: Limits) -> zipfile.ZipInfo:
    parts = zf.infolist()
    if len(parts) > limits.max_docx_parts:
        raise LimitError(
            name,
            f"Word archive has {len(parts)} parts, over the limit of {limits.max_docx_parts} "
            f"({env_name('max_docx_parts')})",
        )
    info = zf.getinfo(MAIN_PART)
    # zipfile never inflates an entry past its declared size, so this bounds what the parser reads.
    if info.file_size > limits.max_docx_xml_bytes:
        raise LimitError(
            name,
            f"Word document XML is {size(info.file_size)} decompressed ({size(info.compress_size)} "
            f"compressed), over the limit of {size(limits.max_docx_xml_bytes)} "
            f"({env_name('max_docx_xml_bytes')})",
        )
    return info


def _stream(source, text: _Text) -> None:
    """Read body paragraphs and tables from the XML stream, freeing each piece once it is read."""
    paragraph = _Paragraph()
    tags = (_P, _TBL, _R, _T, _TAB, _BR)
    for _event, elem in etree.iterparse(source, events=("end",), tag=tags, resolve_entities=False):
        if elem.tag not in (_P, _TBL):
            if _in_body_paragraph(elem):  # runs and their text; a table's are read with the table
                if elem.tag != _R:
                    text.count(paragraph.feed(elem))
                _drop_read(elem)
            continue
        parent = elem.getparent()
        if parent is None or parent.tag != _BODY:
            continue  # a paragraph inside a table or other block: read with its block
        if elem.tag == _P:
            text.add(paragraph.end())
            paragraph = _Paragraph()
        else:
            rows = _table_lines(elem)
            text.count(sum(len(r.encode()) for r in rows))
            text.add(rows)
        _drop_read(elem)


def _drop_read(elem) -> None:
    """Free an element that has been read, and its earlier siblings (all read before it)."""
    elem.clear()
    parent = elem.getparent()
    while elem.getprevious() is not None:
        del parent[0]


def read_pages(path: Path, limits: Limits | None = None) -> list[str]:
    """The document's pages of text (NFC)."""
    limits = limits or Limits.from_env()
    name = path_text(path)
    text = _Text(name, limits.max_text_bytes)
    try:
        with zipfile.ZipFile(path) as zf:
            info = _check_archive(zf, name, limits)
            with zf.open(info) as source:
                _stream(source, text)
    except KeyError as exc:
        raise InputFileError(name, f"corrupt Word document: no {MAIN_PART}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
        raise InputFileError(name, f"corrupt Word document: {exc}") from exc
    except etree.LxmlError as exc:
        raise InputFileError(name, f"corrupt Word document: {type(exc).__name__}: {exc}") from exc
    texts = [unicodedata.normalize("NFC", "\n".join(lines)).strip("\n") for lines in text.pages]
    while len(texts) > 1 and not texts[-1].strip():
        texts.pop()
    if not any(t.strip() for t in texts):
        raise InputFileError(name, "Word document has no text")
    return texts
