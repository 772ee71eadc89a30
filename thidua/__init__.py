"""thidua: ingest, restore and extract Vietnamese emulation-campaign plans."""

__version__ = "0.1.0"
