"""thidua: ingest, restore and extract Vietnamese emulation-campaign plans.

The Python API (`thidua.run`, `process`, `restore`, `extract`, `search`, `export`, `open_store`; see
`thidua.api`) and the typed settings it takes are loaded on first use, so `import thidua` stays cheap.
"""

import sys

__version__ = "0.1.0"

_LAZY = {
    "run": "thidua.api",
    "process": "thidua.api",
    "restore": "thidua.api",
    "extract": "thidua.api",
    "search": "thidua.api",
    "export": "thidua.api",
    "open_store": "thidua.api",
    "OcrEngine": "thidua.ingest",
    "TesseractEngine": "thidua.ingest",
    "PrepOptions": "thidua.ingest",
    "RestoreSettings": "thidua.normalize.restorer",
    "SearchFilters": "thidua.corpus.filters",
    "RunSummary": "thidua.outcomes",
}
_RENAMED = {"RestoreSettings": "Settings"}

__all__ = [
    "OcrEngine",
    "PrepOptions",
    "RestoreSettings",
    "RunSummary",
    "SearchFilters",
    "TesseractEngine",
    "__version__",
    "export",
    "extract",
    "open_store",
    "process",
    "restore",
    "run",
    "search",
]

TYPE_CHECKING = False  # not typing's: importing typing would double the cost of `import thidua`
if TYPE_CHECKING:
    from thidua.api import export, extract, open_store, process, restore, run, search
    from thidua.corpus.filters import SearchFilters
    from thidua.ingest import OcrEngine, PrepOptions, TesseractEngine
    from thidua.normalize.restorer import Settings as RestoreSettings
    from thidua.outcomes import RunSummary


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'thidua' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), _RENAMED.get(name, name))
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


class _Package(type(sys)):  # type: ignore[misc]
    """The `thidua` module, whose `extract` stays the API function: importing the stage of the same
    name (`thidua.extract`, kept in sys.modules) would otherwise replace the attribute with the package."""

    @property
    def extract(self) -> object:
        return __getattr__("extract") if "extract" not in globals() else globals()["extract"]

    @extract.setter
    def extract(self, _stage: object) -> None:
        pass


sys.modules[__name__].__class__ = _Package
