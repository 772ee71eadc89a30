"""Who competes (đối tượng): the `Đối tượng` section's items or the `Đối với …` groups of the criteria."""

from __future__ import annotations

import re
from typing import Any

from thidua.extract import sections
from thidua.extract.text import Line, Text, one_line

TARGETS_HEAD = re.compile(r"^[dpb]\w{0,2}i\s+t\w{1,3}ng\b")
FOR_GROUP = re.compile(r"^[dpb]\w{0,2}i\s+v\w{1,2}i\s+(?P<who>.+)$")


def _item_lines(text: Text, first: int, stop: int) -> list[Line]:
    return [ln for ln in text.lines[first:stop] if not ln.blank]


def _heading_text(text: Text, head: sections.Heading) -> tuple[int, int]:
    """Span of a heading's title, with wrapped continuation lines that start in lower case."""
    m = re.match(r"^\s*\S+\s*", head.line.text)
    start = head.line.start + (m.end() if m else 0)
    end = head.line.end
    for line in text.lines[head.line.number + 1 : head.line.number + 3]:
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
            for line in text.lines[head.line.number + 1 : head.line.number + 4]:
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
        lines = _item_lines(text, head.line.number + 1, end_idx)
        for line in lines:
            if bullet := sections.BULLET.match(line.text):
                out.append(
                    {
                        "text": one_line(line.text[bullet.end() :]).rstrip(" .;"),
                        "evidence": text.evidence(line.start + bullet.end(), line.end),
                        "confidence": 0.85,
                    }
                )
        if (
            not out
            and lines
            and head.level == "roman"
            and not any(h.line.number < end_idx for h in heads if h.line.number > head.line.number)
        ):
            para = [lines[0]]  # a section holding one paragraph: the paragraph is the target
            for line in lines[1:]:
                if line.number != para[-1].number + 1:
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
        if m and head.line.number < stop:
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
