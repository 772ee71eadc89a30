"""OCR noisy channel: P(observed token | true syllable) from learned token and character confusions."""

from __future__ import annotations

import functools
import json
import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from thidua.normalize._edit import align_cost

from thidua.dictionaries import DATA_DIR, strip_marks
from thidua.dictionaries.tone import new_style
from thidua.errors import MissingDependencyError
from thidua.normalize.align import crude_key, opcodes

CHANNEL_PATH = DATA_DIR / "channel.json"
CANDIDATES_PATH = DATA_DIR / "ocr_candidates.tsv"  # candidates() precomputed for common observed forms
TABLE_WEIGHT = 0.7  # mixture weight of the learned token table against the character model
FLOOR = 1e-7
CANDIDATE_GAP = 4.0  # drop OCR candidates this much (log10) below the best by channel x unigram
SHORT_LIST = 6  # candidates of an observed form, by default
WIDE_LIST = 20  # candidates of a misread-looking form, and the rows of the precomputed table
# Confusions of real scans that clean renders do not show (Đ printed bold reads as P): prior floors.
PRIOR_SUBS = {"đp": 0.05, "ưw": 0.05, "ơd": 0.02, "ôd": 0.02}
Candidates = tuple[tuple[str, float], ...]  # (syllable, log10 P(observed | syllable)), best first
# Digits the English model prints for look-alike letters of real scans (t01 tội, 161 lối, d4u đấu), by the
# letter's shape without its tone mark: prior floors as PRIOR_SUBS.
DIGIT_SHAPES = {"0": "oôơ", "6": "ôơ", "1": "il", "4": "âă"}
DIGIT_FLOOR = 0.01
# The English model reads the breve and circumflex of a real scan's ă/â (any tone) as an i or é (sẵn → sin,
# chất → chit, chắc → chéc): prior floors by the letter's shape, measured on the two gold seeds.
SHAPE_FLOORS = {"ăi": 0.1, "ăé": 0.03, "âi": 0.02, "âé": 0.03}
SHAPE_PENALTY = 1.0  # rough log10 cost of such a reading when shortlisting candidates (chéc → chắc)
STRIPPED_MIN_SHARE = 3e-5  # accent-stripped candidates rarer than this share of the commonest are dropped


def learn(pairs: Iterable[tuple[str, str]], syllables: frozenset[str]) -> dict:
    """Token table and character confusion counts from (gold, observed) lower-case token pairs."""
    table: dict[str, Counter] = defaultdict(Counter)
    gold_count: Counter = Counter()
    sub: Counter = Counter()
    dele: Counter = Counter()
    ins: Counter = Counter()
    chars: Counter = Counter()
    for gold, obs in pairs:
        gold = new_style(gold)
        if gold not in syllables:
            continue
        table[obs][gold] += 1
        gold_count[gold] += 1
        chars.update(gold)
        matched = set(range(len(gold)))
        for op in Levenshtein.editops(gold, obs):
            if op.tag == "replace":
                sub[gold[op.src_pos] + obs[op.dest_pos]] += 1
                matched.discard(op.src_pos)
            elif op.tag == "delete":
                dele[gold[op.src_pos]] += 1
                matched.discard(op.src_pos)
            else:
                ins[obs[op.dest_pos]] += 1
        for i in matched:
            sub[gold[i] + gold[i]] += 1
    return {
        "table": {o: dict(c) for o, c in table.items()},
        "gold_count": dict(gold_count),
        "sub": dict(sub),
        "del": dict(dele),
        "ins": dict(ins),
        "chars": dict(chars),
    }


SEGMENT_GOLD = 2  # longest true-text piece of a learned multi-character confusion (ứ→ir, ối→01)
SEGMENT_OBS = 3  # longest observed piece
SEGMENT_MIN_P = 1e-4  # rarer segment confusions are left to the single-character model


def learn_segments(table: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Multi-character confusions from the token table: true piece → observed piece → count.

    Each unequal block of a token pair's alignment up to SEGMENT_GOLD x SEGMENT_OBS characters is one
    confusion (`chức` → `chire` gives `ức` → `ire`); an inserted or deleted piece is anchored to the
    true character before it (or after it, at the start). Pieces the single-character model already
    covers (one character for one or none) are not kept.
    """
    segments: dict[str, Counter] = defaultdict(Counter)
    for obs, row in table.items():
        for gold, n in row.items():
            for tag, i1, i2, j1, j2 in opcodes(gold, obs):
                if tag == "equal":
                    continue
                if i1 == i2:  # an insertion: anchor it to a neighbouring true character
                    if i1 > 0:
                        i1, j1 = i1 - 1, j1 - 1
                    else:
                        i2, j2 = i2 + 1, j2 + 1
                a, b = gold[i1:i2], obs[j1:j2]
                if 0 < len(a) <= SEGMENT_GOLD and len(b) <= SEGMENT_OBS and (len(a) > 1 or len(b) > 1):
                    segments[a][b] += n
    return {a: dict(c) for a, c in sorted(segments.items())}


class Channel:
    """Candidate true syllables for an observed token, each with log10 P(observed | syllable)."""

    def __init__(
        self, model: dict, vocab_counts: dict[str, int], known: Mapping[str, Candidates] | None = None
    ) -> None:
        self.known = known or {}  # observed form -> candidates(form), precomputed by `precompute`
        self.table: dict[str, dict[str, int]] = model["table"]
        self.gold_count: dict[str, int] = model["gold_count"]
        self.case: dict[str, dict[str, int]] = model.get("case", {})  # see thidua.normalize.casing
        chars: dict[str, int] = model["chars"]
        total = sum(chars.values()) or 1
        self._sub = {k: v / (chars.get(k[0], 0) + 5) for k, v in model["sub"].items()}
        self._del = {k: v / (chars.get(k, 0) + 5) for k, v in model["del"].items()}
        self._ins = {k: v / total for k, v in model["ins"].items()}
        self._segments = _segment_costs(model.get("segments", {}), model["gold_count"], chars)
        # (observed piece, its true letters, cost) for pieces of two or more characters, cheapest first
        undo: dict[tuple[str, str], float] = {}
        for a, row in self._segments.items():
            letters = strip_marks(a)
            for b, cost in row:
                if len(b) > 1 and crude_key(b) != letters:
                    undo[b, letters] = min(cost, undo.get((b, letters), math.inf))
        self._undo = sorted(((b, a, cost) for (b, a), cost in undo.items()), key=lambda t: t[2])
        self._sub_cache: dict[str, float] = {}
        self._del_costs: dict[str, float] = {}
        self._ins_costs: dict[str, float] = {}
        self.vocab_counts = vocab_counts
        self.by_base: dict[str, list[str]] = defaultdict(list)
        for syl in sorted(vocab_counts, key=lambda s: -vocab_counts[s]):
            self.by_base[strip_marks(syl)].append(syl)
        self.bases = list(self.by_base)
        self._letters = sorted(set("".join(self.bases)))
        prior = {syl: math.log10(count + 0.5) for syl, count in vocab_counts.items()}
        self.base_all = {b: [(syl, prior[syl]) for syl in syls] for b, syls in self.by_base.items()}
        self.base_priors = {b: [(syl, p) for syl, p in v if p > 0] for b, v in self.base_all.items()}

    def _sub_cost(self, g: str, o: str) -> float:
        cost = self._sub_cache.get(g + o)
        if cost is None:
            p = self._sub.get(g + o)
            if g + o in PRIOR_SUBS:
                p = max(p or 0.0, PRIOR_SUBS[g + o])
            elif o in DIGIT_SHAPES and _shape(g) in DIGIT_SHAPES[o]:
                p = max(p or 0.0, DIGIT_FLOOR)
            elif o in "ié" and _shape(g) + o in SHAPE_FLOORS:
                p = max(p or 0.0, SHAPE_FLOORS[_shape(g) + o])
            if p is None:
                if g == o:
                    p = 0.5
                elif strip_marks(g) == strip_marks(o):
                    p = 0.02
                else:
                    p = 0.0005
            cost = self._sub_cache[g + o] = -math.log10(max(p, FLOOR))
        return cost

    def _del_cost(self, g: str) -> float:
        cost = self._del_costs.get(g)
        if cost is None:
            cost = self._del_costs[g] = -math.log10(max(self._del.get(g, 0.0005), FLOOR))
        return cost

    def _ins_cost(self, o: str) -> float:
        cost = self._ins_costs.get(o)
        if cost is None:
            cost = self._ins_costs[o] = -math.log10(max(self._ins.get(o, 0.0005), FLOOR))
        return cost

    @functools.lru_cache(maxsize=200_000)  # noqa: B019 - one Channel per process
    def char_logp(self, gold: str, obs: str) -> float:
        """log10 P(obs | gold) under the character confusion model (best alignment)."""
        return -align_cost(self, gold, obs)

    def logp(self, gold: str, obs: str) -> float:
        """log10 P(obs | gold): learned token table mixed with the character model."""
        p_char = 10 ** self.char_logp(gold, obs)
        row = self.table.get(obs)
        if row and gold in row:
            p_tab = row[gold] / (self.gold_count[gold] + 1)
            return math.log10(TABLE_WEIGHT * p_tab + (1 - TABLE_WEIGHT) * p_char)
        return math.log10((1 - TABLE_WEIGHT) * p_char + FLOOR)

    def candidates(self, obs: str, limit: int = SHORT_LIST) -> tuple[tuple[str, float], ...]:
        """The `limit` best true-syllable candidates for a lower-case observed token, by channel x
        unigram score (a prefix of the precomputed row, which holds WIDE_LIST)."""
        found = self.known.get(obs)
        return found[:limit] if found is not None else self.search(obs, limit)

    @functools.lru_cache(maxsize=100_000)  # noqa: B019
    def search(self, obs: str, limit: int = SHORT_LIST, pool: int = 40) -> tuple[tuple[str, float], ...]:
        """`candidates` computed from scratch: fuzzy base search, then the channel on a shortlist."""
        key = crude_key(obs)
        cutoff = 1 if len(key) <= 2 else 2
        rough: dict[str, float] = {syl: 10.0 for syl in self.table.get(obs, ())}
        for base, dist, _ in process.extract(
            key, self.bases, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=None
        ):
            penalty = 1.5 * dist
            # Unseen forms (count 0) only when the letters match exactly.
            for syl, prior in self.base_priors[base] if dist else self.base_all[base]:
                if syl not in rough:
                    rough[syl] = prior - penalty
        for variant in self._variants(obs):  # multi-character misreadings undone (chitc → chuc)
            for base, dist in self._near(variant):
                for syl, prior in self.base_priors[base]:
                    rough[syl] = max(rough.get(syl, -math.inf), prior - 1.5 * (dist + 1))
        for at, ch in enumerate(obs):  # an i or é that was an ă or â
            if ch in "ié":
                for syl, prior in self.base_priors.get(crude_key(obs[:at] + "a" + obs[at + 1 :]), ()):
                    rough[syl] = max(rough.get(syl, -math.inf), prior - SHAPE_PENALTY)
        shortlist = sorted(rough, key=rough.__getitem__, reverse=True)[:pool]
        scored = []
        for syl in shortlist:
            cost = self.logp(syl, obs)
            scored.append((cost + math.log10(self.vocab_counts.get(syl, 0) + 0.5), syl, cost))
        scored.sort(reverse=True)
        floor = scored[0][0] - CANDIDATE_GAP if scored else 0.0
        return tuple((syl, cost) for score, syl, cost in scored[:limit] if score >= floor)

    def _near(self, key: str) -> set[tuple[str, int]]:
        """The bases within one edit of `key`, each with its distance (0 or 1)."""
        letters = self._letters
        edits = {key[:i] + key[i + 1 :] for i in range(len(key))}
        for i in range(len(key) + 1):
            edits.update(key[:i] + c + key[i:] for c in letters)
            if i < len(key):
                edits.update(key[:i] + c + key[i + 1 :] for c in letters)
        return {(base, int(base != key)) for base in edits if base in self.by_base}

    def _variants(self, obs: str, limit: int = 8) -> list[str]:
        """Crude keys of `obs` with one learned multi-character misreading undone, likeliest first."""
        found: dict[str, float] = {}
        for b, a, cost in self._undo:
            at = obs.find(b)
            if at >= 0:
                key = crude_key(obs[:at] + a + obs[at + len(b) :])
                if key not in found:
                    found[key] = cost
        return sorted(found, key=found.__getitem__)[:limit]

    def stripped_candidates(self, obs: str, limit: int = 10) -> tuple[tuple[str, float], ...]:
        """Syllables whose diacritic-free form is the observed token (accent-stripped input)."""
        found = self.by_base.get(obs, ())
        floor = self.vocab_counts[found[0]] * STRIPPED_MIN_SHARE if found else 0
        seen = [syl for syl in found if self.vocab_counts[syl] > floor][:limit]
        return tuple((syl, 0.0) for syl in (seen or found[:1]))


def _shape(letter: str) -> str:
    """A letter without its tone mark but with its vowel shape (ố → ô, ạ → a)."""
    return unicodedata.normalize(
        "NFC", "".join(c for c in unicodedata.normalize("NFD", letter) if c not in TONES)
    )


TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # grave, acute, tilde, hook, dot below


def _segment_costs(
    segments: dict[str, dict[str, int]], gold_count: dict[str, int], chars: dict[str, int]
) -> dict[str, tuple[tuple[str, float], ...]]:
    """-log10 P(observed piece | true piece) per true piece, for pieces seen often enough."""
    pairs: Counter = Counter()
    for syl, n in gold_count.items():
        for k in range(len(syl) - 1):
            pairs[syl[k : k + 2]] += n
    out: dict[str, tuple[tuple[str, float], ...]] = {}
    for a, row in segments.items():
        total = (chars.get(a, 0) if len(a) == 1 else pairs[a]) + 5
        kept = tuple((b, -math.log10(n / total)) for b, n in row.items() if n / total >= SEGMENT_MIN_P)
        if kept:
            out[a] = kept
    return out


@functools.cache
def load() -> Channel:
    """The shipped channel model with the LM's unigram counts as its vocabulary."""
    from thidua.normalize import lm

    if not CHANNEL_PATH.exists():
        raise MissingDependencyError(f"{CHANNEL_PATH} missing: run python -m thidua.training.train_channel")
    model = json.loads(CHANNEL_PATH.read_text(encoding="utf-8"))
    lang = lm.load()
    counts = {
        w: int(c) for w, c in zip(lang.vocab, lang.unigram_counts.tolist(), strict=True) if "<" not in w
    }
    return Channel(model, counts, load_known(counts))


def load_known(vocab: dict[str, int]) -> CandidateTable:
    """The precomputed candidate table (empty when absent: candidates are then searched)."""
    rows: dict[str, str] = {}
    if CANDIDATES_PATH.exists():
        with CANDIDATES_PATH.open(encoding="utf-8") as fh:
            for line in fh:
                if not line.startswith("#"):
                    obs, _, rest = line.rstrip("\n").partition("\t")
                    rows[obs] = rest
    return CandidateTable(rows, vocab)


class CandidateTable(Mapping[str, Candidates]):
    """Observed form -> its precomputed candidates, each row parsed on first use so loading stays fast.

    A stale row's syllables that the LM no longer knows are dropped; a row left empty counts as absent,
    so the form is searched afresh.
    """

    def __init__(self, rows: dict[str, str], vocab: dict[str, int]) -> None:
        self._rows, self._vocab = rows, vocab
        self._parsed: dict[str, Candidates] = {}

    def __getitem__(self, obs: str) -> Candidates:
        found = self._parsed.get(obs)
        if found is None:
            fields = self._rows[obs].replace("\t", " ").split()  # "syllable cost" pairs
            pairs = zip(fields[::2], fields[1::2], strict=True)
            found = tuple([(syl, float(cost)) for syl, cost in pairs if syl in self._vocab])
            if fields and not found:
                raise KeyError(obs)
            self._parsed[obs] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)
