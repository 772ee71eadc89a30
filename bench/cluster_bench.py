"""Cluster throughput: the same batch of one-page scanned plans on a Dask cluster of 1 and of 2 workers.

Renders N one-page scanned PDFs (default 12) from the project's authored plans, then times, in this
one run, each into a fresh SQLite database:
  plain       thidua.pipeline.run(workers=1): today's in-process path, no Dask (the reference)
  dask w=1    thidua.cluster.run on a loopback LocalCluster of 1 worker process
  dask w=2    the same with 2 worker processes: speed-up = its docs/minute over w=1's (target ≥ 1.8×)
Cluster start-up and model loading are outside the timings (they happen once per worker, not per
document). Coordination overhead per document is the worker time not spent inside tasks
(wall × workers − Σ task seconds) / N. A task's CPU share (CPU / wall seconds, OCR subprocesses
included) well under 100% means other load on the machine is slowing it down. A second batch of
10 × N tiny text documents, where tasks take milliseconds, isolates the per-document round trip
(submit, schedule, return, store).
Usage: python bench/cluster_bench.py [--docs 12] [--workers 2] [--no-plain]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from thidua import cluster, pipeline
from thidua.corpus import open_store
from thidua.training.synth.render import render_text, save_image_pdf
from thidua.training.synth.samples import authored_plans

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "build" / "cluster_bench"


def scanned_batch(n: int) -> Path:
    """n distinct one-page scanned PDFs (cached under build/), each a page of an authored plan."""
    folder = OUT / f"scans-{n}"
    if len(list(folder.glob("*.pdf"))) == n:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    texts = list(authored_plans().values())
    for i in range(n):
        text = f"Số: {1000 + i}/KH-UBND\n" + texts[i % len(texts)]  # a distinct document each
        save_image_pdf([render_text(text)[0].image], folder / f"scan-{i:04d}.pdf")
    return folder


def tiny_batch(n: int) -> Path:
    """n distinct two-line text exports: tasks that take milliseconds."""
    folder = OUT / f"tiny-{n}"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"tiny-{i:04d}.txt").write_text(f"S6: {i} /KH-UBND\nKE HOACH thi dua\n", encoding="utf-8")
    return folder


def fresh_store(name: str):
    db = OUT / f"{name}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return open_store(str(db))


def timed_cluster(folder: Path, workers: int, label: str) -> dict:
    """Run the batch on a fresh loopback cluster of `workers` processes; start-up is not timed."""
    outcomes: list[cluster.Outcome] = []
    with cluster.connect(workers=workers) as client:
        client.wait_for_workers(workers)
        client.register_plugin(cluster.WarmUp())
        warm = [s["warm_up_seconds"] for s in client.run(cluster.worker_status).values()]
        store = fresh_store(f"{label}-w{workers}")
        start = time.perf_counter()
        summary = cluster.run([folder], store, client=client, on_done=outcomes.append)
        wall = time.perf_counter() - start
        store.close()
    n = len(outcomes)
    busy = sum(o.seconds for o in outcomes)
    assert not summary.failed, summary.failed
    return {
        "docs": n,
        "pages": summary.pages,
        "wall": wall,
        "docs_per_min": 60 * n / wall,
        "task_mean": statistics.mean(o.seconds for o in outcomes),
        "cpu_share": sum(o.cpu_seconds for o in outcomes) / busy,
        "cpu_per_doc": sum(o.cpu_seconds for o in outcomes) / n,
        "overhead_per_doc": (wall * workers - busy) / n,
        "warm_up": warm,
        "worker_processes": len({o.worker for o in outcomes}),
    }


def timed_plain(folder: Path) -> dict:
    """Today's in-process path on the same batch (models loaded before timing)."""
    cluster.warm_up()
    store = fresh_store("plain")
    start, cpu = time.perf_counter(), cluster._cpu_seconds()
    summary = pipeline.run([folder], store, workers=1)
    wall, cpu = time.perf_counter() - start, cluster._cpu_seconds() - cpu
    store.close()
    n = len(summary.stored)
    return {"docs": n, "wall": wall, "docs_per_min": 60 * n / wall, "cpu_per_doc": cpu / n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=12, help="Scanned one-page documents in the batch.")
    parser.add_argument("--workers", type=int, default=2, help="Largest cluster to time (from 1).")
    parser.add_argument("--no-plain", action="store_true", help="Skip the in-process reference run.")
    args = parser.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    scans = scanned_batch(args.docs)
    print(f"batch: {args.docs} one-page scanned PDFs ({scans}); load {os.getloadavg()[0]:.1f}", flush=True)
    if not args.no_plain:
        plain = timed_plain(scans)
        print(
            f"plain     : {plain['docs_per_min']:6.1f} docs/min  ({plain['wall']:.1f} s; "
            f"CPU {plain['cpu_per_doc']:.2f} s/doc)",
            flush=True,
        )
    results = {}
    for workers in range(1, args.workers + 1):
        r = results[workers] = timed_cluster(scans, workers, "scans")
        print(
            f"dask w={workers}  : {r['docs_per_min']:6.1f} docs/min  ({r['wall']:.1f} s; task mean "
            f"{r['task_mean']:.2f} s, {r['cpu_share']:.0%} of it on a CPU; "
            f"CPU {r['cpu_per_doc']:.2f} s/doc; overhead {r['overhead_per_doc'] * 1000:.0f} ms/doc; "
            f"{r['worker_processes']} worker processes; model warm-up once per worker: "
            f"{', '.join(f'{w:.2f} s' for w in r['warm_up'])})",
            flush=True,
        )
    top = args.workers
    if top > 1:
        print(f"speed-up w={top} / w=1: {results[top]['docs_per_min'] / results[1]['docs_per_min']:.2f}×")
    if not args.no_plain:
        print(f"dask w=1 / plain: {results[1]['docs_per_min'] / plain['docs_per_min']:.2f}×")
    tiny = timed_cluster(tiny_batch(args.docs * 10), top, "tiny")
    print(
        f"coordination round trip ({tiny['docs']} tiny docs, w={top}): "
        f"{tiny['wall'] / tiny['docs'] * 1000:.1f} ms/doc wall, task mean {tiny['task_mean'] * 1000:.1f} ms, "
        f"{tiny['docs_per_min']:.0f} docs/min"
    )
    print(f"load after: {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
