"""Web benchmark: the review app's pages and API over N synthetic plans, on SQLite and PostgreSQL.

Loads N plans (corpus_bench's generator, plus deadlines and review items) unless the database already
holds them, serves the app with uvicorn on 127.0.0.1 and times over HTTP: the search page (results,
facets and chart), the facet counts (/api/facets), the document page, an API listing page and the
change feed; the same queries through the library search that `thidua search` runs, and a few
`thidua search` processes (start-up included), in the same run. Targets at 50,000 documents: search
page p95 < 200 ms, facets p95 < 300 ms, document page p95 < 150 ms.

    nice -n 10 .venv/bin/python bench/web_bench.py --docs 50000 [--pg URL] [--no-sqlite]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from thidua.corpus import SearchFilters, browse, open_store
from thidua.web import create_app

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("corpus_bench", REPO / "bench" / "corpus_bench.py")
corpus_bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus_bench)

FACET_PARAMS = [
    {},
    {"q": "an ninh to quoc"},
    {"q": "chuyển đổi số", "year": "2024"},
    {"province": "Đồng Tháp"},
    {"award": "Bằng khen", "year": "2025"},
    {"q": "phong trao thi dua"},
    {"deadline_month": "2025-03"},
    {"q": '"cải cách hành chính"', "province": "Huế"},
]


def with_review(item, rng: random.Random):
    """A plan with deadlines (dated in its year) and, for a fifth of them, review items."""
    document, restored, extraction = item
    record = extraction.record
    year = int(record["issued_date"][:4])
    record["deadlines"] = [
        {"date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "action": "Báo cáo"}
        for _ in range(rng.randint(0, 3))
    ]
    if rng.random() < 0.2:
        record["review"] = [{"field": "number", "reason": "low OCR confidence"}]
    return document, restored, extraction


def load(store, count: int, batch: int) -> float:
    plans, rng = corpus_bench.Plans(), random.Random(7)
    started = time.perf_counter()
    for first in range(0, count, batch):
        items = [with_review(plans.make(n), rng) for n in range(first, min(first + batch, count))]
        store.save_many(items)
        done = first + len(items)
        if done % 10_000 < batch:
            print(f"  loaded {done} docs ({done / (time.perf_counter() - started):.0f} docs/s)", flush=True)
    return count / (time.perf_counter() - started)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(
    client: httpx.Client, requests: list[tuple[str, dict]], runs: int, cold: bool = False
) -> list[float]:
    """Milliseconds per request; `cold`: the matched ids of earlier searches forgotten before each."""
    for path, params in requests:  # warm-up (and a check that every request succeeds)
        response = client.get(path, params=params)
        assert response.status_code == 200, (path, params, response.status_code, response.text[:300])
    out = []
    for _ in range(runs):
        for path, params in requests:
            if cold:
                browse.forget_matches()
            t = time.perf_counter()
            client.get(path, params=params).raise_for_status()
            out.append((time.perf_counter() - t) * 1000)
    return out


def report(name: str, timings: list[float], target: float | None = None) -> None:
    goal = (
        f" (target p95 < {target:.0f} ms: {'met' if pct(timings, 0.95) < target else 'MISSED'})"
        if target
        else ""
    )
    print(
        f"  {name}: n={len(timings)} p50 {pct(timings, 0.5):.1f} ms, p95 {pct(timings, 0.95):.1f} ms, "
        f"max {max(timings):.1f} ms{goal}",
        flush=True,
    )


def search_params() -> list[dict]:
    """corpus_bench's 20 queries with filters, as search-page parameters."""
    out = []
    for query, filters in corpus_bench.QUERIES:
        params = {"q": query}
        for key, value in filters.items():
            params[{"date_from": "date_from", "date_to": "date_to"}.get(key, key)] = str(value)
        out.append(params)
    return out


def run(name: str, url: str, docs: int, batch: int, runs: int) -> None:
    print(f"== {name}: {url}", flush=True)
    store = open_store(url)
    existing = store.counts()["documents"]
    if existing >= docs:
        print(f"  reusing {existing} stored docs")
    else:
        print(f"  load: {docs} docs, {load(store, docs - existing, batch):.0f} docs/s", flush=True)
    ids = [item.id for item in store.changes(0, limit=100_000).items]
    print(f"  stored: {len(ids)} documents", flush=True)
    port = 8700 + random.randrange(200)
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    rng = random.Random(3)
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        pages = [("/", p) for p in search_params()]
        report("search page (/?q=…, 20 queries)", timed(client, pages, runs), 200)
        report("search page, each search new (matches not kept)", timed(client, pages, runs, cold=True), 200)
        facets = [("/api/facets", p) for p in FACET_PARAMS]
        report("facet counts (/api/facets, 8 searches)", timed(client, facets, runs * 2), 300)
        report("facet counts, each search new", timed(client, facets, runs * 2, cold=True), 300)
        sample = [("/documents/" + sha, {}) for sha in rng.sample(ids, 40)]
        report("document page (40 documents)", timed(client, sample, max(1, runs // 2)), 150)
        listing = [("/api/documents", p | {"sort": "issued"}) for p in FACET_PARAMS]
        report("API listing (/api/documents, sort=issued)", timed(client, listing, runs))
        feed = [("/api/changes", {"since": str(s), "limit": "100"}) for s in rng.sample(range(len(ids)), 10)]
        report("change feed (/api/changes, 100 records)", timed(client, feed, runs))
    server.should_exit = True
    thread.join(10)
    library = []
    for _ in range(runs):
        for query, filters in corpus_bench.QUERIES:
            t = time.perf_counter()
            store.search(query, SearchFilters(**filters))
            library.append((time.perf_counter() - t) * 1000)
    report("CLI search, in process (Store.search, the same 20 queries)", library)
    cli = []
    for query, filters in corpus_bench.QUERIES[:5]:
        args = [str(Path(sys.executable).parent / "thidua"), "search", query, "--db", url]
        args += [a for k, v in filters.items() for a in (f"--{k.replace('_', '-')}", str(v))]
        args = [a.replace("--date-from", "--from").replace("--date-to", "--to") for a in args]
        t = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        cli.append((time.perf_counter() - t) * 1000)
    print(
        f"  `thidua search` processes (5 queries, start-up included): median {statistics.median(cli):.0f} ms"
    )
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sqlite", default=str(REPO / "build" / "bench" / "web.db"))
    parser.add_argument(
        "--pg", default=os.environ.get("THIDUA_BENCH_PG_URL") or os.environ.get("THIDUA_TEST_PG_URL")
    )
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.no_sqlite:
        Path(args.sqlite).parent.mkdir(parents=True, exist_ok=True)
        run("sqlite", args.sqlite, args.docs, args.batch, args.runs)
    if args.pg:
        run("postgresql", args.pg, args.docs, args.batch, args.runs)
    else:
        print("== postgresql: skipped (no --pg URL)")


if __name__ == "__main__":
    main()
