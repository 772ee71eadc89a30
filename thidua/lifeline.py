"""Worker processes that never outlive the run that started them (no orphans after a SIGKILL)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1
CHECK_SECONDS = 1.0


def bind(owner: int) -> None:
    """Pool initializer: die with the parent (parent-death signal), and check `owner` in a thread.

    Pool workers are children of the forkserver, which exits when the run's process dies; the
    watch thread also covers a parent that lingers, and platforms without prctl.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    parent = os.getppid()
    if parent == 1 or not alive(owner):  # died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(owner, parent), name="thidua-lifeline", daemon=True).start()


def alive(pid: int) -> bool:
    """Whether process `pid` exists (and is not a zombie awaiting its parent)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _watch(owner: int, parent: int) -> None:
    while alive(owner) and os.getppid() == parent:
        time.sleep(CHECK_SECONDS)
    os._exit(1)


def stop(pool: ProcessPoolExecutor) -> None:
    """Cancel a pool's queued work and end its workers now, without waiting for running tasks."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
