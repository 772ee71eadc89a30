"""Legal bases: every document cited under `Căn cứ` / `Tiếp nhận` (type, number, date, issuer, name)."""

from __future__ import annotations

import itertools
import re
from typing import Any

from thidua.extract import dates, lexicon, symbols
from thidua.extract.header import BASIS_START, canonical_body
from thidua.extract.text import Line, Text, one_line

OF = re.compile(r"\bc(?:u|t|i|l|h)\S{0,2}a\b")  # "của" and its OCR forms: cua, cta, ctia, ciia, clia
SUBJECT_STOP = re.compile(
    r"\b(?:ban\s+h\w{1,2}nh|quy\s+d\w{1,2}nh|ve\s+vi\w{1,2}c|ve|h\w{1,2}ng\s+d\w{1,2}n|ph\w{1,2}t\s+d\w{1,2}ng|tri\w{1,2}n\s+khai)\b"
)
LEVEL = re.compile(r"^\s*(tinh|thanh pho|huyen|xa|phuong|quan|thi xa)\b")


def _paragraphs(text: Text, start: int) -> list[list[Line]]:
    """Paragraphs from line `start` while each opens with a basis keyword."""
    paras: list[list[Line]] = []
    current: list[Line] = []
    for line in text.lines[start:]:
        if "\f" in text.raw[line.start - 1 : line.start] and current:
            pass  # a page break inside a paragraph keeps it going
        if line.blank:
            if current:
                paras.append(current)
                current = []
            continue
        new_para = BASIS_START.match(line.folded) or (
            current and re.search(r"[.;:]\s*$", current[-1].text) and line.text.lstrip()[:1].isupper()
        )
        if new_para and current:
            paras.append(current)
            current = []
        if not current and not BASIS_START.match(line.folded):
            break
        current.append(line)
    if current:
        paras.append(current)
    return [p for p in paras if BASIS_START.match(p[0].folded)]


def _segments(text: Text, start: int, end: int) -> list[tuple[int, int, tuple[str, float, int]]]:
    """Split a basis paragraph (keyword stripped) at ';' before a new document type."""
    cuts = [start]
    for m in re.finditer(r";", text.folded[start:end]):
        pos = start + m.end()
        nxt = text.folded[pos:end].lstrip(" \n\f-")
        nxt_pos = end - len(text.folded[pos:end].lstrip(" \n\f-")) if nxt else end
        if lexicon.doc_type_prefix(nxt[:40]) or BASIS_START.match(nxt):
            cuts.append(nxt_pos)
    cuts.append(end)
    out = []
    for a, b in itertools.pairwise(cuts):
        seg = text.folded[a:b]
        km = BASIS_START.match(seg)
        if km:
            a += km.end()
            seg = text.folded[a:b]
        lead = len(seg) - len(seg.lstrip(" \n\f"))
        a += lead
        semi = text.folded.find(";", a, b)
        b = semi if semi > 0 else b
        hit = lexicon.doc_type_prefix(text.folded[a : a + 40])
        if hit:
            out.append((a, b, hit))
    return out


LEVEL_WORD = re.compile(r"\s*(thanh\s+pho|thi\s+xa|thi\s+tran|tinh|huyen|xa|phuong|quan)\b")


def _issuer(text: Text, start: int, end: int) -> tuple[str, float, int] | None:
    """`của <agency> [tỉnh|huyện … <Place Name>]` after a citation: (canonical name, score, end offset)."""
    m = OF.search(text.folded, start, end)
    if not m:
        return None
    raw_tail = text.raw[m.end() : end]
    expanded = lexicon.expand_abbreviations(" ".join(raw_tail.split()[:12]))
    hit = lexicon.agency_prefix(lexicon.key(expanded))
    if not hit:
        return None
    # where the agency's words end in the original text
    pos = m.end()
    for _ in range(_raw_words_for(raw_tail, expanded, hit[2])):
        w = re.compile(r"\s*\S+").match(text.raw, pos)
        pos = w.end() if w else pos
    level = LEVEL_WORD.match(text.folded, pos, end)
    if level:
        pos = level.end()
        # a place name follows in capitals ("tỉnh Đồng Nai", "huyện Chợ Mới"), a lower-case word ends it
        while (w := re.compile(r"\s+(\S+)").match(text.raw, pos, end)) and w.group(1)[:1].isupper():
            pos = w.end()
    name, score = canonical_body(text.raw[m.end() : pos])
    return name, score, pos


def _raw_words_for(raw: str, expanded: str, folded_used: int) -> int:
    """How many words of `raw` the first `folded_used` characters of the expanded, folded name cover."""
    words_used = len(lexicon.key(expanded)[:folded_used].split())
    expanded_words = expanded.split()
    # abbreviations expand one raw word into several: count raw words whose expansion is consumed
    count, consumed = 0, 0
    for word in raw.split():
        grown = len(lexicon.key(lexicon.expand_abbreviations(word)).split()) or 1
        if consumed >= words_used:
            break
        consumed += grown
        count += 1
    return count if expanded_words else 0


def parse_bases(text: Text, body_start: int) -> list[dict[str, Any]]:
    """Every cited document of the legal-bases paragraphs at the start of the body."""
    if body_start >= len(text.lines) or not BASIS_START.match(text.lines[body_start].folded):
        return []
    out = []
    for para in _paragraphs(text, body_start):
        for a, b, (type_name, type_score, used) in _segments(text, para[0].start, para[-1].end):
            type_code = next((d.code for d in lexicon.domain.doc_types() if d.name == type_name), None)
            sym = symbols.parse(text.raw, a + used, min(b, a + used + 30), type_code=type_code)
            date = dates.first_date(text.folded, a + used, b, partial=False)
            after = max(x.end for x in (sym, date) if x) if (sym or date) else a + used
            issuer = _issuer(text, after, b)
            issuer_name = issuer[0] if issuer else None
            if not issuer_name and sym:
                issuer_name = next(
                    (lexicon.issuer_by_code()[c] for c in sym.issuer_codes if c in lexicon.issuer_by_code()),
                    None,
                )
            name = None
            if type_name in ("Luật", "Bộ luật") and not sym:
                name_end = date.start if date else b
                cited = one_line(text.raw[a:name_end]).rstrip(" ,;.")
                cited = (
                    re.sub(r"\s+\S{2,5}$", "", cited)
                    if re.search(r"\sng\w{1,2}y?$", lexicon.key(cited))
                    else cited
                )
                hit = lexicon.law(cited)
                name = hit[0] if hit else cited
            else:
                tail_start = issuer[2] if issuer else after
                if not issuer and (m := OF.search(text.folded, after, b)):
                    stop = SUBJECT_STOP.search(text.folded, m.end(), b)
                    tail_start = stop.start() if stop else b
                lead = re.match(r"\s*(?:ve\s+(?:vi\w{1,2}c\s+)?)?", text.folded[tail_start:b])
                if lead:
                    tail_start += lead.end()
                paren = re.search(r"\(\s*sau\s+d", text.folded[tail_start:b])
                subject_end = tail_start + paren.start() if paren else b
                subject = one_line(text.raw[tail_start:subject_end]).strip(" ,;.")
                name = subject or None
            confidence = round(type_score * (0.95 if (sym or name) else 0.7), 2)
            out.append(
                {
                    "type": type_name,
                    "number": sym.value if sym else None,
                    "date": date.value if date else None,
                    "issuer": issuer_name,
                    "name": name,
                    "evidence": text.evidence(a, b),
                    "confidence": confidence,
                }
            )
    return out
