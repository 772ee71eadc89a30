"""A database lost during a cluster run stops the run with its summary instead of failing every file."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from thidua import cluster
from thidua.errors import StorageError


class _GoneStore:
    """A store whose database went away: nothing can be saved or recorded."""

    backend = SimpleNamespace(name="sqlite")  # the client saves (no worker writes)
    calls = 0

    def save(self, *args, **kwargs) -> None:
        raise StorageError("database unreachable")

    def record_failure(self, *args, **kwargs) -> None:
        self.calls += 1
        raise StorageError("database unreachable")


class _Client:
    def register_plugin(self, plugin) -> None:
        pass


def test_a_lost_database_stops_the_cluster_run_with_its_summary(monkeypatch, tmp_path: Path) -> None:
    paths = [tmp_path / f"{n}.txt" for n in range(3)]
    monkeypatch.setattr(cluster, "pending", lambda *a, **k: [(p, None) for p in paths])
    monkeypatch.setattr(cluster, "resume", lambda todo, *a, **k: todo)
    outcomes = [(p, cluster.Outcome(str(p), None, None, "worker lost", 0.1, "w:1")) for p in paths]
    monkeypatch.setattr(cluster, "_drive", lambda *a, **k: iter(outcomes))
    store = _GoneStore()
    summary = cluster.run(paths, store, client=_Client())
    assert summary.stopped == "database unreachable"
    assert store.calls == 1  # stopped at the first file that could not even be recorded
    assert summary.failed == []
