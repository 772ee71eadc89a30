"""Abbreviations and document-symbol codes: kept as printed, with their Đ restored (ND-CP → NĐ-CP)."""

from __future__ import annotations

import functools
import re

from thidua.dictionaries import strip_marks

# Codes common in symbols and plans besides the domain lexicon's (all carry Đ where they have one).
EXTRA_CODES = ("NĐ", "QĐ", "HĐND", "TĐKT", "BCĐ", "ĐU", "HĐTĐKT", "UBND", "LLVT", "CHQS", "BCH", "BTV")
# Signature capacities (TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH, TL., TUQ.): codes, never syllables.
SIGNATURE_CODES = ("TM", "KT", "TL", "TUQ")
PART = re.compile(r"[^\W\d_]+", re.UNICODE)


@functools.cache
def code_map() -> dict[str, str]:
    """Upper-case Đ-less form (`HDND`) → canonical code (`HĐND`), for unambiguous codes only."""
    codes: set[str] = {*EXTRA_CODES, *SIGNATURE_CODES}
    try:
        from thidua.dictionaries import domain

        codes.update(t.code for t in domain.doc_types() if t.code)
        codes.update(s.code for s in domain.symbol_codes())
        for agency in domain.agencies():
            codes.update(a for a in agency.abbreviations if " " not in a)
    except (ImportError, OSError, KeyError):  # the lexicon is optional for restoration
        pass
    codes.update(learned_codes())
    by_key: dict[str, set[str]] = {}
    for code in codes:
        by_key.setdefault(code.upper().replace("Đ", "D"), set()).add(code)
    return {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1 and len(k) >= 2}


def learned_codes() -> list[str]:
    """Codes with a Đ the LM's training text writes consistently (dictionaries/data/codes.txt)."""
    from thidua.dictionaries import DATA_DIR

    path = DATA_DIR / "codes.txt"
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@functools.cache
def _bases() -> frozenset[str]:
    from thidua.dictionaries import syllables

    return frozenset(strip_marks(s) for s in syllables())


def restore_code(token: str) -> str | None:
    """Canonical form of an upper-case abbreviation token, or None when it is not one."""
    if len(token) < 2 or not token.isalpha() or token.upper() != token:
        return None
    key = token.upper().replace("Đ", "D")
    canonical = code_map().get(key)
    if canonical is None or key.lower() in _bases():
        return None  # CA, TU, … also spell Vietnamese syllables: leave them to the decoder
    return canonical


SYLLABLE_SHAPE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$"
)


def is_abbreviation(token: str) -> bool:
    """An upper-case token that cannot spell a Vietnamese syllable (VT, PX03, THPT): keep it as printed."""
    letters = [ch for ch in token if ch.isalpha()]
    if len(letters) < 2 or not all(ch.isupper() for ch in letters):
        return False
    key = strip_marks(token)
    if not any(ch in "aeiouy" for ch in key):
        return True
    # Long upper-case tokens of no syllable shape are codes (THPTLTT); short ones may be OCR garbles (TUQNG).
    return len(key) >= 6 and SYLLABLE_SHAPE.match(key) is None


MEASURES = {"km", "m", "cm", "mm", "km2", "m2", "m3", "ha", "kg", "g", "l", "ml"}
UNITS = frozenset(
    MEASURES | {"kv", "kw", "kwh", "mw", "mwh", "gwh", "mb", "gb", "tb"}
)  # after a number these are units, never syllables (110 kV, 14,5 km)


def is_unit(token: str) -> bool:
    """A unit of measure (case-insensitive); meaningful only right after a number."""
    return token.lower() in UNITS


BOLD_D = "DB"  # the English model's reading of a bold upper-case Đ in a symbol
# Its other readings of a bold upper-case Đ, trusted in a numbered document symbol only (10/2022/NB-CP,
# 16/2023/NQ-HPDND): elsewhere CB-TH is a code of its own, not CĐ-TH.
BOLD_D_NUMBERED = ("PD", "B", "P")


def _bold_d(part: str, numbered: bool) -> str | None:
    """The known code with a Đ that an unknown upper-case code part spells with one of the English model's
    readings of a bold Đ where the Đ stands (`NDB` → `NĐ`; in a numbered symbol `NB` → `NĐ`), or None."""
    for reading in (BOLD_D, *BOLD_D_NUMBERED) if numbered else (BOLD_D,):
        at = part.find(reading)
        while at >= 0:
            canonical = code_map().get(part[:at] + "D" + part[at + len(reading) :])
            if canonical is not None and canonical[at : at + 1] == "Đ":
                return canonical
            at = part.find(reading, at + 1)
    return None


SLASHED = {"d/c": "đ/c"}  # đồng chí: the one common slash abbreviation with a Đ


def restore_symbol(symbol: str) -> str:
    """A document symbol with each known code part given its canonical spelling (`98/2023/ND-CP`)."""
    slashed = SLASHED.get(symbol.lower())
    if slashed is not None:
        return slashed.capitalize() if symbol[:1].isupper() else slashed

    numbered = symbol[:1].isdigit()

    def fix(m: re.Match[str]) -> str:
        part = m.group()
        canonical = code_map().get(part.upper().replace("Đ", "D"))
        if canonical is not None and (part.isupper() or part == canonical):
            return canonical
        if canonical is None and part.isupper():
            return _bold_d(part, numbered) or part
        return part

    return PART.sub(fix, symbol)


ROMAN_OCR = re.compile(r"^[IVXl1|]{1,5}$")
ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")


def roman_heading(token: str) -> str | None:
    """A section numeral the English model misread (`I1` → `II`, `Il` → `II`), or None."""
    if not ROMAN_OCR.match(token) or not any(ch in "IVX" for ch in token):
        return None
    fixed = token.replace("1", "I").replace("l", "I").replace("|", "I")
    return fixed if ROMAN.match(fixed) else None
