"""A separate OS process writing plans into a store (for the concurrency and crash tests).

usage: writer_proc.py URL FIRST LAST [--hang MARKER]
Saves plans FIRST..LAST-1 one transaction each; with --hang, the first save stops mid-transaction
(after its pages and restored text are written), creates MARKER and sleeps until killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conftest import make_document, make_extraction, make_restored

from thidua.corpus import open_store, writes


def main(argv: list[str]) -> None:
    url, first, last = argv[0], int(argv[1]), int(argv[2])
    if len(argv) > 3 and argv[3] == "--hang":
        marker = Path(argv[4])

        def hang(*_args, **_kwargs):
            marker.write_text("in transaction")
            time.sleep(600)

        writes.save_extraction = hang
    store = open_store(url)
    for n in range(first, last):
        document = make_document(n, body=f"lô {n % 7}")
        store.save(document, make_restored(document), make_extraction(number=f"{n}/KH-UBND"))
    store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
