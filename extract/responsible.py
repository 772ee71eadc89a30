"""Agencies tasked in the `Tổ chức thực hiện` / `Phân công nhiệm vụ` sections, with their duty."""

from __future__ import annotations

import re
from typing import Any

from thidua.extract import lexicon, sections
from thidua.extract.header import canonical_body
from thidua.extract.text import Text, one_line

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
SKIP_ITEM = re.compile(
    r"^\s*(?:c\w{1,2}n\s+c\w|kinh\s+ph\w|[dp]\w{1,2}nh\s+k\w|qu\w\s+tr\w{1,2}nh|trong\s+qu\w)"
)


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
        if head.level != "roman" or not RESPONSIBLE_HEAD.search(head.title) or head.line.number >= stop:
            continue
        end_idx = min(sections.section_end(text, heads, head, stop), stop)
        for item in heads:
            if (
                not (head.line.number < item.line.number < end_idx)
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
                text.lines[item_end_idx - 1].end if item_end_idx - 1 > item.line.number else item.line.end
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
