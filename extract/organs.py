"""Organisation names: split a header's issuer block into bodies and spell each one canonically.

`split_bodies("UBND TỈNH NGHỆ AN SỞ NỘI VỤ")` → `["UBND TỈNH NGHỆ AN", "SỞ NỘI VỤ"]`;
`canonical("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN")` → `Ủy ban nhân dân tỉnh Nghệ An`. The heads of names
(`Sở`, `Bộ`, `Cục`, `Trường …`) and the ministries come from `dictionaries/data/domain/issuer_kinds.json`.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import fuzz, process

from thidua.dictionaries import domain
from thidua.extract import lexicon

LEVELS = {
    "thanh pho": "thành phố",
    "thi xa": "thị xã",
    "thi tran": "thị trấn",
    "tinh": "tỉnh",
    "huyen": "huyện",
    "xa": "xã",
    "phuong": "phường",
    "quan": "quận",
    "dac khu": "đặc khu",
    "tp": "thành phố",
}
_WORD = re.compile(r"[\wĐđ&]+(?:[.'][\wĐđ]+)*\.?|[-–,]")


@functools.cache
def _heads() -> list[tuple[tuple[str, ...], str, bool]]:
    """(folded words, canonical name, needs a complement), longest first."""
    data = domain.issuer_kinds()
    out = []
    for row in data["heads"]:
        for form in (row["name"], *row.get("aliases", ())):
            out.append((tuple(lexicon.key(form).split()), row["name"], row["needs"]))
    for agency in domain.agencies():
        out.append((tuple(lexicon.key(agency.name).split()), agency.name, False))
        # capitals abbreviations (`UBND`, `HĐND`) stand for the head itself
        out.extend(
            ((lexicon.key(a).replace(" ", ""),), agency.name, False)
            for a in agency.abbreviations
            if a.isupper() and len(a) >= 3
        )
    return sorted(out, key=lambda h: -len(h[0]))


@functools.cache
def _boards() -> frozenset[str]:
    """A company's own governing bodies (`Hội đồng quản trị`): named with the body they govern."""
    return frozenset(lexicon.key(b) for b in domain.issuer_kinds().get("boards", ()))


@functools.cache
def _bound_pairs() -> frozenset[tuple[str, str]]:
    pairs = domain.issuer_kinds()["bound_pairs"]
    return frozenset(tuple(p.split()) for p in pairs)


@functools.cache
def known_names() -> dict[str, str]:
    """Folded full name → canonical spelling, for ministries and the agencies lexicon."""
    names = {lexicon.key(n): n for n in domain.issuer_kinds()["ministries"]}
    for agency in domain.agencies():
        names.setdefault(lexicon.key(agency.name), agency.name)
    return names


@functools.cache
def mass_organisations() -> tuple[str, ...]:
    """The mass organisations' names (`Đoàn Thanh niên Cộng sản Hồ Chí Minh`), longest first."""
    names = (a.name for a in domain.agencies() if a.kind == "mass")
    return tuple(sorted(names, key=len, reverse=True))


def spelled_at(words: list[str], i: int, name: str) -> int:
    """How many printed words from word i spell `name`, each a word of it or an abbreviation in capitals
    of the initials of several (`ĐOÀN TNCS HỒ CHÍ MINH`); 0 if they do not."""
    want = [lexicon.key(w) for w in name.split()]
    j = 0
    used = 0
    while j < len(want):
        if i + used >= len(words):
            return 0
        word = words[i + used]
        k = lexicon.key(word)
        if k == want[j]:
            j += 1
        elif word.isupper() and len(k) >= 2 and "".join(w[0] for w in want[j : j + len(k)]) == k:
            j += len(k)
        else:
            return 0
        used += 1
    return used


@functools.cache
def ministries() -> frozenset[str]:
    """Folded names of the ministries and ministry-level bodies."""
    return frozenset(lexicon.key(n) for n in domain.issuer_kinds()["ministries"])


@functools.cache
def _known_by_length() -> list[tuple[int, dict[str, str]]]:
    table: dict[int, dict[str, str]] = {}
    for k, name in known_names().items():
        table.setdefault(len(k.split()), {})[k] = name
    return sorted(table.items(), reverse=True)


def known_at(folded_words: list[str], i: int) -> tuple[str, int] | None:
    """The longest ministry or agency name spelled in full at word i: (canonical name, words used)."""
    for n, names in _known_by_length():
        k = " ".join(folded_words[i : i + n])
        if k in names:
            return names[k], n
    return None


def complement_end(words: list[str], folded: list[str], used: int, stop: re.Pattern[str]) -> int:
    """End of a head's complement from word `used`: capitalised words, each with the lower-case syllable
    that may follow its first (`Tổ chức`, `Tuyên giáo`: a name capitalises a word's first syllable only),
    joined by `và`; a level word (`tỉnh`) or what `stop` matches on the folded words (a verb) ends it."""
    while used < len(words):
        k = folded[used]
        if stop.match(" ".join(folded[used : used + 3])):
            break
        capital = words[used][:1].isupper()
        joins = k == "va" and used + 1 < len(words) and words[used + 1][:1].isupper()
        second_syllable = words[used - 1][:1].isupper() and k not in LEVELS and k not in ("thanh", "va")
        if not (capital or joins or second_syllable):
            break
        used += 1
    return used


def head_at(folded_words: list[str], i: int, fuzzy: bool = False) -> tuple[str, bool, int] | None:
    """The organisation head starting at word i: (canonical head, needs complement, words used).

    `fuzzy` also accepts an OCR-garbled head of two or more words that keeps its consonants."""
    return _head_at(tuple(folded_words[i : i + _longest_head()]), fuzzy)


@functools.cache
def _longest_head() -> int:
    return max(len(words) for words, _, _ in _heads())


@functools.lru_cache(maxsize=65536)
def _head_at(window: tuple[str, ...], fuzzy: bool) -> tuple[str, bool, int] | None:
    exact = _heads_by_first().get(window[:1], [])
    fuzzy_tables = dict(_fuzzy_tables()) if fuzzy else {}
    for n in range(min(len(window), _longest_head()), 0, -1):  # the longest head wins, exact or garbled
        for words, name, needs in exact:
            if len(words) == n and window[:n] == words:
                return name, needs, n
        table = fuzzy_tables.get(n)
        if table:
            cand = " ".join(window[:n])
            hit = process.extractOne(cand, table.keys(), scorer=fuzz.ratio, score_cutoff=85)
            if hit and lexicon.same_reading(hit[0], cand):
                return (*table[hit[0]], n)
    return None


@functools.cache
def _heads_by_first() -> dict[tuple[str, ...], list[tuple[tuple[str, ...], str, bool]]]:
    table: dict[tuple[str, ...], list[tuple[tuple[str, ...], str, bool]]] = {}
    for head in _heads():
        table.setdefault(head[0][:1], []).append(head)
    return table


@functools.cache
def _fuzzy_tables() -> list[tuple[int, dict[str, tuple[str, bool]]]]:
    """Heads of two or more words by word count (longest first): folded form → (name, needs)."""
    table: dict[int, dict[str, tuple[str, bool]]] = {}
    for words, name, needs in _heads():
        if len(words) >= 2:
            table.setdefault(len(words), {}).setdefault(" ".join(words), (name, needs))
    return sorted(table.items(), reverse=True)


def head_spelled(text: str) -> bool:
    """Whether text opens with an organisation head spelled with its accents (`BAN …`, not `BÀN …`)."""
    words = [
        w.lower().replace("uỷ", "ủy") for w in _words(unicodedata.normalize("NFC", text))
    ]  # old tone style
    hit = head_at([lexicon.key(w) for w in words], 0)
    return hit is not None and " ".join(words[: hit[2]]) == hit[0].lower()


GLUED_LEVEL = re.compile(r"\b(tp)\.(?=[^\W\d_])", re.I)  # `TP.HỒ CHÍ MINH`: the level's dot, then the name


def _words(text: str) -> list[str]:
    return _WORD.findall(GLUED_LEVEL.sub(r"\1. ", text))


def split_bodies(text: str) -> list[str]:
    """The organisation names in an issuer block, parent first (abbreviations expanded)."""
    words = _words(lexicon.expand_abbreviations(text))
    folded = [lexicon.key(w) or w for w in words]
    parts: list[list[str]] = []
    i = 0
    while i < len(words):
        hit = head_at(folded, i) if folded[i] not in ("-", ",") else None
        if hit and not _marks_agree(words[i : i + hit[2]], hit[0]):
            hit = None  # `THIỂU SỐ` holds no `Sở`
        if (
            hit
            and parts
            and _complete(parts[-1])
            and (words[i - 1].lower(), words[i].lower()) not in _bound_pairs()
            and not _inside_name(folded, i)
            and lexicon.key(_join(parts[-1])) not in _boards()  # the board of the bank that follows
        ):
            parts.append(words[i : i + hit[2]])
            i += hit[2]
            continue
        if not parts:
            parts.append([])
        step = hit[2] if hit else 1
        parts[-1].extend(words[i : i + step])
        i += step
    if len(parts) > 1 and not _complete(parts[-1]):
        parts[-2:] = [parts[-2] + parts[-1]]  # a head with nothing after it belongs to the name before
    return [_join(p) for p in parts if any(re.search(r"\w", w) for w in p)]


TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot: not the vowel


def _marks_agree(printed: list[str], head: str) -> bool:
    """Printed words spell the head's vowels (`SỐ` is no `Sở`, `HỘI` is `Hội`); words printed without
    marks (OCR that lost them) or abbreviations may be any head."""
    names = head.split()
    if len(printed) != len(names):
        return True
    pairs = zip(printed, names, strict=True)
    return all(w.lower() == lexicon.key(w) or _vowels(w.lower()) == _vowels(h.lower()) for w, h in pairs)


def _vowels(word: str) -> str:
    """A word without its tone marks, its vowels' own marks kept (`sở` → `sơ`, `số` → `sô`)."""
    toneless = "".join(c for c in unicodedata.normalize("NFD", word) if c not in TONES)
    return unicodedata.normalize("NFC", toneless)


SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?$"
)


def wordlike(token: str) -> bool:
    """A Vietnamese syllable, an abbreviation in capitals (`UBND`, `GD&ĐT`), or a number."""
    core = token.strip(".,;:-–()\"'“”")
    if not core or core.isdigit():
        return True
    if re.fullmatch(r"[A-ZĐ&]{2,}(?:[-.][A-ZĐ&]+)*\.?", core):
        return True
    return all(SYLLABLE.match(part) for part in lexicon.key(core).split()) and not re.search(r"\d", core)


def _complete(part: list[str]) -> bool:
    """A name that has its head and, where the head needs one, a complement."""
    folded = [lexicon.key(w) for w in part if lexicon.key(w)]
    hit = head_at(folded, 0)
    if not hit:
        return len(folded) >= 2
    _, needs, used = hit
    return not needs or len(folded) > used


def _join(words: list[str]) -> str:
    return re.sub(r"\s+([,])", r"\1", " ".join(words)).strip(" -–,")


def _place_case(word: str) -> str:
    return word[:1].upper() + word[1:].lower() if word.isupper() or word.islower() else word


@functools.lru_cache(maxsize=16384)
def canonical(text: str) -> str:
    """Canonical spelling of one organisation name (`SỞ NỘI VỤ` → `Sở Nội vụ`)."""
    text = lexicon.expand_abbreviations(" ".join(text.split()))
    k = lexicon.key(text)
    known = known_names()
    if k in known:
        return known[k]
    words = _words(text)
    folded = [lexicon.key(w) for w in words]
    hit = head_at(folded, 0, fuzzy=True)
    out: list[str] = []
    i = 0
    if hit:
        out.append(hit[0])
        i = hit[2]
        if hit[0].startswith("Trường"):  # a school's own name is a proper name
            return _join(out + [_place_case(w) for w in words[i:]])
        rest_key = " ".join(f for f in folded[i:] if f)
        # a head followed by a known body (`Văn phòng` + `Chính phủ`, `Sở` + `Nội vụ` of a ministry's field)
        full = f"{lexicon.key(hit[0])} {rest_key}"
        if full in known:
            return known[full]
        if rest_key in known:
            return f"{hit[0]} {known[rest_key]}"
    out.extend(_rest_case(words[i:], folded[i:]))
    return _join(out)


def _province_at(folded: list[str], i: int) -> tuple[str, int] | None:
    """A province name spelled in full at word i: (canonical name, words used)."""
    for n in (4, 3, 2):
        if i + n <= len(folded) and all(folded[i : i + n]):
            name = lexicon.province_exact(" ".join(folded[i : i + n]))
            if name:
                return name, n
    return None


def _inside_name(folded: list[str], i: int) -> bool:
    """Word i ends a province name begun before it (`HẢI PHÒNG`: `Phòng` is no head there)."""
    for j in range(max(0, i - 3), i):
        hit = _province_at(folded, j)
        if hit and j + hit[1] > i:
            return True
    return False


def _second_syllable(words: list[str], i: int) -> bool:
    """Word i, printed lower case without marks after a title-case word, ends that word (`Hải quan`):
    it is no level word (`quận`)."""
    word, before = words[i], words[i - 1] if i else ""
    return word.islower() and word == lexicon.key(word) and before.istitle() and not before.isupper()


def level_word(word: str) -> bool:
    """A level word as printed (`tỉnh`, `huyện`, `quận`), not a syllable marked apart from it (`Quản`)."""
    key = lexicon.key(word)
    return key in LEVELS and not _marked_apart(word, key)


def _marked_apart(word: str, key: str) -> bool:
    """A word whose printed marks spell another syllable than the level word it folds to (`QUẢN`, not
    `quận`); a word printed without marks may be either."""
    lower = word.lower().rstrip(".")  # `TP.` is the level word abbreviated
    return lower != key and lower != LEVELS[key]


def _rest_case(words: list[str], folded: list[str]) -> list[str]:
    """Case the words after a head: level words lower, place names capitalised, fields in sentence case."""
    out: list[str] = []
    i = 0
    place_mode = False
    new_component = True
    while i < len(words):
        province = _province_at(folded, i)
        if province:
            n = province[1]
            same = lexicon.key(province[0]) == " ".join(folded[i : i + n])  # not a renamed unit
            out.extend([province[0]] if same else [_place_case(w) for w in words[i : i + n]])
            i += n
            place_mode, new_component = False, False
            continue
        two = " ".join(folded[i : i + 2])
        if two in LEVELS and i + 2 < len(words) + 1:
            out.append(LEVELS[two])
            i += 2
            place_mode, new_component = True, False
            continue
        if i + 1 < len(words) and (words[i].lower(), words[i + 1].lower()) in _bound_pairs():
            # one word of two syllables (`Xã hội`, `Thị trường`): neither a level word nor a head
            first = _place_case(words[i]) if place_mode or new_component else words[i].lower()
            out.extend([first, words[i + 1].lower()])
            i += 2
            place_mode, new_component = False, False
            continue
        sub = head_at(folded, i)
        if sub and sub[2] > 1 and i > 0 and _marks_agree(words[i : i + sub[2]], sub[0]):
            out.append(sub[0])  # `TỈNH ỦY` is a head, not the level word `tỉnh`
            i += sub[2]
            place_mode, new_component = False, False
            continue
        if level_word(words[i]) and not _second_syllable(words, i):
            out.append(LEVELS[folded[i]])
            i += 1
            place_mode, new_component = True, False
            if folded[i - 1] in ("tinh", "tp") and i < len(words):
                hit = lexicon.province_prefix(" ".join(folded[i : i + 4]), cutoff=80)
                if hit:
                    out.append(hit[0])
                    i += hit[2]
            continue
        sub = head_at(folded, i)
        if sub and i > 0 and _marks_agree(words[i : i + sub[2]], sub[0]):
            out.append(sub[0])
            i += sub[2]
            place_mode, new_component = False, False
            continue
        word = words[i]
        if word in ("-", "–", ","):
            if word != ",":
                out.append(word)
            elif out:
                out[-1] += ","
            new_component = True
        elif folded[i] == "va":
            out.append("và")
            new_component = True
        elif place_mode or new_component:
            out.append(_place_case(word))
            new_component = False
        else:
            out.append(word.lower() if word.isupper() and len(word) > 1 else word)
        i += 1
    return out
