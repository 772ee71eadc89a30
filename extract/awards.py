"""Awards the plan confers or proposes: form, who confers it, how many, to whom, annual/summary/phase."""

from __future__ import annotations

import functools
import re
from typing import Any

from rapidfuzz import fuzz

from thidua.dictionaries import domain
from thidua.extract import lexicon, nlp
from thidua.extract.header import canonical_body
from thidua.extract.text import Text, one_line, upper_share

OF = re.compile(r"\s*c(?:u|t|i|l|h)\S{0,2}a\s+")
FOR = re.compile(r"\bcho\s+(?P<n>\d{1,4})?\s*")
CLAUSE_END = re.compile(r"[;.:]|\n\s*[-+]|\n\s*\n")
KINDS = [
    (
        "annual",
        re.compile(r"h\w{1,2}ng\s+n\w{1,2}m|th\w{1,2}\s*\w*\s*n\w{1,2}m\s+h\w{1,2}c|cu\w{1,2}i\s+n\w{1,2}m"),
    ),
    ("summary", re.compile(r"t\w{1,2}ng\s+k\w{1,2}t|k\w{1,2}t\s+th\w{1,2}c\s+(?:phong|giai)")),
    ("phase", re.compile(r"s\w\s+k\w{1,2}t|\bd[o0]\w?t\s+(?:\d|thi)|theo\s+d[o0]\w?t|chuy\w{1,2}n\s+\w\w")),
]
KIND_CONTEXT = re.compile(r"khen\s+th\w{1,3}ng[ \t]+(?P<rest>[^\n:]{0,30})")
POSITIONS = {
    "chu tich": "Chủ tịch",
    "pho chu tich": "Phó Chủ tịch",
    "thu tuong": "Thủ tướng",
    "thu truong": "Thủ trưởng",
    "giam doc": "Giám đốc",
    "hieu truong": "Hiệu trưởng",
    "bo truong": "Bộ trưởng",
    "chi huy truong": "Chỉ huy trưởng",
    "truong ban": "Trưởng ban",
    "chu nhiem": "Chủ nhiệm",
    "cuc truong": "Cục trưởng",
    "tong giam doc": "Tổng giám đốc",
}


def _conferrer(raw: str) -> tuple[str, float]:
    """Canonical spelling of who confers (`Chủ tịch UBND tỉnh` → `Chủ tịch Ủy ban nhân dân tỉnh`)."""
    parts = []
    scores = []
    for part in re.split(r",\s*(?=[A-ZĐÀ-Ỹa-zđ])", one_line(raw)):
        k = lexicon.key(part)
        for folded, name in sorted(POSITIONS.items(), key=lambda x: -len(x[0])):
            head = " ".join(k.split()[: len(folded.split())])
            if fuzz.ratio(folded, head) >= 85:
                rest = " ".join(part.split()[len(folded.split()) :])
                body, score = canonical_body(rest) if rest else ("", 1.0)
                parts.append(f"{name} {body}".strip())
                scores.append(score)
                break
        else:
            body, score = canonical_body(part)
            parts.append(body)
            scores.append(score)
    return ", ".join(p for p in parts if p), min(scores) if scores else 0.5


ITEM_END = re.compile(r"\n\s*(?:[-+•]|\d+\s*[.)]|[a-z]\))|\n\s*\n")


def _kind(text: Text, pos: int, section_start: int) -> str | None:
    """The `khen thưởng hằng năm / tổng kết / sơ kết` label governing an award.

    A label heading its own line (`- Khen thưởng tổng kết:`) governs what follows; a label followed by
    text on its line governs only its own item (up to the next bullet or blank line).
    """
    window_start = max(section_start, pos - 600)
    best = None
    for m in KIND_CONTEXT.finditer(text.folded, window_start, pos):
        kind = next((k for k, pattern in KINDS if pattern.match(m.group("rest").strip())), None)
        if not kind:
            continue
        line_end = text.folded.find("\n", m.start())
        line_end = len(text.folded) if line_end < 0 else line_end
        after_label = text.folded[m.end("rest") : line_end].strip(" :")
        is_heading = not after_label and not re.search(
            r"[a-z]{3}", text.folded[m.start("rest") + 12 : line_end]
        )
        item_end = ITEM_END.search(text.folded, m.end(), pos + 1)
        if is_heading or not item_end:
            best = kind
    if best:
        return best
    line = text.line_at(pos)
    for kind, pattern in KINDS:
        if pattern.search(text.folded, line.start, line.end):
            return kind
    return None


# what makes a mention an award the document confers, proposes or sets as a goal, in the clause before it
# (folded): a verb of conferring (`tặng`, `trao`, `khen thưởng`, `xét`, `đề nghị`, `công nhận`, `bình
# chọn`), of reaching it (`đạt`), or `danh hiệu`
CONFERRING = re.compile(
    r"\b(?:tang|trao|dat|danh\s+hi\w{1,2}u|khen\s+th\w{1,3}ng|xet|d\w?\s+ngh\w|cong\s+nh\w{1,2}n|b\w{1,2}nh\s+ch\w{1,2}n)\b"
)
# where the clause before a mention starts: a sentence's or an item's end, a new list item, a blank line (a
# line break alone is not one: text wraps anywhere)
CLAUSE_START = re.compile(r"[.;](?:\s|$)|\n[^\S\n]*(?:[-–+•]|\d{1,2}[.)]|\n)")
# the start of a line or list item, and at most two words (`- Danh hiệu …`, `2. Giấy khen …`)
ITEM_HEAD = re.compile(r"[ \t*_]*(?:[-–+•]|\d{1,2}[.)]|[a-zđ]\))?[ \t*_]*(?:[^\W\d_]+[ \t]+){0,2}")
# `Tặng <form> của <position …> cho <N> …` (folded): an award clause whatever its form's spelling
FRAME = re.compile(
    r"(?m)^[^\S\n]*[-–+•,.]*[^\S\n]*t[aă]ng\s+(?P<form>[^\W\d_]+(?:[^\S\n]+[^\W\d_]+){1,3}?)\s+c\S{1,3}a\s+"
    r"(?P<who>[^\n;:]{3,80}?)\s+cho\s+\d{1,4}\b"
)


def _conferred(text: Text, s: int, start: int) -> bool:
    """Whether an award mention at `s` is conferred or proposed by the text: a conferring verb earlier in
    its clause, or the mention heads its line or list item (`- Bằng khen …`, `2. Giấy khen …`)."""
    if ITEM_HEAD.fullmatch(text.folded, max(text.line_at(s).start, start), s):
        return True
    begin = max(start, s - 200)
    clause = max((m.end() for m in CLAUSE_START.finditer(text.folded, begin, s)), default=begin)
    for line in text.lines[text.line_at(clause).number : text.line_at(s).number]:
        if upper_share(line.text) >= 0.7:  # a heading (`II. KHEN THƯỞNG`) closes what comes before it
            clause = line.end
    return bool(CONFERRING.search(text.folded, clause, s))


@functools.cache
def _form_keys() -> tuple[tuple[str, tuple[str, ...], domain.AwardForm], ...]:
    """Every award form with its lexicon key and the key's words."""
    keys = [(lexicon.key(form.name), form) for form in domain.award_forms()]
    return tuple((k, tuple(k.split()), form) for k, form in keys)


def _garbled_forms(
    text: Text, start: int, end: int, found: list[tuple[Any, int, int]]
) -> list[tuple[Any, int, int]]:
    """Award forms the matcher missed because OCR or restoration garbled a word (`Bằng nghề` for `Bằng
    khen`), read in an award clause (see FRAME): the known form with the same first word and as many words,
    nearest in spelling (ratio ≥ 70), when the clause holds no recognised form."""
    out = []
    for m in FRAME.finditer(text.folded, start, end):
        s, e = m.span("form")
        if any(a < m.end() and s < b for _, a, b in found):
            continue
        words = m.group("form").split()
        best = max(
            (
                (fuzz.ratio(" ".join(words), k), form)
                for k, form_words, form in _form_keys()
                if form_words[0] == words[0] and len(form_words) == len(words)
            ),
            key=lambda x: x[0],
            default=None,
        )
        if best and best[0] >= 70:
            out.append((best[1], s, e))
    return out


def parse_awards(text: Text, start: int, end: int) -> list[dict[str, Any]]:
    """Awards named in text[start:end] (the body, after the legal bases and before `Nơi nhận`): those the
    document confers or proposes, not a form mentioned in passing (`sổ lương, giấy khen, văn bằng`)."""
    out: list[dict[str, Any]] = []
    found = nlp.awards_in(text, start, end)
    found = sorted(found + _garbled_forms(text, start, end, found), key=lambda x: x[1])
    for award, s, e in found:
        clause = CLAUSE_END.search(text.folded, e, end)
        c_end = clause.start() if clause else min(end, e + 200)
        conferred_by = award.conferred_by
        score = 0.9
        pos = e
        if not conferred_by:
            m = OF.match(text.folded, e)
            if m:
                stop = FOR.search(text.folded, m.end(), c_end)
                raw = text.raw[m.end() : stop.start() if stop else c_end]
                conferred_by, score = _conferrer(raw)
                pos = stop.start() if stop else c_end
        count = None
        recipients = None
        m = FOR.search(text.folded, pos, c_end)
        if m:
            count = int(m.group("n")) if m.group("n") else None
            recipients = one_line(text.raw[m.end() : c_end]).strip(" ,.;") or None
        item = {
            "form": award.base if award.base and award.category != "emulation_title" else award.name,
            "conferred_by": conferred_by or None,
            "count": count,
            "recipients": recipients,
            "kind": _kind(text, s, start),
            "evidence": text.evidence(s, c_end),
            "confidence": round(0.95 * min(score, 1.0), 2),
        }
        if award.base == "Cờ thi đua" and not item["conferred_by"]:
            continue  # "cờ thi đua" without a conferrer is usually running text
        if not item["conferred_by"] and count is None and not _conferred(text, s, start):
            continue  # named in passing: in a list of papers, a criterion, a history
        if not _duplicate(out, item):
            out.append(item)
    return out


def _duplicate(items: list[dict[str, Any]], new: dict[str, Any]) -> bool:
    """Same form and kind, and the conferrer is the same (fuzzily) or unstated; same count and recipients."""
    for old in items:
        if old["form"] != new["form"] or old["kind"] != new["kind"]:
            continue
        if new["count"] is not None and new["count"] != old["count"]:
            continue
        if new["recipients"] and old["recipients"] and fuzz.ratio(new["recipients"], old["recipients"]) < 80:
            continue
        if not new["conferred_by"] or (
            old["conferred_by"]
            and fuzz.ratio(lexicon.key(old["conferred_by"]), lexicon.key(new["conferred_by"])) >= 80
        ):
            return True
    return False
