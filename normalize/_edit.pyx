# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled inner loop of the OCR channel: the cheapest weighted alignment of a true and an observed token."""

from libc.stdlib cimport free, malloc


def align_cost(channel, str gold, str obs):
    """-log10 P(obs | gold) of the best alignment: substitutions, deletions, insertions and the learned
    multi-character confusions ending at each true character (the costs come from `channel`)."""
    cdef Py_ssize_t n = len(gold), m = len(obs), i, j, k, q, npieces, width = m + 1
    cdef dict sub_cache = channel._sub_cache
    cdef dict segments = channel._segments
    sub_cost = channel._sub_cost
    cdef list ochars = list(obs)
    cdef double* rows = <double*>malloc((n + 1) * width * sizeof(double))
    cdef double* ins = <double*>malloc((m + 1) * sizeof(double))
    # learned pieces ending at the current true character: start row, observed length, cost
    cdef Py_ssize_t cap = 1
    for i in range(1, n + 1):
        npieces = len(segments.get(gold[i - 1 : i], ())) + (len(segments.get(gold[i - 2 : i], ())) if i > 1 else 0)
        if npieces > cap:
            cap = npieces
    cdef double** piece_row = <double**>malloc(cap * sizeof(double*))
    cdef Py_ssize_t* piece_len = <Py_ssize_t*>malloc(cap * sizeof(Py_ssize_t))
    cdef double* piece_cost = <double*>malloc(cap * sizeof(double))
    cdef list piece_obs = []
    cdef double* prev
    cdef double* cur
    cdef double d, c, best, left
    if not (rows and ins and piece_row and piece_len and piece_cost):
        raise MemoryError()
    try:
        for j in range(m):
            ins[j] = channel._ins_cost(ochars[j])
        rows[0] = 0.0
        for j in range(m):
            rows[j + 1] = rows[j] + ins[j]
        for i in range(1, n + 1):
            g = gold[i - 1 : i]
            d = channel._del_cost(g)
            prev, cur = rows + (i - 1) * width, rows + i * width
            npieces = 0
            del piece_obs[:]
            for a in ((g,) if i == 1 else (g, gold[i - 2 : i])):
                for b, cost in segments.get(a, ()):
                    piece_row[npieces] = rows + (i - len(a)) * width
                    piece_len[npieces] = len(b)
                    piece_cost[npieces] = cost
                    piece_obs.append(b)
                    npieces += 1
            cur[0] = prev[0] + d
            left = cur[0]
            for j in range(m):
                key = g + ochars[j]
                found = sub_cache.get(key)
                c = sub_cost(g, ochars[j]) if found is None else found
                best = prev[j] + c
                if prev[j + 1] + d < best:
                    best = prev[j + 1] + d
                if left + ins[j] < best:
                    best = left + ins[j]
                for q in range(npieces):
                    k = j + 1 - piece_len[q]
                    if k >= 0 and piece_row[q][k] + piece_cost[q] < best and obs.startswith(piece_obs[q], k):
                        best = piece_row[q][k] + piece_cost[q]
                cur[j + 1] = best
                left = best
        return rows[n * width + m]
    finally:
        free(rows); free(ins); free(piece_row); free(piece_len); free(piece_cost)
