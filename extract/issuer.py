"""The issuer block of a header: the issuing body and its parent, read from the words the anchors left.

`read_issuer_block(text, pieces, number_start, code_issuer)` takes the word spans of the left column that
no anchor (motto, number, date line, type heading) claimed, in text order, and names the bodies they spell:
`ỦY BAN NHÂN DÂN / TỈNH AN GIANG / SỞ NỘI VỤ` → issuer `Sở Nội vụ`, parent `Ủy ban nhân dân tỉnh An Giang`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from thidua.extract import lexicon, organs
from thidua.extract.closing import RECIPIENTS_HEAD
from thidua.extract.text import Line, Text, upper_share

Span = tuple[int, int]

CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương"
# heads of the Central Committee's own departments (a mass organisation under it, `ĐOÀN …`, is no department)
DEPARTMENTS = ("ban", "van phong", "uy ban kiem tra", "hoi dong")
PARTY_COMMITTEES = ("tinh", "thanh", "huyen", "quan", "thi")  # a place's Party committee: `Tỉnh ủy`, …
# what an issuer does in a sentence of its own letter (`Cục Thuế nhận được …`, `… điện:`, `… thông báo để`)
SPEAKS = re.compile(
    r"(?:da\s+co|co\s+y\s+kien|tran\s+trong|(?:da\s+)?(?:nhan\s+duoc|thong\s+bao|cong\s+bo|dien|de\s+nghi|"
    r"yeu\s+cau|tra\s+loi|huong\s+dan|chi\s+dao|bao\s+cao))\b"
)
CLAUSE_BREAK = re.compile(r"[,;]\s+")  # `Ngày 26/11/2025, `, `Thực hiện Quyết định số …; `
OPENING_SENTENCE = re.compile(r"\.\s|:\s*\n|\n\s*\n")  # the end of a letter's opening sentence
SENTENCE_CHARS = 1200
SENTENCE_END = re.compile(r"[.:;]\W*$")
LOCAL_HEADS = ("uybannhandan", "hoidongnhandan")
LOCAL_CUTOFF = 92  # a letter or two doubled, dropped or misread in a name of 25-40 letters
CLOSING_LINES = 12  # the closing paragraphs stand within this many lines above `Nơi nhận`


@dataclass(frozen=True)
class Body:
    """One organisation of the block: its canonical name and the span of its words in the text."""

    name: str
    span: Span


@dataclass(frozen=True)
class IssuerBlock:
    """The issuing body, the body above it in the block (if printed), and how sure the reading is."""

    issuer: Body
    parent: Body | None
    confidence: float


def read_issuer_block(
    text: Text,
    pieces: list[Span],
    top: int,
    number_start: int | None,
    code_issuer: str | None,
    organisation: str | None = None,
) -> IssuerBlock | None:
    """The issuer and parent the free words spell; `top` is where the first anchor (motto, `Số:`, date
    line) was read, `number_start` where `Số:` was, `code_issuer` the body the number's symbol names
    (used when only the block's place line survived), `organisation` the mass organisation the header
    names in the motto's place (`ĐOÀN TNCS HỒ CHÍ MINH`), whose Central Committee it is."""
    pieces = _adjacent(text, _block_words(text, pieces), top)
    pieces, bodies = _above_number(text, number_start, pieces)
    if not pieces:
        return None
    if bodies is None:
        bodies = organs.split_bodies(" ".join(text.raw[s:e] for s, e in pieces))
    if bodies:
        bodies[-1] = _from_head(bodies[-1])
    if bodies and not organs.head_at(lexicon.key(bodies[-1]).split(), 0, fuzzy=True):
        first = lexicon.key(bodies[-1]).split()[:1]
        if not code_issuer or not first or (first[0] not in organs.LEVELS and first[0] != "thanh"):
            return None
        bodies[-1] = f"{code_issuer} {bodies[-1]}"  # only the place line of the issuer block survived
    if not bodies:
        return None
    bodies = _under_party_committee(_under_central_committee(bodies))
    spans = _locate(text, pieces, bodies)
    name = _local_government(text, spans[-1], organs.canonical(bodies[-1]))
    confidence = 0.9 if organs.head_at(lexicon.key(name).split(), 0) else 0.5
    parent = None
    if len(bodies) > 1:
        parent = Body(_local_government(text, spans[-2], organs.canonical(bodies[-2])), spans[-2])
    if parent and parent.name == CENTRAL_COMMITTEE:
        name = _central_department(name, organisation)
        parent = Body(_committee_of(organisation), parent.span)
    elif name == CENTRAL_COMMITTEE:
        name = _committee_of(organisation)
    elif parent:
        name = _committee_department(name, parent.name)
    return IssuerBlock(Body(name, spans[-1]), parent, confidence)


def _committee_department(name: str, parent: str) -> str:
    """A department printed under a local Party committee (`TỈNH ỦY LÂM ĐỒNG` / `BAN TỔ CHỨC`) by its
    full name, the committee's kind after it: `Ban Tổ chức Tỉnh ủy`, `Văn phòng Huyện ủy`."""
    committee = lexicon.key(parent).split()[:2]
    k = lexicon.key(name)
    if len(committee) < 2 or committee[1] != "uy" or committee[0] not in PARTY_COMMITTEES:
        return name
    if " ".join(committee) in k or not any(k == d or k.startswith(f"{d} ") for d in DEPARTMENTS):
        return name
    return f"{name} {' '.join(parent.split()[:2])}"


def _committee_of(organisation: str | None) -> str:
    """The Central Committee: the Party's unqualified, a mass organisation's by its name."""
    return f"{CENTRAL_COMMITTEE} {organisation}" if organisation else CENTRAL_COMMITTEE


def organisation_named(raw: str) -> str | None:
    """The mass organisation a header names (`ĐOÀN TNCS HỒ CHÍ MINH` where the Party prints `ĐẢNG CỘNG
    SẢN VIỆT NAM`), in capitals, abbreviations of its name's initials allowed."""
    words = re.findall(r"[^\s*,;:()]+", raw)
    for i, word in enumerate(words):
        if word.isupper():
            found = next((n for n in organs.mass_organisations() if organs.spelled_at(words, i, n)), None)
            if found:
                return found
    return None


def _local_government(text: Text, span: Span, name: str) -> str:
    """A people's committee or council (`name` as its words read) whose lines OCR or a site glued or
    misspelt (`ỦY BAN NHÂN DÂNTHÀNH PHỐ CẦN THƠ`, `TỈNHHẬU GIANG`, `THÀNH PHHỐ`): the one name of the
    gazetteer its letters spell, read to the end of its last line; else `name`."""
    names = _local_names()
    if _letters(name) in names:
        return name  # read right word by word
    end = text.lines[text.line_at(max(span[0], span[1] - 1)).number].end
    letters = _letters(lexicon.expand_abbreviations(text.raw[span[0] : end]))
    head = next((h for h in LOCAL_HEADS if letters.startswith(h[:8])), None)
    if head is None:
        return name
    best = max(
        ((_spelling_score(letters, k, place), k) for k, (_, place) in names.items() if k.startswith(head)),
        default=(0.0, ""),
    )
    return names[best[1]][0] if best[0] >= LOCAL_CUTOFF else name


def _spelling_score(letters: str, name: str, place: str) -> float:
    """How well the letters open with a name's (a letter more or fewer), its place's letters on their
    own alike (`THÀNH PHỐ HÀ TIÊN` is no `Hà Nội`, though the head and level make most of the name)."""
    start = len(name) - len(place)
    return max(
        min(fuzz.ratio(letters[: len(name) + d], name), fuzz.ratio(letters[start : len(name) + d], place) + 5)
        for d in (-1, 0, 1)
    )


def _letters(raw: str) -> str:
    """The letters of a text, folded, without spaces or marks: what a glued or split line still spells."""
    return re.sub(r"[^a-z]", "", lexicon.key(raw))


@functools.cache
def _local_names() -> dict[str, tuple[str, str]]:
    """Letters of `<committee or council> <tỉnh|thành phố> <province>` → (that name, the province's
    letters), every province."""
    out = {}
    for head in ("Ủy ban nhân dân", "Hội đồng nhân dân"):
        for province in lexicon.province_names():
            for level in ("tỉnh", "thành phố"):
                name = f"{head} {level} {province}"
                out[_letters(name)] = (name, _letters(province))
    return out


def _block_words(text: Text, pieces: list[Span]) -> list[Span]:
    """The words that can be the block's: the block is printed in capitals; stray lower-case words are
    noise, and so are OCR specks that spell no Vietnamese syllable (`ook`, `S06`)."""
    kept = []
    for i, (s, e) in enumerate(pieces):
        raw = text.raw[s:e]
        if raw in ("-", "–"):
            if _between_words(text, pieces, i):
                kept.append((s, e))  # between the fields of a name: `THI ĐUA – KHEN THƯỞNG`
            continue
        glued = organs.GLUED_LEVEL.match(raw)
        if glued and upper_share(raw) > 0.5:  # `TP.HỒ`: the level word, then the name's first word
            cut = s + glued.end()
            kept.extend(((s, cut), (cut, e)))
            continue
        letters = re.search(r"[^\W\d_]", raw)
        if organs.wordlike(raw) and (upper_share(raw) > 0.5 or not letters) and (letters or upper_share(raw)):
            kept.append((s, e))
    return kept


def _between_words(text: Text, pieces: list[Span], i: int) -> bool:
    """Piece i stands between two words of its own line."""
    line = text.line_at(pieces[i][0]).number
    around = pieces[i - 1 : i] + pieces[i + 1 : i + 2]
    return len(around) == 2 and all(
        text.line_at(s).number == line and re.search(r"\w", text.raw[s:e]) for s, e in around
    )


def _adjacent(text: Text, pieces: list[Span], top: int) -> list[Span]:
    """The block stands right above the first anchor, its lines in capitals: a line of prose or of a
    page's chrome above it (`Ngày hết hiệu lực: …`, a menu) ends it, and the capitals further up
    (`CSDL`, `THPT`) are the page's, when the words below spell a body on their own."""
    n = text.line_at(top).number - 1
    while n >= 0 and (
        upper_share(text.lines[n].text) > 0.8 or not re.search(r"[^\W\d_]", text.lines[n].text)
    ):
        n -= 1
    if n < 0:
        return pieces
    kept = [(s, e) for s, e in pieces if s >= text.lines[n].end]
    if not kept or len(kept) == len(pieces):
        return pieces
    bodies = organs.split_bodies(" ".join(text.raw[s:e] for s, e in kept))
    return kept if bodies and organs.head_at(lexicon.key(bodies[0]).split(), 0, fuzzy=True) else pieces


def _above_number(
    text: Text, number_start: int | None, pieces: list[Span]
) -> tuple[list[Span], list[str] | None]:
    """The issuer block stands above `Số:` in the left column: when what precedes it spells a body, words
    below the number are a seal's or a hand's marks (`THỊ`), not more of the issuer. The pieces kept, and
    their bodies when they were split here."""
    if number_start is None:
        return pieces, None
    above = [(s, e) for s, e in pieces if e <= number_start]
    if len(above) == len(pieces) or not above:
        return pieces, None
    bodies = organs.split_bodies(" ".join(text.raw[s:e] for s, e in above))
    if bodies and organs.head_at(lexicon.key(bodies[-1]).split(), 0, fuzzy=True):
        return above, bodies
    return pieces, None


def _under_central_committee(bodies: list[str]) -> list[str]:
    """`BAN CHẤP HÀNH TRUNG ƯƠNG` / `VĂN PHÒNG`: a body printed under the Party's Central Committee is
    its own, though its head alone (`Văn phòng`) reads as needing more words."""
    words = bodies[-1].split()
    n = len(CENTRAL_COMMITTEE.split())
    if len(words) > n and organs.canonical(" ".join(words[:n])) == CENTRAL_COMMITTEE:
        rest = words[n:]
        if organs.head_at([lexicon.key(w) for w in rest], 0):
            return [*bodies[:-1], " ".join(words[:n]), " ".join(rest)]
    return bodies


def _under_party_committee(bodies: list[str]) -> list[str]:
    """`HUYỆN ỦY CHỢ MỚI` / `VĂN PHÒNG`: a department printed under a place's Party committee is its
    own body, though its head alone reads as needing more words."""
    words = bodies[-1].split() if bodies else []
    keys = [lexicon.key(w) for w in words]
    if len(keys) < 4 or keys[1] != "uy" or keys[0] not in PARTY_COMMITTEES:
        return bodies
    for j in range(3, len(keys)):
        rest = " ".join(keys[j:])
        if any(rest == d or rest.startswith(f"{d} ") for d in DEPARTMENTS) and organs.head_at(keys, j):
            return [*bodies[:-1], " ".join(words[:j]), " ".join(words[j:])]
    return bodies


def _central_department(name: str, organisation: str | None) -> str:
    """A department printed under the Central Committee (`VĂN PHÒNG`, `BAN TỔ CHỨC`) by its full name:
    `Ban Tổ chức Trung ương`, or the known name that extends it (`Văn phòng Trung ương Đảng`); under a
    mass organisation's, named after it (`Văn phòng Trung ương Đoàn`)."""
    k = lexicon.key(name)
    if "trung uong" in k or not any(k == d or k.startswith(f"{d} ") for d in DEPARTMENTS):
        return name
    if organisation:
        return f"{name} Trung ương {organisation.split()[0]}"
    full = f"{name} Trung ương"
    known = [v for kk, v in organs.known_names().items() if kk.startswith(lexicon.key(full))]
    return min(known, key=len) if known else full


def _from_head(body: str) -> str:
    """The body from its head on: a page's leftover (`KB,` of a file size) may lead the issuer block."""
    words = body.split()
    keys = [lexicon.key(w) for w in words]
    if organs.head_at(keys, 0, fuzzy=True):
        return body
    for i in range(1, min(3, len(words) - 1) + 1):
        # only what a name cannot hold before its head: a digit or a punctuation mark
        if organs.head_at(keys, i) and re.search(r"[\d,.;:()]", " ".join(words[:i])):
            return " ".join(words[i:])
    return body


def _locate(text: Text, pieces: list[Span], bodies: list[str]) -> list[Span]:
    """Spans of each body's words among the pieces (bodies are in order and cover the pieces)."""
    spans = []
    i = 0
    for body in bodies:
        need = len(re.findall(r"[\wĐđ&]+", body))
        start = pieces[min(i, len(pieces) - 1)][0]
        got = 0
        while i < len(pieces) and got < need:
            got += len(
                re.findall(r"[\wĐđ&]+", lexicon.expand_abbreviations(text.raw[pieces[i][0] : pieces[i][1]]))
            )
            i += 1
        spans.append((start, pieces[max(0, i - 1)][1]))
    return spans


def opening_speaker(text: Text, first: int) -> Body | None:
    """A headless text's issuer as the subject of one of its opening paragraphs (from line `first`)."""
    for line in text.lines[first : first + 40]:
        if not _opens_paragraph(text, line):
            continue
        if re.match(r"\s*[-–+•]", line.text):
            continue  # an addressee or a listed item, not a sentence
        for pos in (line.start, *_clause_starts(text, line.start)):
            body = _speaker_at(text, pos)
            if body:
                return body
    return None


def _clause_starts(text: Text, start: int) -> list[int]:
    """Where the clauses of the sentence opening at `start` begin after a comma or semicolon: the main
    clause follows what the letter acts on (`Thực hiện Quyết định số …; UBND Thành phố yêu cầu …`)."""
    stop = OPENING_SENTENCE.search(text.raw, start, min(len(text.raw), start + SENTENCE_CHARS))
    end = stop.start() if stop else min(len(text.raw), start + SENTENCE_CHARS)
    return [m.end() for m in CLAUSE_BREAK.finditer(text.raw, start, end)]


def closing_speaker(text: Text, floor: int) -> Body | None:
    """A headless text's issuer as the subject of a closing paragraph above `Nơi nhận` (`Văn phòng Chính
    phủ thông báo để … biết, thực hiện./.`), the nearest first."""
    recipients = next(text.at_line_starts(RECIPIENTS_HEAD, floor), None)
    if recipients is None:
        return None
    last = text.line_at(recipients.start()).number
    lines = text.lines[max(0, last - CLOSING_LINES) : last]
    starts = [line.start for line in lines if line.start >= floor and _opens_paragraph(text, line)]
    for pos in reversed(starts[-2:]):
        body = _speaker_at(text, pos)
        if body:
            return body
    return None


def _opens_paragraph(text: Text, line: Line) -> bool:
    """A line with words on it, first of the text or after a blank line or a line ending a sentence."""
    above = text.lines[line.number - 1] if line.number else None
    return not line.blank and (not above or above.blank or bool(SENTENCE_END.search(above.text)))


def _speaker_at(text: Text, pos: int) -> Body | None:
    """An organisation's name at `pos` and then a lower-case verb of saying or sending."""
    words = [w.group() for w in re.finditer(r"[^\s,;.:()*“”\"]+", text.raw[pos : pos + 160])][:12]
    folded = [lexicon.key(w) for w in words]
    hit = organs.head_at(folded, 0)
    if not hit:
        return None
    used = organs.complement_end(words, folded, hit[2], SPEAKS) if hit[1] else hit[2]
    while level := next((n for n in (2, 1) if " ".join(folded[used : used + n]) in organs.LEVELS), 0):
        used = organs.complement_end(words, folded, used + level, SPEAKS)  # `thành phố Hà Nội`
    if used < len(words) and words[used][:1].islower() and SPEAKS.match(" ".join(folded[used:])):
        end = text.raw.find(words[used - 1], pos) + len(words[used - 1])
        return Body(organs.canonical(text.raw[pos:end]), (pos, end))
    return None
