"""The review web app and JSON API (`thidua serve`): a thin layer over thidua.corpus.

`create_app(store, read_only=False)` returns the ASGI application; `serve(...)` runs it with uvicorn.
"""

from __future__ import annotations

from thidua.web.app import create_app, serve

__all__ = ["create_app", "serve"]
