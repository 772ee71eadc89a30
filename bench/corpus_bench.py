"""Corpus benchmark: load N synthetic plans into SQLite (and PostgreSQL), then time searches.

Prints load rate (docs/s) and search latency p50/p95 per backend over 20 queries (with and without
diacritics, some with filters), with in-process baselines: loading one transaction per document vs
batched, ranking every match vs the default rank window (Store.rank_window), on PostgreSQL ranking
every candidate with ts_rank vs pre-ranking by the word-count sketch (runs alternating), and a full
scan (LIKE over the stored text) vs the full-text index. Target: search p95 < 50 ms at 50,000
documents on both backends (PostgreSQL: the server settings of scripts/with-postgres.sh).
An existing database with at least N documents is reused (only searches are timed).

    nice -n 10 .venv/bin/python bench/corpus_bench.py --docs 50000 [--fresh] [--pg URL] [-v]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import shutil
import statistics
import time
from pathlib import Path
from unittest import mock

from thidua.corpus import SearchFilters, open_store, wordcounts
from thidua.corpus.store import Item, Store
from thidua.types import Document, Extraction, Page, Provenance, RestoredText

REPO = Path(__file__).resolve().parents[1]
WORDLIST = REPO.parent / "shared" / "corpora" / "wordlists" / "Viet74K.txt"

PROVINCES = [
    "Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Đồng Tháp", "An Giang", "Nghệ An", "Thanh Hóa",
    "Quảng Ninh", "Lâm Đồng", "Đắk Lắk", "Bình Định", "Khánh Hòa", "Tây Ninh", "Lào Cai", "Sơn La",
    "Cà Mau", "Vĩnh Long", "Gia Lai", "Huế", "Tuyên Quang", "Quảng Ngãi", "Phú Thọ", "Bắc Ninh",
]  # fmt: skip
ISSUERS = [
    ("UBND", "Ủy ban nhân dân tỉnh {p}"),
    ("CAT", "Công an tỉnh {p}"),
    ("BCH", "Bộ Chỉ huy Quân sự tỉnh {p}"),
    ("SGDĐT", "Sở Giáo dục và Đào tạo tỉnh {p}"),
    ("SYT", "Sở Y tế tỉnh {p}"),
    ("HĐTĐKT", "Hội đồng Thi đua - Khen thưởng tỉnh {p}"),
]
AWARDS = [
    "Bằng khen", "Giấy khen", "Cờ thi đua", "Chiến sĩ thi đua cơ sở", "Huân chương Lao động",
    "Tập thể lao động xuất sắc",
]  # fmt: skip
THEMES = [
    "xây dựng nền quốc phòng toàn dân", "bảo vệ an ninh Tổ quốc", "chuyển đổi số", "cải cách hành chính",
    "xây dựng nông thôn mới", "dạy tốt, học tốt", "phòng, chống dịch bệnh", "bảo vệ môi trường",
    "giảm nghèo bền vững", "phòng cháy, chữa cháy", "an toàn giao thông", "phát triển du lịch",
]  # fmt: skip
PHRASES = [
    "phong trào thi đua",
    "cán bộ, công chức, viên chức",
    "người lao động",
    "cơ quan, đơn vị",
    "tổ chức thực hiện",
    "khen thưởng kịp thời",
    "tập thể, cá nhân",
    "có thành tích xuất sắc",
    "trong thực hiện nhiệm vụ",
    "trên địa bàn tỉnh",
    "theo quy định của pháp luật",
    "hoàn thành xuất sắc",
    "nâng cao chất lượng",
    "đẩy mạnh",
    "triển khai",
    "tuyên truyền",
    "sơ kết, tổng kết",
    "báo cáo kết quả",
    "Ủy ban nhân dân các huyện",
    "Mặt trận Tổ quốc",
    "đoàn thể chính trị - xã hội",
    "lực lượng vũ trang",
    "quân sự, quốc phòng địa phương",
    "gắn với",
    "nhằm động viên",
    "góp phần",
    "thực hiện thắng lợi",
    "nghị quyết Đại hội",
    "kinh tế - xã hội",
    "bảo đảm",
    "kinh phí",
    "nguồn ngân sách",
    "hướng dẫn",
    "kiểm tra, đôn đốc",
    "điển hình tiên tiến",
    "nhân rộng",
    "chỉ tiêu",
    "phấn đấu",
    "100% đơn vị",
    "đăng ký thi đua",
    "giao ước thi đua",
    "Ban Thi đua - Khen thưởng",
]
QUERIES = [
    ("an ninh to quoc", {}),
    ("an ninh Tổ quốc", {}),
    ("quoc phong toan dan", {}),
    ("quốc phòng toàn dân", {"year": 2024}),
    ("chuyen doi so", {}),
    ("chuyển đổi số", {"province": "Đồng Tháp"}),
    ('"cai cach hanh chinh"', {}),
    ("nong thon moi", {"issuer": "ủy ban nhân dân"}),
    ("dạy tốt học tốt", {}),
    ("bang khen", {"award": "Bằng khen"}),
    ("Đồng Tháp", {}),
    ("dong thap", {"year": 2025}),
    ("phong chay chua chay", {"date_from": "2025-01-01", "date_to": "2025-06-30"}),
    ("an toàn giao thông", {"doc_type": "Kế hoạch"}),
    ("du lich", {"province": "khanh hoa"}),
    ("giam ngheo ben vung", {}),
    ("thi dua", {}),
    ("khen thuong", {"province": "ha noi", "year": 2023}),
    ("moi truong OR dich benh", {}),
    ("huan chuong lao dong", {}),
]


def vocabulary(rng: random.Random) -> list[str]:
    """Administrative phrases (frequent) plus, when ../shared is present, the 74k-word list (the tail)."""
    words = list(PHRASES)
    if WORDLIST.is_file():
        tail = [w for w in WORDLIST.read_text(encoding="utf-8").split("\n") if w and " " not in w[:1]]
        words += rng.sample(tail, min(len(tail), 30000))
    return words


class Plans:
    """Deterministic synthetic plans with realistic structure and 5-15 KB of text."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        # Zipf-like weights: the administrative phrases come first and dominate.
        self.cum_weights = list(
            itertools.accumulate(1.0 / (rank + 1) ** 0.9 for rank in range(len(self.words)))
        )

    def sentence(self, theme: str) -> str:
        rng = self.rng
        body = rng.choices(self.words, cum_weights=self.cum_weights, k=rng.randint(12, 30))
        if rng.random() < 0.3:
            body.insert(rng.randrange(len(body)), theme)
        text = " ".join(body)
        return text[0].upper() + text[1:] + "."

    def make(self, n: int) -> Item:
        rng = self.rng
        province = rng.choice(PROVINCES)
        code, issuer_pattern = rng.choice(ISSUERS)
        issuer = issuer_pattern.format(p=province)
        theme = rng.choice(THEMES)
        year = rng.randint(2019, 2026)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        number = f"{rng.randint(1, 400)}/KH-{code}"
        award = rng.sample(AWARDS, rng.randint(1, 3))
        header = (
            f"{issuer.upper()}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            f"Số: {number}\n{province}, ngày {date[8:]} tháng {date[5:7]} năm {year}\n"
            f"KẾ HOẠCH\nPhát động phong trào thi đua {theme} năm {year}\n"
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
        )
        target = rng.randint(5_000, 15_000)
        parts, size = [header], len(header)
        section = 0
        while size < target:
            if rng.random() < 0.15:
                section += 1
                line = f"\n{section}. {rng.choice(PHRASES).upper()}\n"
            else:
                line = self.sentence(theme) + ("\n" if rng.random() < 0.5 else " ")
            parts.append(line)
            size += len(line)
        parts.append(
            f"\nKhen thưởng: {', '.join(award)}.\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. CHỦ TỊCH\n"
        )
        text = "".join(parts)
        pages = [text[i : i + 4000] for i in range(0, len(text), 4000)]
        sha = hashlib.sha256(f"bench-{n}".encode()).hexdigest()
        document = Document(
            sha,
            f"/bench/{n}.pdf",
            "pdf",
            [Page(i + 1, t, Provenance("text-layer")) for i, t in enumerate(pages)],
        )
        restored = RestoredText(document.text, document.text, [], "bench")
        record = {
            "schema_version": "1.0",
            "doc_type": "Kế hoạch",
            "number": number,
            "issuer": issuer,
            "province": province,
            "issued_date": date,
            "title": f"Phát động phong trào thi đua {theme} năm {year}",
            "awards": [{"form": a, "count": rng.randint(1, 20)} for a in award],
        }
        return document, restored, Extraction(record, "1.0")


def load(store: Store, count: int, batch: int) -> tuple[float, float]:
    """Load `count` plans in batches; returns (docs/s of store time, seconds spent generating)."""
    plans = Plans()
    gen = spent = 0.0
    for first in range(0, count, batch):
        t = time.perf_counter()
        items = [plans.make(n) for n in range(first, min(first + batch, count))]
        gen += time.perf_counter() - t
        t = time.perf_counter()
        store.save_many(items)
        spent += time.perf_counter() - t
        done = first + len(items)
        if done % 10_000 < batch:
            print(f"  loaded {done} docs ({done / spent:.0f} docs/s of store time)", flush=True)
    return count / spent, gen


def per_document_baseline(store: Store, count: int) -> float:
    """Docs/s when every document is its own transaction (the pipeline's `save`)."""
    plans = Plans(seed=2)
    items = [plans.make(10_000_000 + n) for n in range(count)]
    t = time.perf_counter()
    for item in items:
        store.save(*item)
    return count / (time.perf_counter() - t)


def latencies(store: Store, runs: int) -> list[float]:
    for query, filters in QUERIES:  # warm-up
        store.search(query, SearchFilters(**filters))
    timings = []
    for _ in range(runs):
        for query, filters in QUERIES:
            t = time.perf_counter()
            store.search(query, SearchFilters(**filters))
            timings.append((time.perf_counter() - t) * 1000)
    return timings


def sketch_baseline(store: Store, runs: int) -> tuple[list[float], list[float]]:
    """PostgreSQL latencies with and without the word-count sketch's pre-ranking, runs alternating
    (this machine's speed drifts within minutes)."""
    sketch: list[float] = []
    exact: list[float] = []
    for _ in range(runs):
        sketch += latencies(store, 1)
        with mock.patch.object(wordcounts, "bound_sql", return_value=None):
            exact += latencies(store, 1)
    return sketch, exact


def hit_set(store: Store, query: str) -> set[str]:
    return {hit.sha256 for hit in store.search(query, limit=100)}


def scan_baseline(store: Store) -> float:
    """Median ms of a full scan (folded LIKE over every stored text) for two queries."""
    from sqlalchemy import text

    sql = (
        "SELECT count(*) FROM restored_texts WHERE lower(text) LIKE :a"
        if store.backend.name != "postgresql"
        else "SELECT count(*) FROM restored_texts WHERE unaccent(lower(text)) LIKE :a"
    )
    timings = []
    for pattern in ("%an ninh tổ quốc%", "%chuyển đổi số%"):
        with store.engine.connect() as conn:
            t = time.perf_counter()
            conn.execute(text(sql), {"a": pattern}).scalar()
            timings.append((time.perf_counter() - t) * 1000)
    return statistics.median(timings)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(name: str, url: str, docs: int, batch: int, runs: int, verbose: bool = False) -> None:
    print(f"== {name}: {url}", flush=True)
    store = open_store(url)
    existing = store.counts()["documents"]
    if existing >= docs:
        print(f"  reusing {existing} stored docs (delete the database to re-measure loading)")
    else:
        rate, gen = load(store, docs, batch)
        print(
            f"  load: {docs} docs, {rate:.0f} docs/s (batched {batch}/txn; generation {gen:.0f} s excluded)"
        )
        base = per_document_baseline(store, 200)
        print(
            f"  load baseline: {base:.0f} docs/s one txn per document; batched/baseline = {rate / base:.2f}x"
        )
    counts = store.counts()
    print(f"  stored: {counts['documents']} documents, {counts['pages']} pages")
    timings = latencies(store, runs)
    p50, p95 = pct(timings, 0.5), pct(timings, 0.95)
    print(
        f"  search: {len(QUERIES)} queries x {runs} runs: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(timings):.1f} ms"
    )
    per_query = [statistics.median(timings[i :: len(QUERIES)]) for i in range(len(QUERIES))]
    slowest = sorted(zip(per_query, QUERIES, strict=True), key=lambda x: -x[0])[:3]
    print("  slowest (median ms): " + "; ".join(f"{q!r}{f or ''} {ms:.1f}" for ms, (q, f) in slowest))
    if verbose:
        for ms, (query, filters) in zip(per_query, QUERIES, strict=True):
            print(f"    {ms:7.1f} ms  {query!r} {filters or ''}")
    if store.backend.name == "postgresql":
        sketch, exact = sketch_baseline(store, runs)
        ratio = pct(sketch, 0.95) / pct(exact, 0.95)
        print(
            "  search ranking every candidate with ts_rank (no word-count sketch), runs alternating: "
            f"p50 {pct(exact, 0.5):.1f} ms (sketch {pct(sketch, 0.5):.1f}), p95 {pct(exact, 0.95):.1f} ms "
            f"(sketch {pct(sketch, 0.95):.1f}); sketch/exact p95 = {ratio:.2f}"
        )
    window, store.rank_window = store.rank_window, None
    every = latencies(store, 1)
    store.rank_window = window
    print(
        f"  search ranking every match (rank_window=None): p50 {pct(every, 0.5):.1f} ms, "
        f"p95 {pct(every, 0.95):.1f} ms; windowed ({window}) p95 / every p95 = {p95 / pct(every, 0.95):.2f}"
    )
    pairs = [("an ninh to quoc", "an ninh Tổ quốc"), ("quoc phong toan dan", "quốc phòng toàn dân")]
    pairs += [("chuyen doi so", "chuyển đổi số"), ("dong thap", "Đồng Tháp"), ("bang khen", "BẰNG KHEN")]
    same = sum(hit_set(store, plain) == hit_set(store, marked) for plain, marked in pairs)
    print(f"  with vs without diacritics: {same}/{len(pairs)} query pairs return the same top-100 documents")
    scan = scan_baseline(store)
    print(
        f"  search baseline: full-text scan (LIKE) median {scan:.0f} ms; scan/index p50 = {scan / p50:.0f}x"
    )
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50_000, help="documents to load (default 50000)")
    parser.add_argument("--batch", type=int, default=500, help="documents per transaction")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of the query set")
    parser.add_argument("--sqlite", default=str(REPO / "build" / "bench" / "corpus.db"), help="SQLite file")
    parser.add_argument("--fresh", action="store_true", help="delete the SQLite file first")
    parser.add_argument(
        "--pg", default=os.environ.get("THIDUA_BENCH_PG_URL") or os.environ.get("THIDUA_TEST_PG_URL"),
        help="PostgreSQL URL [env THIDUA_BENCH_PG_URL or THIDUA_TEST_PG_URL]; none: SQLite only",
    )  # fmt: skip
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every query's median")
    args = parser.parse_args()
    if not args.no_sqlite:
        path = Path(args.sqlite)
        path.parent.mkdir(parents=True, exist_ok=True)
        if args.fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        run("sqlite", str(path), args.docs, args.batch, args.runs, args.verbose)
        print(
            f"  file size: {path.stat().st_size / 1e6:.0f} MB; "
            f"free disk {shutil.disk_usage(path.parent).free / 1e9:.0f} GB"
        )
    if args.pg:
        run("postgresql", args.pg, args.docs, args.batch, args.runs, args.verbose)
    else:
        print("== postgresql: skipped (no --pg URL)")


if __name__ == "__main__":
    main()
