"""Proper names from the domain lexicon (provinces, agencies), found by their folded form.

A capitalised run of observed tokens whose diacritic-free key spells a known name gets that name's
syllables as strongly preferred candidates: `Lam Dong` → `Lâm Đồng`, not `Làm Động`.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Mapping

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


@functools.cache
def name_index() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Folded syllable keys → the name's syllables (lower-case, new tone style), for 2-6 syllable names."""
    texts: list[str] = []
    for name in NAME_FILES:  # titles and award names are common phrases: the LM weighs those
        path = DATA_DIR / "domain" / name
        if path.exists():
            _strings(json.loads(path.read_text(encoding="utf-8")), texts)
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


@functools.cache
def _person_parts() -> tuple[dict[str, str], dict[str, str]]:
    """Folded surname → spelling, folded middle/given name → its most common spelling."""
    surnames: dict[str, str] = {}
    try:
        from thidua.dictionaries import domain

        for name in domain.signer_vocabulary()["surnames"]:
            surnames.setdefault(strip_marks(name), new_style(name.lower()))
    except (ImportError, OSError, KeyError):
        pass
    given: dict[str, str] = {}
    path = DATA_DIR / "given_names.txt"
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                given.setdefault(strip_marks(line.strip()), new_style(line.strip().lower()))
    return surnames, given


HONORIFICS = frozenset({"ong", "ba"})  # Ông and Bà are also surnames: `Ông Nguyễn Văn Anh` is Mr Nguyễn


def _after_honorific(keys: list[str], capitalised: list[bool], i: int, surnames: dict[str, str]) -> bool:
    """An honorific (Ông, Bà) right before a capitalised surname, not a surname itself."""
    nxt = i + 1
    return keys[i] in HONORIFICS and nxt < len(keys) and capitalised[nxt] and keys[nxt] in surnames


def find_people(keys: list[str], capitalised: list[bool]) -> list[tuple[int, tuple[str, ...]]]:
    """(start, syllables) of person names: a capitalised surname and 2-3 capitalised known given names."""
    surnames, given = _person_parts()
    out = []
    i = 0
    while i < len(keys):
        if capitalised[i] and keys[i] in surnames and not _after_honorific(keys, capitalised, i, surnames):
            j = i + 1
            while j < len(keys) and j - i <= 3 and capitalised[j] and keys[j] in given:
                j += 1
            if j - i >= 3:
                out.append((i, (surnames[keys[i]], *(given[k] for k in keys[i + 1 : j]))))
                i = j
                continue
        i += 1
    return out
