"""Body fields: targets (đối tượng), chỉ tiêu with numbers, deadlines, funding, responsible agencies."""

from __future__ import annotations

import re
from typing import Any

from thidua.extract import dates, lexicon, sections
from thidua.extract.header import canonical_body
from thidua.extract.text import Line, Text, one_line

TARGETS_HEAD = re.compile(r"^[dpb]\w{0,2}i\s+t\w{1,3}ng\b")
FOR_GROUP = re.compile(r"^[dpb]\w{0,2}i\s+v\w{1,2}i\s+(?P<who>.+)$")
PERCENT = re.compile(r"(?<![\d.,/])(?P<v>\d{1,3}(?:[.,]\d{1,2})?)\s?%")
AT_LEAST = re.compile(
    r"\b(?P<q>[i1]t\s+nh\w{1,2}t|t\w{1,2}i\s+thi\w{1,2}u|tr\w{1,2}n|[dp]\w{1,2}t)\s+(?P<v>\d{1,4})\s+(?P<u>[a-z]+(?:\s+[a-z]+)?)"
)
NUMBER = re.compile(r"(?<![\d/.,])\d{1,4}\s+[a-z]")
UNIT_STOP = {
    "va",
    "hoac",
    "cua",
    "trong",
    "duoc",
    "tot",
    "tro",
    "cho",
    "tren",
    "tai",
    "ve",
    "dat",
    "nam",
    "thang",
    "ngay",
}
BEFORE = re.compile(
    r"\b(?:tr[uwioe][a-z]{0,3}\s+|ch\w{1,2}m\s+nh\w{1,2}t\s+|h\w{1,2}n\s+ch\w{1,2}t\s+)(?:ng\w{1,2}y|th\w{1,2}ng)\s"
)
RECURRING = re.compile(
    r"h\w{1,2}ng\s+n\w{1,2}m|[dp]\w{1,2}nh\s+k\w\b|h\w{1,2}ng\s+th\w{1,2}ng|h\w{1,2}ng\s+qu\w\b"
)
RECIPIENT = re.compile(r"\b(?:g\w{1,2}i\s+v\w|v\w|g\w{1,2}i|b\w{1,2}o\s+c\w{1,2}o)\s+(?=\S)")
FUNDING = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\s*[.,)]?\s*)?[-+]?\s*kinh\s+ph\w\b")
SOURCE = re.compile(r"\b(?:t\w{1,2}\s+)?(?:ngu\w{1,3}n|qu\w|ng\w{1,2}n\s+s\w{1,2}ch)\b")
RESPONSIBLE_HEAD = re.compile(
    r"t\w\s+ch\w{1,3}c\s+th\w{1,3}c\s+hi\w{1,3}n|ph\w{1,2}n\s+c\w{1,2}ng\s+nhi\w{1,3}m\s+v\w|tr\w{1,2}ch\s+nhi\w{1,2}m"
)
DUTY_VERBS = re.compile(
    r"\s(?:theo\s+d\w{1,2}i|ch\w{1,2}\s+tr\w|ph\w{1,2}i\s+h\w{1,2}p|x\w{1,2}y\s+d\w{1,2}ng|tham\s+m\w{1,2}u|tri\w{1,2}n\s+khai"
    r"|qu\w{1,2}n\s+tri\w{1,2}t|c\w\s+tr\w{1,2}ch\s+nhi\w{1,2}m|h\w{1,2}ng\s+d\w{1,2}n|th\w{1,2}c\s+hi\w{1,2}n|b\w{1,2}o\s+c\w{1,2}o"
    r"|ch\w{1,2}\s+d\w{1,2}ng|[dp]\w{1,2}n\s+d\w{1,2}c|ph\w{1,2}\s+bi\w{1,2}n|[dp]\w{1,2}y\s+m\w{1,2}nh|ch\w{1,2}\s+[dp]\w{1,2}o|ki\w{1,2}m\s+tra"
    r"|t\w{1,2}ng\s+c\w{1,2}ng|t\w{1,2}ch\s+c\w{1,2}c|c\w{1,2}n\s+c\w|[dp]\w{1,2}ng\s+k\w|g\w{1,2}i|n\w{1,2}p|t\w\s+ch\w{1,3}c"
    r"|r\w\s+so\w{1,2}t|tuy\w{1,2}n\s+truy\w{1,2}n|l\w{1,2}a\s+ch\w{1,2}n|[dp]\w\s+xu\w{1,2}t|t\w{1,2}ng\s+h\w{1,2}p|gi\w{1,2}m\s+s\w{1,2}t)\b"
)
GENERIC_BODY = re.compile(r"(?:Văn phòng|Phòng|Ban|Sở|Bộ|Công an|Ủy ban|Hội đồng|Tổ|Trường|Cục|Vụ|Viện)\s+\S")
SKIP_ITEM = re.compile(
    r"^\s*(?:c\w{1,2}n\s+c\w|kinh\s+ph\w|[dp]\w{1,2}nh\s+k\w|qu\w\s+tr\w{1,2}nh|trong\s+qu\w)"
)


def _item_lines(text: Text, first: int, stop: int) -> list[Line]:
    return [ln for ln in text.lines[first:stop] if not ln.blank]


def _heading_text(text: Text, head: sections.Heading) -> tuple[int, int]:
    """Span of a heading's title, with wrapped continuation lines that start in lower case."""
    m = re.match(r"^\s*\S+\s*", head.line.text)
    start = head.line.start + (m.end() if m else 0)
    end = head.line.end
    for line in text.lines[head.line.index + 1 : head.line.index + 3]:
        stripped = line.text.strip()
        if not stripped or not stripped[0].islower() or re.search(r"[.;:]\s*$", text.raw[start:end]):
            break
        end = line.end
    return start, end


def parse_targets(text: Text, heads: list[sections.Heading], stop: int) -> list[dict[str, Any]]:
    """Who competes: the `Đối tượng` section's items, or the `Đối với …` groups of the criteria."""
    out = []
    candidates = [h for h in heads if TARGETS_HEAD.match(h.title)]
    candidates.sort(key=lambda h: -sections.LEVELS[h.level])
    for head in candidates:
        title_start = head.line.start + head.line.folded.find(head.title[:6])
        colon = text.folded.find(":", title_start, head.line.end)
        if colon > 0 and text.folded[colon + 1 : head.line.end].strip():
            end = head.line.end
            for line in text.lines[head.line.index + 1 : head.line.index + 4]:
                if (
                    line.blank
                    or sections.BULLET.match(line.text)
                    or re.search(r"[.;]\s*$", text.raw[colon:end])
                ):
                    break
                end = line.end
            out.append(
                {
                    "text": one_line(text.raw[colon + 1 : end]).rstrip(" .;"),
                    "evidence": text.evidence(colon + 1, end),
                    "confidence": 0.85,
                }
            )
            return out
        end_idx = sections.section_end(text, heads, head, stop)
        lines = _item_lines(text, head.line.index + 1, end_idx)
        for line in lines:
            if sections.BULLET.match(line.text):
                m = sections.BULLET.match(line.text)
                out.append(
                    {
                        "text": one_line(line.text[m.end() :]).rstrip(" .;"),
                        "evidence": text.evidence(line.start + m.end(), line.end),
                        "confidence": 0.85,
                    }
                )
        if (
            not out
            and lines
            and head.level == "roman"
            and not any(h.line.index < end_idx for h in heads if h.line.index > head.line.index)
        ):
            para = [lines[0]]  # a section holding one paragraph: the paragraph is the target
            for line in lines[1:]:
                if line.index != para[-1].index + 1:
                    break
                para.append(line)
            out.append(
                {
                    "text": one_line(text.raw[para[0].start : para[-1].end]).rstrip(" .;"),
                    "evidence": text.evidence(para[0].start, para[-1].end),
                    "confidence": 0.7,
                }
            )
        if out:
            return out
    for head in heads:
        m = FOR_GROUP.match(head.title)
        if m and head.line.index < stop:
            s, e = _heading_text(text, head)
            who = text.folded.find(m.group("who")[:5], s)
            who = who if who >= 0 else s
            out.append(
                {
                    "text": one_line(text.raw[who:e]).rstrip(" .;:"),
                    "evidence": text.evidence(who, e),
                    "confidence": 0.7,
                }
            )
    return out


def _clause(text: Text, pos: int, lo: int, hi: int, paren: bool = True) -> tuple[int, int]:
    """The clause around a position: bounded by ; . bullets, blank lines (and by default : and "(")."""
    marks = (";", ". ", ".\n", "\n-", "\n+", "\n\n") + ((":", "(") if paren else ())
    a = max(text.folded.rfind(ch, lo, pos) for ch in marks)
    a = lo if a < 0 else a + 1
    m = re.compile(r"[;.]\s|\n\s*[-+]|\n\s*\n|\)").search(text.folded, pos, hi)
    return a, (m.start() if m else hi)


def parse_quantitative(text: Text, start: int, stop: int) -> list[dict[str, Any]]:
    """Chỉ tiêu with a number: percentages and `ít nhất N …` / `trên N …` quantities."""
    out = []
    for m in PERCENT.finditer(text.folded, start, stop):
        digits = m.group("v")
        if set(digits) <= {"0"}:
            continue  # "00%": a digit lost to OCR
        a, b = _clause(text, m.start(), start, stop)
        out.append(
            {
                "text": one_line(text.raw[a:b]).strip(" ,;."),
                "value": float(digits.replace(",", ".")),
                "unit": "%",
                "evidence": text.evidence(a, b),
                "confidence": 0.85,
            }
        )
    # look for a qualifier just before each number: numbers are rare, words are not
    candidates = (
        (n, AT_LEAST.search(text.folded, max(start, n.start() - 16), min(stop, n.start() + 40)))
        for n in NUMBER.finditer(text.folded, start, stop)
    )
    for n, m in candidates:
        if m is None or m.start("v") != n.start():
            continue
        if (
            m.group("q").startswith(("d", "p"))
            and "chi tieu" not in text.folded[max(start, m.start() - 80) : m.start()]
        ):
            continue  # "đạt N" only counts inside a chỉ tiêu
        unit_words = m.group("u").split()
        if len(unit_words) > 1 and unit_words[1] in UNIT_STOP:
            unit_words = unit_words[:1]
        if unit_words[0] in UNIT_STOP:
            continue
        u_start = m.start("u")
        u_end = m.end("u") if len(unit_words) > 1 else u_start + len(unit_words[0])
        unit = one_line(text.raw[u_start:u_end])
        a, b = _clause(text, m.start(), start, stop)
        values = [float(m.group("v"))]
        # "ít nhất 01 mô hình A và 02 mô hình B": the qualifier carries over to the same unit
        more = re.compile(rf"\bv[a-z]\s+(\d{{1,4}})\s+{re.escape(' '.join(unit_words))}\b")
        values += [float(x.group(1)) for x in more.finditer(text.folded, m.end(), b)]
        for value in values:
            out.append(
                {
                    "text": one_line(text.raw[a:b]).strip(" ,;."),
                    "value": value,
                    "unit": unit,
                    "evidence": text.evidence(a, b),
                    "confidence": 0.75 if value == values[0] else 0.65,
                }
            )
    out.sort(key=lambda x: x["evidence"]["start"])
    return out


def _recipient(text: Text, a: int, b: int) -> str | None:
    """The body a duty reports to: `về/gửi/báo cáo <agency>` in the clause."""
    for m in RECIPIENT.finditer(text.folded, a, b):
        tail = text.folded[m.end() : b]
        stop = re.search(r"\(|\btr\S{1,4}c\s+ng|\bd\w\s|\bbao\s+g|\btheo\b|\s-\s|;|\.\s", tail)
        raw = text.raw[m.end() : m.end() + (stop.start() if stop else len(tail))]
        raw = raw.strip(" ,;")
        parts = [p for p in re.split(r",\s*|\s+v\w\s+(?=[A-ZĐÀ-Ỹ])", lexicon.expand_abbreviations(raw)) if p]
        if parts and not lexicon.agency_prefix(lexicon.key(parts[0])) and GENERIC_BODY.match(parts[0]):
            return one_line(parts[0])  # a body the lexicon does not list ("Văn phòng nhà trường")
        if parts and lexicon.agency_prefix(lexicon.key(parts[0])):
            names = []
            for part in parts:
                if lexicon.agency_prefix(lexicon.key(part)) or names:
                    names.append(
                        canonical_body(part)[0]
                        if lexicon.agency_prefix(lexicon.key(part))
                        else one_line(part)
                    )
            return ", ".join(names)
    return None


def _sentence_start(text: Text, pos: int, lo: int) -> int:
    """Start of the sentence holding `pos` (clauses joined by ; or : share their recipient)."""
    marks = (". ", ".\n", "\n\n", "\n-", "\n+")
    a = max(text.folded.rfind(mark, lo, pos) for mark in marks)
    return lo if a < 0 else a + 1


def parse_deadlines(text: Text, start: int, stop: int, year: str | None) -> list[dict[str, Any]]:
    """Dated duties: `trước ngày 30/01 hằng năm`, `trước ngày 25 tháng 10 năm 2025`, `trong ngày …`."""
    out = []
    last_end = start
    for m in BEFORE.finditer(text.folded, start, stop):
        date = dates.first_date(text.folded, m.start(), min(stop, m.end() + 30))
        if not date or date.start > m.end() + 2:
            continue
        a, b = _clause(text, m.start(), start, stop, paren=False)
        a = max(a, last_end)  # two deadlines in one sentence: the second's action starts after the first date
        last_end = date.end
        tail = re.match(r"[^;.,()\n]{0,20}", text.folded[date.end :]).group()
        window = text.folded[a:b] + " " + tail
        recurring = bool(RECURRING.search(window)) or date.value.startswith("--")
        action = one_line(text.raw[a : m.start()]).strip(" ,;-–").rstrip("(").strip() or one_line(
            text.raw[date.end : b]
        ).strip(" ,;()")
        if len(action) > 200:
            action = action[:200].rsplit(" ", 1)[0] + " …"
        out.append(
            {
                "date": date.value,
                "recurring": recurring,
                "action": action or None,
                "recipient": _recipient(text, a, b) or _recipient(text, _sentence_start(text, a, start), a),
                "evidence": text.evidence(a, max(b, date.end)),
                "confidence": 0.85 if date.exact else 0.7,
            }
        )
    return out


def parse_funding(text: Text, start: int, stop: int) -> dict[str, Any] | None:
    """The funding sentence (`Kinh phí … từ nguồn …`) and its source."""
    lines = [ln for ln in text.lines if ln.start >= start and ln.end <= stop]
    for i, line in enumerate(lines):
        if not FUNDING.match(line.folded):
            continue
        prev = next((ln for ln in reversed(lines[:i]) if not ln.blank), None)
        numbered = re.match(r"^\s*(?:\d|[-+])", line.folded)
        prev_is_heading = prev is not None and (
            sections.ROMAN.match(prev.folded) or sections.NUMBERED.match(prev.folded) or prev.text.isupper()
        )
        wrapped = prev is not None and lines[i - 1] is prev and not re.search(r"[.;:]\s*$", prev.text)
        if not numbered and wrapped and not prev_is_heading:
            continue  # a wrapped line that happens to start with "kinh phí"
        a = line.start + len(
            re.match(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\s*[.,)]\s*|[-+]\s*)?", line.folded).group()
        )
        if len(line.folded.split()) <= 6 and not SOURCE.search(line.folded):
            nxt = next((ln for ln in lines[i + 1 :] if not ln.blank), None)
            if not nxt:
                continue
            a = nxt.start
        m = re.compile(r"\.\s|\.$|\n\s*\n|\n\s*[IVX\d]+\.\s").search(text.folded, a, stop)
        b = m.start() if m else min(stop, a + 400)
        src = SOURCE.search(text.folded, a, b)
        source = one_line(text.raw[src.start() : b]).strip(" .;") if src else None
        if source:
            source = re.sub(r"^(?:từ|tir|tu|tư|tử|từ)\s+", "", source, flags=re.IGNORECASE)
        return {
            "text": one_line(text.raw[a:b]).strip(" .;"),
            "source": source,
            "evidence": text.evidence(a, b),
            "confidence": 0.85 if source else 0.6,
        }
    return None


BODY_HEAD = re.compile(
    r"(?:c\w{1,2}c\s+)?(?:s\w{0,2}|t\w|v\w{1,2}n\s+ph\w{1,2}ng|b\w{1,2}o|ph\w{1,2}ng|ban|h\w{1,2}i|[dp]\w{1,2}i"
    r"|tr\w{1,3}ng|c\w{1,2}ng)\b"
)


def _agency_name(raw: str) -> str | None:
    """Canonical agency of a task item's subject, or the text when it looks like a body the lexicon lacks."""
    if not raw or len(raw.split()) > 25:
        return None
    expanded = lexicon.expand_abbreviations(raw)
    if lexicon.agency_prefix(lexicon.key(expanded)):
        return canonical_body(raw)[0]
    if lexicon.agency_prefix(lexicon.key(expanded), 80) or BODY_HEAD.match(lexicon.key(raw)):
        return expanded
    return None


def parse_responsible(text: Text, heads: list[sections.Heading], stop: int) -> list[dict[str, Any]]:
    """Agencies tasked in the `Tổ chức thực hiện` / `Phân công nhiệm vụ` sections, with their duty."""
    out = []
    seen: set[str] = set()
    for head in heads:
        if head.level != "roman" or not RESPONSIBLE_HEAD.search(head.title) or head.line.index >= stop:
            continue
        end_idx = min(sections.section_end(text, heads, head, stop), stop)
        for item in heads:
            if (
                not (head.line.index < item.line.index < end_idx)
                or item.level != "num"
                or "." in item.label.strip(".")
            ):
                continue
            if SKIP_ITEM.match(item.title):
                continue
            item_end_idx = min(sections.section_end(text, heads, item, end_idx), end_idx)
            s = item.line.start + item.line.folded.find(item.title[:8])
            folded = item.title
            lead = re.match(r"(?:giao|[dpb]\S{0,2}\s+ngh\w)\s+", folded)
            role_hint = "đề nghị" if lead and not folded.startswith("giao") else None
            a = s + (lead.end() if lead else 0)
            item_end = (
                text.lines[item_end_idx - 1].end if item_end_idx - 1 > item.line.index else item.line.end
            )
            look = min(item_end, item.line.end + 200)
            colon = text.folded.find(":", a, look)
            # a verb printed with a capital belongs to a name ("Phòng Tham mưu"), not to the duty
            verb = next(
                (v for v in DUTY_VERBS.finditer(text.folded, a, look) if text.raw[v.start() + 1].islower()),
                None,
            )
            first_line = text.raw[a : item.line.end].strip()
            if (
                len(first_line.split()) <= 9
                and item_end > item.line.end
                and not re.search(r"[:;.,]$", first_line)
            ):
                b = item.line.end  # a short heading line naming the agency, duties below
            elif colon > 0 and (not verb or colon < verb.start() + 40):
                b = colon
            elif verb:
                b = verb.start()
            elif len(folded.split()) <= 12:
                b = item.line.end
            else:
                continue
            agency = _agency_name(one_line(text.raw[a:b]).strip(" ,.;:"))
            if not agency:
                continue
            duty_end = item_end
            duty = one_line(text.raw[b:duty_end]).strip(" ,.;:")
            if len(duty) > 240:
                duty = duty[:240].rsplit(" ", 1)[0] + " …"
            k = lexicon.key(agency)
            if k in seen:
                continue
            seen.add(k)
            out.append(
                {
                    "agency": agency,
                    "role": (f"{role_hint}: " if role_hint else "") + duty if duty else role_hint,
                    "evidence": text.evidence(a, duty_end),
                    "confidence": 0.8,
                }
            )
    return out
