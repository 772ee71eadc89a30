"""Restore a text: per page by its kind, build candidate slots per segment, decode, splice edits back."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from thidua import __version__
from thidua.dictionaries import has_marks, strip_marks
from thidua.dictionaries.textkind import text_kind
from thidua.dictionaries.tone import new_style
from thidua.normalize import acronyms, casectx, casing, codes, docprior, names, tonestyle
from thidua.normalize import channel as channel_mod
from thidua.normalize import lm as lm_mod
from thidua.normalize.align import LETTER_SYMBOLS, crude_key
from thidua.normalize.channel import SHORT_LIST
from thidua.normalize.decoder import Slot, decode
from thidua.normalize.tokens import (
    DATE,
    Kind,
    Token,
    apply_case,
    case_pattern,
    segments,
    tokenize,
)
from thidua.types import PAGE_BREAK, Edit, RestoredText, TextKind

Mode = TextKind

FLAG_BELOW = 0.6  # edits whose posterior is lower are flagged for review
KEEP_LOGP = -5.0  # channel log10 p of keeping a non-syllable token as it is (English, names, codes)
CHANNEL_WEIGHT = 1.0
SLOT_CACHE = 200_000
MAX_WORD = 24
SWAP_LOGP: float | None = -5.0  # channel log10 p of a tone swap in accented text (None: never swap)
GLUE_BELOW = -3.0  # try splitting a non-syllable token only when no candidate is likelier than this
GLUE_LOGP = -2.5  # channel log10 p of a glued-token split
MISREAD_EVIDENCE = 5  # learned readings of a code-like token before it may be a misread syllable
# log10 bonus when two adjacent syllables form a word of the word list: 0.75 → 0.6 on the dev folds ab/01
# (LMs without the fold): accent-stripped errors 974 → 958 / 1203 → 1179, English OCR 36 / 71 unchanged;
# 0.5: 971 / 1182, 35 / 71; 1.0: 974 / 1207
WORD_BONUS = 0.6
OCR_GAP: float | None = 3.5  # drop OCR candidates whose channel log10 p is this far below the best
JUNK_CANDIDATES = channel_mod.WIDE_LIST  # 12, 20, 30 measured; SHORT_LIST keeps the usual list
JUNK_KEEP_LOGP = -7.0  # -6 to -8 measured; None keeps KEEP_LOGP
NEIGHBOUR_EDITS = 2  # letters a document's word may differ by from a printed token to join its candidates
GLUED_NUMBER = re.compile(r"^(?:(?P<lead>\d+)(?P<word>[^\W\d_]{2,})|(?P<word2>[^\W\d_]+)(?P<trail>\[?\d+))$")
DIGIT_WORD_LOGP = -4.0  # a number of three letter-shaped digits (161: lối) may be a syllable this likely


@dataclass(frozen=True)
class Settings:
    """Decoder knobs (beam, word bonus, OCR gap and pruning tuned on the dev and plans splits, not test)."""

    channel_weight: float = CHANNEL_WEIGHT
    keep_logp: float = KEEP_LOGP
    beam: int = 10  # 4-gram states: 10 matched 16 on the dev and heldout splits; 8 lost a few OCR paths
    word_bonus: float = WORD_BONUS
    swap_logp: float | None = SWAP_LOGP
    flag_below: float = FLAG_BELOW
    ocr_gap: float | None = OCR_GAP
    # A misread-looking word of OCR text (`nhimg`, `t01`): a wider candidate search and a lower cost
    # of keeping it (tuned on the gold seeds plan-000 and plan-003 and a dev fold of the realdocs).
    junk_candidates: int = JUNK_CANDIDATES
    junk_keep_logp: float | None = JUNK_KEEP_LOGP
    # Document-level evidence (`docprior`): +0.1 pt on accent-stripped pages on the dev fold. On English-model
    # OCR, relative to the background share (docprior.BACKGROUND), it gained on both dev folds (errors ab
    # 62 → 56, 01 97 → 95) until blank lines inside wrapped runs stopped ending contexts (`_join_wrapped`);
    # beside that it moved ab 37 → 36, 01 69 → 69 (mean 99.07 → 99.06%), lost ~2 syllables on the gold
    # seed plan-003 and cost ~6% of the OCR speed, so OCR pages go without it. 0: no second pass.
    doc_weight: float = docprior.WEIGHT
    doc_modes: tuple[str, ...] = ("stripped",)
    # The segments the document pass decodes again are the unsure ones: a wider beam there (32 states: dev
    # folds ab 949 -> 939, 01 1137 -> 1128 accent-stripped errors; 16: 943 / 1132, 64 as 32; 16 in the
    # first pass too gained nothing more).
    doc_beam: int = 32
    # Rounds of the document pass, each with the evidence the last one left: 2 rounds against 1, dev folds
    # ab 939 -> 937, 01 1128 -> 1120 accent-stripped errors; 3 as 2.
    doc_rounds: int = 2
    # The document's confident word pairs as a bigram cache (`docprior.PairCache`) on unsure segments.
    pair_modes: tuple[str, ...] = ("ocr",)
    pair_weight: float = docprior.WEIGHT
    inject_logp: float = -6.0
    # A title-case word's candidates weighed by the case of its neighbours (`casectx`); 0: not used. On
    # accent-stripped pages only: on English-model OCR it moved one syllable on two dev folds at a few
    # per cent of the speed.
    case_weight: float = casectx.WEIGHT
    case_modes: tuple[str, ...] = ("stripped",)


class Restorer:
    """Holds the loaded models; `restore(text)` is thread-compatible (caches only)."""

    def __init__(self, settings: Settings | None = None, lexicon: Iterable[str] = ()) -> None:
        """`lexicon`: names and places confirmed by reviewers (`corpus.Store.user_lexicon().entries()`): a
        capitalised run whose letters spell one is restored to that spelling before the built-in names."""
        self.lm = lm_mod.load()
        self.user_names = names.build_index(lexicon)
        self.channel = channel_mod.load()
        self.settings = settings or Settings()
        self.case = casectx.load() if self.settings.case_weight else None
        # The syllable inventory in new tone style: the LM's vocabulary less its classes (<num>, <unk>, …).
        self.syllables = {w for w in self.lm.vocab if not w.startswith("<")}
        self._slots: dict[tuple[str, str, str], Slot] = {}
        uni = self.lm.unigram_counts
        self._background = lambda w: int(uni[self.lm.index.get(w, self.lm.unk)])
        # The case pattern for an observed token on an upper-case line or not (see `casing`).
        self._case = functools.lru_cache(maxsize=100_000)(functools.partial(casing.choose, self.channel.case))

    def slot(self, tok: Token, mode: Mode) -> Slot:
        """Candidates for one token in the given mode (cached per token text, kind and mode)."""
        key = (tok.text, tok.kind, mode)
        found = self._slots.get(key)
        if found is None:
            if len(self._slots) > SLOT_CACHE:
                self._slots.clear()  # bounded memory on endless input
            found = self._slots[key] = self._make_slot(tok, mode)
        return found

    def _make_slot(self, tok: Token, mode: Mode) -> Slot:
        lm = self.lm
        if mode == "ocr" and tok.kind != "word" and len(tok.text) <= 4 and LETTER_SYMBOLS & set(tok.text):
            # `1¢`, `¢6`, `&6`: no letters, yet the English model's symbols for letters (lệ, cổ, đó)
            tok = tok._replace(kind="word")
        if tok.kind == "num":
            row = self.channel.table.get(tok.text) if mode == "ocr" and len(tok.text) <= 2 else None
            if not row and mode == "ocr" and _letter_digits(tok.text):
                found = self.channel.candidates(tok.text, SHORT_LIST)
                row = {syl: 1 for syl, ch in found if ch >= DIGIT_WORD_LOGP}
            if not row:
                return Slot((lm.date if DATE.match(tok.text) else lm.num,), (None,), (0.0,))
            # The English model reads some syllables as digits (ở → 6, lộ → 16): let the LM weigh them.
            syls = sorted(row, key=row.__getitem__, reverse=True)[:4]
            return Slot(
                (lm.num, *(lm.index[s] for s in syls)),
                (None, *syls),
                (0.0, *(self.channel.logp(s, tok.text) for s in syls)),
            )
        if tok.kind == "sym":
            fixed = codes.restore_symbol(tok.text)
            return Slot((lm.sym,), (fixed if fixed != tok.text else None,), (0.0,))
        if tok.kind == "other":
            lone_symbol = mode == "ocr" and len(tok.text) <= 2 and not any(c.isalnum() for c in tok.text)
            row = self.channel.table.get(tok.text) if lone_symbol else None
            if not row:
                return Slot((lm.unk,), (None,), (0.0,))
            # A lone OCR symbol may be a whole syllable (¢ for ở): the LM weighs it against keeping it.
            syls = sorted(row, key=row.__getitem__, reverse=True)[:4]
            return Slot(
                (lm.unk, *(lm.index[s] for s in syls)),
                (None, *syls),
                (self.settings.keep_logp, *(self.channel.logp(s, tok.text) for s in syls)),
            )
        if len(tok.text) > MAX_WORD:
            return Slot((lm.unk,), (None,), (0.0,))  # no syllable or glued pair is this long
        obs = new_style(unicodedata.normalize("NFKC", tok.text).lower())  # NFKC: ligatures (ﬁ) as letters
        code = codes.restore_code(tok.text)
        if code is not None:
            return Slot((lm.unk,), (code if code != tok.text else None,), (0.0,))
        if obs not in self.syllables and codes.ROMAN.match(tok.text):
            return Slot((lm.unk,), (None,), (0.0,))  # Roman numerals (Chương VII) are not words
        if codes.is_abbreviation(tok.text) and not (mode == "ocr" and self._misread_as_code(obs)):
            return Slot((lm.unk,), (None,), (0.0,))
        if mode == "accented" and obs not in self.syllables and not has_marks(obs):
            # Among accented text: an acronym (EPC), a lone letter (4 x 100 m) or a foreign word (chip).
            return Slot((lm.unk,), (None,), (0.0,))
        own = lm.index.get(obs, lm.unk) if obs in self.syllables else lm.unk
        if mode == "accented" and obs in self.syllables:
            if self.settings.swap_logp is None:
                return Slot((own,), (None,), (0.0,))
            # Vietnamese-model OCR swaps tone marks (đăng/đẳng): rivals with the same letters must be
            # far likelier in context than the printed syllable before they replace it.
            rivals = [syl for syl, _ in self.channel.stripped_candidates(strip_marks(obs)) if syl != obs]
            return Slot(
                (own, *(lm.index[r] for r in rivals)),
                (None, *rivals),
                (0.0, *([self.settings.swap_logp] * len(rivals))),
            )
        stripped = mode == "stripped"
        cands = self.channel.stripped_candidates(obs) if stripped else ()
        if not cands:  # no syllable has these letters: a misread, even in accent-stripped text
            misread = obs not in self.syllables and _looks_misread(tok.text, mode)
            # A misread-looking word gets more rivals (the LM picks among them).
            cands = self.channel.candidates(obs, self.settings.junk_candidates if misread else SHORT_LIST)
            if mode == "ocr" and obs in self.channel.by_base:
                # Letters of a syllable with its marks lost (doi: đối đổi đội đời đòi dõi): every common
                # accent variant competes, not only the channel's short list.
                seen = {syl for syl, _ in cands}
                extra = [syl for syl, _ in self.channel.stripped_candidates(obs) if syl not in seen]
                cands = (*cands, *((syl, self.channel.logp(syl, obs)) for syl in extra))
            if cands and self.settings.ocr_gap is not None:
                floor = max(ch for _, ch in cands) - self.settings.ocr_gap
                cands = tuple(c for c in cands if c[1] >= floor)
        ids: list[int] = []
        words: list[str | None] = []
        chans: list[float] = []
        for syl, ch in cands:
            ids.append(lm.index[syl])
            words.append(syl)
            chans.append(ch)
        if obs not in self.syllables:
            ids.append(lm.unk)
            words.append(None)
            chans.append(self._keep_logp(tok.text, mode))
            glued = self._unglue(obs, mode) if max(chans) <= GLUE_BELOW else None
            if glued is not None:
                firsts = (*ids, lm.index[glued[0]])
                ids.append(lm.index[glued[1]])
                words.append(" ".join(glued))
                chans.append(GLUE_LOGP)
                return Slot(tuple(ids), tuple(words), tuple(chans), firsts)
        else:
            # Keeping the token as printed keeps its tone style too (None). Letters without marks on an
            # accent-stripped page are one choice among their rivals, with a posterior of its own (None
            # scores 1.0): an unsure `cang` may be decoded again beside the document's `cảng`, and counts
            # as document evidence only when sure.
            keep = (
                obs
                if stripped and not has_marks(obs) and apply_case(obs, case_pattern(tok.text)) == tok.text
                else None
            )
            if obs in words:
                words[words.index(obs)] = keep
            else:
                ids.append(own)
                words.append(keep)
                chans.append(self.channel.logp(obs, obs))
        return Slot(tuple(ids), tuple(words), tuple(chans))

    def _keep_logp(self, text: str, mode: Mode) -> float:
        """Channel log10 p of keeping a non-syllable word (lower where it looks misread)."""
        junk = self.settings.junk_keep_logp
        return junk if junk is not None and _looks_misread(text, mode) else self.settings.keep_logp

    def _misread_as_code(self, obs: str) -> bool:
        """A short capital token the English model often prints for a syllable (`SG` for Sở, `BG` for Bộ):
        the LM then weighs the syllables against keeping it."""
        return len(obs) <= 3 and sum(self.channel.table.get(obs, {}).values()) >= MISREAD_EVIDENCE

    def _unglue(self, obs: str, mode: Mode) -> tuple[str, str] | None:
        """Two syllables that OCR glued into one token (`nhândân`), the likeliest split, or None."""
        best: tuple[float, tuple[str, str]] | None = None
        counts = self.channel.vocab_counts
        for i in range(1, len(obs)):
            halves = []
            for part in (obs[:i], obs[i:]):
                # Accent-stripped halves take their commonest accented syllable (nhan → nhân, not nhan).
                found = self.channel.stripped_candidates(part) if mode == "stripped" else ()
                if found:
                    halves.append(found[0][0])
                elif part in counts and counts[part] > 0:
                    halves.append(part)
                else:
                    break
            if len(halves) == 2:
                score = min(counts[halves[0]], counts[halves[1]])
                if best is None or score > best[0]:
                    best = (score, (halves[0], halves[1]))
        return best[1] if best else None

    def _rejoin(self, tokens: list[Token], page: str, mode: Mode) -> list[Token]:
        """Merge two adjacent word tokens that OCR split (`Qu yết`) when only their join is a syllable."""
        if mode == "accented" or len(tokens) < 2:
            return tokens
        counts = self.channel.vocab_counts
        seen = [t.kind == "word" and counts.get(new_style(t.text.lower()), 0) > 0 for t in tokens]
        out: list[Token] = []
        i = 0
        while i < len(tokens):
            a = tokens[i]
            b = tokens[i + 1] if i + 1 < len(tokens) else None
            if (
                b is not None
                and not (seen[i] and seen[i + 1])
                and a.kind == b.kind == "word"
                and page[a.end : b.start] == " "
            ):
                joined = crude_key(a.text + b.text)
                # only a syllable the training text writes (the word list also has `phuyên`)
                spelled = self.channel.by_base.get(joined)
                if len(joined) >= 4 and spelled and counts[spelled[0]] > 0:
                    out.append(
                        Token("word", a.text + b.text, a.start, b.end, a.boundary_before, b.boundary_after)
                    )
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    def _split_digits(self, tokens: list[Token], mode: Mode) -> list[Token]:
        """A syllable with a number glued on (a footnote mark `chính6`, `núi[3]`, `1000người`) is the
        syllable and the number; in OCR text bare digits are more often misread letters (`t01`), left to the
        channel, but a bracketed number is a footnote mark there too."""
        if all(tok.kind != "word" or tok.text.isalpha() for tok in tokens):
            return tokens  # the common case, at C speed
        out: list[Token] = []
        for tok in tokens:
            m = GLUED_NUMBER.match(tok.text) if tok.kind == "word" and not tok.text.isalpha() else None
            word = m and (m["word"] or m["word2"])
            note = bool(m and m["trail"] and m["trail"][0] == "[")
            if m is None or not word or not (note or (mode != "ocr" and self._is_syllable(word, mode))):
                out.append(tok)
                continue
            cut = tok.start + (len(m["lead"]) if m["lead"] else len(word))
            first: Kind = "num" if m["lead"] else "word"
            second: Kind = "word" if m["lead"] else "other" if note else "num"
            out.append(Token(first, tok.text[: cut - tok.start], tok.start, cut, tok.boundary_before, False))
            out.append(Token(second, tok.text[cut - tok.start :], cut, tok.end, False, tok.boundary_after))
        return out

    def _split_slashed(self, tokens: list[Token], mode: Mode) -> list[Token]:
        """Upper-case syllables joined by a slash (a form's `TỈNH/THÀNH PHỐ`, `XÃ/PHƯỜNG`) are words, not a
        document symbol (`QĐ/UBND`), where every part is a syllable (the tokeniser splits lower case)."""
        if all(tok.kind != "sym" for tok in tokens):
            return tokens
        out: list[Token] = []
        for tok in tokens:
            parts = tok.text.split("/") if tok.kind == "sym" and tok.text.isupper() else []
            if len(parts) < 2 or not all(
                self._is_syllable(p, mode) and not codes.is_abbreviation(p) for p in parts
            ):
                out.append(tok)
                continue
            at = tok.start
            for n, part in enumerate(parts):
                last = n == len(parts) - 1
                out.append(
                    Token(
                        "word",
                        part,
                        at,
                        at + len(part),
                        tok.boundary_before and not n,
                        tok.boundary_after and last,
                    )
                )
                at += len(part) + 1
        return out

    def _is_syllable(self, text: str, mode: Mode) -> bool:
        """A syllable as printed, or on an accent-stripped page the letters of a common one."""
        obs = new_style(text.lower())
        return obs in self.syllables or (mode == "stripped" and bool(self.channel.stripped_candidates(obs)))

    @staticmethod
    def _list_labels(tokens: list[Token], page: str, offset: int) -> list[Edit]:
        """List labels run a) b) c) d) đ) e): a second `d)` in a row lost its stroke; `BD)` is `Đ)`."""
        out = []
        last = ""
        for tok in tokens:
            if tok.kind != "other" or len(tok.text) > 2 or page[tok.end : tok.end + 1] != ")":
                continue
            if tok.text == "BD":  # the English model's reading of an upper-case Đ label
                out.append(Edit(offset + tok.start, offset + tok.end, tok.text, "Đ", 0.9, False))
                last = "Đ"
            elif tok.text in "dD" and last in ("d", "D"):
                fixed = "đ" if tok.text == "d" else "Đ"
                out.append(Edit(offset + tok.start, offset + tok.end, tok.text, fixed, 0.9, False))
                last = fixed
            else:
                last = tok.text
        return out

    def _heading_slot(self, page: str, tok: Token) -> Slot | None:
        """Section numerals at the start of a line (`I1.` → `II.`) are fixed outright."""
        if not tok.boundary_after or page[page.rfind("\n", 0, tok.start) + 1 : tok.start].strip():
            return None
        fixed = codes.roman_heading(tok.text)
        if fixed is None:
            return None
        return Slot((self.lm.unk,), (fixed if fixed != tok.text else None,), (0.0,))

    def _prefer_names(self, seg: list[Token], slots: list[Slot], mode: Mode) -> None:
        """A capitalised run that spells a known name (Lâm Đồng, tỉnh Đắk Lắk) or a person's name in title
        case gets its known spellings (`names.find_people`): the surname is favoured (`_favour`: a pin made
        Phường Hồng Hà Mr Phương), the given names pinned where every one is known, else left to the LM."""
        caps = [t.text[:1].isupper() for t in seg]
        if not any(caps):
            return  # every name has a capital
        keys = [crude_key(t.text) if t.kind == "word" else "\0" for t in seg]
        found = names.find(keys, caps, self.user_names) if self.user_names else []
        mine = {start + j for start, name in found for j in range(len(name))}
        for start, name in names.find(keys, caps):
            if not mine.intersection(range(start, start + len(name))):
                found.append((start, name))
        covered = {start + j for start, name in found for j in range(len(name))}
        title = [t.text[:1].isupper() and not t.text[1:2].isupper() for t in seg]

        def readings(i: int) -> Iterable[tuple[str, float]]:  # a garbled word's candidates (find_people)
            slot, kept = slots[i], _kept(seg[i])
            if seg[i].kind != "word" or slot.firsts is not None or kept in self.syllables:
                return ()
            words = docprior.slot_words(slot, kept)
            return zip(words, slot.channel, strict=True)

        people = [
            p
            for p in names.find_people(keys, title, readings)
            if not covered.intersection(range(p.start, p.start + len(p.parts)))
        ]
        for start, name in found:
            for j, syl in enumerate(name):
                self._pin(seg[start + j], slots, start + j, ((syl, 0.0),), mode)
        for person in people:
            for j, spellings in enumerate(person.parts):
                i = person.start + j
                if not spellings:
                    continue
                if person.sure and (j > 0 or person.pin_surname):
                    self._pin(seg[i], slots, i, spellings, mode)
                else:
                    slots[i] = self._favour(seg[i], slots[i], spellings, mode)

    def _favour(self, tok: Token, slot: Slot, spellings: tuple[tuple[str, float], ...], mode: Mode) -> Slot:
        """The slot with the name's spellings (a surname's) as likely to the channel as its best candidate:
        the LM and the case of the neighbours weigh them against its other candidates, which it keeps (a bonus
        on top lost on the dev fold: `Phường Ba Đình` is no `Phương`)."""
        kept = _kept(tok)
        if slot.firsts is not None or (mode == "accented" and kept in self.syllables):
            return slot
        best = max(slot.channel)
        words = docprior.slot_words(slot, kept)
        ids, outs, channel = list(slot.ids), list(slot.words), list(slot.channel)
        for syl, cost in spellings:
            if syl in words:
                k = words.index(syl)
                channel[k] = max(channel[k], best + cost)
            else:
                ids.append(self.lm.index.get(syl, self.lm.unk))
                outs.append(None if kept == syl else syl)
                channel.append(best + cost)
        return Slot(tuple(ids), tuple(outs), tuple(channel))

    def _pin(
        self, tok: Token, slots: list[Slot], i: int, spellings: tuple[tuple[str, float], ...], mode: Mode
    ) -> None:
        """Restrict slot `i` to the name's `spellings` (syllable, channel log10 cost)."""
        printed = new_style(tok.text.lower())
        if mode == "accented" and printed in self.syllables:
            return  # accented text is only corrected where it is not Vietnamese
        # names may hold rare syllables (Đắk)
        ids = tuple(self.lm.index.get(syl, self.lm.unk) for syl, _ in spellings)
        words = tuple(None if printed == syl else syl for syl, _ in spellings)
        slots[i] = Slot(ids, words, tuple(cost for _, cost in spellings))

    def restore(self, text: str, kinds: Sequence[TextKind | None] = ()) -> RestoredText:
        """Restored text with the same lines, and every edit.

        `kinds`: each page's kind as ingest judged it (`Provenance.text_kind`); a page without one is
        judged here by the same `textkind` decision."""
        edits: list[Edit] = []
        tokens: list[Token] = []  # of restored pages, offsets into `text`
        offset = 0
        pages = []
        for number, page in enumerate(text.split(PAGE_BREAK)):
            kind = kinds[number] if number < len(kinds) else None
            pages.append(self._decode_page(page, offset, kind or text_kind(page)))
            offset += len(page) + len(PAGE_BREAK)
        if self.settings.doc_weight:
            self._document_pass(pages)
        if self.settings.pair_modes:
            self._pair_pass(pages)
        old = tonestyle.writes_old_style(t.text for p in pages for t in p.tokens if t.kind == "word")
        for p in pages:
            page_edits, page_tokens = self._page_edits(p, old)
            edits.extend(page_edits)
            tokens.extend(page_tokens)
        if tokens:
            edits = self._respell_codes(tokens, edits)
        restored = _splice(text, edits)
        return RestoredText(original=text, text=restored, edits=edits, pipeline_version=__version__)

    def _respell_codes(self, tokens: list[Token], edits: list[Edit]) -> list[Edit]:
        """Give codes the Đ that the document's own restored words spell out (`KH-BVDKST`)."""
        by_start = {e.start: e for e in edits}

        def current(tok: Token) -> str:
            edit = by_start.get(tok.start)
            return edit.replacement if edit is not None and edit.end == tok.end else tok.text

        def is_code(tok: Token) -> bool:
            if "D" not in tok.text.upper():
                return False
            abbreviation = tok.text.isupper() and new_style(tok.text.lower()) not in self.syllables
            return tok.kind == "sym" or (tok.kind == "word" and abbreviation)

        code_tokens = [tok for tok in tokens if is_code(tok)]
        if not code_tokens:
            return edits
        initials = acronyms.Initials([current(t) for t in tokens if t.kind == "word"])
        for tok in code_tokens:
            printed = current(tok)
            fixed = acronyms.respell(printed, initials)
            if fixed != printed:
                by_start[tok.start] = Edit(tok.start, tok.end, tok.text, fixed, 0.9, False)
        return sorted(by_start.values(), key=lambda e: e.start)

    def _decode_page(self, page: str, offset: int, mode: Mode) -> _Page:
        """Tokenise a page of the given kind, build its slots and decode each segment (first pass)."""
        tokens = tokenize(page)
        tokens = self._split_slashed(self._split_digits(tokens, mode), mode)
        tokens = self._rejoin(tokens, page, mode)
        if mode == "ocr":
            tokens = _join_wrapped(tokens, page)
        # Upper-case lines matter only to the case of OCR words (`_page_edits`).
        upper = {}
        if mode == "ocr":
            upper = dict(zip((t.start for t in tokens), casing.upper_lines(page, tokens), strict=True))
        labels = self._list_labels(tokens, page, offset) if mode != "accented" else []
        segs = []
        for seg in segments(tokens):
            slots = [
                (tok.boundary_after and self._heading_slot(page, tok)) or self.slot(tok, mode) for tok in seg
            ]
            for i, tok in enumerate(seg):
                # a unit after a number (5 ha) or alone in brackets (a table's heading: Diện tích (ha))
                if codes.is_unit(tok.text) and (
                    (i > 0 and seg[i - 1].kind == "num")
                    or (page[tok.start - 1 : tok.start] == "(" and page[tok.end : tok.end + 1] == ")")
                ):
                    slots[i] = Slot((self.lm.unit,), (None,), (0.0,))
            if self.case is not None and mode in self.settings.case_modes:
                self._weigh_case(page, seg, slots)
            self._prefer_names(seg, slots, mode)
            path, post = self._decode(slots)
            segs.append(_Segment(seg, slots, path, post))
        return _Page(page, offset, mode, tokens, upper, labels, segs)

    def _weigh_case(self, page: str, seg: list[Token], slots: list[Slot]) -> None:
        """Shift the candidates of title-case words by the case of their neighbours (`casectx`)."""
        assert self.case is not None
        for i, tok in enumerate(seg):
            slot = slots[i]
            if (
                tok.text[:1].isupper()
                and len(slot.ids) > 1
                and slot.firsts is None
                and tok.kind == "word"
                and case_pattern(tok.text) == "title"
            ):
                cls = casectx.case_class(page, seg, i)
                slots[i] = self.case.reweighed(slot, cls, self.settings.case_weight)

    def _decode(self, slots: list[Slot], beam: int | None = None) -> tuple[list[int], list[float]]:
        s = self.settings
        return decode(self.lm, slots, s.channel_weight, beam or s.beam, s.word_bonus)

    def _document_pass(self, pages: list[_Page]) -> None:
        """Decode again the unsure segments of restored pages with the document's confident choices as a
        prior on their candidates (`docprior`), `doc_rounds` times: each round counts the choices the
        last one left."""
        restored = [p for p in pages if p.mode in self.settings.doc_modes]
        for _ in range(self.settings.doc_rounds):
            self._document_round(restored)

    def _document_round(self, restored: list[_Page]) -> None:
        """One round of the document pass over the pages it restores."""
        counts = docprior.evidence(
            (slot, k, q, _kept(tok))
            for p in restored
            for seg in p.segs
            for tok, slot, k, q in zip(seg.tokens, seg.slots, seg.path, seg.post, strict=True)
        )
        if not counts:
            return
        memo: dict[tuple[int, str], Slot | None] = {}
        # On accent-stripped pages every slot of an unsure segment is reweighed (its confident neighbours
        # too: 27 and 16 fewer errors on the dev folds than the unsure slots alone); on OCR pages the unsure
        # slots alone, which scored the same at half the cost.
        todo = [(seg, p.mode == "stripped") for p in restored for seg in p.segs]
        for seg, every in todo:
            if min(seg.post, default=1.0) >= docprior.UNSURE:
                continue
            slots = list(seg.slots)
            unsure = False
            for i, (tok, slot, k, q) in enumerate(
                zip(seg.tokens, seg.slots, seg.path, seg.post, strict=True)
            ):
                if len(slot.ids) > 1 and (every or q < docprior.UNSURE):
                    kept = _kept(tok)
                    key = (id(slot), kept)  # slots are shared per token text: reweigh each once
                    if key in memo:
                        found = memo[key]
                    else:
                        found = memo[key] = docprior.reweighed(
                            slot, counts, kept, self.settings.doc_weight, self._background
                        )
                    if found is not None:
                        slots[i] = found
                        unsure = unsure or (q < docprior.UNSURE and docprior.may_change(slot, found, k, q))
            if unsure:
                seg.path, seg.post = self._decode(slots, self.settings.doc_beam)

    def _pair_pass(self, pages: list[_Page]) -> None:
        """Decode again the unsure segments with the document's confident word pairs as a bigram cache."""
        segs = [seg for p in pages if p.mode in self.settings.pair_modes for seg in p.segs]
        mode_of = {id(seg): p.mode for p in pages for seg in p.segs}
        rows = [self._chosen(seg) for seg in segs]
        cache = docprior.PairCache(rows)
        if not cache.pairs:
            return
        for seg, row in zip(segs, rows, strict=True):
            ocr = mode_of[id(seg)] == "ocr"
            # unsure choices, and OCR words kept as printed though they are no syllable (`trit`, `t01`)
            todo = [
                q < docprior.UNSURE
                or (ocr and tok.kind == "word" and row[i][0] is None and len(tok.text) > 1)
                for i, (tok, q) in enumerate(zip(seg.tokens, seg.post, strict=True))
            ]
            if not any(todo):
                continue
            slots = list(seg.slots)
            changed = False
            for i, (tok, slot) in enumerate(zip(seg.tokens, seg.slots, strict=True)):
                if not todo[i] or len(slot.ids) < 2 or slot.firsts is not None:
                    continue
                prev = row[i - 1][0] if i else None
                nxt = row[i + 1][0] if i + 1 < len(row) else None
                words = docprior.slot_words(slot, _kept(tok))
                if ocr and tok.kind == "word":
                    slot = self._with_neighbours(slot, tok, words, cache.neighbours(prev, nxt))
                    words = docprior.slot_words(slot, _kept(tok))
                shift = cache.shifts(words, prev, nxt, self.settings.pair_weight)
                if shift is not None:
                    channel = tuple(c + g for c, g in zip(slot.channel, shift, strict=True))
                    slots[i] = Slot(slot.ids, slot.words, channel, slot.firsts)
                    changed = True
            if changed:
                seg.path, seg.post = self._decode(slots)
                seg.slots = slots

    def _with_neighbours(self, slot: Slot, tok: Token, words: list[str], found: set[str]) -> Slot:
        """The slot with the document's words of this context added as candidates where the channel
        allows them (`trit` → `trật` where the document writes `trật tự`)."""
        obs = new_style(unicodedata.normalize("NFKC", tok.text).lower())
        key = crude_key(obs)
        extra = []
        for word in sorted(found.difference(words)):
            if Levenshtein.distance(key, strip_marks(word), score_cutoff=NEIGHBOUR_EDITS) > NEIGHBOUR_EDITS:
                continue  # too far from the printed letters for the channel to allow it (cheap test first)
            ch = self.channel.logp(word, obs)
            if ch >= self.settings.inject_logp and word in self.lm.index:
                extra.append((word, ch))
        if not extra:
            return slot
        return Slot(
            (*slot.ids, *(self.lm.index[w] for w, _ in extra)),
            (*slot.words, *(w for w, _ in extra)),
            (*slot.channel, *(ch for _, ch in extra)),
        )

    def _chosen(self, seg: _Segment) -> list[tuple[str | None, float]]:
        """Per token of a decoded segment: the lower-case syllable chosen (None: not a syllable) and its
        posterior."""
        known = self.syllables
        words = [
            new_style(tok.text.lower()) if (word := slot.words[k]) is None else word.lower()
            for tok, slot, k in zip(seg.tokens, seg.slots, seg.path, strict=True)
        ]
        return [(w if w in known else None, q) for w, q in zip(words, seg.post, strict=True)]

    def _page_edits(self, p: _Page, old: bool = False) -> tuple[list[Edit], list[Token]]:
        """The page's edits, and its tokens (offsets into the whole text) when it was not already correct
        Vietnamese; `old`: restored words take the old tone style (`hoá`) the document writes."""
        page, offset, mode, upper = p.page, p.offset, p.mode, p.upper
        edits: list[Edit] = list(p.labels)
        for s in p.segs:
            for tok, slot, k, q in zip(s.tokens, s.slots, s.path, s.post, strict=True):
                word = slot.words[k]
                if word is None and tok.end - tok.start == len(tok.text):
                    continue  # kept as printed (a rejoined token spans the space it lost)
                printed = page[tok.start : tok.end]
                if word is None:
                    out = tok.text  # a rejoined split token, kept as its joined spelling
                elif tok.kind != "word" or word[:1].isupper():
                    out = word
                else:
                    case = self._case(tok.text, upper[tok.start]) if mode == "ocr" else case_pattern(tok.text)
                    out = apply_case(tonestyle.in_style(word, old), case)
                if out != printed:
                    edits.append(
                        Edit(
                            start=offset + tok.start,
                            end=offset + tok.end,
                            original=printed,
                            replacement=out,
                            confidence=round(q, 4),
                            flagged=q < self.settings.flag_below,
                        )
                    )
        edits.sort(key=lambda e: e.start)
        if mode == "accented":
            return edits, []
        if not offset:
            return edits, p.tokens
        return edits, [t._replace(start=t.start + offset, end=t.end + offset) for t in p.tokens]


@dataclass
class _Segment:
    """One decoded segment: its tokens, candidate slots, chosen candidate per slot and posteriors."""

    tokens: list[Token]
    slots: list[Slot]
    path: list[int]
    post: list[float]


@dataclass
class _Page:
    """A page after the first pass: its kind, tokens, upper-case lines, list-label edits and segments."""

    page: str
    offset: int
    mode: Mode
    tokens: list[Token]
    upper: dict[int, bool]
    labels: list[Edit]
    segs: list[_Segment]


def _join_wrapped(tokens: list[Token], page: str) -> list[Token]:
    """OCR pages: a blank line the reading put inside a wrapped run (a heading's `THONG BAO`, blank, `KET`,
    blank, `LUAN CUA ...`; a sentence's `ke hoach`, blank, `nam 2025`) is no context boundary where nothing
    ends the run before it: no punctuation in the gap, and both sides upper-case words or the next one a
    lower-case word. English-model OCR errors on the dev folds: ab 56 → 37, 01 95 → 73 (upper-case runs
    alone: 50, 88; every unpunctuated gap: 37, 81); Vietnamese-model OCR and correct text unchanged."""
    out = list(tokens)
    for n in range(len(out) - 1):
        a, b = out[n], out[n + 1]
        if not (a.boundary_after and b.boundary_before) or a.kind != "word" or b.kind != "word":
            continue
        if page[a.end : b.start].strip():
            continue  # punctuation ends the run
        if b.text[:1].islower() or case_pattern(a.text) == case_pattern(b.text) == "upper":
            out[n] = a._replace(boundary_after=False)
            out[n + 1] = b._replace(boundary_before=False)
    return out


def _kept(tok: Token) -> str:
    """The word a slot's keep-as-is choice stands for."""
    return new_style(tok.text.lower())


def _letter_digits(text: str) -> bool:
    """Three digits that all look like letters (161, 601): a syllable the English model misread, maybe."""
    return len(text) == 3 and all(c in "0146" for c in text)


def _looks_misread(text: str, mode: Mode) -> bool:
    """A non-syllable word of OCR text that looks like a misread syllable, not a name or an acronym:
    lower case after its first letter, or digits among letters (`nhimg`, `Bﬁng`, `t01`)."""
    if mode != "ocr" or len(text) < 2 or not any(c.isalpha() for c in text):
        return False
    return text[1:].islower() or any(c.isdigit() for c in text)


def _splice(text: str, edits: list[Edit]) -> str:
    """`text` with each edit's span replaced (edits sorted, not overlapping)."""
    pieces: list[str] = []
    last = 0
    for e in edits:
        pieces.append(text[last : e.start])
        pieces.append(e.replacement)
        last = e.end
    pieces.append(text[last:])
    return "".join(pieces)
