"""Document symbols (số ký hiệu): `169/KH-UBND`, `98/2023/NĐ-CP`, `399/KH-BCA-X03`, with OCR spacing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from thidua.extract import lexicon

# number (OCR may split digits: "6 7"; a letter may follow: `30c`), optional year, then code parts
# joined by hyphens.
SYMBOL = re.compile(
    r"(?:(?<![\w/.])|(?<=[sS][ốỐoO]))(?P<num>\d(?:\s?\d){0,5}[a-zđ]?(?:\.\d{1,2})?)\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    r"(?P<codes>[A-Za-zĐđ0-9&]{1,8}(?:\s?[-–]\s?[A-Za-zĐđ0-9&]{1,8}){0,3})"
    # a joint document's issuers after a second slash: `88/2016/TTLT/BTC-BTNMT`
    r"(?P<joint>/[A-ZĐ][A-Za-zĐđ0-9&]{0,23}(?:[-–][A-ZĐ][A-Za-zĐđ0-9&]{0,23}){0,4}(?![\w/]))?"
)
# The National Assembly and its Standing Committee number their acts with the term: `98/2023/QH15`.
ASSEMBLY = re.compile(r"^(?:UBTVQH|QH)\d{0,2}$")
# Party numbering: number, type code, then the issuing committee and its office: `57-NQ/TW`, `14-KH/TU`,
# `10- CTr/TU`, `367-QĐ/TWĐTN-VP`.
PARTY = re.compile(
    r"(?:(?<![\w/])|(?<=[sS][ốỐoO]))(?P<num>\d{1,5})\s?[-–]\s?(?P<type>[A-Za-zĐđ]{1,5})\s?/\s?"
    r"(?P<codes>[A-Za-zĐđ0-9&]{1,12}(?:[-–][A-ZĐ][A-Za-zĐđ0-9&]{0,7})*)(?![\w/])"
)
# A number left blank or read as junk (`Số:     /TB-UBND`, `Số: oX /QĐ-TTg`, handwritten): only its codes.
UNNUMBERED = re.compile(
    r"(?:[^\S\n]*[^\s/]{1,4}){0,2}[^\S\n]*/[^\S\n]*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    r"(?P<codes>[A-Za-zĐđ]{1,8}(?:\s?[-–]\s?[A-Za-zĐđ0-9&]{1,8}){0,3})"
)
# a word that follows a symbol, glued to its last code's capitals: `98/2023/NĐ-CPngày`, `45-KH/TUcủa`
GLUED_WORD = re.compile(r"/[^\s]*?[A-ZĐ]{2}(ngày|của|về|và|năm|tại|quy|ban)(?![^\W\d_])")
# The Party numbers its letters (`215-CV/TU`) with a code the state's numbering has no use for.
PARTY_LETTER = "CV"


@dataclass(frozen=True)
class Symbol:
    """A parsed document symbol and where it was read."""

    value: str
    number: str
    year: str | None
    codes: tuple[str, ...]
    start: int
    end: int
    score: float  # share of code parts found in the lexicon

    @property
    def type_code(self) -> str | None:
        return self.codes[0] if self.codes else None

    @property
    def issuer_codes(self) -> tuple[str, ...]:
        return self.codes[1:]

    @property
    def issuer(self) -> str | None:
        """The body the first known issuer code names (`KH-UBND` → `Ủy ban nhân dân`)."""
        names = lexicon.issuer_by_code()
        return next((names[c] for c in self.issuer_codes if c in names), None)


def parse(raw: str, pos: int = 0, endpos: int | None = None, type_code: str | None = None) -> Symbol | None:
    """First symbol in raw[pos:endpos]; `type_code` forces the first code (the text named the type)."""
    end = _unglued_end(raw, pos, len(raw) if endpos is None else endpos)
    m = SYMBOL.search(raw, pos, end)
    party = PARTY.search(raw, pos, end)
    if party and (not m or party.start() <= m.start()):
        return _party(party)
    if not m:
        return None
    parts = _code_parts(m.group("codes"))
    if not parts:
        return None
    codes = [lexicon.code(p) for p in parts]
    if (
        type_code
        and not ASSEMBLY.match(parts[0])
        and (not lexicon.known_code(parts[0]) or codes[0] != type_code)
        # a lone code longer than a misread of the type's is the issuer's (`Nghị quyết số 81/HĐQT`)
        and (len(parts) > 1 or len(parts[0]) <= len(type_code) + 1)
    ):
        codes[0] = type_code  # the text named the type: an OCR-misread type code is that type's
    known = sum(lexicon.known_code(c) for c in codes)
    number = re.sub(r"\s", "", m.group("num"))
    year = m.group("year")
    value = "/".join(x for x in (number, year, "-".join(codes)) if x)
    joint = (m.group("joint") or "").replace("–", "-")
    if joint:
        codes += joint[1:].split("-")
    return Symbol(value + joint, number, year, tuple(codes), m.start(), m.end(), known / len(codes))


def parse_unnumbered(raw: str, pos: int, endpos: int) -> Symbol | None:
    """The codes of a symbol whose number is blank or unreadable, right at `pos` (after `Số:`), when its
    type code is a known one; `number` and `value` are empty."""
    m = UNNUMBERED.match(raw, pos, _unglued_end(raw, pos, endpos))
    parts = _code_parts(m.group("codes")) if m else []
    if not m or not parts or not lexicon.known_code(parts[0]):
        return None
    codes = tuple(lexicon.code(p) for p in parts)
    known = sum(lexicon.known_code(c) for c in codes)
    return Symbol("", "", m.group("year"), codes, m.start(), m.end(), known / len(codes))


def _code_parts(group: str) -> list[str]:
    """A symbol's code parts (`KH-UBND` → KH, UBND), a type code glued to the next one split; none when
    the first is a number."""
    parts = [p for p in re.split(r"\s?[-–]\s?", group) if p]
    if not parts or parts[0].isdigit():
        return []
    return _split_glued(parts[0]) + parts[1:]


def _unglued_end(raw: str, pos: int, end: int) -> int:
    """Where the range ends before the first word a site glued to a symbol's last code (`NĐ-CPngày`,
    `KH/TUcủa`): capitals, then one of the words that follow a symbol in lower case."""
    m = GLUED_WORD.search(raw, pos, end)
    return m.start(1) if m else end


def _split_glued(part: str) -> list[str]:
    """A type code glued to its issuer code where a PDF's text layer lost the hyphen (`QĐUBND`)."""
    if lexicon.known_code(part):
        return [part]
    types = lexicon.doc_type_by_code()
    for i in range(1, len(part)):
        head, tail = part[:i], part[i:]
        if lexicon.code(head) in types and lexicon.known_code(tail):
            return [head, tail]
    return [part]


def _party(m: re.Match[str]) -> Symbol | None:
    """A Party document's symbol (`57-NQ/TW`): the type code sits between the number and the slash."""
    type_code = lexicon.code(m.group("type"))
    if not lexicon.known_code(m.group("type")) and type_code != PARTY_LETTER:
        return None
    issuer = re.sub("–", "-", m.group("codes"))
    value = f"{m.group('num')}-{type_code}/{issuer}"
    return Symbol(value, m.group("num"), None, (type_code, *issuer.split("-")), m.start(), m.end(), 1.0)
