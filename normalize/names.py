"""Proper names from the domain lexicon (provinces, agencies), found by their folded form.

A capitalised run of observed tokens whose diacritic-free key spells a known name gets that name's
syllables as strongly preferred candidates: `Lam Dong` → `Lâm Đồng`, not `Làm Động`.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from thidua.dictionaries import DATA_DIR, strip_marks
from thidua.dictionaries.tone import new_style

MAX_LEN = 6
NAME_FILES = ("provinces.json", "agencies.json")


def _strings(node: object, out: list[str]) -> None:
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("_"):
                _strings(value, out)
    elif isinstance(node, list):
        for value in node:
            _strings(value, out)


def _domain_strings(name: str) -> list[str]:
    """Every string of a domain lexicon file (keys starting with `_` left out); none when it is missing."""
    texts: list[str] = []
    path = DATA_DIR / "domain" / name
    if path.exists():
        _strings(json.loads(path.read_text(encoding="utf-8")), texts)
    return texts


@functools.cache
def name_index() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Folded syllable keys → the name's syllables (lower-case, new tone style), for 2-6 syllable names."""
    # titles and award names are common phrases: the LM weighs those
    texts = [text for name in NAME_FILES for text in _domain_strings(name)]
    try:  # written forms such as "tỉnh Đồng Tháp", "thành phố Hà Nội"
        from thidua.dictionaries import domain

        texts.extend(form for province in domain.provinces() for form in province.forms)
    except (ImportError, OSError, KeyError, AttributeError):
        pass
    return build_index(texts)


def build_index(texts: Iterable[str]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The name index of `texts` (names of 2-6 words with a capital): folded keys → syllables; a key that
    two spellings share goes to the more frequent one, or to none when they tie."""
    index: dict[tuple[str, ...], Counter[tuple[str, ...]]] = {}
    for text in texts:
        words = text.replace("-", " ").split()
        if not 2 <= len(words) <= MAX_LEN or not any(w[:1].isupper() for w in words):
            continue
        if not all(w.isalpha() for w in words):
            continue
        syls = tuple(new_style(w.lower()) for w in words)
        index.setdefault(tuple(strip_marks(w) for w in syls), Counter())[syls] += 1
    out = {}
    for key, spellings in index.items():
        ranked = spellings.most_common(2)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            out[key] = ranked[0][0]
    return out


@functools.cache
def place_keys() -> frozenset[tuple[str, ...]]:
    """Folded keys of the district and town names (`Hà Đông`): a run after a surname's letters that spells
    one is a place (`Phường Hà Đông`), not a person's given names."""
    return frozenset(build_index(_domain_strings("places.json")))


@functools.cache
def _first_keys() -> frozenset[str]:
    """The folded first syllables of the known names (most tokens start none)."""
    return frozenset(key[0] for key in name_index())


def find(
    keys: list[str], capitalised: list[bool], index: Mapping[tuple[str, ...], tuple[str, ...]] | None = None
) -> list[tuple[int, tuple[str, ...]]]:
    """Non-overlapping (start, name syllables) matches of known names (or of `index`'s) in a run of folded
    keys."""
    if index is None:
        index, firsts = name_index(), _first_keys()
    else:
        firsts = frozenset(key[0] for key in index)
    out = []
    i = 0
    while i < len(keys):
        if keys[i] not in firsts:
            i += 1
            continue
        hit = None
        for n in range(min(MAX_LEN, len(keys) - i), 1, -1):
            if any(capitalised[i : i + n]):
                name = index.get(tuple(keys[i : i + n]))
                if name is not None:
                    hit = (i, name)
                    break
        if hit:
            out.append(hit)
            i += len(hit[1])
        else:
            i += 1
    return out


SURNAME_RARER = -1.0  # channel log10 cost of a surname's less common spellings of one fold (Hạ, not Hà)


class Person(NamedTuple):
    """A person's name in a run of tokens: its first token, and per syllable the spellings it may have with
    their costs (the surname's, then the given names'; none for a given name left to the LM). `sure`: every
    given name is a known one; `pin_surname`: and the surname's letters spell no word that opens the name of a
    place or an office (a title-case `Phuong Hong Ha` may be the ward Phường Hồng Hà, `Bo Tai Chinh` a Bộ)."""

    start: int
    parts: tuple[tuple[tuple[str, float], ...], ...]
    sure: bool
    pin_surname: bool = False


# folded words that open a unit's or an office's name (Phường, Tổ, Bộ, Đình …), surnames' letters among them
UNIT_KEYS = frozenset(
    {"phuong", "to", "xa", "ap", "thon", "ban", "huyen", "quan", "tinh", "khu", "bo", "dinh"}
)
MIDDLE_ONLY = frozenset({"văn", "thị"})  # middle names: right after the surname, never a given name after it


def _spellings(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for word in words:
        spelled = new_style(word.strip().lower())
        same = out.setdefault(strip_marks(spelled), [])
        if spelled not in same:
            same.append(spelled)
    return {key: tuple(value) for key, value in out.items()}


@functools.cache
def _person_parts() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Folded surname → its spellings (the more common first: `ha` → hà, hạ), folded middle/given name →
    every spelling given_names.txt lists (`thanh` → thanh, thành)."""
    surnames: list[str] = []
    try:
        from thidua.dictionaries import domain

        surnames = list(domain.signer_vocabulary()["surnames"])
    except (ImportError, OSError, KeyError):
        pass
    given: list[str] = []
    path = DATA_DIR / "given_names.txt"
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        given = [line for line in lines if line.strip() and not line.startswith("#")]
    return _spellings(surnames), _spellings(given)


def _given(spellings: tuple[str, ...], position: int) -> tuple[tuple[str, float], ...]:
    """A given name's spellings (cost 0), `Văn`, `Thị` only right after the surname where the fold has another
    (`Mai Thị Vân Anh`, not `Văn Anh`)."""
    kept = [s for s in spellings if position == 0 or s not in MIDDLE_ONLY] or list(spellings)
    return tuple((s, 0.0) for s in kept)


HONORIFICS = frozenset({"ong", "ba"})  # Ông and Bà are also surnames: `Ông Nguyễn Văn Anh` is Mr Nguyễn


def _after_honorific(
    keys: list[str], capitalised: list[bool], i: int, surnames: Mapping[str, tuple[str, ...]]
) -> bool:
    """An honorific (Ông, Bà) right before a capitalised surname, not a surname itself."""
    nxt = i + 1
    return keys[i] in HONORIFICS and nxt < len(keys) and capitalised[nxt] and keys[nxt] in surnames


MISREAD_MARGIN = 1.0  # channel log10: a garbled surname's reading at most this less likely than its best


def misread_as(candidates: Iterable[tuple[str, float]], table: Mapping[str, object]) -> str | None:
    """The folded key in `table` (surnames, given names) a garbled token (`Viti`, whose letters spell no
    surname, read for `Vũ`) may be read as: that of its likeliest (word, channel log10 p) candidate whose fold
    is in `table`, if it is within MISREAD_MARGIN of the likeliest of all."""
    ranked = sorted(candidates, key=lambda c: -c[1])
    best = ranked[0][1] if ranked else 0.0
    for word, cost in ranked:
        if cost < best - MISREAD_MARGIN:
            break
        if strip_marks(word) in table:
            return strip_marks(word)
    return None


Readings = Callable[[int], Iterable[tuple[str, float]]]


def _read_given(
    keys: list[str], start: int, end: int, given: Mapping[str, object], readings: Readings
) -> None:
    """Garbled given names of the run `keys[start:end]` after a surname read as known ones (in place), where
    that makes the name sure and the whole run known given names (`Nguyén Manh Htng`); a name sure without
    them keeps them (`Trương Hải Long Thir`: Thứ trưởng), a run with another word is none (`Tô Lâm Trwéng
    Ban`: Trưởng Ban)."""
    known = 0
    while start + known < end and keys[start + known] in given:
        known += 1
    if known >= 2 or end - start < 2:
        return
    read = [k if k in given else misread_as(readings(n), given) for n, k in enumerate(keys[start:end], start)]
    if all(read):
        keys[start:end] = [k for k in read if k is not None]


def find_people(keys: list[str], capitalised: list[bool], readings: Readings | None = None) -> list[Person]:
    """Person names: a capitalised surname and 2-3 capitalised syllables, of which the first (a middle name)
    and all but at most one are known given names. The surname gets its spellings; a known given name the
    spellings of its fold, and only when all are known (else the LM weighs it, and any other word).

    `readings(i)`: the (word, channel log10 p) candidates of token `i` where it is garbled (no syllable), else
    none. A garbled word before two known given names is read as a surname among them (`misread_as`: `Viti
    Hai Quan` is Vũ Hải Quân), garbled given names after a surname as known ones (`_read_given`), so that
    only a sure name takes them."""
    surnames, given = _person_parts()
    keys = list(keys)
    out = []
    i = 0
    while i < len(keys):
        if (
            readings is not None
            and capitalised[i]
            and keys[i] not in surnames
            and all(k < len(keys) and capitalised[k] and keys[k] in given for k in (i + 1, i + 2))
        ):
            keys[i] = misread_as(readings(i), surnames) or keys[i]
        if capitalised[i] and keys[i] in surnames and not _after_honorific(keys, capitalised, i, surnames):
            j = i + 1
            while j < len(keys) and j - i <= 3 and capitalised[j] and keys[j] != "\0":
                j += 1
            if readings is not None:
                _read_given(keys, i + 1, j, given, readings)
            rest = keys[i + 1 : j]
            known = 0
            while known < len(rest) and rest[known] in given:
                known += 1
            sure = known >= 2
            if sure:
                rest = rest[:known]
            if tuple(rest) in place_keys():
                pass
            elif sure or (len(rest) >= 2 and known and sum(k in given for k in rest) >= len(rest) - 1):
                j = i + 1 + len(rest)
                sur = tuple((s, SURNAME_RARER if n else 0.0) for n, s in enumerate(surnames[keys[i]]))
                parts = [sur] + [_given(given.get(k, ()), n) if sure else () for n, k in enumerate(rest)]
                out.append(Person(i, tuple(parts), sure, sure and keys[i] not in UNIT_KEYS))
                i = j
                continue
        i += 1
    return out
