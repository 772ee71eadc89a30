"""The campaign: its name (the movement in quotes), theme or motto, period and phases (Đợt 1, Đợt 2)."""

from __future__ import annotations

import re
from typing import Any

from thidua.extract import dates
from thidua.extract.text import Text, one_line

MOVEMENT = re.compile(r"ph\w{1,2}ng\s+tr\w{1,3}(?:\s+thi\s+\w{2,3})?\b")
QUOTED = re.compile(r"[“\"”](?P<q>[^“”\"]{4,200}?)(?:[”\"’]|(?=\n\s*\n))", re.S)
# `c(?<!\wc)` is `\bc` written so that `re` can skip to the letter c (a pattern led by letters scans fast)
THEME = re.compile(
    r"(?:c(?<!\wc)h\w{1,2}\s+[dp]\w|k(?<!\wk)h\w{1,2}u\s+hi\w{1,2}u|p(?<!\wp)h\w{1,3}ng\s+ch\w{1,2}m)\b"
    r"[^:“\"]{0,60}:?\s*(?=[“\"])"
)
PERIOD = re.compile(r"th(?<!\wth)\w{1,2}i\s+gi?\w{1,2}n\b")
FROM = re.compile(r"\bt\w{1,2}\s+(?:ng\w{1,2}y|th\w{1,2}ng)\b")
UNTIL = re.compile(r"\b[dp]\w{1,2}n\s+(?:ng\w{1,2}y|h\w{1,2}t|th\w{1,2}ng)\b|\s[-–]\s")
PHASE = re.compile(r"(?:^|(?<=\f))\s*[-+]?\s*[dpb][o0ơ]\w?t\s+(?P<n>\d{1,2}|[ivx]{1,4})\s*[:.]", re.M)
SCOPE = re.compile(r"\s+tr\w{1,2}n\s+(?:[dp]\w{1,2}a\s+b\w{1,2}n|ph\w{1,2}m\s+vi)\b.*$", re.S)


def _quoted(text: Text, a: int, b: int, lead: int | None = None) -> tuple[int, int] | None:
    """The first quotation in text[a:b]; with `lead`, its opening mark must come within `lead` characters."""
    opening = re.compile(r"[“\"”]").search(text.raw, a, b if lead is None else min(b, a + lead))
    if not opening:
        return None
    m = QUOTED.match(text.raw, opening.start(), b)
    return (m.start("q"), m.end("q")) if m else None


def _range(text: Text, a: int, b: int) -> tuple[str | None, str | None, bool]:
    """(start, end, found) of a `từ … đến …` / `a - b` range; a start lacking a year takes the end's."""
    found = [
        d
        for d in dates.find_dates(text.folded, a, b)
        if not re.search(r"tr\S{1,4}c\s+ng\w{1,2}y\s*$", text.folded[max(a, d.start - 15) : d.start])
    ]
    if not found:
        return None, None, False
    until = UNTIL.search(text.folded, a, b)
    if until and found[0].start > until.start():
        start, end = None, found[0].value  # "từ ngày ban hành … đến ngày X"
    elif len(found) >= 2 and until and found[1].start >= until.start():
        start, end = found[0].value, found[1].value
    else:
        start, end = found[0].value, None
    if start and end and start.startswith("--") and not end.startswith("--"):
        start = dates.with_year(start, end[:4])
    # ranges in parentheses such as (19/8/1945 - 19/8/2025) are anniversaries, not the period
    return start, end, True


def parse_campaign(
    text: Text, title: dict[str, Any] | None, body_start: int, body_end: int
) -> dict[str, Any] | None:
    """The campaign record, or None when the plan names no movement and gives no period."""
    name: str | None = None
    name_ev: dict[str, Any] | None = None
    preamble_end = body_end
    first_roman = re.compile(r"\n\s*(?:I|1)\s*[.,]\s*[A-ZĐ]").search(text.raw, body_start)
    if first_roman:
        preamble_end = first_roman.start()
    title_span = (title["start"], title["end"]) if title else None
    for a, b in [x for x in (title_span, (body_start, preamble_end)) if x]:
        for mv in MOVEMENT.finditer(text.folded, a, b):
            q = _quoted(text, mv.end(), b, lead=12)
            if q:
                name, name_ev = (
                    one_line(text.raw[q[0] : q[1]]).strip(" ,.;’'"),
                    text.evidence(q[0], q[1], 0.85),
                )
                break
        if name:
            break
    if not name and title_span:
        movement = MOVEMENT.search(text.folded, *title_span)
        if movement:
            raw = text.raw[movement.start() : title_span[1]]
            scope = SCOPE.search(text.folded[movement.start() : title_span[1]])
            if scope:
                raw = raw[: scope.start()]
            raw = one_line(raw).strip(" ,.;")
            name, name_ev = (
                raw[:1].upper() + raw[1:],
                text.evidence(movement.start(), movement.start() + len(raw), 0.6),
            )

    theme = None
    m = THEME.search(text.folded, body_start, body_end)
    if m and not re.match(r"ph", m.group()):
        q = _quoted(text, m.end() - 1, min(body_end, m.end() + 400))
        if q:
            theme = one_line(text.raw[q[0] : q[1]]).strip(" .;")

    phases: list[dict[str, Any]] = []
    phase_matches = list(text.at_line_starts(PHASE, body_start, body_end))
    for i, pm in enumerate(phase_matches):
        end = phase_matches[i + 1].start() if i + 1 < len(phase_matches) else min(body_end, pm.end() + 600)
        para_end = re.compile(r"\n\s*\n\s*\d|\n\s*\d+\.\s").search(text.folded, pm.end(), end)
        end = para_end.start() if para_end else end
        motto_at = re.compile(
            r"ph\w{1,3}ng\s+ch\w{1,2}m|kh\w{1,2}u\s+hi\w{1,2}u|ch\w{1,2}\s+[dp]\w\b"
        ).search(text.folded, pm.end(), end)
        range_end = motto_at.start() if motto_at else end
        start, stop, _ = _range(text, pm.end(), range_end)
        motto = None
        if motto_at:
            q = _quoted(text, motto_at.end(), end)
            if q:
                motto = one_line(text.raw[q[0] : q[1]]).strip(" .;")
            else:
                mm = re.compile(r"[“\"]").search(text.raw, motto_at.end(), end)
                if mm:
                    motto = one_line(text.raw[mm.end() : end]).strip(' .;”"')
        n = pm.group("n")
        phases.append(
            {
                "name": f"Đợt {n}",
                "start": start,
                "end": stop,
                "motto": motto,
                "evidence": text.evidence(pm.start(), end),
                "confidence": 0.8,
            }
        )
    for i, phase in enumerate(phases):  # a start without a year takes its own end's year, or the next phase's
        if phase["start"] and phase["start"].startswith("--"):
            ref = phase["end"] or next((p["end"] for p in phases[i + 1 :] if p["end"]), None)
            phase["start"] = dates.with_year(
                phase["start"], ref[:4] if ref and not ref.startswith("--") else None
            )

    period: dict[str, str | None] = {"start": None, "end": None}
    period_ev: dict[str, Any] | None = None
    if phases:
        period = {"start": phases[0]["start"], "end": phases[-1]["end"]}
        period_ev = phases[0]["evidence"]
    else:
        for m in PERIOD.finditer(text.folded, body_start, body_end):
            line = text.line_at(m.start())
            window_end = min(body_end, text.lines[min(line.number + 4, len(text.lines) - 1)].end)
            f = FROM.search(text.folded, m.end(), window_end)
            if not f:
                continue
            start, stop, found = _range(text, f.start(), window_end)
            if found and (start or stop):
                period = {"start": start, "end": stop}
                period_ev = text.evidence(f.start(), window_end)
                break

    if not name and not phases and not any(period.values()):
        return None
    evidence = name_ev or period_ev
    return {
        "name": name,
        "theme": theme,
        "period": period,
        "phases": phases,
        "evidence": {k: v for k, v in evidence.items() if k != "confidence"} if evidence else None,
        "confidence": (name_ev or {}).get("confidence", 0.6),
    }
