"""Header fields: doc_type, number, issuer, parent_issuer, province, place, issued_date, title.

The header of an administrative document (Nghị định 30/2020/NĐ-CP) is two columns: the issuer block and
`Số:` on the left; the national motto and the place and date on the right; then the type heading and the
subject (trích yếu). Real texts print it flattened onto one line, with the columns read across, wrapped
word by word, with blank and separator lines. So the header is read as one span of text, not line by
line: anchors (motto, number, date line, type heading, `V/v`) are found wherever they are, and what is left
of the left column before the type heading is the issuer block.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from thidua.extract import dates, lexicon, organs, symbols
from thidua.extract.issuer import (
    SENTENCE_END,
    closing_speaker,
    opening_speaker,
    organisation_named,
    read_issuer_block,
)
from thidua.extract.text import Line, Text, one_line, upper_share

# Paragraph openers of the legal bases, OCR-tolerant on the folded text: "Căn cứ", "Tiếp nhận",
# "Thực hiện", "Triển khai" (a plan that carries out a higher document opens with them); a page that lost
# the first letters of a line prints `n cứ Luật …`.
BASIS_START = re.compile(
    r"^\s*[~\-–*.,'`]?\s*(?:c\w{1,2}n\s*c\w{0,3}|n\s+cu(?=\s+[a-z])|ti\w{1,2}p\s+nh\w{1,2}n|th\w{1,2}c\s+hi\w{1,2}n|"
    r"tri\w{1,2}n\s+khai)\b"
)
# Openers of the body after the header in documents without legal bases.
BODY_START = re.compile(
    r"^\s*[*_]*\s*(?:k\w{1,2}nh\s+g\w{1,2}i\b|x\w{1,2}t\s+(?:d\w{1,2}\s+ngh\w{1,2}|t\w{1,2}\s+tr\w{1,2}nh)\b|"
    r"theo\s+d\w{1,2}\s+ngh\w{1,2}\b|d\w{1,2}u\s+1\b|ch\w{1,2}\w{0,2}ng\s+[i1]\b|ph\w{1,2}n\s+(?:i|1|th\w{1,2}\s+nh\w{1,2}t)\b)"
)
LETTER = re.compile(r"^\s*[*_]*\s*k\w{1,2}nh\s+g\w{1,2}i\b")
ROMAN_HEAD = re.compile(r"^\s*[ivxlu1|]{1,4}\s*[.,\-–]\s*[a-z]")
MOTTOS = (
    # words may be glued (`XÀHỘI`) by a site's markup or OCR
    re.compile(r"c\w{2,3}\s*h\w{1,2}\s*x\w\s*h\w{1,2}\s*ch\w{1,2}\s*ngh\w{1,3}\s*v\w{2,3}\s*n\w{1,2}m"),
    re.compile(r"\S{2,4}\s+\S{2,4}\s*[-–]\s*\S{1,3}\s+d\w\s*[-–]\s*h\w{2,4}\s+ph\w{1,3}"),
    re.compile(r"[dpb]\w{1,2}ng\s+c\w{1,2}ng\s+s\w{1,2}n\s+v\w{2,3}\s+n\w{1,2}m"),  # OCR reads Đ as B, P
)
NUMBER_LABEL = re.compile(r"(?<![a-z])s[o0-9]?\s*[:;.]?\s*(?=\d|/|\s*[:;])|(?<![a-z])s[a-z0-9]?\s*[:;]")
VV = re.compile(r"(?<![a-z])v\s*/\s*[vy]\b\.?")  # OCR reads the second v as y
# tone marks a PDF's text layer left standing apart from their letters (`thiêt hai ̀ ̣ ̣ do`): noise
ORPHAN_MARKS = re.compile(r"(?<=\s)[\u0300-\u036f]+")
# `Kính gửi:` opens a letter's text and `Căn cứ` a decision's or plan's, capitalised, never inside a subject
SEPARATOR_RUN = re.compile(r"[-–—_=]{3,}")  # a rule under the subject, printed inline
TEXT_OPENERS = re.compile(r"\b(?:kinh\s+gui|can\s+cu)\b")
DASHES = ("-", "–")  # between the fields of a name: `THI ĐUA – KHEN THƯỞNG`
MOTTO_GAP_LINES = 3  # the left column's lines that can stand between the motto's two
UNSURE_PROVINCE = 0.4  # a province read from the text of a document whose issuer is unknown
SEPARATOR = re.compile(r"^[\s\-–—_=*.~]+$")
HEADER_LINES = 80  # a header and its subject fit in this many lines; the body starts before
CONNECTOR = re.compile(r"\b(?:cua|va|tai|cho|ve|thuoc|tren|voi|trong|doi|duoc|giua)\s*$")
# Authority lines between the subject and the bases (`ỦY BAN NHÂN DÂN TỈNH …`, `BỘ TRƯỞNG BỘ …`).
AUTHORITY_TITLES = re.compile(
    r"^\s*(?:chu\s+tich|bo\s+truong|thu\s+truong|giam\s+doc|cuc\s+truong|tong\s+cuc\s+truong|"
    r"thu\s+tuong|truong\s+ban|hieu\s+truong|chanh\s+van\s+phong|tong\s+giam\s+doc|vien\s+truong)\b"
)


@dataclass
class Header:
    """Header values with their evidence; body_start is the first line after the header and title."""

    values: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)
    body_start: int = 0
    symbol: symbols.Symbol | None = None

    def set(self, name: str, value: Any, ev: dict[str, Any] | None) -> None:
        self.values[name] = value
        if ev is not None and value is not None:
            self.evidence[name] = ev


def _is_basis(raw: str, folded: str) -> bool:
    """A basis opener; `Thực hiện …`/`Triển khai …` in capitals is a subject line, not a basis."""
    m = BASIS_START.match(folded)
    if not m:
        return False
    return folded[m.start() : m.end()].strip(" ~-–*.,'`")[:1] == "c" or upper_share(raw) < 0.6


def opening(text: Text, line: Line) -> str:
    """A line's folded text, joined to the next when it holds one word (a site wraps `*Căn` / `cứ …`)."""
    if line.number + 1 < len(text.lines) and len(line.folded.split()) == 1:
        return f"{line.folded} {text.lines[line.number + 1].folded}"
    return line.folded


def canonical_body(raw: str) -> tuple[str, float]:
    """Canonical spelling of an organisation name (`UY BAN NHAN DAN TINH AN GIANG` → `Ủy ban nhân dân …`)."""
    name = organs.canonical(raw)
    return name, (0.95 if organs.head_at(lexicon.key(name).split(), 0) else 0.7)


def _body_start(text: Text) -> int | None:
    """First line of the body: a basis, a `Kính gửi`, `Điều 1`, or a Roman section heading."""
    previous = ""
    lines = text.lines[:HEADER_LINES]
    openings = [opening(text, ln) for ln in lines]
    cites = [bool(BASIS_START.match(f)) and f.lstrip(" ~-–*.,'`").startswith(("c", "n cu")) for f in openings]
    for line in lines:
        folded = openings[line.number]
        basis = _is_basis(line.text, folded)
        if basis:
            under_heading = lexicon.key(previous) in lexicon.doc_type_keys() and upper_share(previous) > 0.8
            # `Thực hiện …` above a `Căn cứ …` is the subject of a text that lost its heading, not a basis
            subject_above_bases = not cites[line.number] and any(cites[line.number + 1 : line.number + 6])
            if not under_heading and not subject_above_bases:
                return line.number
        elif BODY_START.match(folded):
            # a `Kính gửi` read before the right column (motto, date line) is not the body yet
            motto_below = LETTER.match(folded) and any(
                p.search(ln.folded) for p in MOTTOS for ln in lines[line.number + 1 : line.number + 10]
            )
            if not motto_below:
                return line.number
        if not line.blank:
            previous = line.text
        if ROMAN_HEAD.match(folded) and upper_share(line.text) > 0.7 and line.number > 3:
            return line.number
    return None


class _Zone:
    """The header span with separators masked out; anchors found in it are kept as taken spans."""

    def __init__(self, text: Text, end: int) -> None:
        self.text = text
        self.end = end
        raw = list(text.raw[:end])
        for line in text.lines:
            if line.start >= end:
                break
            if SEPARATOR.match(line.text) and line.text.strip():
                raw[line.start : line.end] = " " * (line.end - line.start)
        masked = "".join(raw).replace("*", " ")
        self.raw = masked
        self.folded = text.folded[:end]
        self.folded = "".join(
            " " if m == " " and f != "\n" else f for m, f in zip(masked, self.folded, strict=True)
        )
        self.taken: list[tuple[int, int]] = []

    def take(self, start: int, end: int) -> None:
        self.taken.append((start, end))

    def free(self, start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in self.taken)


@functools.cache
def _type_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """A heading pattern per document type: its words at a line start, each word possibly wrapped."""
    out = []
    for k, name in lexicon.doc_type_keys().items():
        words = r"[\s*_]+".join(re.escape(w) for w in k.split())
        out.append(
            (
                name,
                # a mark's edge read as `SÀ |` may stand before the heading
                re.compile(
                    rf"(?:^|[\n\f])(?:[^\n\f|]{{0,3}}\|)?[ \t*_\"'|.,:;~`\-]*({words})\b"
                    r"(?![ \t]+[a-z]+\s+(?:so|ngay)\b)"
                ),
            )
        )
    return sorted(out, key=lambda item: -len(item[1].pattern))


ENACTING_TYPES = ("Quyết định", "Nghị quyết")
HEADING_LIKENESS = 70  # `irong tu` for `thong tu`: a mark took the first letters


def _find_type(zone: _Zone) -> tuple[str, int, int, float] | None:
    """The type heading: an upper-case document type name standing at a line start, first one wins."""
    best = None
    for name, pattern in _type_patterns():
        for m in pattern.finditer(zone.folded):
            s, e = m.span(1)
            raw = zone.text.raw[s:e]
            if upper_share(raw) < 0.8 or not zone.free(s, e):
                continue
            rest = zone.text.line_at(e).folded[e - zone.text.line_at(e).start :]
            if rest.strip(" *_").startswith(":") and name in ENACTING_TYPES:
                continue  # `QUYẾT ĐỊNH:` closing the preamble enacts; it is no heading
            alone = not rest.strip(" *_:")
            if name in ("Luật", "Bộ luật", "Hiến pháp") and not alone:
                continue
            rank = (not alone, s)
            if best is None or rank < best[3] or (rank == best[3] and e - s > best[2] - best[1]):
                best = (name, s, e, rank)
            break
    if best is None:
        return None
    return best[0], best[1], best[2], 0.95 if not best[3][0] else 0.8


def _type_after_date(zone: _Zone, date_end: int) -> tuple[str, int, int, float] | None:
    """A header flattened onto one line prints its type heading in capitals right after the date line
    (`… năm 2024 KẾ HOẠCH Tổ chức …`, `… năm 2013 QUYẾT ĐỊNHVề việc …`)."""
    gap = re.match(r"[\s*_|.,]*", zone.raw[date_end:])
    start = date_end + (gap.end() if gap else 0)
    for k, name in sorted(lexicon.doc_type_keys().items(), key=lambda item: -len(item[0])):
        m = re.compile(r"\s+".join(map(re.escape, k.split()))).match(zone.folded, start)
        if not m or upper_share(zone.raw[start : m.end()]) < 0.9 or not zone.free(start, m.end()):
            continue
        after = zone.raw[m.end() : m.end() + 2]
        # the heading ends at a word's end, or where a title-case word was glued to it (`ĐỊNHVề`)
        if not after[:1].isalpha() or (after[:1].isupper() and after[1:2].islower()):
            return name, start, m.end(), 0.8
    return None


def _symbol_heading(zone: _Zone, doc_type: str) -> tuple[int, int] | None:
    """The type heading garbled at its start by a mark (`SÀ ÌrônG TƯ`) or cut at its end (`THÔNG BÁ`): a
    short line after the header's anchors, before the subject, whose last words read like the type the
    symbol names."""
    text = zone.text
    words = lexicon.key(doc_type).split()
    first = text.line_at(max(e for _, e in zone.taken)).number + 1
    for line in text.lines[first : first + 12]:
        tokens = list(re.finditer(r"\S+", zone.raw[line.start : line.end]))
        if line.start >= zone.end or len(tokens) > len(words) + 3:
            return None  # the subject or the body: no heading stood above it
        tail = tokens[-len(words) :]
        if len(tail) < len(words) or not tail[-1].group(0).isupper():
            continue
        keys = [lexicon.key(t.group(0)) for t in tail]
        cut = len(keys[-1]) >= 2 and words[-1].startswith(keys[-1])  # the last letters lost
        if cut and fuzz.ratio(" ".join(words), " ".join(keys)) >= HEADING_LIKENESS:
            return line.start + tail[0].start(), line.start + tail[-1].end()
    return None


def _motto_spans(zone: _Zone) -> None:
    """The national (or Party) motto, wherever it is; without one, a mass organisation's name on a line
    of its own below the first (`ĐOÀN TNCS HỒ CHÍ MINH` stands where the Đoàn prints no state motto)."""
    found = False
    for pattern in MOTTOS:
        for m in pattern.finditer(zone.folded):
            zone.take(m.start(), m.end())
            found = True
    if found:
        return
    lines = [ln for ln in zone.text.lines if ln.end <= zone.end and not ln.blank]
    for line in lines[1:]:
        words = line.text.split()
        if words and words[0].isupper() and organisation_named(line.text) and _spells_organisation(words):
            zone.take(line.start, line.end)


def _spells_organisation(words: list[str]) -> bool:
    """The words spell a mass organisation's name and nothing more."""
    return any(organs.spelled_at(words, 0, name) == len(words) for name in organs.mass_organisations())


def _typed(sym: symbols.Symbol | None, doc_type: str | None) -> symbols.Symbol | None:
    code = lexicon.domain_type_code(doc_type) if doc_type else None
    first = sym.codes[0] if sym and sym.codes else None
    if not sym or not code or not first or lexicon.known_code(first) or first[:1].upper() != code[:1]:
        return sym
    codes = (code, *sym.codes[1:])
    value = "/".join(x for x in (sym.number, sym.year, "-".join(codes)) if x)
    return dataclasses.replace(sym, value=value, codes=codes)


def _number(zone: _Zone, head: Header, before: int, doc_type: str | None) -> None:
    """`Số: N/KH-XXX` (or a bare symbol in the left column before the type heading); an unknown type
    code that OCR misread (`TI`, `QB`) is the heading's when their first letters agree."""
    text = zone.text
    labels = [m for m in NUMBER_LABEL.finditer(zone.folded, 0, before) if zone.free(m.start(), m.end())]
    # `Số:` with its colon is the header's label; a bare `số 12/…` before it is a citation (a site's
    # page title, `Quyết định số …`)
    labels.sort(key=lambda m: not _colon_label(zone, m))
    for m in labels:
        sym = _typed(symbols.parse(text.raw, m.end(), min(before, m.end() + 40)), doc_type)
        if sym and not text.raw[m.end() : sym.start].strip(" :;.\n*"):
            zone.take(m.start(), sym.end)
            sym = _wrapped_code(zone, sym, before)
            head.symbol = sym
            head.set("number", sym.value, text.evidence(sym.start, sym.end, 0.6 + 0.35 * sym.score))
            return
        if _colon_label(zone, m):  # a number blank or unreadable: its codes still tell type and issuer
            codes = symbols.parse_unnumbered(text.raw, m.end(), min(before, m.end() + 40))
            zone.take(m.start(), codes.end if codes else m.end())
            head.symbol = codes
            head.values["number"] = None
            head.evidence["number"] = text.evidence(m.start(), m.end(), 0.2)
            return
    sym = symbols.parse(text.raw, 0, before)
    in_prose = sym is not None and _cited_in_prose(text, sym.start)
    if sym and zone.free(sym.start, sym.end) and sym.score >= 0.5 and not in_prose:
        zone.take(sym.start, sym.end)
        head.symbol = sym
        head.set("number", sym.value, text.evidence(sym.start, sym.end, 0.5 + 0.3 * sym.score))


WRAPPED_CODE = re.compile(r"[ \t]*([A-ZĐ][A-ZĐ0-9&]{0,7})[ \t]*$")


def _wrapped_code(zone: _Zone, sym: symbols.Symbol, before: int) -> symbols.Symbol:
    """A symbol that ends in a hyphen at its line's end (`Số: 255/BC-BCĐPCGD-`, a narrow column) goes on
    in a code alone on one of the next lines (`XMC`), past the right column's lines read between."""
    text = zone.text
    own = text.line_at(sym.end)
    if not re.match(r"[-–][ \t]*$", text.raw[sym.end : own.end]):
        return sym
    for line in text.lines[own.number + 1 : own.number + 6]:
        tail = WRAPPED_CODE.match(text.raw, line.start, line.end)
        if line.start >= before or not tail or not zone.free(line.start, line.end):
            continue
        if lexicon.key(tail.group(1)) in lexicon.doc_type_keys():
            break  # the type heading (`LỆNH`): the code was never wrapped
        zone.take(*tail.span(1))
        code = tail.group(1)
        return dataclasses.replace(sym, value=f"{sym.value}-{code}", codes=(*sym.codes, code))
    return sym


def _cited_in_prose(text: Text, start: int) -> bool:
    """A symbol after its type inside a sentence (`… tại Điều 3 Nghị định 30/2020/NĐ-CP thì …`) is a
    citation, not the header's number (a page's title line `Quyết định 172/2015/QĐ-UBND` may be)."""
    line = text.line_at(start)
    before = text.folded[line.start : start]
    for pattern in (r"(\S+\s+\S+)\s+(?:so\s+)?$", r"(\S+)\s+(?:so\s+)?$"):
        m = re.search(pattern, before)
        if m and lexicon.key(m.group(1)) in lexicon.doc_type_keys():
            return bool(re.search(r"(?:^|\s)[a-zđà-ỹ]", text.raw[line.start : line.start + m.start(1)]))
    return False


def _colon_label(zone: _Zone, m: re.Match[str]) -> bool:
    after = zone.folded[m.end() : m.end() + 3]
    return m.group(0).rstrip().endswith((":", ";")) or bool(re.match(r"\s*[:;]", after))


UNREAD_DATE = re.compile(r",[ \t]*ng\w{1,2}y(?=\S{0,3}[ \t]*\W*[ \t]*(?:\n|$))")
BLANK_DATE = re.compile(r"\bng\w{1,2}y\s*\S{0,3}\s*th\w{1,2}ng\s*\S{0,3}\s*n\w{1,2}m\b(?!\s+\d)")
# `Hà Nội, ngày`: the date line's anchor, whatever follows (not the adverb `ngày càng`, on folded text)
PLACED_DAY = re.compile(r",[ \t]*ng\w{1,2}y(?![ \t]+cang\b)")


def _date_line(zone: _Zone, head: Header, before: int) -> None:
    """The place and date line: `Hà Nội, ngày 19 tháng 11 năm 2025` (the place may wrap)."""
    text = zone.text
    candidates = []
    for date in dates.find_dates(zone.folded, 0, before, partial=False):
        wordy = re.match(r"ng", zone.folded[date.start : date.end])
        # an all-digit date is the date line only when a place and a comma lead it (`Lạng Sơn, 05-03-2025`)
        line_start = text.line_at(date.start).start
        prefix = "".join(
            c if zone.free(i, i + 1) else " "
            for i, c in enumerate(zone.folded[line_start : date.start], line_start)
        )
        if re.search(r"\bs\w\s+\d+\s*/", prefix):
            continue
        lead = lexicon.key(zone.raw[max(0, date.start - 8) : date.start])
        if not zone.free(date.start, date.end) or not (
            wordy or zone.raw[: date.start].rstrip(" ").endswith(",") or lead.endswith("ngay")
        ):
            continue
        candidates.append(date)
    anchor = next(
        (m for m in PLACED_DAY.finditer(zone.folded, 0, before) if _placed(zone.raw, m.end())), None
    )
    if anchor is not None:  # a date line whose day and month OCR could not read hides no later date
        candidates = [d for d in candidates if d.start < text.line_at(anchor.end()).end]
    # the date line has its place before it; a date in a site's lead-in (`ban hành ngày 22/3/2024`) has not
    # … and a date opening a sentence (`Ngày 06/11/2024, Bộ Tài chính đã ban hành …`) is none either
    unplaced = [d for d in candidates if not re.match(r"[ \t]*,[ \t]*\w", zone.raw[d.end : d.end + 4])]
    line = next((d for d in candidates if _placed(zone.raw, d.start)), unplaced[0] if unplaced else None)
    if line is not None:
        head.set("issued_date", line.value, text.evidence(line.start, line.end, 0.95 if line.exact else 0.5))
        if not line.exact:
            head.evidence["issued_date"]["confidence"] = 0.3
        zone.take(line.start, line.end)
        ngay = re.search(r"ng\w{1,2}y?\s*$", zone.folded[max(0, line.start - 8) : line.start])
        _place(zone, head, line.start - (len(ngay.group(0)) if ngay else 0))
        return
    # `Hà Nội, ngày  tháng  năm`: left blank, to be filled in by hand
    blank = BLANK_DATE.search(zone.folded, 0, before)
    if blank and zone.free(blank.start(), blank.end()) and "issued_date" not in head.values:
        zone.take(blank.start(), blank.end())
        _place(zone, head, blank.start())
        return
    # `Hà Nội, ngày` and then marks: the hand-written rest is unreadable; keep the place, flag the date
    unread = next(
        (m for m in UNREAD_DATE.finditer(zone.folded, 0, before) if zone.free(m.start(), m.end())), anchor
    )
    if unread is not None and zone.free(unread.start(), unread.end()) and "issued_date" not in head.values:
        end = text.line_at(unread.end()).end if unread is anchor else unread.end()
        zone.take(unread.start() + 1, end)
        head.values["issued_date"] = None
        head.evidence["issued_date"] = text.evidence(unread.start() + 1, end, 0.2)
        _place(zone, head, unread.start() + 1)


def _placed(raw: str, start: int) -> bool:
    """A capitalised word and a comma stand before the date (`Hà Nội, ngày …`)."""
    m = re.search(r"(\S+),\s*(?:ng\w{1,2}y\s*)?$", raw[max(0, start - 40) : start])
    return bool(m and m.group(1)[:1].isupper())


def _place(zone: _Zone, head: Header, date_start: int) -> None:
    """The capitalised words before `, ngày` (a level word such as `thành phố` may lead them)."""
    text = zone.text
    pos = date_start
    while pos > 0 and zone.raw[pos - 1] in " ,\n\t":
        pos -= 1
    picked: list[tuple[int, int]] = []
    for m in reversed(list(re.finditer(r"\S+", zone.raw[max(0, pos - 80) : pos]))):
        s, e = m.start() + max(0, pos - 80), m.end() + max(0, pos - 80)
        glued = re.match(r"[-–'\"“‘`.*_]+(?=\w)", zone.raw[s:e])  # `-Hà Nội`: a mark's edge read as a dash
        s += glued.end() if glued else 0
        word = zone.raw[s:e].strip(",")
        k = lexicon.key(word)
        if not word or not zone.free(s, e) or re.search(r"\d", word) or k in ("ngay", "so"):
            break
        dash = word in DASHES and bool(picked)  # `Phan Rang - Tháp Chàm`: one place's two names
        if not (word[0].isupper() or k in organs.LEVELS or k == "pho" or dash) or len(picked) == 6:
            break
        if re.search(r"\n[ \t]*\n", zone.raw[e:pos]):
            break  # the place does not reach back over a blank line
        titled = any(not zone.raw[a:b].isupper() for a, b in picked)
        if titled and word.isupper() and len(word) > 1 and k not in organs.LEVELS and k != "tp.":
            break  # capitals before a title-case place are the left column's (`ĐOÀN TNCS HỒ CHÍ MINH Hà Nội`)
        picked.insert(0, (s, e))
    if picked and zone.raw[picked[0][0] : picked[0][1]] in DASHES:
        picked = picked[1:]
    if not picked:
        return
    s, e = picked[0][0], picked[-1][1]
    raw = re.sub(r"\s*([-–])\s*", r"\1", one_line(zone.raw[s:e]).strip(" ,"))
    level_free = re.sub(
        r"^(?:thành\s+phố|tỉnh|tp\.?|thị\s+xã|thị\s+trấn|huyện|xã|phường)\s+", "", raw, flags=re.I
    )
    if not level_free:
        return
    hit = lexicon.province(level_free, cutoff=88)
    value = hit[0] if hit else " ".join(organs._place_case(w) for w in level_free.split())
    zone.take(s, e)
    head.set("place", value, text.evidence(s, e, (hit[1] * 0.95) if hit else 0.7))


ABOUT_LINE = re.compile(r"[ \t*_]*V[ềỀ]\s")


def _about_under_number(zone: _Zone, number_end: int, before: int) -> tuple[int, int] | None:
    """A letter's subject printed without `V/v`: the line under `Số:` opening with `Về …` (an empty
    marker at its start: the subject keeps its `Về`)."""
    text = zone.text
    for line in text.lines[text.line_at(number_end).number + 1 : text.line_at(number_end).number + 3]:
        if line.start >= before:
            return None
        if ABOUT_LINE.match(text.raw, line.start, line.end):
            return line.start, line.start
        if not line.blank:
            return None
    return None


def _subject(zone: _Zone, start: int, stop_at_date: bool) -> tuple[int, int] | None:
    """The subject (trích yếu) from `start`: lines up to a blank line before non-subject text."""
    text = zone.text
    first = text.line_at(start)
    s = start
    e = None
    seen_text = False
    for line in text.lines[first.number :]:
        if line.start >= zone.end:
            break
        seg_start = max(line.start, start)
        seg = zone.folded[seg_start : line.end]
        raw_seg = zone.raw[seg_start : line.end]
        if not raw_seg.strip():
            if seen_text and e is not None:
                nxt = _next_nonblank(zone, line.number)
                if nxt is None or _ends_subject(zone, nxt, e, s):
                    break
            continue
        if seen_text and _ends_subject(zone, line, e or s, s):
            break
        if stop_at_date and not zone.free(seg_start, line.end):
            cut = min(a for a, b in zone.taken if a < line.end and seg_start < b)
            if cut > seg_start and zone.raw[seg_start:cut].strip():
                if not seen_text:
                    s, seen_text = seg_start + len(raw_seg) - len(raw_seg.lstrip()), True
                e = cut
            break
        if not seen_text:
            s = seg_start + len(raw_seg) - len(raw_seg.lstrip())
        seen_text = True
        e = line.end
        opened = next(
            (m for m in TEXT_OPENERS.finditer(seg) if zone.raw[seg_start + m.start()].isupper()), None
        )
        ruled = SEPARATOR_RUN.search(raw_seg)
        if ruled and not re.search(r"\w\w", raw_seg[ruled.end() :]):
            ruled = None  # a rule ending the line is the other column's, read across: the subject goes on
        inline = [seg_start + m.start() for m in (opened, ruled) if m]
        if inline and min(inline) > s:
            e = min(inline)  # a page flattened onto one line: the text goes on after a rule or its opener
            break
        if e - s > 600 or seg.count(" ") > 120:
            break
    if e is None or not seen_text:
        return None
    return s, e


HEADING_OF = re.compile(r"[ \t*_]*cua\s+\S")  # `QUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ …`: whose decision


def _heading_authority(zone: _Zone, end: int) -> int:
    """Older documents print whose document it is after the type heading, in capitals (`QUYẾT ĐỊNH CỦA
    HỘI ĐỒNG QUẢN TRỊ` / `NGÂN HÀNG …`, `QUYẾT ĐỊNH` / `CỦA BỘ TRƯỞNG BỘ …`): that `CỦA` and the
    authority lines under it belong to the heading, the subject comes after them. Returns where the
    heading ends (`end` when no `CỦA` follows it)."""
    text = zone.text
    line = text.line_at(end)
    start = end
    if not zone.folded[end : line.end].strip(" \t*_:"):  # `CỦA …` on the heading's next line
        nxt = _next_nonblank(zone, line.number)
        if nxt is None:
            return end
        line, start = nxt, nxt.start
    of = HEADING_OF.match(zone.folded, start, line.end)
    if not of or upper_share(zone.raw[start : line.end]) < 0.85:
        return end
    whose = of.end() - 1
    if not (organs.head_spelled(zone.raw[whose : line.end]) or AUTHORITY_TITLES.match(zone.folded[whose:])):
        return end  # `BÀI PHÁT BIỂU CỦA ĐỒNG CHÍ …`: a person, part of the title
    # one further line of the authority's name at most (capitals naming an organ or an office): the
    # authority is repeated whole above the preamble
    nxt = _next_nonblank(zone, line.number)
    if nxt is None:
        return line.end
    raw = zone.raw[nxt.start : nxt.end].strip(" \t*_")
    named = organs.head_spelled(raw) or AUTHORITY_TITLES.match(zone.folded[nxt.start : nxt.end])
    return nxt.end if upper_share(raw) >= 0.85 and named else line.end


def _next_nonblank(zone: _Zone, index: int) -> Any:
    for line in zone.text.lines[index + 1 :]:
        if line.start >= zone.end:
            return None
        if zone.raw[line.start : line.end].strip():
            return line
    return None


def _repeats_issuer(zone: _Zone, folded_line: str, subject_start: int) -> bool:
    """An organ line under the subject that repeats words of the header above it, whole, is the authority
    that enacts (`HỘI ĐỒNG NHÂN DÂN TỈNH YÊN BÁI` / `KHÓA XVIII, KỲ HỌP THỨ 13`), not more of the subject."""
    line = lexicon.key(folded_line)
    return len(line.split()) >= 2 and f" {line} " in f" {lexicon.key(zone.folded[:subject_start])} "


def _prose(zone: _Zone, line: Any) -> bool:
    """The paragraph from `line` up to the next blank line reads as sentences: it opens with a capital,
    runs over more than one line and a sentence ends in it (a subject is a phrase, not a sentence; a
    subject wrapped onto a line of its own goes on in lower case or with a name)."""
    rest = zone.raw[line.start : zone.end]
    paragraph = re.split(r"\n[ \t]*\n", rest, maxsplit=1)[0].strip(" \t\n*_")  # the text's end too
    if "\n" not in paragraph or not paragraph[:1].isupper() or upper_share(paragraph) > 0.5:
        return False
    if paragraph.endswith((".", ";")) and not paragraph.endswith(".."):
        return True
    # a full stop after a lower-case word, then a capital (not an abbreviation such as `TP. Huế`)
    return any(
        m.group(1).islower() and m.group(2).isupper() for m in re.finditer(r"(\w{2,})[.;]\s+(\w)", paragraph)
    )


def _ends_subject(zone: _Zone, line: Any, prev_end: int, subject_start: int) -> bool:
    """A line that cannot continue a subject: an opener, an authority line, or, after a blank line,
    a change between capitals and sentence case."""
    folded = zone.folded[line.start : line.end].strip(" *_")
    raw = zone.raw[line.start : line.end].strip(" *_")
    if not raw:
        return False
    if _is_basis(raw, folded) or BODY_START.match(folded) or VV.match(folded):
        return True
    upper_line = upper_share(raw) > 0.85
    subject_upper = upper_share(zone.raw[subject_start:prev_end]) > 0.85
    gap = bool(re.search(r"\n[ \t]*\n", zone.raw[prev_end : line.start]))
    # a subject wrapped after `của`, `và`, `tại` … goes on whatever the next line looks like
    wrapped = bool(
        CONNECTOR.search(zone.folded[subject_start:prev_end])
        or re.search(r"\bqua\W*$", zone.raw[:prev_end], re.I)
    )
    if gap and not wrapped and _prose(zone, line):
        return True  # a notice's body opens straight under its subject, with no basis or section heading
    if upper_line and AUTHORITY_TITLES.match(folded) and not wrapped:
        return True
    if upper_line and organs.head_spelled(raw):
        if not subject_upper or _repeats_issuer(zone, folded, subject_start):
            return True
        if not wrapped and _enacts(zone, line, raw):
            return True
        # OCR may part a subject's wrapped lines: `… VỚI ỦY` / `BAN NHÂN DÂN CẤP XÃ, …` goes on (an
        # authority line is one name, no list)
        return gap and not (
            wrapped or "," in raw or _head_across(zone.folded[subject_start:prev_end], folded)
        )
    return upper_line != subject_upper and (gap or not wrapped)


def _enacts(zone: _Zone, line: Any, raw: str) -> bool:
    """A line naming a place's organ, whole, with a basis (`Căn cứ …`) right under it is the enacting
    authority over the preamble, not the subject's last line (`… TIỂU KHU` / `ỦY BAN NHÂN DÂN TỈNH QUẢNG
    BÌNH` / `Căn cứ …`); a subject ending in an organ's name (`… QUA NGÂN HÀNG … THÀNH PHỐ HÀ NỘI`) is
    no name of one organ."""
    organ = _organ(raw)
    if not organ or not _province_in(organ):
        return False
    nxt = next((n for n in zone.text.lines[line.number + 1 :] if not n.blank), None)
    if nxt is None:
        return False
    text = zone.text  # the preamble lies past the header zone
    return _is_basis(
        text.raw[nxt.start : nxt.end].strip(" *_"), text.folded[nxt.start : nxt.end].strip(" *_")
    )


def _head_across(before: str, line: str) -> bool:
    """The subject's last word and the line's first words spell one head (`ỦY` / `BAN NHÂN DÂN`)."""
    last = before.split()[-1:]
    words = line.split()
    hit = organs.head_at(last + words, 0) if last and words else None
    return bool(hit and hit[2] > 1)


INLINE_NUMBER = re.compile(r"\bS[ốo]\s*:?[ \t]*\d+[^\s/]*/\S+(?:[ \t]+[A-ZĐ][A-ZĐ0-9&]+(?![^\s]))*")


def _issuer_block(zone: _Zone, head: Header, end: int, type_start: int) -> None:
    """What is left of the text before `end` once the anchors are taken: the issuer (and its parent);
    the rest of the header may name whose Central Committee it is (the Party's motto before `type_start`
    says it is the Party's)."""
    text = zone.text
    # a second copy of the number printed inline (`… ĐÀO TẠO Số 424/SGDĐT TĐKT V/v …`, its hyphen lost):
    # its codes are the number's, no organ of the block
    inline = [m.span() for m in INLINE_NUMBER.finditer(zone.raw, 0, end)]
    pieces = [
        (m.start(), m.end())
        for m in re.finditer(r"[^\s]+", zone.raw[:end])
        if zone.free(m.start(), m.end())
        and (re.search(r"\w", m.group(0)) or m.group(0) in DASHES)
        and not any(a <= m.start() < b for a, b in inline)
    ]
    # below the motto only lines read across both columns (a motto or `Số:` beside them) hold the issuer;
    # a line of its own there is a stamp or a note
    motto_start = min(
        (a for a, _ in zone.taken if any(p.match(zone.folded, a) for p in MOTTOS)), default=None
    )
    if motto_start is not None:
        shared = {text.line_at(a).number for a, _ in zone.taken}
        between = _between_motto_lines(zone)
        pieces = [
            (s, e)
            for s, e in pieces
            if s < motto_start or text.line_at(s).number in shared or between[0] <= s < between[1]
        ]
    label = head.evidence.get("number")
    party = MOTTOS[2].search(zone.folded, 0, type_start)  # `ĐẢNG CỘNG SẢN VIỆT NAM`: the Party's own
    central = "trung uong" in zone.folded[:end] and not party
    block = read_issuer_block(
        text,
        pieces,
        min(a for a, _ in zone.taken),
        label["start"] if label else None,
        head.symbol.issuer if head.symbol else None,
        organisation_named(_without_subject(zone, head)) if central else None,
    )
    if block is None:
        return
    head.set("issuer", block.issuer.name, text.evidence(*block.issuer.span, block.confidence))
    if block.parent:
        head.set("parent_issuer", block.parent.name, text.evidence(*block.parent.span, block.confidence))


def _without_subject(zone: _Zone, head: Header) -> str:
    """The header's text with its subject blanked out (a subject may name an organisation it is about)."""
    raw = zone.raw[: zone.end]
    title = head.evidence.get("title")
    if not title:
        return raw
    s, e = title["start"], min(title["end"], len(raw))
    return raw[:s] + " " * max(0, e - s) + raw[e:]


def _between_motto_lines(zone: _Zone) -> tuple[int, int]:
    """The span between the motto's two lines (`CỘNG HÒA …` / `Độc lập - …`): a line there is the left
    column's, read between the right column's lines; (0, 0) when the motto is not parted."""
    first = MOTTOS[0].search(zone.folded)
    second = MOTTOS[1].search(zone.folded, first.end()) if first else None
    if not first or not second or zone.folded.count("\n", first.end(), second.start()) > MOTTO_GAP_LINES:
        return 0, 0
    return first.end(), second.start()


def _find_province(text: Text, start: int, end: int) -> tuple[str, float, dict[str, Any]] | None:
    for m in re.finditer(r"\b(?:tinh|thanh pho|tp\.?)\s+([a-z]+(?:\s+[a-z]+){0,3})", text.folded[start:end]):
        hit = lexicon.province_prefix(m.group(1), cutoff=88)
        if hit:
            name, score, n = hit
            words_end = start + m.start(1) + len(" ".join(m.group(1).split()[:n]))
            return name, score * 0.8, text.evidence(start + m.start(), words_end, score * 0.8)
    return None


def _province_in(value: str) -> str | None:
    words = value.split()
    for w in range(len(words)):
        for n in (4, 3, 2):
            if w + n <= len(words):
                hit = lexicon.province_exact(" ".join(words[w : w + n]))
                if hit and words[w][:1].isupper():
                    return hit
    return None


def parse_header(text: Text) -> Header:
    """Read the header block and subject; works on flattened, interleaved or wrapped headers."""
    head = Header()
    spoken = False
    found_body = _body_start(text)
    body = found_body if found_body is not None else 0
    head.body_start = body
    end = text.lines[body].start if found_body is not None else min(len(text.raw), _headless_end(text))
    zone = _Zone(text, end)
    _motto_spans(zone)

    found = _find_type(zone)
    type_start = found[1] if found else end
    _number(zone, head, type_start, found[0] if found else None)
    _date_line(zone, head, type_start)
    if not found and head.evidence.get("issued_date"):
        found = _type_after_date(zone, head.evidence["issued_date"]["end"])
        type_start = found[1] if found else type_start
    typed = lexicon.doc_type_by_code().get(head.symbol.type_code or "") if head.symbol else None
    if not found and typed and zone.taken:
        span = _symbol_heading(zone, typed)
        found = (typed, *span, 0.8) if span else None
        type_start = span[0] if span else type_start
    headless = not zone.taken  # no motto, `Số:` or date line: the header block is lost
    vv = None
    for m in VV.finditer(zone.folded, 0, type_start):
        if zone.free(m.start(), m.end()):
            vv = m.span()
            break
    about_type = None  # a `Về việc …` line under a typed symbol (`47/2005/QĐ-UBND`): that type's subject
    if vv is None and not found and head.symbol:
        vv = _about_under_number(zone, head.symbol.end, type_start)
        about_type = typed if vv else None

    if found:
        name, s, e, rank = found
        zone.take(s, e)
        head.set("doc_type", name, text.evidence(s, e, min(0.95, rank)))
        whose = _heading_authority(zone, e)
        if whose > e:
            zone.take(e, whose)
        subject = _subject(zone, whose, stop_at_date=False)
    elif vv:
        zone.take(*vv)
        head.set("doc_type", about_type or "Công văn", text.evidence(*vv, 0.7 if about_type else 0.8))
        subject = _subject(zone, vv[1], stop_at_date=True)
    else:
        subject = None
    if subject:
        s, e = subject
        zone.take(s, e)
        title = one_line(SEPARATOR_RUN.sub(" ", ORPHAN_MARKS.sub("", text.raw[s:e]))).strip(" *_")
        bracketed = re.fullmatch(r"\(([^()]+)\)\.?", title)
        title = bracketed.group(1).strip() if bracketed else title  # `(ban hành Điều lệ …).`
        conf = 0.9 if found else 0.7
        head.set("title", title, text.evidence(s, e, conf))

    anchored = bool(zone.taken)
    issuer_end = min([type_start] + ([vv[0]] if vv else []))
    if anchored:
        _issuer_block(zone, head, issuer_end, type_start)
    if not head.values.get("issuer"):
        _authority_issuer(zone, head, subject[1] if subject else 0, body)
    enacted = _enacting(text, body) if found_body is not None else None
    if enacted:
        organ, typed, ev = enacted
        issuer = head.values.get("issuer")
        codes = set(head.symbol.issuer_codes) if head.symbol else set()
        if not issuer:
            head.set("issuer", organ, ev)
        elif codes & _agency_codes(organ) and not codes & _agency_codes(issuer):
            head.set(
                "parent_issuer", issuer, head.evidence.get("issuer")
            )  # the header printed the parent only
            head.set("issuer", organ, ev)
        if typed and not head.values.get("doc_type") and not head.symbol:
            head.set("doc_type", typed, ev)
    if not head.values.get("issuer") and not head.symbol:  # no issuer block: the text may name it
        first = text.line_at(subject[1]).number + 1 if subject else 0
        speaker = opening_speaker(text, first) or closing_speaker(
            text, text.lines[body].start if body < len(text.lines) else 0
        )
        if speaker:
            head.set("issuer", speaker.name, text.evidence(*speaker.span, 0.5))
            spoken = True
    if not subject and not zone.taken and found_body:
        _opening_title(text, head, found_body)
    if anchored or head.values.get("doc_type"):
        _fill_from_symbol(head, text)
    if not found and not vv and head.symbol and not head.values.get("title"):
        _subject_under_date(zone, head)
    if headless and not head.values.get("number") and head.values.get("doc_type"):
        _annexed(text, head)
    if (
        not head.values.get("doc_type")
        and found_body is not None
        and LETTER.match(opening(text, text.lines[body]))
    ):
        line = text.lines[body]
        head.set("doc_type", "Công văn", text.evidence(line.start, line.end, 0.6))  # a letter: no type word
    _province(head, text)
    if spoken and _placeless(head.values["issuer"]):
        _sole_province(head, text)
        if _placeless(head.values["issuer"]):
            # a letter's own `UBND Thành phố yêu cầu …` names no city, and neither did the text
            del head.values["issuer"], head.evidence["issuer"]
    return head


# Titles of an organ's head before its name (`BỘ TRƯỞNG BỘ Y TẾ`): the organ is the issuer.
HEAD_TITLE = re.compile(
    r"^\s*(?:bo\s+truong|thong\s+doc|giam\s+doc|cuc\s+truong|tong\s+cuc\s+truong|chu\s+nhiem|"
    r"tong\s+giam\s+doc|vien\s+truong|chanh\s+an|hieu\s+truong|truong\s+ban|tong\s+kiem\s+toan)\s+"
)
TITLE_TAILS = frozenset(("truong", "doc", "nhiem", "an", "toan"))  # last words of the titles above
ENACTS = re.compile(
    r"\b(?:ban\s+h\w{1,2}nh|quy\w{1,2}t\s+ngh\w{1,2}|quy\w{1,2}t\s+d\w{1,2}nh|"
    r"x\w{1,2}y\s+d\w{1,2}ng(?=\s+k\S{1,3}\s+ho\w{1,2}ch))\s*[:.]?"
)


def _organ(raw: str) -> str | None:
    """The organ an authority line names: `BỘ TRƯỞNG BỘ Y TẾ` → `Bộ Y tế`, `CHÍNH PHỦ` → `Chính phủ`."""
    if raw[:1].islower():
        # a title whose first word OCR moved to a line of its own (`BỘ` / `trưởng Bộ …`): its tail goes;
        # other lower-case words open a sentence, not a name (`trưởng` is no `Trường`)
        first, _, tail = raw.partition(" ")
        if lexicon.key(first) not in TITLE_TAILS or not tail[:1].isupper():
            return None
        raw = tail
    folded = lexicon.key(raw)
    m = HEAD_TITLE.match(folded)
    words = raw.split()
    if m:
        words = words[len(folded[: m.end()].split()) :]
    bodies = organs.split_bodies(" ".join(words))
    hit = organs.head_at(lexicon.key(bodies[0]).split(), 0) if bodies else None
    if not hit or len(bodies) > 1:
        return None
    name = organs.canonical(bodies[0])
    hit = organs.head_at(lexicon.key(name).split(), 0) or hit
    rest = name.split()[len(hit[0].split()) :]
    # a name, not a sentence: what follows the head is capitalised or a level word, and short
    sentence = len(rest) > 7 or any(
        w[:1].islower() and lexicon.key(w) not in organs.LEVELS and w != "và" for w in rest
    )
    return None if sentence and lexicon.key(name) not in organs.known_names() else name


def _authority_issuer(zone: _Zone, head: Header, after: int, body: int) -> None:
    """Issuer of a text whose header block lost it: the authority line above the bases."""
    text = zone.text
    for line in text.lines[text.line_at(after).number if after else 0 : body]:
        raw = line.text.strip(" *_")
        if line.start < after or not raw or upper_share(raw) < 0.85 or not zone.free(line.start, line.end):
            continue
        organ = _organ(raw)
        if organ:
            head.set("issuer", organ, text.evidence(line.start, line.end, 0.6))
            return


def _paragraph_start(text: Text, pos: int, floor: int, across_blanks: bool = False) -> int:
    """Where the paragraph holding `pos` begins: after a blank line or a line ending a sentence;
    `across_blanks`: a blank line OCR put inside a sentence (the line above it ends none) joins."""
    line = text.line_at(pos)
    while line.number > 0 and line.start > floor:
        above = text.lines[line.number - 1]
        if above.blank and across_blanks:
            words = next((ln for ln in reversed(text.lines[: line.number]) if not ln.blank), None)
            if words is None or words.start < floor or SENTENCE_END.search(words.text):
                break
            line = words
            continue
        if above.blank or SENTENCE_END.search(above.text):
            break
        line = above
    return max(line.start, floor)


def _enacting(text: Text, body: int) -> tuple[str, str | None, dict[str, Any]] | None:
    """`<Organ> ban hành <Type> …` opening a paragraph of the preamble: (organ, type, evidence)."""
    start = text.lines[body].start if body < len(text.lines) else len(text.raw)
    for m in ENACTS.finditer(text.folded, start, min(len(text.raw), start + 6000)):
        organ = None
        for across in (False, True):  # OCR may leave a blank line inside the formula
            para = _paragraph_start(text, m.start(), start, across_blanks=across)
            organ = _enacting_organ(one_line(text.raw[para : m.start()]).strip(" *_\t"))
            if organ:
                break
        if not organ:
            continue
        typed = lexicon.doc_type_prefix(text.folded[m.end() : m.end() + 40].strip(" :"), cutoff=85)
        return organ, typed[0] if typed else None, text.evidence(para, m.start(), 0.5)
    return None


def _enacting_organ(raw: str) -> str | None:
    """The organ a short non-basis phrase before `ban hành` names (`Bộ trưởng Bộ Xây dựng`)."""
    if not raw or len(raw.split()) > 12 or _is_basis(raw, lexicon.key(raw)):
        return None
    return _organ(raw)


# the line opening an annex: `(Kèm theo …)`, `(Ban hành kèm theo …)`; not `… ban hành kèm theo` in a sentence
ANNEXED = re.compile(r"(?:^|\n)[ \t*_]*\((?:ban\s+h\w{1,2}nh\s+)?k\w{1,2}m\s+theo[\s*_]+")


def _annexed(text: Text, head: Header) -> None:
    """A text that lost its header still names itself over its annex: `(Kèm theo Nghị định số
    307/2025/NĐ-CP ngày 27 tháng 11 năm 2025 …)`; number and date are taken from there, unsure."""
    doc_type = head.values["doc_type"]
    code = lexicon.domain_type_code(doc_type)
    for m in ANNEXED.finditer(text.folded):
        typed = lexicon.doc_type_prefix(text.folded[m.end() : m.end() + 30], cutoff=90)
        if not typed or typed[0] != doc_type:
            continue
        after = m.end() + typed[2]
        sym = symbols.parse(text.raw, after, min(len(text.raw), after + 30))
        if not sym or (code and sym.type_code != code):
            continue
        head.symbol = sym
        head.set("number", sym.value, text.evidence(sym.start, sym.end, 0.5))
        date = dates.first_date(text.folded, sym.end, min(len(text.raw), sym.end + 40), partial=False)
        if date and not head.values.get("issued_date"):
            head.set("issued_date", date.value, text.evidence(date.start, date.end, 0.5))
        return


def _agency_codes(name: str) -> set[str]:
    """Symbol codes an organisation name can carry (`Ủy ban nhân dân tỉnh …` → {UBND})."""
    k = lexicon.key(name)
    return {c for c, issuer in lexicon.issuer_by_code().items() if k.startswith(lexicon.key(issuer))}


SECTION_HEAD = re.compile(r"^\s*(?:[a-d]|[ivx]{1,4}|\d{1,2})\s*[.)]\s")  # `A.`, `I.`, `1.` open a section


def _subject_under_date(zone: _Zone, head: Header) -> None:
    """A page that dropped the type heading (the symbol gives the type) prints the subject right under the
    number and date line (`Số: 19/KH-UBND | Hà Giang, ngày …` / `BẢO VỆ THÀNH QUẢ …`): the upper-case lines
    there, up to an authority line (`ỦY BAN NHÂN DÂN TỈNH …`), a section heading, a basis or the body."""
    date = head.evidence.get("issued_date")
    if not date:
        return
    lines: list[Line] = []
    line = _next_nonblank(zone, zone.text.line_at(date["end"]).number)
    while line is not None and len(lines) < 4:
        raw = zone.raw[line.start : line.end].strip(" *_|")
        folded = zone.folded[line.start : line.end].strip(" *_|")
        if (
            upper_share(raw) <= 0.85
            or not zone.free(line.start, line.end)
            or _is_basis(raw, folded)
            or BODY_START.match(folded)
            or SECTION_HEAD.match(folded)
            or any(m.search(folded) for m in MOTTOS)
            or _organ(raw)
        ):
            break
        lines.append(line)
        nxt = _next_nonblank(zone, line.number)
        line = nxt if nxt is not None and nxt.number == line.number + 1 else None  # wrapped, no gap
    if lines:
        s, e = lines[0].start, lines[-1].end
        zone.take(s, e)
        head.set("title", one_line(zone.raw[s:e]).strip(" *_|"), zone.text.evidence(s, e, 0.6))


def _opening_title(text: Text, head: Header, body: int) -> None:
    """A text that lost its header opens with its subject: the few short lines before the body."""
    lines = [ln for ln in text.lines[:body] if not ln.blank]
    numbered = re.compile(r"^\s*(?:\d+\s*[.)]|[-+•]|[a-z]\))")
    if (
        lines
        and len(lines) <= 4
        and all(len(ln.text) < 160 and not numbered.match(ln.folded) for ln in lines)
        and not _place_only(lines[0].text)
    ):
        s, e = lines[0].start, lines[-1].end
        head.set("title", one_line(text.raw[s:e]).strip(" *_"), text.evidence(s, e, 0.6))


def _placeless(issuer: str) -> bool:
    """An issuer named by its level alone (`Ủy ban nhân dân thành phố`): its place is still to be found."""
    return issuer.split()[-1] in ("tỉnh", "phố")


def _sole_province(head: Header, text: Text) -> None:
    """A letter that calls itself `UBND Thành phố` is from the one city of that kind the text names
    (`… khu vực Hà Nội …`); unsure, and nothing when the text names none or several."""
    kind = "thành phố" if head.values["issuer"].endswith("phố") else "tỉnh"
    words = list(re.finditer(r"[^\W\d_]+", text.raw))
    named: dict[str, int] = {}
    for i, w in enumerate(words):
        if not w.group()[:1].isupper():
            continue
        spelled = (" ".join(x.group() for x in words[i : i + n]) for n in (4, 3, 2))
        found = next((p for name in spelled if (p := lexicon.province_exact(name))), None)
        if found and lexicon.province_kind(found) == kind:
            named.setdefault(found, w.start())
    if len(named) != 1:
        return
    (province, start), *_ = named.items()
    head.set("province", province, text.evidence(start, start + len(province), 0.4))
    head.values["issuer"] = f"{head.values['issuer']} {province}"
    head.evidence["issuer"] = head.evidence["issuer"] | {"confidence": 0.4}


def _place_only(raw: str) -> bool:
    """A line naming only a province (`THÀNH PHỐ ĐÀ NẴNG`): what is left of an issuer block, no subject."""
    words = lexicon.key(raw).split()
    level = next((n for n in (2, 1) if " ".join(words[:n]) in organs.LEVELS), 0)
    return bool(words) and lexicon.province_exact(" ".join(words[level:])) is not None


def _headless_end(text: Text) -> int:
    """Without a recognisable body opener, the header can only be in the first lines."""
    lines = text.lines[: min(len(text.lines), 40)]
    return lines[-1].end if lines else 0


def _fill_from_symbol(head: Header, text: Text) -> None:
    """Type and issuer from the symbol (`KH-UBND`, `QĐ-TTg`) where the header lost them."""
    sym = head.symbol
    if not sym:
        return
    ev = head.evidence.get("number")
    if not head.values.get("doc_type"):
        type_code = sym.type_code
        if type_code in lexicon.doc_type_by_code():
            head.set("doc_type", lexicon.doc_type_by_code()[type_code], ev and ev | {"confidence": 0.7})
        elif sym.codes and sym.codes[0] in lexicon.issuer_by_code():
            head.set("doc_type", "Công văn", ev and ev | {"confidence": 0.6})
    if not head.values.get("issuer"):
        codes = sym.issuer_codes if sym.type_code in lexicon.doc_type_by_code() else sym.codes
        for code in codes:
            issuer = lexicon.issuer_by_code().get(code)
            if issuer:
                head.set("issuer", issuer, ev and ev | {"confidence": 0.4})
                break


def _central(issuer: str) -> bool:
    """A body of the central state or Party (a ministry, the Government, a central committee)."""
    k = lexicon.key(issuer)
    central = ("chinh phu", "thu tuong chinh phu", "quoc hoi", "chu tich nuoc")
    words = k.split()
    # a department (`Cục Thuế`, `Tổng cục …`) that names no place is a ministry's, nationwide
    department = words[:1] == ["cuc"] or words[:2] == ["tong", "cuc"]
    levels = set(organs.LEVELS.values())
    placeless = not any(w in levels for w in issuer.lower().split()) and not _province_in(issuer)
    return k in organs.ministries() or k in central or "trung uong" in k or (department and placeless)


def _province(head: Header, text: Text) -> None:
    """The province: from the issuer, its parent, the place line, else the first one the text names."""
    for name in ("issuer", "parent_issuer", "place"):
        value = head.values.get(name)
        # a central body's name may hold a province's (`… Đoàn Thanh niên Cộng sản Hồ Chí Minh`); a place
        # may be a province of one word (`Huế`)
        if name == "place":
            found = value and (lexicon.province_exact(value) or _province_in(value))
        else:
            found = _province_in(value) if value and not _central(value) else None
        if found:
            head.set("province", found, head.evidence.get(name))
            break
    else:
        # a local body whose header names no province (`ỦY BAN NHÂN DÂN`): the title or the text does;
        # a central body's text names provinces it is not part of
        issuer = head.values.get("issuer")
        reach = 6000 if issuer else 1500  # a text without its issuer: only its opening speaks for it
        if not (issuer and _central(issuer)):
            found_in_text = _find_province(text, 0, min(len(text.raw), reach))
            if found_in_text:
                ev = found_in_text[2]
                if not issuer:  # whose text it is, unknown: it may name a province it is not from
                    ev = ev | {"confidence": min(ev["confidence"], UNSURE_PROVINCE)}
                head.set("province", found_in_text[0], ev)
    issuer, province = head.values.get("issuer"), head.values.get("province")
    if issuer and province and _placeless(issuer):
        head.values["issuer"] = f"{issuer} {province}"
    elif issuer and province and lexicon.key(issuer) in ("uy ban nhan dan", "hoi dong nhan dan"):
        # the block printed only `ỦY BAN NHÂN DÂN`: its province is the one the date line or the text names
        head.values["issuer"] = f"{issuer} {lexicon.province_kind(province)} {province}"
