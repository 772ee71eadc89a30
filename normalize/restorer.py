"""Restore a text: detect the input kind, build candidate slots per segment, decode, splice edits back."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from thidua.dictionaries import syllables
from thidua.dictionaries.tone import new_style
from thidua.normalize import channel as channel_mod
from thidua.normalize import codes
from thidua.normalize import lm as lm_mod
from thidua.normalize.decoder import Slot, decode
from thidua.normalize.tokens import Token, apply_case, case_pattern, has_marks, segments, tokenize

from thidua import __version__
from thidua.types import PAGE_BREAK, Edit, RestoredText

Mode = Literal["accented", "stripped", "ocr"]

FLAG_BELOW = 0.6  # edits whose posterior is lower are flagged for review
KEEP_LOGP = -4.0  # channel log10 p of keeping a non-syllable token as it is (English, names, codes)
CHANNEL_WEIGHT = 1.0
SLOT_CACHE = 200_000


@dataclass
class Settings:
    """Decoder knobs (tuned on generated training pairs)."""

    channel_weight: float = CHANNEL_WEIGHT
    keep_logp: float = KEEP_LOGP
    beam: int = 4
    flag_below: float = FLAG_BELOW


def detect_mode(tokens: list[Token]) -> Mode:
    """Kind of input from its word tokens: correct/Vietnamese-OCR, accent-stripped, or English-model OCR."""
    words = [t.text for t in tokens if t.kind == "word"]
    if not words:
        return "accented"
    marked = sum(1 for w in words if has_marks(w)) / len(words)
    junk = sum(1 for w in words if not w.isalpha()) / len(words)
    if marked >= 0.45:
        return "accented"
    if marked < 0.02 and junk < 0.01:
        return "stripped"
    return "ocr"


class Restorer:
    """Holds the loaded models; `restore(text)` is thread-compatible (caches only)."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.lm = lm_mod.load()
        self.channel = channel_mod.load()
        self.settings = settings or Settings()
        self.syllables = {new_style(s) for s in syllables()}
        self._slots: dict[tuple[str, str, str], Slot] = {}

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
        if tok.kind == "num":
            row = self.channel.table.get(tok.text) if mode == "ocr" and len(tok.text) <= 2 else None
            if not row:
                return Slot((lm.num,), (None,), (0.0,))
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
            return Slot((lm.unk,), (None,), (0.0,))
        obs = new_style(unicodedata.normalize("NFC", tok.text).lower())
        fixed = codes.restore_code(tok.text)
        if fixed is not None:
            return Slot((lm.unk,), (fixed if fixed != tok.text else None,), (0.0,))
        own = lm.index.get(obs, lm.unk) if obs in self.syllables else lm.unk
        if mode == "accented" and obs in self.syllables:
            return Slot((own,), (None,), (0.0,))
        stripped = mode == "stripped"
        cands = self.channel.stripped_candidates(obs) if stripped else self.channel.candidates(obs)
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
            chans.append(self.settings.keep_logp)
        elif obs in words:
            words[words.index(obs)] = None  # keeping the token as printed keeps its tone style too
        else:
            ids.append(own)
            words.append(None)
            chans.append(self.channel.logp(obs, obs))
        return Slot(tuple(ids), tuple(words), tuple(chans))

    def restore(self, text: str) -> RestoredText:
        """Restored text with the same lines, and every edit."""
        edits: list[Edit] = []
        offset = 0
        for page in text.split(PAGE_BREAK):
            edits.extend(self._restore_page(page, offset))
            offset += len(page) + len(PAGE_BREAK)
        pieces: list[str] = []
        last = 0
        for e in edits:
            pieces.append(text[last : e.start])
            pieces.append(e.replacement)
            last = e.end
        pieces.append(text[last:])
        return RestoredText(original=text, text="".join(pieces), edits=edits, pipeline_version=__version__)

    def _restore_page(self, page: str, offset: int) -> list[Edit]:
        tokens = tokenize(page)
        mode = detect_mode(tokens)
        edits: list[Edit] = []
        for seg in segments(tokens):
            slots = [self.slot(tok, mode) for tok in seg]
            path, post = decode(self.lm, slots, self.settings.channel_weight, self.settings.beam)
            for tok, slot, k, p in zip(seg, slots, path, post, strict=True):
                word = slot.words[k]
                if word is None:
                    continue
                out = (
                    word
                    if tok.kind != "word" or word[:1].isupper()
                    else apply_case(word, case_pattern(tok.text))
                )
                if out != tok.text:
                    edits.append(
                        Edit(
                            start=offset + tok.start,
                            end=offset + tok.end,
                            original=tok.text,
                            replacement=out,
                            confidence=round(p, 4),
                            flagged=p < self.settings.flag_below,
                        )
                    )
        return edits
