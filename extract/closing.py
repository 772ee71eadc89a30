"""The closing block: signer (capacity line TM./KT., title, name) and recipients (Nơi nhận)."""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from thidua.dictionaries import domain
from thidua.extract import organs
from thidua.extract.lexicon import key
from thidua.extract.text import Text, one_line, upper_share

RECIPIENTS_HEAD = re.compile(r"(?m)(?:^|(?<=\f))[\s*_]*n\w{1,2}i\s+nh\S{1,3}n\s*[*_]*:?")
# whitespace within a line: the closing block is scanned at once, and a match stays on its line
GAP = r"[^\S\n\f]"
# the dot after a capacity's code may be read as a colon or a comma off a scan (`KT: BỘ TRƯỞNG`)
CAPACITY = re.compile(rf"(?<![a-z])(?P<c>tm|kt|tl|tuq|q|pt|[kt]/[tml]){GAP}?[.:,]?{GAP}*(?=[a-z])")
CAPACITY_END = re.compile(r"[;:]|\s{2,}|$")
RANK_TAIL = re.compile(r"(?:tướng|tá|úy|uý)\s+(?=[A-ZĐ])")  # `Đại` / `tướng Nguyễn Tân Cương`
DOT = re.compile(r"\s?[.:,]")
ITEM = re.compile(r"^\s*[-–+•]\s*")
ITEM_CLOSED = re.compile(r"[;.]\s*$")
COLUMN_CUT = re.compile(r"[;:.]\s+|\s{2,}|\t")
# the words of a title: spaces between them, or one line break (a title wrapped onto the next line)
WORD_GAP = rf"(?:{GAP}+|{GAP}*[\n\f]{GAP}*)"
# a signature mark between the title and the name: `(Đã ký)`, `[daky]`, `Đã ký`, `(Ký, đóng dấu)` (folded)
MARK = re.compile(r"[*_]*[(\[]|[*_]*da\s*ky\b|[*_]*ky\b")
# what a labelled line opens with (`Cơ quan:`, `Ký bởi:` of an e-signature): its value is not a name
LABEL = re.compile(r"[^\W\d_][^\n:;\-–+•]{0,24}:\s*")
# a signature block's lines have at most BLOCK_GAP - 1 lines with something on them between them (blank
# lines aside: OCR of a block's column puts one between its wrapped lines, `TM. ỦY BAN` / `` / `NHÂN DÂN`)
BLOCK_GAP = 3
# the name is on one of the next NAME_REACH lines after the block's last element, not counting blank lines
# and a `Nơi nhận` list printed between them (columns side by side, flattened), within NAME_SPAN lines
NAME_REACH = 5
NAME_SPAN = 60


def _fuzzy_regex(phrase: str) -> str:
    """Regex for a folded phrase whose vowels OCR may have garbled (`chu tich` → `ch\\S{1,3} t\\S{1,3}ch`),
    its words on one line or wrapped onto the next; a word of vowels alone (`ỦY`: any short word) stays on
    the line of the word before it (`CHÍNH` / `THỨ TRƯỞNG` is not `CHÍNH ỦY`)."""
    out = ""
    for word in key(phrase).split():
        if out:
            out += f"{GAP}+" if re.fullmatch(r"[aeiouy]+", word) else WORD_GAP
        out += re.sub(r"[aeiouy]+", r"\\S{1,3}", word)
    return out


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


def _alone_capitalised(text: Text, start: int, end: int) -> bool:
    """A capacity or title in sentence case on a line of its own: some sites print the signature block so
    (`TM. Ủy ban nhân dân tỉnh` / `Chủ tịch`), where capitals are not there to tell it."""
    raw = text.raw[start:end]
    line = text.line_at(start)
    alone = text.raw[line.start : line.end].strip(" *_") == raw.strip(" *_")
    return alone and text.line_at(end).number == line.number and raw.strip(" *_")[:1].isupper()


@functools.lru_cache(maxsize=4096)
def _canonical_upper(raw: str) -> str:
    """Canonical spelling of an upper-case title or body (`UY BAN NHAN DAN` → `ỦY BAN NHÂN DÂN`); one that
    goes on past a whole known one keeps what follows as printed (`ỦY BAN NHÂN DÂN TỈNH`)."""
    k = key(raw)
    words = one_line(raw).upper().split()
    known = _known()
    prefix = max(
        ((bk, b) for bk, b in known if k.startswith(f"{bk} ")), key=lambda x: len(x[0]), default=None
    )
    n = len(prefix[0].split()) if prefix else 0
    if prefix and len(words) > n:  # the known part's closing punctuation kept (`BỘ TRƯỞNG, CHỦ NHIỆM`)
        return " ".join([prefix[1] + words[n - 1][len(words[n - 1].rstrip(",;")) :], *words[n:]])
    # OCR garbles letters, it does not drop whole words: `PHÓ VĂN PHÒNG` is no `PHÓ CHÁNH VĂN PHÒNG`
    best = max([(fuzz.ratio(k, bk), b) for bk, b in known if not _words_dropped(k, bk)], default=(0, raw))
    return best[1] if best[0] >= 80 else " ".join(words)


def _words_dropped(short: str, long: str) -> bool:
    """`short` is `long` with whole words left out (its words in order, fewer of them)."""
    words = iter(long.split())
    mine = short.split()
    return len(mine) < len(long.split()) and all(w in words for w in mine)


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
def _known() -> tuple[tuple[str, str], ...]:
    """Every signer body and title: (folded key, canonical spelling)."""
    return (*_bodies(), *((key(t), t) for t in domain.signer_vocabulary()["titles"]))


@functools.cache
def _known_keys() -> tuple[str, ...]:
    """Folded keys of every signer body and title."""
    return tuple(k for k, _ in _known())


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
    # "Đại tá Lê Quang Hưng": the name is what follows the rank, or its last word when the rank wrapped
    rank = _rank_pattern().match(segment) or RANK_TAIL.match(segment)
    if rank:
        lead += rank.end()
        segment = segment[rank.end() :]
    if not NAME.fullmatch(segment):
        return None
    words = segment.split()
    if all(w.isupper() for w in words):
        return None
    if organs.head_at([key(w) for w in words], 0):
        return None  # `Bộ Công Thương`, `Ban Tổ chức`: a body, though its first word may be a surname
    if _surname_like(key(words[0])):
        return _Span(cut + lead, cut + lead + len(segment))
    return None


class _Part(NamedTuple):
    """A capacity (`KT.` …, `label` its code) or a title (`label` its canonical spelling) in the closing
    block, with the numbers of the lines it starts and ends on."""

    kind: str
    start: int
    end: int
    label: str
    first: int
    last: int
    body: int  # where the text after a capacity's code starts (a title's start)


def _segment_start(prefix: str) -> bool:
    """Whether an element may start after this text on its line: nothing but markup before it, or a column
    cut (a flattened `Nơi nhận` column on its left); a bullet alone (`- CHỦ TỊCH …`) is a recipient."""
    cut = max((m.end() for m in COLUMN_CUT.finditer(prefix)), default=0)
    return not prefix[cut:].strip(" *_|")


def _capacities(text: Text, region: int) -> list[_Part]:
    """Every `TM.`/`KT.`/`TL.`/`TUQ.`/`Q.`/`PT.` from `region` on, to its column's end on its line."""
    out = []
    for m in CAPACITY.finditer(text.folded, region):
        line = text.line_at(m.start())
        at, after = m.start() - line.start, m.end() - line.start  # offsets in the line
        if m.group("c") in ("q", "pt", "tm", "kt", "tl", "tuq") and not DOT.match(
            line.folded[at + len(m.group("c")) :]
        ):
            continue  # `TM`, `KT` … without their dot are words, not capacities
        seg_end = CAPACITY_END.search(line.folded[after:])
        e = m.end() + (seg_end.start() if seg_end else 0)
        name = _name_at(line.text)
        if name and m.end() <= line.start + name.start() < e:
            e = line.start + name.start()  # `KT. CHỦ TỊCH Nguyễn Văn A` flattened onto one line
        if _upper(text.raw[m.end() : e]) or _alone_capitalised(text, m.start(), e):
            code = m.group("c").replace("/", "").upper()
            out.append(_Part("capacity", m.start(), e, code, line.number, line.number, m.end()))
    return out


def _title_parts(text: Text, region: int, capacities: list[_Part]) -> tuple[list[_Part], list[_Part]]:
    """Titles from `region` on that start an element (see `_segment_start`), and those inside a capacity
    line (`KT. CHỦ TỊCH`: what the capacity names, or a title flattened onto its line)."""
    pattern, names_by_group = _titles()
    starts = [c.start for c in capacities]
    free: list[_Part] = []
    inner: list[_Part] = []
    for m in pattern.finditer(text.folded, region):
        s, e = m.start(), m.end()
        if not (_upper(text.raw[s:e]) or _alone_capitalised(text, s, e)):
            continue
        group = m.lastgroup
        assert group is not None  # every alternative closes with its title's group
        first, last = text.line_at(s), text.line_at(e)
        part = _Part("title", s, e, names_by_group[int(group[1:])], first.number, last.number, s)
        i = bisect.bisect_right(starts, s) - 1
        if i >= 0 and s < capacities[i].end:
            inner.append(part)
        elif _segment_start(text.folded[first.start : s]):
            free.append(part)
    return free, inner


def _blocks(text: Text, parts: list[_Part]) -> list[list[_Part]]:
    """The parts grouped into signature blocks: a block's lines follow one another (blank lines aside)."""
    blocks: list[list[_Part]] = []
    for part in parts:
        between = text.lines[max(p.last for p in blocks[-1]) + 1 : part.first] if blocks else None
        if between is not None and sum(not line.blank for line in between) < BLOCK_GAP:
            blocks[-1].append(part)
        else:
            blocks.append([part])
    return blocks


def _mark(folded: str) -> bool:
    """A signature mark, not a name or a title line: `(Đã ký)`, `[daky]`, `Đã ký`, `(Ký, đóng dấu)`."""
    return bool(MARK.match(folded))


def _wrapped_name(line: Any, nxt: Any) -> tuple[int, int] | None:
    """A name whose first word (or rank) ends a line and the rest opens the next (`Phan` / `Thị Thắng`)."""
    head = line.text.rstrip()
    joined = _name_at(f"{head} {nxt.text}")
    if not joined or joined.end() <= len(head) + 1:
        return None  # no name, or not one that runs onto the next line

    def at(i: int) -> int:
        return int(line.start + i if i <= len(head) else nxt.start + i - len(head) - 1)

    return at(joined.start()), at(joined.end())


def _name_after(text: Text, pos: int, limit: int) -> tuple[int, int] | None:
    """The signer's name after the block's last element (at `pos`), before `limit`: a name line (see
    `_name_at`), a name wrapped over two lines (`Phan` / `Thị Thắng`, `Đại` / `tướng Lê Văn A`), or any
    2-5 capitalised words on the first line below the title (a surname the vocabulary does not know)."""
    first = text.line_at(pos)
    content = 0  # lines with something on them, marks and `Nơi nhận` items printed alongside aside
    for line in text.lines[first.number : first.number + NAME_SPAN]:
        if line.start >= limit or content > NAME_REACH:
            return None
        span = _name_at(line.text)
        if span and line.start + span.start() >= pos and not LABEL.fullmatch(line.text[: span.start()]):
            return line.start + span.start(), line.start + span.end()
        if line.number == first.number or line.blank or ITEM.match(line.text) or _continues(line):
            continue  # the block's own lines (upper case), signature marks and items of `Nơi nhận` aside
        if _mark(line.folded.strip()):
            continue
        content += 1
        stripped = line.text.strip()
        nxt = text.lines[line.number + 1] if line.number + 1 < len(text.lines) else None
        if nxt and len(stripped.split()) == 1 and NAME_INITIAL.match(stripped) and nxt.start < limit:
            wrapped = _wrapped_name(line, nxt)
            if wrapped:
                return wrapped
        if content == 1 and NAME.fullmatch(stripped) and not stripped.isupper():
            lead = len(line.text) - len(line.text.lstrip())
            return line.start + lead, line.start + lead + len(stripped)
    return None


def _continues(line: Any) -> bool:
    """A line that may continue a capacity or a title: upper case, not a mark, not blank."""
    stripped = line.text.strip(" *_")
    return bool(stripped) and _upper(stripped) and not _mark(line.folded.strip(" *_"))


def _complete(raw: str) -> bool:
    """A capacity's body or title that is whole as it stands (`CHỦ TỊCH`, not `ỦY BAN` or `BỘ TRƯỞNG,`)."""
    if raw.rstrip().endswith(","):
        return False
    k = key(raw)
    return k in _known_keys() or any(fuzz.ratio(k, known) >= 92 for known in _known_keys())


def _capacity_text(text: Text, part: _Part, stop_line: int) -> tuple[int, str]:
    """A capacity with the lines it wraps onto (`TM. ỦY BAN` / `NHÂN DÂN`, `KT. CỤC TRƯỞNG CỤC …` / `THỊ
    TRƯỜNG TRONG NƯỚC`), up to the next element's line: (its end, `KT. CHỦ TỊCH`)."""
    end = part.end
    raw = text.raw[part.body : end]
    number = part.last
    while end == text.lines[number].end:
        nxt = _next_content(text, number, stop_line)
        if nxt is None or not _continues(nxt) or _complete(raw):
            break
        raw, end, number = f"{raw} {nxt.text.strip(' *_')}", nxt.end, nxt.number
    return end, f"{part.label}. {_canonical_upper(raw)}"


def _next_content(text: Text, number: int, stop_line: int) -> Any:
    """The line after line `number` with something on it, one blank line between at most, before
    `stop_line`; None if there is none."""
    for nxt in text.lines[number + 1 : min(number + 3, stop_line, len(text.lines))]:
        if not nxt.blank:
            return nxt
    return None


def _title_text(text: Text, part: _Part, stop_line: int) -> tuple[int, str]:
    """A title with the rest of its line and the lines it wraps onto when it names its body
    (`CỤC TRƯỞNG CỤC` / `CHUYỂN ĐỔI SỐ QUỐC GIA`): (its end, the title in its canonical spelling and
    what follows it as printed)."""
    line = text.lines[part.last]
    rest = text.raw[part.end : line.end]
    cut = COLUMN_CUT.search(rest)
    words = (rest[: cut.start()] if cut else rest).split()
    kept = list(itertools.takewhile(lambda w: w.isupper() and not set(w) & set("()[]"), words))
    if not kept:
        return part.end, part.label
    end = part.end + rest.index(kept[-1]) + len(kept[-1])
    more = []
    number = part.last
    if len(kept) == len(words) and not cut:
        while number + 1 < min(stop_line, len(text.lines), part.last + 3):
            nxt = text.lines[number + 1]
            if not _continues(nxt) or _name_at(nxt.text):
                break
            more.append(nxt.text.strip(" *_"))
            end, number = nxt.end, number + 1
    return end, " ".join([part.label, *kept, *more])


def _flattened_title(text: Text, capacity: _Part, inner: list[_Part]) -> _Part | None:
    """A title printed on the capacity's own line (`KT. CHỦ TỊCH PHÓ CHỦ TỊCH`): the last title inside
    the capacity that is not its first, closes it and does not follow a comma."""
    mine = [t for t in inner if capacity.start <= t.start < capacity.end]
    if len(mine) < 2:
        return None
    last = mine[-1]
    if (
        text.raw[capacity.start : last.start].rstrip().endswith(",")
        or text.raw[last.end : capacity.end].strip()
    ):
        return None
    return last


def _unlisted_title(text: Text, capacity: _Part, name_line: int) -> _Part | None:
    """The upper-case lines between the last capacity and the name when no known title is among them
    (`KT. TỔNG THƯ KÝ` / `PHÓ TỔNG THƯ KÝ`): the title, unless they complete the capacity (`TM. ỦY BAN` /
    `NHÂN DÂN`, `KT. BỘ TRƯỞNG,` / `CHỦ NHIỆM`)."""
    lines = text.lines[capacity.last + 1 : name_line]
    if not lines or capacity.end != text.lines[capacity.last].end or not all(map(_continues, lines)):
        return None
    raw = text.raw[capacity.body : capacity.end]
    joined = key(f"{raw} {' '.join(line.text for line in lines)}")
    if raw.rstrip().endswith(",") or any(k.startswith(joined) for k in _known_keys()):
        return None
    value = _canonical_upper(" ".join(line.text.strip(" *_") for line in lines))
    first, last = lines[0], lines[-1]
    return _Part("title", first.start, last.end, value, first.number, last.number, first.start)


def _signer(
    text: Text, parts: list[_Part], inner: list[_Part], names: list[tuple[int, int]], first: bool
) -> tuple[dict[str, Any] | None, list[tuple[int, int]]]:
    """The signer read from the first signature block (after `Nơi nhận`: what follows it are appendices and
    their forms) or the last one (no `Nơi nhận`), and the spans it used."""
    blocks = _blocks(text, parts)
    if not blocks:
        if not names:
            return None, []
        only = names[-1]
        return {
            "name": one_line(text.raw[only[0] : only[1]]),
            "title": None,
            "capacity": None,
            "evidence": text.evidence(*only),
            "confidence": 0.6,
        }, [only]
    at = 0 if first else len(blocks) - 1
    limit = blocks[at + 1][0].start if at + 1 < len(blocks) else len(text.raw)
    block = blocks[at]
    # a block ends at the name below its title: a second signer printed below the first is not part of it
    below = _name_after(text, block[0].end, limit)
    if below and any(p.kind == "title" and p.end <= below[0] for p in block):
        block = [p for p in block if p.start < below[0]]
    name = _name_after(text, max(p.end for p in block), limit)
    stop = text.line_at(name[0]).number if name else text.line_at(limit).number + (limit == len(text.raw))
    titles = [p for p in block if p.kind == "title"]
    capacities = [p for p in block if p.kind == "capacity"]
    title = titles[-1] if titles else None
    if title is None and capacities:
        title = _flattened_title(text, capacities[-1], inner)
        if title:
            capacities[-1] = capacities[-1]._replace(end=title.start)
        elif name:
            title = _unlisted_title(text, capacities[-1], stop)
    if title:
        capacities = [c for c in capacities if c.start < title.start] or capacities
    spans: list[tuple[int, int]] = []
    labels = []
    for cap in capacities:
        following = [c.first for c in capacities if c.start > cap.start]
        if title and title.start > cap.start:
            following.append(title.first)
        end, label = _capacity_text(text, cap, min(following, default=stop))
        spans.append((cap.start, end))
        labels.append(label)
    title_value = None
    if title:
        end, title_value = _title_text(text, title, stop)
        spans.append((title.start, end))
    if name:
        spans.append(name)
    ev = text.evidence(min(s for s, _ in spans), max(e for _, e in spans))
    signer = {
        "name": one_line(text.raw[name[0] : name[1]]) if name else None,
        "title": title_value,
        "capacity": "; ".join(labels) or None,
        "evidence": ev,
        "confidence": 0.85 if title and name else 0.6,
    }
    return signer, spans


def parse_closing(text: Text, body_end: int) -> tuple[dict[str, Any] | None, list[dict[str, Any]], int]:
    """(signer, recipients, where the closing block starts) read from `Nơi nhận` to the end."""
    head = next(text.at_line_starts(RECIPIENTS_HEAD, body_end), None)
    start = head.start() if head else body_end
    lines = text.lines_from(start)
    region = lines[0].start if lines else len(text.raw)
    capacities = _capacities(text, region)
    titles, inner = _title_parts(text, region, capacities)
    names = []
    for line in lines:
        span = _name_at(line.text)
        if span:
            names.append((line.start + span.start(1), line.start + span.end(1)))
    parts = sorted(capacities + titles, key=lambda p: p.start)
    signer, used = _signer(text, parts, inner, names, first=head is not None)
    blocked = [(p.start, p.end) for p in parts] + names + used
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
