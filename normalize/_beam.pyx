# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""Compiled core of the decoder: the LM's n-gram hash tables, beam search over slots, and posteriors."""

from libc.math cimport INFINITY, exp, log
from libc.stdint cimport int64_t, uint64_t
from libc.stdlib cimport free, malloc

import numpy as np

cdef double LN10 = log(10.0)


cdef class Table:
    """Open-addressing hash map from n-gram key (int64 >= 0) to log10 value, built from sorted arrays."""

    cdef object _keys, _vals  # the numpy arrays the pointers below point into
    cdef int64_t* keys
    cdef float* vals
    cdef int shift
    cdef uint64_t mask

    def __init__(self, const int64_t[::1] keys, const float[::1] vals):
        cdef Py_ssize_t n = keys.shape[0], i
        cdef int bits = 3
        while (1 << bits) < 2 * n:
            bits += 1
        self.shift = 64 - bits
        self.mask = (1 << bits) - 1
        self._keys = np.full(1 << bits, -1, dtype=np.int64)
        self._vals = np.zeros(1 << bits, dtype=np.float32)
        cdef int64_t[::1] k = self._keys
        cdef float[::1] v = self._vals
        self.keys, self.vals = &k[0], &v[0]
        cdef uint64_t j
        for i in range(n):
            j = self._home(keys[i])
            while self.keys[j] != -1 and self.keys[j] != keys[i]:
                j = (j + 1) & self.mask
            self.keys[j] = keys[i]
            self.vals[j] = vals[i]

    cdef inline uint64_t _home(self, int64_t key) noexcept nogil:
        return (<uint64_t>key * <uint64_t>0x9E3779B97F4A7C15) >> self.shift

    cdef inline bint find(self, int64_t key, double* out) noexcept nogil:
        cdef uint64_t j = self._home(key)
        cdef int64_t k
        while True:
            k = self.keys[j]
            if k == key:
                out[0] = self.vals[j]
                return True
            if k == -1:
                return False
            j = (j + 1) & self.mask

    def get(self, int64_t key, default=None):
        cdef double p
        return p if self.find(key, &p) else default


cdef class Model:
    """The 4-gram backoff model over syllable ids: log10 P(w | t u v) and its trigram level."""

    cdef readonly Table bi, bi_bow, tri, quad, tri_bow, words
    cdef object _uni, _uni_bow
    cdef double* uni
    cdef double* ubow
    cdef readonly int64_t V

    def __init__(self, int64_t V, uni, uni_bow, Table bi, Table bi_bow, Table tri, Table quad,
                 Table tri_bow, Table words):
        self.V = V
        self._uni = np.ascontiguousarray(uni, dtype=np.float64)
        self._uni_bow = np.ascontiguousarray(uni_bow, dtype=np.float64)
        cdef double[::1] a = self._uni
        cdef double[::1] b = self._uni_bow
        self.uni, self.ubow = &a[0], &b[0]
        self.bi, self.bi_bow, self.tri, self.quad, self.tri_bow, self.words = bi, bi_bow, tri, quad, tri_bow, words

    cdef inline double tri_p(self, int64_t u, int64_t v, int64_t w) noexcept nogil:
        cdef double p, bow
        cdef int64_t V = self.V
        if self.tri.find((u * V + v) * V + w, &p):
            return p
        if not self.bi.find(v * V + w, &p):
            p = self.ubow[v] + self.uni[w]
        if self.bi_bow.find(u * V + v, &bow):
            p += bow
        return p

    cdef inline double quad_p(self, int64_t t, int64_t u, int64_t v, int64_t w) noexcept nogil:
        cdef double p, bow
        cdef int64_t ctx = (t * self.V + u) * self.V + v
        if self.quad.find(ctx * self.V + w, &p):
            return p
        p = self.tri_p(u, v, w)
        if self.tri_bow.find(ctx, &bow):
            p += bow
        return p

    def logp(self, int64_t u, int64_t v, int64_t w):
        """log10 P(w | u v): the trigram level, which the 4-gram level backs off to."""
        return self.tri_p(u, v, w)

    def logp4(self, int64_t t, int64_t u, int64_t v, int64_t w):
        """log10 P(w | t u v)."""
        return self.quad_p(t, u, v, w)


cdef struct Hyp:
    double score
    int64_t t, u, v
    Py_ssize_t k  # candidate chosen at this step
    Py_ssize_t prev  # history index of the hypothesis it extends (-1: none)
    int64_t key  # new state (u v w) as one code, for recombination


cdef Py_ssize_t _recombine(Hyp* new, Py_ssize_t n, Hyp* h) noexcept nogil:
    """Add h to new[:n] unless a hypothesis in the same state scores at least as high; returns the new n."""
    cdef Py_ssize_t j
    for j in range(n):
        if new[j].key == h.key:
            if h.score > new[j].score:
                new[j].score = h.score
                new[j].k = h.k
                new[j].prev = h.prev
            return n
    new[n] = h[0]
    return n + 1


cdef Py_ssize_t _keep_best(Hyp* new, Py_ssize_t n, Hyp* out, int beam, bint ranked) noexcept nogil:
    """The `beam` best of new[:n] into out, best first, ties in insertion order (a stable sort's prefix).

    When all fit, they keep their order unless `ranked`.
    """
    cdef Py_ssize_t i, j, best
    if n <= beam and not ranked:
        for i in range(n):
            out[i] = new[i]
        return n
    if n < beam:
        beam = n
    for i in range(beam):
        best = -1
        for j in range(n):
            if new[j].k >= 0 and (best < 0 or new[j].score > new[best].score):
                best = j
        out[i] = new[best]
        new[best].k = -1  # taken
    return beam


def decode(Model lm, list slots, double channel_weight, int beam, double word_bonus, double prune,
           int64_t bos, int64_t eos):
    """Best candidate index per slot (beam search, 4-gram states) and each choice's local posterior."""
    cdef Py_ssize_t n = len(slots), total = 0, i, j, h, k, K, nh, nn, start, max_k = 1
    cdef list lens = []
    for slot in slots:
        K = len(slot.ids)
        lens.append(K)
        total += K
        if K > max_k:
            max_k = K
    cdef int64_t* ids = <int64_t*>malloc(total * sizeof(int64_t))
    cdef int64_t* firsts = <int64_t*>malloc(total * sizeof(int64_t))
    cdef double* chans = <double*>malloc(total * sizeof(double))
    cdef Py_ssize_t* starts = <Py_ssize_t*>malloc((n + 1) * sizeof(Py_ssize_t))
    cdef char* pair = <char*>malloc(n)
    cdef Hyp* hyps = <Hyp*>malloc(beam * sizeof(Hyp))
    cdef Hyp* new = <Hyp*>malloc(beam * max_k * sizeof(Hyp))
    cdef Py_ssize_t* hist_k = <Py_ssize_t*>malloc(n * beam * sizeof(Py_ssize_t))
    cdef Py_ssize_t* hist_prev = <Py_ssize_t*>malloc(n * beam * sizeof(Py_ssize_t))
    cdef Py_ssize_t* path = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))
    cdef double* rivals = <double*>malloc(max_k * sizeof(double))
    if not (ids and firsts and chans and starts and pair and hyps and new and hist_k and hist_prev and path
            and rivals):
        raise MemoryError()
    cdef Py_ssize_t n_hist = 0, best
    cdef int64_t V = lm.V, t, u, v, w, a, tuv
    cdef double score, c, base, p, p4, qb, cut, max_chan, s, margin = prune + word_bonus
    cdef bint has_qb
    cdef Hyp cand
    try:
        start = 0
        for i, slot in enumerate(slots):
            starts[i] = start
            pair[i] = slot.firsts is not None
            for j, (w, c) in enumerate(zip(slot.ids, slot.channel)):
                ids[start + j] = w
                chans[start + j] = channel_weight * c
                firsts[start + j] = slot.firsts[j] if pair[i] else w
            start += <Py_ssize_t>lens[i]
        starts[n] = start

        with nogil:
            nh = 1
            hyps[0].score, hyps[0].t, hyps[0].u, hyps[0].v, hyps[0].prev = 0.0, bos, bos, bos, -1
            for i in range(n):
                nn = 0
                start, K = starts[i], starts[i + 1] - starts[i]
                if pair[i]:
                    # Candidates that may be two syllables (a glued token split): every expansion is scored.
                    for h in range(nh):
                        t, u, v = hyps[h].t, hyps[h].u, hyps[h].v
                        for k in range(K):
                            a, w = firsts[start + k], ids[start + k]
                            if a == w:
                                cand.score = hyps[h].score + lm.quad_p(t, u, v, w)
                                cand.t, cand.u, cand.v = u, v, w
                            else:
                                cand.score = hyps[h].score + lm.quad_p(t, u, v, a) + lm.quad_p(u, v, a, w)
                                cand.t, cand.u, cand.v = v, a, w
                            cand.score += chans[start + k]
                            cand.key = (cand.t * V + cand.u) * V + cand.v
                            cand.k, cand.prev = k, hyps[h].prev
                            nn = _recombine(new, nn, &cand)
                else:
                    max_chan = -INFINITY
                    for k in range(K):
                        if chans[start + k] > max_chan:
                            max_chan = chans[start + k]
                    cut = -INFINITY  # best new score so far minus the margin: lower expansions cannot win
                    for h in range(nh):
                        score = hyps[h].score
                        if score + max_chan < cut:
                            continue
                        t, u, v = hyps[h].t, hyps[h].u, hyps[h].v
                        # Only contexts with 4-grams of their own have a 4-gram level; the rest back off
                        # with weight 1.
                        tuv = (t * V + u) * V + v
                        has_qb = lm.tri_bow.find(tuv, &qb)
                        for k in range(K):
                            w = ids[start + k]
                            base = score + chans[start + k]
                            if base < cut:
                                continue
                            p = lm.tri_p(u, v, w)
                            if has_qb:
                                if lm.quad.find(tuv * V + w, &p4):
                                    p = p4
                                else:
                                    p = p + qb
                            if word_bonus != 0.0 and lm.words.find(v * V + w, &p4):
                                p += word_bonus
                            s = base + p
                            if s - margin > cut:
                                cut = s - margin
                            cand.score, cand.t, cand.u, cand.v = s, u, v, w
                            cand.key = (u * V + v) * V + w
                            cand.k, cand.prev = k, hyps[h].prev
                            nn = _recombine(new, nn, &cand)
                nh = _keep_best(new, nn, hyps, beam, pair[i])
                for h in range(nh):
                    hist_k[n_hist] = hyps[h].k
                    hist_prev[n_hist] = hyps[h].prev
                    hyps[h].prev = n_hist
                    n_hist += 1
            best = 0
            max_chan = -INFINITY
            for h in range(nh):
                s = hyps[h].score + lm.quad_p(hyps[h].t, hyps[h].u, hyps[h].v, eos)
                if s > max_chan:
                    max_chan, best = s, h
            j = hyps[best].prev
            for i in range(n - 1, -1, -1):
                path[i] = hist_k[j]
                j = hist_prev[j]
        out = [path[i] for i in range(n)]
        return out, _posteriors(lm, slots, path, ids, chans, starts, pair, rivals, bos, eos)
    finally:
        free(ids); free(firsts); free(chans); free(starts); free(pair)
        free(hyps); free(new); free(hist_k); free(hist_prev); free(path); free(rivals)


cdef list _posteriors(Model lm, list slots, Py_ssize_t* path, int64_t* ids, double* chans,
                      Py_ssize_t* starts, char* pair, double* rivals, int64_t bos, int64_t eos):
    """Probability of each chosen replacement against its rivals, the rest of the path held fixed.

    A confidence, not the decoder's score: the trigram level of the LM over the three trigrams that
    hold the word, which ranks rivals the same way at a fraction of the cost.
    """
    cdef Py_ssize_t n = len(slots), i, j, k, K
    cdef int64_t u, v, w, nxt, nxt2
    cdef double top, z
    cdef list out = []
    for i in range(n):
        k, K = path[i], starts[i + 1] - starts[i]
        kept = slots[i].words[k] is None
        if K == 1 or kept or pair[i]:
            out.append(1.0 if not pair[i] or kept else 0.5)
            continue
        u = bos if i < 2 else ids[starts[i - 2] + path[i - 2]]
        v = bos if i < 1 else ids[starts[i - 1] + path[i - 1]]
        nxt = eos if i + 1 >= n else ids[starts[i + 1] + path[i + 1]]
        nxt2 = eos if i + 2 >= n else ids[starts[i + 2] + path[i + 2]]
        top = -INFINITY
        for j in range(K):
            w = ids[starts[i] + j]
            rivals[j] = LN10 * (chans[starts[i] + j] + lm.tri_p(u, v, w) + lm.tri_p(v, w, nxt)
                                + lm.tri_p(w, nxt, nxt2))
            if rivals[j] > top:
                top = rivals[j]
        z = 0.0
        for j in range(K):
            z += exp(rivals[j] - top)
        out.append(exp(rivals[k] - top) / z)
    return out
