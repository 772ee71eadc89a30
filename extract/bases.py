"""Legal bases: every document cited under `Căn cứ` / `Tiếp nhận` (type, number, date, issuer, name)."""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

from thidua.extract import dates, lexicon, organs, symbols
from thidua.extract.header import BASIS_START, LETTER, canonical_body, opening
from thidua.extract.text import Line, Text, one_line

# "của" and its OCR forms: cua, cta, ctia, ciia, clia; also glued to the date before it (`12/9/2000của`)
OF = re.compile(r"(?:\b|(?<=\d))c(?:u|t|i|l|h)\S{0,2}a\b")
_LOWER = "a-zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
_UPPER = "A-ZÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ"
GLUED_OF = re.compile(rf"\b[cC]ủa(?=[{_UPPER}])")  # `củaChính phủ`: a site glued the body to it
# a word of a cited body's name; a word a site glued to the next (`tỉnhBắc Ninh`) parts at the capital
GLUE = re.compile(rf"(?<=[{_LOWER}])(?=[{_UPPER}])")  # where a site glued two words: `tỉnhBắc`
NAME_WORD = re.compile(rf"[^\s,;.()*]+?(?=[\s,;.()*]|\Z|(?<=[{_LOWER}])[{_UPPER}])")
SUBJECT_STOP = re.compile(
    r"\b(?:ban\s+h\w{1,2}nh|quy\s+d\w{1,2}nh|ve\s+vi\w{1,2}c|ve|h\w{1,2}ng\s+d\w{1,2}n|ph\w{1,2}t\s+d\w{1,2}ng|tri\w{1,2}n\s+khai)\b"
)
ANOTHER = re.compile(
    r"(?:\bv\w\s+|,\s*|\bb\w{1,2}i\s+|\bt\w{1,2}i\s+|\btheo\s+|\bb\w\s+sung\s+)(?=(?:lu\w{1,2}t|ngh\w{1,2}\s+d|ngh\w{1,2}\s+q|"
    r"th\w{1,2}ng\s+t|quy\w{1,2}t\s+d|ch\w{1,2}\s+th|k\w{1,2}\s+ho|k\w{1,2}t\s+lu|ph\w{1,2}p\s+l)\w*)"
)
# where a cited document's number and date can no longer be: its issuer or its subject begins
CITATION_END = re.compile(
    r"\bc(?:u|t|i|l|h)\S{0,2}a\b|\bquy\s+d\w{1,2}nh\b|\bban\s+h\w{1,2}nh\b|"
    r"\bd\w{1,2}\w?c\s+s\w{1,2}a\b|\bh\w{1,2}\w{0,2}ng\s+d\w{1,2}n\b|\(|;"
)
AMENDED_BY = re.compile(r"(?:s\w{1,2}a\s+d\w{1,2}i|b\w\s+sung)[^;]{0,40}(?:b\w{1,2}i|t\w{1,2}i|theo)\s*$")
SUBJECT_VERB = re.compile(
    r"\b(?:quy\s+d\w{1,2}nh|ban\s+h\w{1,2}nh|h\w{1,2}\w{0,2}ng\s+d\w{1,2}n|ph\w\s+duy\w{1,2}t|thi\s+h\w{1,2}nh)\b"
)
# a joint issuer's ministries run up to the subject's verb (`… - Công Thương sửa đổi, bổ sung …`)
JOINT_STOP = re.compile(rf"{SUBJECT_STOP.pattern}|\bs\w{{1,2}}a\s+d\w{{1,2}}i\b|\bb\w\s+sung\b")
AMENDED = re.compile(r"d\w{1,2}\w?c\s+s\w{1,2}a\s+d\w{1,2}i\s*,?\s*b\w\s+sung\s*$")  # `được sửa đổi, bổ sung`
AMENDING = re.compile(r"\bs\w{1,2}a\s+d\w{1,2}i\b")
CLOSED_BY_NUMBER = re.compile(r"\d\S*/[\w/-]+[\s,]*(?:v\w)?\s*$")  # `… số 50/2014/QH13 và`
LAW_END = re.compile(r";|\(|\bd\w{1,2}\w?c\s+s\w{1,2}a\s+d")
ABOUT = re.compile(r"\b[vV][ềỀ]\s")
NAMED = ("Luật", "Bộ luật", "Pháp lệnh", "Hiến pháp", "Điều lệ")
PLURAL = re.compile(r"c\w{1,2}c\s+")  # `các Nghị định của Chính phủ: số …`
ADDRESSEE = re.compile(r"[-–+•]\s*\S")  # `- Các thương nhân …;` under `Kính gửi:`


def _paragraphs(text: Text, start: int) -> list[list[Line]]:
    """Paragraphs from line `start` while each opens with a basis keyword."""
    paras: list[list[Line]] = []
    current: list[Line] = []
    for line in text.lines[start:]:
        if "\f" in text.raw[line.start - 1 : line.start] and current:
            pass  # a page break inside a paragraph keeps it going
        if line.blank:
            if current:
                paras.append(current)
                current = []
            continue
        # `…;` then `Nghị định số …` on the next line: one more document of the same basis
        listed = current and current[-1].text.rstrip(" *_").endswith(";") and _numbered_type(line.folded)
        new_para = BASIS_START.match(opening(text, line)) or (
            current
            and re.search(r"[.;:]\s*$", current[-1].text)
            and line.text.lstrip()[:1].isupper()
            and not listed
        )
        if new_para and current:
            paras.append(current)
            current = []
        if not current and not BASIS_START.match(opening(text, line)):
            break
        current.append(line)
    if current:
        paras.append(current)
    return [p for p in paras if BASIS_START.match(opening(text, p[0]))]


def _dated_again(text: Text, item: dict[str, Any], a: int, b: int) -> list[dict[str, Any]]:
    """`Luật sửa đổi, bổ sung … ngày 14/6/2005 và ngày 16/11/2013`: laws of one name passed on two dates
    are two citations."""
    if item["type"] not in NAMED or item["number"] or not item["date"]:
        return []
    first = dates.first_date(text.folded, a, b, partial=False)
    joined = re.match(r"\s*v\w\s+ng\w{1,2}y\s*", text.folded[first.end : b]) if first else None
    if not first or not joined:
        return []
    second = dates.first_date(text.folded, first.end, b, partial=False)
    if not second or second.end > first.end + joined.end() + 12:
        return []
    return [item | {"date": second.value, "evidence": text.evidence(a, second.end)}]


def _first_citations(cited: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A number cited again in its paragraph (`… đã được sửa đổi theo Nghị định số 58/…`) is the same
    document: only its first citation counts."""
    seen: set[str] = set()
    out = []
    for item in cited:
        if item["number"] and item["number"] in seen:
            continue
        seen.add(item["number"] or "")
        out.append(item)
    return out


def _numbered_type(folded: str) -> bool:
    """The text opens with a document type and its number (`Nghị định số 85/2023/NĐ-CP`)."""
    folded = folded.lstrip(" *_")
    hit = lexicon.doc_type_prefix(folded[:50], cutoff=90)
    return bool(hit and re.match(r"\s*(?:s\w\s*)?\d", folded[hit[2] :]))


def _typed_at(folded: str) -> tuple[tuple[str, float, int] | None, int]:
    """The document type opening folded text, after a plural `các` if any: (type hit, plural length)."""
    plural = PLURAL.match(folded)
    lead = plural.end() if plural else 0
    return lexicon.doc_type_prefix(folded[lead : lead + 40]), lead


def _group_opens(folded: str) -> bool:
    """A segment opening with `các <type>` (a group whose members its colon lists by number)."""
    km = BASIS_START.match(folded)
    hit, plural = _typed_at(folded[km.end() if km else 0 :].lstrip(" \n\f-*")[:50])
    return bool(hit and plural)


def _segments(text: Text, start: int, end: int) -> list[tuple[int, int, tuple[str, float, int], bool]]:
    """Split a basis paragraph (keyword stripped) at ';' before a new document type; a segment opening
    with `các <type>` is a group (kept whole, its members are listed by number)."""
    cuts = [start]
    for m in re.finditer(r"[;:]", text.folded[start:end]):
        pos = start + m.end()
        nxt = text.folded[pos:end].lstrip(" \n\f-*")
        nxt_pos = end - len(text.folded[pos:end].lstrip(" \n\f-*")) if nxt else end
        if m.group() == ":":  # `… các văn bản hướng dẫn thi hành Luật …: Nghị định số …`: a list opens
            if _numbered_type(nxt[:60]) and not _group_opens(text.folded[cuts[-1] : start + m.start()]):
                cuts.append(nxt_pos)
        elif _typed_at(nxt[:50])[0] or BASIS_START.match(nxt):
            cuts.append(nxt_pos)
    # a second document in the same basis: `… và Nghị định số …`, `…, được sửa đổi, bổ sung bởi Luật số …`
    for m in ANOTHER.finditer(text.folded, start, end):
        hit = lexicon.doc_type_prefix(text.folded[m.end() : m.end() + 40], cutoff=90)
        before = text.folded[max(c for c in cuts if c <= m.start()) : m.end()]
        # `… và Nghị định số 121/…`, or its number straight after the type (`… và Nghị định 121/2005/NĐ-CP`)
        numbered = hit and re.match(
            r"\s*(?:s\w\s|\d+\S*/)", text.folded[m.end() + hit[2] : m.end() + hit[2] + 12]
        )
        # `Luật A ngày …, và Luật B …` / `Luật A số 50/2014/QH13 và Luật B …`: a law cited by name after
        # one closed by its date or number
        named = (
            hit
            and hit[0] in NAMED
            and text.raw[m.end()].isupper()
            and (
                dates.first_date(before, partial=False)
                # not the laws an amending law's name lists (`Luật sửa đổi … của Luật A số …, Luật B số …`)
                or (CLOSED_BY_NUMBER.search(before) and not AMENDING.search(before))
            )
        )
        amends = AMENDED_BY.search(before) or AMENDED.search(before)
        if re.match(r"b\w\s+sung", m.group()) and not AMENDED.search(before):
            continue  # `… sửa đổi, bổ sung Nghị định số …` is the subject's, unless `được` makes it amend
        # `… được sửa đổi, bổ sung bởi Luật Sửa đổi, bổ sung …`: the amending document, named or numbered
        if not numbered and not named and not (hit and amends and text.raw[m.end()].isupper()):
            continue
        # a document named inside the subject (`… quy định thi hành … và Nghị định số …`) is no citation;
        # a law closed by its number right before is no subject (`Luật Ban hành … số 64/2025/QH15, Luật …`)
        closed = named and CLOSED_BY_NUMBER.search(before)
        if amends or closed or not SUBJECT_VERB.search(before):
            cuts.append(m.end())
    cuts = sorted(set(cuts))
    cuts.append(end)
    out = []
    for a, b in itertools.pairwise(cuts):
        seg = text.folded[a:b]
        km = BASIS_START.match(seg)
        if km:
            a += km.end()
            seg = text.folded[a:b]
        lead = len(seg) - len(seg.lstrip(" \n\f"))
        a += lead
        hit, plural = _typed_at(text.folded[a : a + 50])
        semi = text.folded.find(";", a, b)
        if hit and plural:
            out.append((a + plural, b, hit, True))
        elif hit and not plural:
            out.append((a, semi if semi > 0 else b, hit, False))
    return out


@functools.cache
def _member_pattern(type_name: str) -> re.Pattern[str]:
    """A group's member: `số N` after a list mark (`:`, `;`, `,`, `(`, `và`), the type word optional."""
    words = r"\s+".join(lexicon.key(type_name).split())
    return re.compile(rf"(?:[:;,(]|\bv\w)\s*(?:{words}\s+)?s\w\s*(?=\d)")


def _members(
    text: Text, a: int, b: int, type_name: str, type_score: float, used: int
) -> list[dict[str, Any]]:
    """`các Nghị định của Chính phủ: số …; số … và số … ngày …`: one item per listed number, each with
    the group's type and issuer (printed after the type or after the list) and its date (or the next's)."""
    after_type = a + used
    while text.folded[after_type - 1] in ":(":  # the type's word was read with the list's opening mark
        after_type -= 1
    code = lexicon.domain_type_code(type_name)
    starts = list(_member_pattern(type_name).finditer(text.folded, after_type, b))
    found: list[tuple[symbols.Symbol, dates.DateMatch | None, int, int]] = []
    for i, m in enumerate(starts):
        nxt = starts[i + 1].start() if i + 1 < len(starts) else b
        sym = symbols.parse(text.raw, m.end(), min(nxt, m.end() + 40), type_code=code)
        if not sym or sym.start > m.end() + 1 or any(f[0].value == sym.value for f in found):
            continue
        date = dates.first_date(text.folded, sym.end, min(nxt, sym.end + 40), partial=False)
        found.append((sym, date if date and date.start <= sym.end + 12 else None, m.start(), nxt))
    if not found:
        return []
    of = _of_search(text, after_type, min(b, after_type + 6))
    if not of:  # `Các Công điện: số …, số … của UBND tỉnh`: the issuer closes the list
        last = found[-1][1].end if found[-1][1] else found[-1][0].end
        of = _of_search(text, last, min(b, last + 6))
    issuer = _issuer(text, of.start(), b) if of else None
    out = []
    shared = None
    for sym, date, s, e in reversed(found):
        # `số 008/CĐ-UBND và số 009/CĐ-UBND ngày 19/11/2025`: a number without a date shares the next's
        gap = text.folded[sym.end : e]
        date = date or (shared if len(gap.strip(" ,")) <= 3 else None)
        shared = date
        out.append(
            {
                "type": type_name,
                "number": sym.value,
                "date": date.value if date else None,
                "issuer": issuer[0] if issuer else None,
                "name": None,
                "evidence": text.evidence(s, e),
                "confidence": round(type_score * 0.9, 2),
            }
        )
    return out[::-1]


TITLES = (
    "bo truong",
    "thu tuong",
    "chu tich",
    "thong doc",
    "giam doc",
    "tong giam doc",
    "cuc truong",
    "chu nhiem",
)
# what ends a lower-case body name in a citation: its subject, a date, a number, a verb of the sentence
# (words as printed: `tại` is no `thiên tai`)
LOWER_STOP = re.compile(rf"(?:{SUBJECT_STOP.pattern}|\bthuc\s+hien\b|\d)")
LOWER_STOP_WORDS = frozenset(("ngày", "năm", "số", "tại", "để", "nhằm", "đã", "cho"))
LOWER_WORDS = 8
TERM = re.compile(r"(?:khóa|khoá|khoa)\s+[IVXL]{1,6}\b", re.IGNORECASE)  # a body's term, `khoá XV`


def _of_search(text: Text, start: int, end: int) -> re.Match[str] | None:
    """`của` (or its OCR forms) in text[start:end], also glued to the body after it (`củaChính phủ`)."""
    return OF.search(text.folded, start, end) or GLUED_OF.search(text.raw, start, end)


def _issuer(text: Text, start: int, end: int) -> tuple[str, float, int] | None:
    """`của <body>` right after a citation, as printed (abbreviations expanded): (name, score, end offset).

    The body is an office title (`Bộ trưởng`), then a ministry or agency named in full, or an
    organisation head with its capitalised complement and place (`Ủy ban nhân dân tỉnh Đồng Tháp`)."""
    m = OF.match(text.folded, start) or GLUED_OF.match(text.raw, start) or _of_search(text, start, start + 3)
    if not m:
        return None
    words = list(NAME_WORD.finditer(text.raw[m.end() : end]))[:14]
    folded = [lexicon.key(w.group()) for w in words]
    used = 0
    while (n := _title_at(folded, used)) and (
        not used or "," in text.raw[m.end() + words[used - 1].end() : m.end() + words[used].start()]
    ):
        used += n  # `Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ`: one person's two offices
    title_words = used
    if not used and folded[:2] == ["lien", "bo"]:
        wide = list(re.finditer(r"[^\s,;.()*]+", text.raw[m.end() : end]))[:30]
        joint = _joint_end(wide, [lexicon.key(w.group()) for w in wide])
        if joint:  # printed as a whole: the heads are shared (`Liên Bộ Công Thương - Tài chính`)
            stop = m.end() + wide[joint - 1].end()
            return one_line(text.raw[m.end() + wide[0].start() : stop]), 0.9, stop
    known = organs.known_at(folded, used)
    head = None if known else organs.head_at(folded, used, fuzzy=True)
    garbled = lexicon.agency_prefix(" ".join(folded[used : used + 8]))  # OCR-misread agency names
    garbled_words = _words_within(folded[used : used + 8], garbled[2]) if garbled else 0
    if garbled and garbled_words > (known[1] if known else head[2] if head else 0):
        known = (garbled[0], garbled_words)
    if known:
        used += known[1]
        if folded[used : used + 2] == ["trung", "uong"] and words[used].group()[:1].isupper():
            used += 2  # the central body of a name that every level has (`Hội đồng Thi đua - Khen thưởng`)
        used = _central_owner(words, folded, used)
    elif head:
        used += head[2]
        if head[1]:  # a head that needs its complement (`Sở` `Nội vụ`, `Ban` `Tổ chức Thành ủy`)
            used = _lower_complement(words, folded, used) or organs.complement_end(
                [w.group() for w in words], folded, used, SUBJECT_STOP
            )
            used = _through_head(words, folded, _dashed(words, folded, used, SUBJECT_STOP))
            used = _to_place(words, folded, used)
    elif not used:
        return None
    # a place: `tỉnh`, `huyện Chợ Mới`, `thành phố Hà Nội`
    while used < len(words) and (organs.level_word(words[used].group()) or folded[used] == "thanh"):
        used += 2 if folded[used] == "thanh" and used + 1 < len(words) and folded[used + 1] == "pho" else 1
        while used < len(words) and words[used].group()[:1].isupper():
            used += 1
    term = TERM.match(" ".join(w.group() for w in words[used : used + 2]))
    stop = m.end() + words[used - 1].end()
    titled = 0 < title_words < used  # an office title before the body it heads, kept as printed
    printed = text.raw[m.end() + (words[title_words].start() if titled else 0) : stop]
    name, score = canonical_body(GLUE.sub(" ", printed))
    if titled:
        name = f"{one_line(text.raw[m.end() : m.end() + words[title_words - 1].end()])} {name}"
    if term:  # `Quốc hội khoá XV`, `Bộ Chính trị khóa XIII`: the term belongs to the name
        name, stop = f"{name} {term.group()}", m.end() + words[used + 1].end()
    return name, score, stop


def _central_owner(words: list[re.Match[str]], folded: list[str], used: int) -> int:
    """A central committee's organisation printed after it is part of its name: `Ban Chấp hành Trung
    ương Đảng`, `Ban Chấp hành Trung ương Đoàn TNCS Hồ Chí Minh`."""
    if folded[used - 1] != "uong" or used >= len(words) or not words[used].group()[:1].isupper():
        return used
    if "," in words[used].string[words[used - 1].end() : words[used].start()]:
        return used  # `…Trung ương, Ủy ban nhân dân tỉnh …`: another issuer
    if folded[used] == "dang":
        return used + 1
    hit = organs.head_at(folded, used)
    if not hit:
        return used
    plain = [w.group() for w in words]
    return organs.complement_end(plain, folded, used + hit[2], SUBJECT_STOP) if hit[1] else used + hit[2]


def _garbled(name: str) -> bool:
    """A word of the name spells no syllable, outside a province name (`Đắk Lắk` spells its own)."""
    words = name.split()
    readable = [organs.wordlike(w) for w in words]
    for i in range(len(words)):
        for n in (3, 2):
            if not all(readable[i : i + n]) and lexicon.province_exact(" ".join(words[i : i + n])):
                readable[i : i + n] = [True] * n
    return not all(readable)


def _words_within(folded: list[str], chars: int) -> int:
    """How many words the first `chars` characters of the words joined by spaces take (a dash folds to
    an empty word that still counts)."""
    joined = ""
    n = 0
    while n < len(folded) and len(joined) < chars:
        joined = f"{joined} {folded[n]}" if n else folded[n]
        n += 1
    return n


def _dashed(words: list[re.Match[str]], folded: list[str], used: int, stop: re.Pattern[str]) -> int:
    """A complement goes on over a dash between capitalised parts (`Thi đua - Khen thưởng`)."""
    plain = [w.group() for w in words]
    while used + 1 < len(words) and plain[used] in ("-", "–") and plain[used + 1][:1].isupper():
        used = organs.complement_end(plain, folded, used + 1, stop)
    return used


def _lower_complement(words: list[re.Match[str]], folded: list[str], used: int) -> int:
    """A complement printed in lower case (`Ban chỉ đạo phòng chống dịch tỉnh`) runs to the subject
    (`về …`), a date or number, or a punctuation mark, at most LOWER_WORDS words; 0 if it is capitalised."""
    # a level word as printed (`quận`), not a syllable folding to one (`quản trị`)
    if used >= len(words) or not words[used].group()[:1].islower() or organs.level_word(words[used].group()):
        return 0
    end = used
    while end < min(len(words), used + LOWER_WORDS) and not _ends_lower_name(words, folded, end, used):
        end += 1
    return end if end > used + 1 else 0


def _ends_lower_name(words: list[re.Match[str]], folded: list[str], end: int, since: int) -> bool:
    """Word `end` ends a name running in lower case: it opens its subject, a date, a number or a verb of the
    sentence, or a punctuation mark stands before it (after word `since`)."""
    gap = words[end].string[words[end - 1].end() : words[end].start()] if end > since else ""
    stop = LOWER_STOP.match(" ".join(folded[end : end + 3])) or words[end].group() in LOWER_STOP_WORDS
    return bool(stop or re.search(r"[,;:.()]", gap))


def _to_place(words: list[re.Match[str]], folded: list[str], used: int) -> int:
    """A name goes on in lower case to the place it ends with (`Trung tâm Phục vụ hành chính công thành
    phố Hà Nội`): the words up to its level word, when a capitalised place follows that; else `used`."""
    end = used
    while end < min(len(words), used + LOWER_WORDS) and words[end].group()[:1].islower():
        if _ends_lower_name(words, folded, end, 0):
            return used
        level = (
            2
            if " ".join(folded[end : end + 2]) == "thanh pho"
            else int(organs.level_word(words[end].group()))
        )
        if level and end > used and end + level < len(words) and words[end + level].group()[:1].isupper():
            return end
        end += 1
    return used


def _through_head(words: list[re.Match[str]], folded: list[str], used: int) -> int:
    """A complement naming another body runs through that body's head, lower-case words and all
    (`Ban Thường vụ Đảng ủy Ủy ban nhân dân …`, which capitals alone cut after `Ủy ban`)."""
    for j in range(max(0, used - 3), used):
        hit = organs.head_at(folded, j)
        if hit and words[j].group()[:1].isupper() and j + hit[2] > used:
            return j + hit[2]
    return used


def _joint_end(words: list[re.Match[str]], folded: list[str]) -> int:
    """Words of a joint issuer (`Liên Bộ Công Thương - Tài chính`, `Liên Bộ trưởng Bộ Tài chính và Bộ
    trưởng Bộ Y tế`), 0 if none."""
    plain = [w.group() for w in words]
    used = 1
    while used < len(words):
        used += _title_at(folded, used)
        if used >= len(words) or folded[used] != "bo":
            break
        used = _dashed(words, folded, organs.complement_end(plain, folded, used + 1, JOINT_STOP), JOINT_STOP)
        if folded[used : used + 2] != ["va", "bo"]:
            break
        used += 1
    return used if used > 2 else 0


def _title_at(folded: list[str], i: int) -> int:
    """Words of an office title at word i (`Bộ trưởng`, `Chủ nhiệm`), 0 if none."""
    return next((n for n in (3, 2) if i + n <= len(folded) and " ".join(folded[i : i + n]) in TITLES), 0)


def _after_addressees(text: Text, letter: int) -> int:
    """A letter citing its bases after `Kính gửi:` and its list of addressees: the first basis line."""
    for line in text.lines[letter + 1 : letter + 16]:
        if BASIS_START.match(opening(text, line)):
            return line.number
        stripped = line.text.strip(" *_")
        if stripped and not (ADDRESSEE.match(stripped) or stripped[0].islower()):
            break
    return letter


def parse_bases(text: Text, body_start: int) -> list[dict[str, Any]]:
    """Every cited document of the legal-bases paragraphs at the start of the body."""
    if body_start < len(text.lines) and LETTER.match(opening(text, text.lines[body_start])):
        body_start = _after_addressees(text, body_start)
    if body_start >= len(text.lines) or not BASIS_START.match(opening(text, text.lines[body_start])):
        return []
    out = []
    for para in _paragraphs(text, body_start):
        cited = []
        group_issuer: dict[str, str | None] = {}
        for a, b, hit, group in _segments(text, para[0].start, para[-1].end):
            members = _members(text, a, b, *hit) if group else []
            if members:
                group_issuer[hit[0]] = members[0]["issuer"]
                cited.extend(members)
                continue
            if group:
                semi = text.folded.find(";", a, b)
                b = semi if semi > 0 else b
            item = _citation(text, a, b, *hit)
            if not item["issuer"] and not item["name"]:  # `…; Quyết định số …` after `các Quyết định của …`
                item["issuer"] = group_issuer.get(item["type"])
            cited.append(item)
            cited.extend(_dated_again(text, item, a, b))
        cited = _first_citations(cited)
        # `Quyết định số 1629/QĐ-TTg …, Quyết định số 790/QĐ-TTg … của Thủ tướng Chính phủ`: one issuer
        for item, nxt in reversed(list(itertools.pairwise(cited))):
            if not item["issuer"] and not item["name"] and item["type"] == nxt["type"]:
                item["issuer"] = nxt["issuer"]
        out.extend(cited)
    return out


def _citation(text: Text, a: int, b: int, type_name: str, type_score: float, used: int) -> dict[str, Any]:
    """One cited document: type, number, date and issuer as printed; a name for a law or an unnumbered one."""
    after_type = a + used
    # a law's name may hold `ban hành`, `quy định` or `của` (`Luật sửa đổi … của Luật …`): only `;`, `(`
    # and `được sửa đổi` end it
    stop = (LAW_END if type_name in NAMED else CITATION_END).search(text.folded, after_type, b)
    if type_name not in NAMED:  # `về` (not `vệ`) opens a subject
        stop = ABOUT.search(text.raw, after_type, stop.start() if stop else b) or stop
    limit = stop.start() if stop else b
    type_code = lexicon.domain_type_code(type_name)
    sym = symbols.parse(text.raw, after_type, limit, type_code=type_code)
    if sym and type_name in NAMED:
        sym = symbols.parse(text.raw, after_type, limit)
    date = dates.first_date(text.folded, after_type, limit, partial=False)
    of_at = max((x.end for x in (sym, date) if x), default=after_type)
    of = _of_search(text, of_at, min(b, of_at + 6))
    issuer = _issuer(text, of.start(), b) if of else None
    garbled = issuer and _garbled(issuer[0])
    if of and (not issuer or garbled) and sym:  # printed but unreadable: the symbol's issuer code names it
        issuer = (sym.issuer, 0.6, of.end()) if sym.issuer else None
    name = None
    if type_name in NAMED or not sym:
        ends = [x.start for x in (sym, date) if x] + ([stop.start()] if stop else [])
        cut = min(ends, default=b)
        cited = one_line(text.raw[a:cut]).rstrip(" ,;.*")
        cited = re.sub(r"\s+(?:s\S{1,2}|ng\S{1,3}y?)$", "", cited)  # a trailing `số` or `ngày`
        cited = re.sub(r"\s+n\S{1,2}m\s+(?:19|20)\d\d$", "", cited)  # `Luật Hộ tịch năm 2014`: the year
        hit = lexicon.law(cited) if type_name in ("Luật", "Bộ luật") else None
        name = hit[0] if hit else (cited or None)
        if name and lexicon.key(name) == lexicon.key(type_name):
            name = None  # `Luật số 87/2025/QH15`: no name printed
    else:
        tail = issuer[2] if issuer else (stop.start() if stop else b)
        lead = re.match(r"\s*(?:ve\s+(?:vi\w{1,2}c\s+)?)?", text.folded[tail:b])
        tail += lead.end() if lead else 0
        paren = re.search(r"\(\s*sau\s+d", text.folded[tail:b])
        subject = one_line(text.raw[tail : tail + paren.start() if paren else b]).strip(" ,;.*")
        name = subject or None
    confidence = round(type_score * (0.95 if (sym or name) else 0.7), 2)
    return {
        "type": type_name,
        "number": sym.value if sym else None,
        "date": date.value if date else None,
        "issuer": issuer[0] if issuer else None,
        "name": name,
        "evidence": text.evidence(a, b),
        "confidence": confidence,
    }
