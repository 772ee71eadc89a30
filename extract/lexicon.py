"""Canonical spellings from the domain lexicon, looked up diacritic-insensitively and fuzzily."""

from __future__ import annotations

import functools
import re

from rapidfuzz import fuzz, process

from thidua.dictionaries import domain
from thidua.dictionaries.fold import fold_words


@functools.lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Lookup key: folded, single-spaced, without punctuation."""
    return " ".join(re.sub(r"[^a-z0-9& ]+", " ", fold_words(text)).split())


@functools.cache
def _provinces() -> dict[str, str]:
    """Folded province name or alias → canonical name (post-2025 names win for shared names; a name as
    printed wins over another unit's alias: `Thừa Thiên Huế` stays the pre-2025 province)."""
    provinces = (*domain.provinces("post_2025"), *domain.provinces("pre_2025"))
    table: dict[str, str] = {}
    for province in provinces:
        table.setdefault(key(province.name), province.name)
    for province in provinces:
        for form in province.aliases:
            table.setdefault(key(form), province.name)
    return table


def skeleton(k: str) -> str:
    """Consonant skeleton of a folded key: OCR mangles Vietnamese vowels far more than consonants."""
    return re.sub(r"[aeiouy]", "", k)


@functools.cache
def _province_skeletons() -> dict[str, str]:
    return {skeleton(k): name for k, name in _provinces().items() if len(skeleton(k).replace(" ", "")) >= 3}


def province(text: str, cutoff: float = 84) -> tuple[str, float] | None:
    """Canonical province for a (possibly OCR-garbled) name: (name, score 0..1)."""
    k = key(text)
    if not k:
        return None
    table = _provinces()
    if k in table:
        return table[k], 1.0
    hit = process.extractOne(k, table.keys(), scorer=fuzz.ratio, score_cutoff=cutoff)
    if hit:
        return table[hit[0]], hit[1] / 100
    # vowel-insensitive fallback, with the leading Đ that OCR reads as P/B
    sk = skeleton(re.sub(r"^[pb]", "d", k))
    skeletons = _province_skeletons()
    if sk in skeletons and len(k.split()) == len(next(iter([s for s in skeletons if s == sk])).split()):
        return skeletons[sk], 0.8
    return None


@functools.cache
def province_kind(name: str) -> str:
    """`tỉnh` or `thành phố` for a province's canonical name (its current kind where it changed)."""
    kinds = {p.name: p.kind for p in domain.provinces("pre_2025")} | {
        p.name: p.kind for p in domain.provinces("post_2025")
    }
    return kinds.get(name, "tỉnh")


@functools.cache
def province_names() -> tuple[str, ...]:
    """Every province's canonical name, before and after the 2025 merger."""
    return tuple(dict.fromkeys(p.name for era in ("post_2025", "pre_2025") for p in domain.provinces(era)))


def province_exact(text: str) -> str | None:
    """Canonical province for a name spelled in full (accents and case aside): no fuzzy matching."""
    return _provinces().get(key(text))


def province_prefix(text: str, cutoff: float = 84) -> tuple[str, float, int] | None:
    """Province at the start of text: (name, score, words used), trying 1 to 4 words."""
    words = text.split()
    best = None
    for n in range(min(4, len(words)), 0, -1):
        hit = province(" ".join(words[:n]), cutoff)
        if hit and (best is None or hit[1] > best[1] + 0.02):
            best = (hit[0], hit[1], n)
    return best


@functools.cache
def _type_codes() -> dict[str, str]:
    """Folded code → canonical code, for type and issuer codes of document symbols."""
    table = {key(d.code).replace(" ", ""): d.code for d in domain.doc_types() if d.code}
    for code in domain.symbol_codes():
        table.setdefault(key(code.code).replace(" ", ""), code.code)
    return table


def domain_type_code(name: str) -> str | None:
    """The symbol code of a document type (`Nghị định` → `NĐ`), None when it has none."""
    return next((d.code for d in domain.doc_types() if d.name == name), None)


@functools.cache
def doc_type_by_code() -> dict[str, str]:
    """Canonical type code → document type name (`KH` → `Kế hoạch`)."""
    return {d.code: d.name for d in domain.doc_types() if d.code}


@functools.cache
def issuer_by_code() -> dict[str, str]:
    """Canonical issuer code → issuer name (`TTg` → `Thủ tướng Chính phủ`)."""
    return {c.code: c.issuer for c in domain.symbol_codes() if c.issuer}


def code(part: str) -> str:
    """Canonical spelling of one symbol part (`QD` → `QĐ`, `ttg` → `TTg`); unknown parts as printed
    (`GDTrH` keeps its small letters), an OCR-cased one (`Qb`) upper-cased."""
    k = key(part).replace(" ", "")
    table = _type_codes()
    if k in table:
        return table[k]
    keep = sum(c.isupper() for c in part) >= 2 and any(c.islower() for c in part)
    return part if keep else part.upper()


def known_code(part: str) -> bool:
    """Whether a symbol part is a known type or issuer code."""
    return key(part).replace(" ", "") in _type_codes()


# types of the Party's documents (Quy định 66-QĐ/TW) the domain list lacks: a `Thông tri` is no `Thông tư`
PARTY_DOC_TYPES = ("Thông tri", "Điều lệ")


@functools.cache
def doc_type_keys() -> dict[str, str]:
    """Folded document type name → canonical name."""
    names = (*(d.name for d in domain.doc_types()), *PARTY_DOC_TYPES)
    return {key(name): name for name in names}


def doc_type_prefix(folded: str, cutoff: float = 80) -> tuple[str, float, int] | None:
    """Document type at the start of folded text: (name, score, characters used)."""
    best = None
    for k, name in doc_type_keys().items():
        head = folded[: len(k) + 2]
        # compare against the same number of words as the type name
        words = head.split()[: len(k.split())]
        cand = " ".join(words)
        score = fuzz.ratio(k, re.sub(r"[^a-z0-9 ]", "", cand))
        if score >= cutoff and (
            best is None or score > best[1] or (score == best[1] and len(k) > len(best[0]))
        ):
            used = folded.find(words[-1]) + len(words[-1]) if words else 0
            best = (name, score, used)
    return (best[0], best[1] / 100, best[2]) if best else None


@functools.cache
def _agency_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for agency in domain.agencies():
        for form in (agency.name, *agency.aliases):
            table.setdefault(key(form), agency.name)
    return table


@functools.cache
def _abbreviations() -> list[tuple[re.Pattern[str], bool, str]]:
    """(pattern over the fold, must be upper-case in the original, full name) per agency abbreviation."""
    out = []
    for agency in domain.agencies():
        for abbr in agency.abbreviations:
            if len(abbr) >= 3:
                folded = re.escape(fold_words(abbr).replace(" ", "\x00")).replace("\x00", r"\s+")
                # capitals (UBND) must be capitals in the text; mixed forms ("Bộ CHQS") may be in any case
                upper_only = not any(c.islower() for c in abbr)
                out.append((re.compile(rf"(?<![\w.]){folded}(?![\w])"), upper_only, agency.name))
    return sorted(out, key=lambda item: -len(item[0].pattern))


@functools.lru_cache(maxsize=16384)
def expand_abbreviations(text: str) -> str:
    """Replace known agency abbreviations by their full names (diacritic-insensitively)."""
    from thidua.dictionaries.fold import fold

    folded = fold(text)
    spans: list[tuple[int, int, str]] = []
    for pattern, upper_only, name in _abbreviations():
        for m in pattern.finditer(folded):
            if upper_only and not text[m.start() : m.end()].isupper():
                continue
            if any(m.start() < e and s < m.end() for s, e, _ in spans):
                continue
            spans.append((m.start(), m.end(), name))
    for start, end, name in sorted(spans, reverse=True):
        text = text[:start] + name + text[end:]
    return text


def _same_consonants(reference: str, candidate: str) -> bool:
    """Whether an OCR reading keeps the reference's consonants (digits and a leading P/B for Đ forgiven)."""
    ref = skeleton(reference).replace(" ", "")
    cand = skeleton(re.sub(r"[0-9]", "", candidate)).replace(" ", "")
    if ref == cand:
        return True
    return len(ref) >= 10 and fuzz.ratio(ref, cand) >= 90


def same_reading(reference: str, candidate: str, cutoff: float = 85) -> bool:
    """Whether a folded candidate is the folded reference as OCR may have garbled it."""
    if reference == candidate:
        return True
    if abs(len(reference) - len(candidate)) > 4:
        return False
    return fuzz.ratio(reference, candidate) >= cutoff and _same_consonants(reference, candidate)


@functools.cache
def _agency_keys_by_words() -> dict[int, list[str]]:
    table: dict[int, list[str]] = {}
    for k in _agency_table():
        table.setdefault(len(k.split()), []).append(k)
    return table


@functools.lru_cache(maxsize=16384)
def agency_prefix(folded: str, cutoff: float = 85) -> tuple[str, float, int] | None:
    """Agency name at the start of folded text: (canonical name, score, characters of `folded` used)."""
    words = folded.split()
    plain = [re.sub(r"[^a-z0-9&]", "", w) for w in words]
    best = None
    for n, keys in sorted(_agency_keys_by_words().items(), reverse=True):
        if n > len(words):
            continue
        cand = " ".join(plain[:n])
        hit = process.extractOne(cand, keys, scorer=fuzz.ratio, score_cutoff=cutoff)
        # OCR garbles vowels, rarely consonants: a fuzzy hit keeps them ("cong doan" is not "cong an")
        if hit and (hit[1] == 100 or _same_consonants(hit[0], cand)):
            best = (hit[0], hit[1], n)
            break
    if not best:
        return None
    pos = 0
    for w in words[: best[2]]:
        pos = folded.index(w, pos) + len(w)
    return _agency_table()[best[0]], best[1] / 100, pos


@functools.cache
def law_keys() -> dict[str, str]:
    """Folded law name → canonical name."""
    return {key(law.name): law.name for law in domain.laws()}


def law(text: str, cutoff: float = 88) -> tuple[str, float] | None:
    """Canonical law name for a cited name."""
    k = key(text)
    table = law_keys()
    if k in table:
        return table[k], 1.0
    hit = process.extractOne(k, table.keys(), scorer=fuzz.ratio, score_cutoff=cutoff)
    return (table[hit[0]], hit[1] / 100) if hit else None
