"""The ASGI application: routes, templates, static files, security headers; and `serve`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from thidua import __version__
from thidua.web import api, csrf, highlight, pages

HERE = Path(__file__).resolve().parent
SECURITY_HEADERS = {
    # No script runs at all: pages are plain HTML and forms; styles and images come from this server.
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def create_app(store, read_only: bool = False) -> FastAPI:
    """The web app over an open store; `read_only` serves search, pages and the API without writes."""
    app = FastAPI(
        title="thidua",
        version=__version__,
        description="Vietnamese emulation-campaign plans: search, facets, review and a change feed.",
        docs_url=None,  # the interactive docs load scripts from a CDN: the description is /openapi.json
        redoc_url=None,
    )
    app.state.store = store
    app.state.read_only = read_only
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["version"] = __version__
    templates.env.filters["marked"] = highlight.snippet_html
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.read)
    app.include_router(pages.read)
    if not read_only:
        app.include_router(api.write)
        app.include_router(pages.write)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        new = getattr(request.state, "new_csrf", None)
        if new:
            response.set_cookie(csrf.COOKIE, new, samesite="strict", httponly=True)
        return response

    return app


def serve(store, host: str = "127.0.0.1", port: int = 8000, read_only: bool = False) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(store, read_only), host=host, port=port, log_level="info")
