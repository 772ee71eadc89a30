"""Cross-site request protection: a double-submit token for forms, same-origin JSON for the API."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

COOKIE = "thidua_csrf"
FIELD = "csrf_token"


def token(request: Request) -> str:
    """The browser's token (from its cookie), or a new one that the response must set."""
    found = request.cookies.get(COOKIE, "")
    if len(found) == 43 and found.replace("-", "").replace("_", "").isalnum():
        return found
    new = getattr(request.state, "new_csrf", None)
    if new is None:
        new = request.state.new_csrf = secrets.token_urlsafe(32)
    return new


def same_origin(request: Request) -> bool:
    """Whether the request's Origin (or Referer) names this server; absent both, a non-browser client."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return True
    return urlsplit(source).netloc == request.headers.get("host", "")


def check_form(request: Request, submitted: str | None) -> None:
    """Refuse a form post whose token does not match the cookie, or that comes from another site."""
    cookie = request.cookies.get(COOKIE, "")
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted) or not same_origin(request):
        raise HTTPException(403, "cross-site request refused (reload the page and submit again)")


def check_json(request: Request) -> None:
    """A JSON write: a browser can only send one cross-site after a CORS preflight this app never grants."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise HTTPException(415, "send application/json")
    if not same_origin(request):
        raise HTTPException(403, "cross-site request refused")
