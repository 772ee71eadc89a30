"""The closing block: signer (capacity line TM./KT., title, name) and recipients (Nơi nhận)."""

from __future__ import annotations

import bisect
import functools
import re
from typing import Any

from rapidfuzz import fuzz

from thidua.dictionaries import domain
from thidua.extract.lexicon import key
from thidua.extract.text import Text, one_line, upper_share

RECIPIENTS_HEAD = re.compile(r"(?m)(?:^|(?<=\f))[\s*_]*n\w{1,2}i\s+nh\S{1,3}n\s*[*_]*:?")
# whitespace within a line: the closing block is scanned at once, and a match stays on its line
GAP = r"[^\S\n\f]"
CAPACITY = re.compile(rf"(?<![a-z])(?P<c>tm|kt|tl|tuq|q|pt|[kt]/[tml]){GAP}?\.?{GAP}*(?=[a-z])")
CAPACITY_END = re.compile(r"[;:]|\s{2,}|$")
DOT = re.compile(r"\s?\.")
ITEM = re.compile(r"^\s*[-–+•]\s*")
ITEM_CLOSED = re.compile(r"[;.]\s*$")
COLUMN_CUT = re.compile(r"[;:.]\s+|\s{2,}|\t")


def _fuzzy_regex(phrase: str) -> str:
    """Regex for a folded phrase whose vowels OCR may have garbled (`chu tich` → `ch\\S{1,3} t\\S{1,3}ch`),
    on one line."""
    words = []
    for word in key(phrase).split():
        words.append(re.sub(r"[aeiouy]+", r"\\S{1,3}", word))
    return f"{GAP}+".join(words)


@functools.cache
def _titles() -> tuple[re.Pattern[str], list[str]]:
    """One alternation over every signer title (longest first), and the titles: the empty group `tN`
    closing an alternative names its title.

    When every title starts with a letter, the alternatives are grouped by it (in order within a group)
    and the pattern starts with those letters, so `re` jumps from one to the next: the same matches."""
    titles = sorted(domain.signer_vocabulary()["titles"], key=len, reverse=True)
    regexes = [_fuzzy_regex(t) for t in titles]
    if all(r[:1].isalpha() for r in regexes):
        groups: dict[str, list[str]] = {}
        for i, r in enumerate(regexes):
            groups.setdefault(r[0], []).append(f"{r[1:]}(?P<t{i}>)")
        pattern = "|".join(f"{c}(?<![a-z]{c})(?:{'|'.join(g)})" for c, g in groups.items())
    else:
        pattern = "(?<![a-z])(?:" + "|".join(f"{r}(?P<t{i}>)" for i, r in enumerate(regexes)) + ")"
    return re.compile(rf"(?:{pattern})(?![a-z])"), titles


@functools.cache
def _bodies() -> list[tuple[str, str]]:
    return [(key(b), b) for b in domain.signer_vocabulary()["bodies"]]


@functools.cache
def _surnames() -> frozenset[str]:
    return frozenset(key(s) for s in domain.signer_vocabulary()["surnames"])


def _upper(text: str) -> bool:
    return upper_share(text) >= 0.7


@functools.lru_cache(maxsize=4096)
def _canonical_upper(raw: str) -> str:
    """Canonical spelling of an upper-case title or body (`UY BAN NHAN DAN` → `ỦY BAN NHÂN DÂN`)."""
    k = key(raw)
    best = max(
        [(fuzz.ratio(k, bk), b) for bk, b in _bodies()]
        + [(fuzz.ratio(k, key(t)), t) for t in domain.signer_vocabulary()["titles"]],
        default=(0, raw),
    )
    return best[1] if best[0] >= 80 else one_line(raw).upper()


NAME = re.compile(r"[A-ZĐÀ-Ỹ][^\s;:,().]*(?:\s+[A-ZĐÀ-Ỹ][^\s;:,().]*){1,4}")
NAME_INITIAL = re.compile(r"[A-ZĐÀ-Ỹ]")


class _Span:
    """A minimal match-like span (start/end of group 1) of a name inside a line."""

    def __init__(self, start: int, end: int) -> None:
        self._start, self._end = start, end

    def start(self, _group: int = 0) -> int:
        return self._start

    def end(self, _group: int = 0) -> int:
        return self._end


@functools.cache
def _rank_pattern() -> re.Pattern[str]:
    ranks = sorted(domain.signer_vocabulary()["ranks"], key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(r) for r in ranks) + r")\s+", re.IGNORECASE)


@functools.cache
def _known_keys() -> tuple[str, ...]:
    """Folded keys of every signer body and title."""
    return tuple([bk for bk, _ in _bodies()] + [key(t) for t in domain.signer_vocabulary()["titles"]])


def _wrapped_capacity(text: Text, line: Any, end: int, raw: str) -> tuple[int, str]:
    """A capacity wrapped onto the next line (`TM. ỦY BAN` / `NHÂN DÂN`, `KT. BỘ TRƯỞNG,` / `CHỦ NHIỆM`)."""
    if line.number + 1 >= len(text.lines) or end != line.end:
        return end, raw
    nxt = text.lines[line.number + 1]
    more = nxt.text.strip()
    if not more or not _upper(more):
        return end, raw
    joined = key(f"{raw} {more}")
    known = _known_keys()
    completes = any(k.startswith(joined) or joined == k for k in known) and key(raw) not in known
    if raw.rstrip().endswith(",") or completes:
        return nxt.end, f"{raw} {more}"
    return end, raw


@functools.cache
def _surname_like(word: str) -> bool:
    """A folded word that is a known surname or within OCR distance of one (of three letters or more)."""
    return word in _surnames() or any(fuzz.ratio(word, s) >= 80 for s in _surnames() if len(s) >= 3)


@functools.lru_cache(maxsize=16384)
def _name_at(line: str) -> _Span | None:
    """A personal name closing a line (the signature column): 2-5 capitalised words, a known surname first."""
    stripped = line.rstrip()
    words = stripped.rsplit(None, 1)
    if len(words) < 2 or not NAME_INITIAL.match(words[1]):
        return None  # the line does not end in two words or more, the last one capitalised
    cut = max((m.end() for m in COLUMN_CUT.finditer(stripped)), default=0)
    segment = stripped[cut:]
    lead = len(segment) - len(segment.lstrip(" -–"))
    segment = segment[lead:]
    rank = _rank_pattern().match(segment)
    if rank:  # "Đại tá Lê Quang Hưng": the name is what follows the rank
        lead += rank.end()
        segment = segment[rank.end() :]
    if not NAME.fullmatch(segment):
        return None
    words = segment.split()
    if all(w.isupper() for w in words):
        return None
    if _surname_like(key(words[0])):
        return _Span(cut + lead, cut + lead + len(segment))
    return None


def parse_closing(text: Text, body_end: int) -> tuple[dict[str, Any] | None, list[dict[str, Any]], int]:
    """(signer, recipients, where the closing block starts) read from `Nơi nhận` to the end."""
    head = next(text.at_line_starts(RECIPIENTS_HEAD, body_end), None)
    start = head.start() if head else body_end
    lines = text.lines_from(start)
    region = lines[0].start if lines else len(text.raw)

    capacity_parts: list[tuple[int, int, str]] = []
    for m in CAPACITY.finditer(text.folded, region):
        line = text.line_at(m.start())
        at, after = m.start() - line.start, m.end() - line.start  # offsets in the line
        seg_end = CAPACITY_END.search(line.folded[after:])
        s = m.start()
        e = m.end() + (seg_end.start() if seg_end else 0)
        raw = text.raw[m.end() : e]
        if m.group("c") in ("q", "pt", "tm", "kt", "tl", "tuq") and not DOT.match(
            line.folded[at + len(m.group("c")) :]
        ):
            continue  # `TM`, `KT` … without their dot are words, not capacities
        e, raw = _wrapped_capacity(text, line, e, raw)
        if _upper(raw):
            code = m.group("c").replace("/", "").upper()
            capacity_parts.append((s, e, f"{code}. {_canonical_upper(raw)}"))
    titles: list[tuple[int, int, str]] = []
    pattern, names_by_group = _titles()
    for m in pattern.finditer(text.folded, region):
        s, e = m.start(), m.end()
        if not _upper(text.raw[s:e]) or any(a <= s < b for a, b, _ in capacity_parts):
            continue
        group = m.lastgroup
        assert group is not None  # every alternative closes with its title's group
        titles.append((s, e, names_by_group[int(group[1:])]))
    names = []
    for line in lines:
        span = _name_at(line.text)
        if span:
            names.append((line.start + span.start(1), line.start + span.end(1)))
    signer: dict[str, Any] | None = None
    if capacity_parts or titles or names:
        after = capacity_parts[-1][1] if capacity_parts else start
        title = next((t for t in titles if t[0] >= after), titles[-1] if titles else None)
        name = next((n for n in names if not title or n[0] > title[0]), names[-1] if names else None)
        spans = [x[:2] for x in capacity_parts] + ([title[:2]] if title else []) + ([name] if name else [])
        ev = text.evidence(min(s for s, _ in spans), max(e for _, e in spans))
        signer = {
            "name": one_line(text.raw[name[0] : name[1]]) if name else None,
            "title": title[2] if title else None,
            "capacity": "; ".join(c[2] for c in capacity_parts) or None,
            "evidence": ev,
            "confidence": 0.85 if title and name else 0.6,
        }
    blocked = [(s, e) for s, e, _ in capacity_parts] + [(s, e) for s, e, _ in titles] + names
    recipients = _recipients(text, lines, blocked) if head else []
    # without a `Nơi nhận` block the body runs to the signature (or the end), never stops where it starts
    signer_at = signer["evidence"]["start"] if signer else -1
    end = start if head else (signer_at if signer_at > body_end else len(text.raw))
    return signer, recipients, end


def _recipients(text: Text, lines: list, blocked: list[tuple[int, int]]) -> list[dict[str, Any]]:
    items: list[
        list[tuple[int, int]]
    ] = []  # each item: its pieces (a wrapped item continues on the next line)
    starts = sorted(s for s, _ in blocked)
    for line in lines:
        if line.blank:
            continue
        first = bisect.bisect_left(starts, line.start)  # the first blocked span starting on the line
        cut = starts[first] if first < len(starts) and starts[first] < line.end else line.end
        m = ITEM.match(line.text)
        if m:
            items.append([(line.start + m.end(), cut)])
        elif (
            items
            and not ITEM_CLOSED.search(text.raw[items[-1][-1][0] : items[-1][-1][1]])
            and line.start < cut
        ):
            if _name_at(line.text) and cut == line.end:
                continue
            items[-1].append((line.start + len(line.text) - len(line.text.lstrip()), cut))
    out = []
    for pieces in items:
        raw = " ".join(text.raw[a:b] for a, b in pieces)
        # drop trailing OCR debris from the signature column after the last ';'
        head, sep, tail = raw.rpartition(";")
        if sep and not re.search(r"[a-zà-ỹđ]{2}", tail):
            raw = head
        value = one_line(raw).strip(" ;,.*'")
        if re.search(r"[A-Za-zÀ-ỹĐđ]{2}", value):
            a, b = pieces[0][0], pieces[-1][1]
            out.append(
                {
                    "name": value,
                    "evidence": text.evidence(a, b),
                    "confidence": 0.85 if len(pieces) == 1 else 0.7,
                }
            )
    return out
