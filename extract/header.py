"""Header fields: doc_type, number, issuer, parent_issuer, province, place, issued_date, title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from thidua.extract import dates, lexicon, symbols
from thidua.extract.text import Line, Text, one_line

# Paragraph openers of the legal bases ("Căn cứ", "Tiếp nhận"), OCR-tolerant on the folded text.
BASIS_START = re.compile(r"^\s*[~\-–*.,'`]?\s*(?:c\w{1,2}n\s*c\w{0,3}|ti\w{1,2}p\s+nh\w{1,2}n)\b")
ROMAN_HEAD = re.compile(r"^\s*[ivxlu1|]{1,4}\s*[.,]\s*[a-z]")
MOTTO = re.compile(r"c\w{2,3}\s+h\w{1,2}\s+x\w\s+h\w{1,2}\s+ch\w{1,2}\s+ngh\w{1,3}\s+v\w{2,3}\s+n\w{1,2}m")
MOTTO2 = re.compile(r"\S{2,4}\s+\S{2,4}\s*[-–]\s*\S{1,3}\s+d\w\s*[-–]\s*h\w{2,4}\s+ph\w{1,3}")
NUMBER_LABEL = re.compile(r"(?<![a-z])s[a-z0-9]?\s*[:;]")
LEVEL_WORDS = ("thanh pho", "thi xa", "thi tran", "tinh", "huyen", "xa", "phuong", "quan")
ISSUES_PLAN = re.compile(r"\b(?:ban\s+h\w{1,2}nh|x\w{1,2}y\s+d\w{1,2}ng)\s+k\S{1,3}\s+ho\w{1,2}ch\b")


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


def is_basis_line(line: Line) -> bool:
    return bool(BASIS_START.match(line.folded))


def _upper_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _doc_type_line(line: Line) -> tuple[str, float] | None:
    letters = re.sub(r"[^a-z ]", "", line.folded).strip()
    if not letters or len(letters) > 24 or _upper_share(line.text) < 0.6:
        return None
    best = None
    for k, name in lexicon.doc_type_keys().items():
        score = fuzz.ratio(k, letters)
        if score >= 80 and (best is None or score > best[1]):
            best = (name, score / 100)
    return best


def _body_start(text: Text) -> int:
    limit = min(len(text.lines), 80)
    for line in text.lines[:limit]:
        if is_basis_line(line) or (ROMAN_HEAD.match(line.folded) and _upper_share(line.text) > 0.7):
            return line.index
    return 0


def canonical_body(raw: str) -> tuple[str, float]:
    """Canonical spelling of an organisation name (`UY BAN NHAN DAN TINH AN GIANG` → `Ủy ban nhân dân …`)."""
    expanded = lexicon.expand_abbreviations(one_line(raw))
    folded = lexicon.key(expanded)
    hit = lexicon.agency_prefix(folded)
    score = 1.0
    if hit:
        name, score, used = hit
        rest = folded[used:].strip()
        n = len(folded[:used].split())
        raw_words = expanded.split()
        i = 0
        while i < len(raw_words) and n > 0:
            n -= bool(re.search(r"[\w&]", raw_words[i]))
            i += 1
        rest_raw_words = raw_words[i:]
    else:
        name, rest, rest_raw_words = "", folded, expanded.split()
    place, place_score = _canonical_place(rest, rest_raw_words)
    out = " ".join(x for x in (name, place) if x)
    return out, min(score, place_score)


def _canonical_place(rest: str, raw_words: list[str]) -> tuple[str, float]:
    if not rest:
        return "", 1.0
    for level in LEVEL_WORDS:
        if rest == level or rest.startswith(level + " "):
            remainder = rest[len(level) :].strip()
            level_vi = {
                "thanh pho": "thành phố",
                "thi xa": "thị xã",
                "thi tran": "thị trấn",
                "tinh": "tỉnh",
                "huyen": "huyện",
                "xa": "xã",
                "phuong": "phường",
                "quan": "quận",
            }[level]
            if not remainder:
                return level_vi, 1.0
            hit = lexicon.province(remainder, cutoff=75) if level in ("tinh", "thanh pho") else None
            if hit:
                return f"{level_vi} {hit[0]}", hit[1]
            words = raw_words[len(level.split()) :]
            level_raw = raw_words[len(level.split()) - 1] if raw_words else ""
            if level_raw[-1:] in ",;":
                level_vi += level_raw[-1]
            if len(words) <= 4 and not re.search(r"[,;:()]", " ".join(words)):
                words = [w.capitalize() if w.isupper() else w for w in words]
            return f"{level_vi} {' '.join(words)}", 0.7
    hit = lexicon.province(rest, cutoff=80)
    if hit:
        return hit[0], hit[1]
    return " ".join(w if not w.isupper() else w.capitalize() for w in raw_words), 0.6


def _left_column(line: Line) -> tuple[int, int] | None:
    """The part of a header line before the right column (motto, date) starts, as offsets into the text."""
    folded = line.folded
    cut = len(folded)
    for pattern in (MOTTO, MOTTO2, NUMBER_LABEL, dates.WORDY):
        m = pattern.search(folded)
        if m:
            cut = min(cut, m.start())
    if cut == len(folded) and ("doc lap" in folded or "hanh phuc" in folded):
        return None
    segment = line.text[:cut]
    if not re.search(r"[A-Za-zÀ-ỹĐđ]{2}", segment) or _upper_share(segment) < 0.7:
        return None
    lead = len(segment) - len(segment.lstrip())
    return line.start + lead, line.start + len(segment.rstrip(" ,.-–"))


def _bodies(text: Text, lines: list[Line]) -> list[tuple[str, int, int]]:
    """Organisation blocks of the header's left column; a line opening with a level word continues a block."""
    blocks: list[list] = []
    for line in lines:
        span = _left_column(line)
        if not span:
            continue
        segment = text.raw[span[0] : span[1]]
        words = lexicon.key(segment)
        continues = any(words == lv or words.startswith(lv + " ") for lv in LEVEL_WORDS)
        if continues and blocks:
            blocks[-1][0] += " " + segment
            blocks[-1][2] = span[1]
        else:
            blocks.append([segment, span[0], span[1]])
    return [(a, b, c) for a, b, c in blocks]


def _preamble_issuer(text: Text, start_line: int) -> tuple[str, float, dict[str, Any]] | None:
    """`<Org> ban hành Kế hoạch …` / `<Org> xây dựng kế hoạch …` in the paragraphs after the bases."""
    lines = text.lines[start_line : start_line + 40]
    if not lines:
        return None
    start, end = lines[0].start, lines[-1].end
    for m in ISSUES_PLAN.finditer(text.folded, start, end):
        left = max(text.folded.rfind(sep, start, m.start()) for sep in (";", ".", ":", "\n\n", ")"))
        org_start = max(left + 1, start)
        raw = text.raw[org_start : m.start()]
        folded = lexicon.key(lexicon.expand_abbreviations(raw))
        hit = lexicon.agency_prefix(folded)
        if not hit or len(folded.split()) > len(hit[0].split()) + 5:
            continue
        name, score = canonical_body(raw)
        return name, score * 0.8, text.evidence(org_start, m.start(), score * 0.8)
    return None


def _find_province(text: Text, start: int, end: int) -> tuple[str, float, dict[str, Any]] | None:
    for m in re.finditer(r"\b(?:tinh|thanh pho|tp\.?)\s+([a-z]+(?:\s+[a-z]+){0,3})", text.folded[start:end]):
        hit = lexicon.province_prefix(m.group(1), cutoff=80)
        if hit:
            name, score, n = hit
            words_end = start + m.start(1) + len(" ".join(m.group(1).split()[:n]))
            return name, score * 0.9, text.evidence(start + m.start(), words_end, score * 0.9)
    return None


def parse_header(text: Text) -> Header:
    """Read the header block and subject line; works when the first page (header) is missing."""
    head = Header()
    body = _body_start(text)
    head.body_start = body
    lines = text.lines[:body]

    type_idx = None
    for line in lines:
        hit = _doc_type_line(line)
        if hit:
            type_idx = line.index
            head.set("doc_type", hit[0], text.evidence(line.start, line.end, hit[1]))
            break
    header_lines = (
        lines[:type_idx]
        if type_idx is not None
        else [
            ln
            for ln in lines
            if NUMBER_LABEL.search(ln.folded) or MOTTO.search(ln.folded) or MOTTO2.search(ln.folded)
        ]
    )
    if header_lines:
        header_lines = lines[: header_lines[-1].index + 1]
    h_start = header_lines[0].start if header_lines else 0
    h_end = header_lines[-1].end if header_lines else 0

    # number
    for m in NUMBER_LABEL.finditer(text.folded, h_start, h_end):
        sym = symbols.parse(text.raw, m.end(), min(h_end, m.end() + 40))
        if sym:
            head.symbol = sym
            head.set("number", sym.value, text.evidence(sym.start, sym.end, 0.6 + 0.35 * sym.score))
            break

    # date and place
    date = dates.first_date(text.folded, h_start, h_end, partial=False)
    if date:
        head.set("issued_date", date.value, text.evidence(date.start, date.end, 0.95 if date.exact else 0.7))
        line = text.line_at(date.start)
        seg_start = line.start
        if head.symbol and line.start <= head.symbol.end <= date.start:
            seg_start = head.symbol.end
        else:
            for pattern in (MOTTO2, MOTTO):
                mm = pattern.search(text.folded, line.start, date.start)
                if mm:
                    seg_start = mm.end()
        place_raw = text.raw[seg_start : date.start]
        place_raw = (
            re.sub(r"\s*ng\S{1,3}\s*$", "", place_raw.rstrip())
            if re.search(r"\sng\w{1,2}y?\s*$", text.folded[seg_start : date.start])
            else place_raw
        )
        place_raw = place_raw.strip(" ,.\t")
        if place_raw and len(place_raw.split()) <= 5:
            hit = lexicon.province(place_raw, cutoff=80)
            value = hit[0] if hit else place_raw
            offset = text.raw.find(place_raw, seg_start)
            head.set(
                "place", value, text.evidence(offset, offset + len(place_raw), hit[1] * 0.9 if hit else 0.6)
            )

    # issuer / parent issuer from the header's left column
    blocks = _bodies(text, header_lines)
    if blocks:
        raw, s, e = blocks[-1]
        name, score = canonical_body(raw)
        code_issuer = _symbol_issuer(head.symbol)
        if not lexicon.agency_prefix(lexicon.key(name)) and code_issuer:
            name, score = f"{code_issuer} {name}".strip(), score * 0.8  # only the place line survived
        head.set("issuer", name, text.evidence(s, e, score))
        if len(blocks) > 1:
            praw, ps, pe = blocks[-2]
            pname, pscore = canonical_body(praw)
            head.set("parent_issuer", pname, text.evidence(ps, pe, pscore))

    pre = _preamble_issuer(text, body)
    if pre and head.symbol:
        issuer = head.values.get("issuer")
        codes = _agency_codes(pre[0])
        if (
            issuer
            and codes & set(head.symbol.issuer_codes)
            and not _agency_codes(issuer) & set(head.symbol.issuer_codes)
        ):
            head.set(
                "parent_issuer", issuer, head.evidence.get("issuer")
            )  # header printed the parent body only
            head.set("issuer", pre[0], pre[2])
    if not head.values.get("issuer") and pre:
        head.set("issuer", pre[0], pre[2])

    # province: from the issuer, the place, or the first "tỉnh X" in the text
    prov = None
    for name in ("issuer", "place", "parent_issuer"):
        value = head.values.get(name)
        if value:
            for w in range(len(value.split())):
                hit = lexicon.province(" ".join(value.split()[w:]), cutoff=95)
                if hit:
                    prov = (hit[0], head.evidence[name])
                    break
        if prov:
            break
    if prov:
        head.set("province", prov[0], prov[1])
    else:
        found = _find_province(text, 0, len(text.raw))
        if found:
            head.set("province", found[0], found[2])
    issuer = head.values.get("issuer")
    if issuer and issuer.split()[-1] in ("tỉnh", "thành phố") and head.values.get("province"):
        head.values["issuer"] = f"{issuer} {head.values['province']}"

    # title: the subject lines under the type heading, or the opening lines of a headless text
    first = type_idx + 1 if type_idx is not None else (header_lines[-1].index + 1 if header_lines else 0)
    title_lines = [ln for ln in text.lines[first:body] if not ln.blank][:4]
    numbered = re.compile(r"^\s*(?:\d+\s*[.)]|[-+•]|[a-z]\))")
    if title_lines and all(len(ln.text) < 140 and not numbered.match(ln.folded) for ln in title_lines):
        s, e = title_lines[0].start, title_lines[-1].end
        conf = 0.9 if type_idx is not None else 0.6
        head.set("title", one_line(text.raw[s:e]), text.evidence(s, e, conf))

    # doc type from the symbol or the preamble when the heading is lost
    if not head.values.get("doc_type"):
        type_code = head.symbol.type_code if head.symbol else None
        if type_code in lexicon.doc_type_by_code():
            head.set(
                "doc_type",
                lexicon.doc_type_by_code()[type_code],
                head.evidence["number"] | {"confidence": 0.8},
            )
        else:
            lines_after = text.lines[body : body + 40]
            if lines_after:
                m = ISSUES_PLAN.search(text.folded, lines_after[0].start, lines_after[-1].end)
                if m:
                    k = text.folded.find("k", m.start() + 8)
                    head.set("doc_type", "Kế hoạch", text.evidence(k, m.end(), 0.6))
    return head


def _symbol_issuer(symbol: symbols.Symbol | None) -> str | None:
    if not symbol:
        return None
    for code in symbol.issuer_codes:
        issuer = lexicon.issuer_by_code().get(code)
        if issuer:
            return issuer
    return None


def _agency_codes(name: str) -> set[str]:
    """Symbol codes an organisation name can carry (`Ủy ban nhân dân tỉnh …` → {UBND})."""
    k = lexicon.key(name)
    return {c for c, issuer in lexicon.issuer_by_code().items() if k.startswith(lexicon.key(issuer))}
