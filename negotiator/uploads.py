"""How many bytes a request may send: the default for forms, more only where a route says so.

MAX_CONTENT_LENGTH (config) bounds every request. A route that takes a file declares its own
limit with `@upload_limit(n)` (bytes, or the name of a setting holding them), applied before
anything reads the body (the CSRF check does), so a large upload is refused with 413 before it is
read, and only where it could ever be accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, current_app, request

F = TypeVar("F", bound=Callable)
FORM_ALLOWANCE = 64 * 1024  # the multipart framing and the form's other fields (CSRF token …)


def upload_limit(max_bytes: int | str) -> Callable[[F], F]:
    """Let this view receive a file of up to max_bytes, or of up to the setting of that name
    (put it last, next to the function)."""

    def mark(view: F) -> F:
        view.upload_limit = max_bytes  # type: ignore[attr-defined]
        return view

    return mark


def _apply_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "upload_limit", None)
    if isinstance(limit, str):
        limit = int(current_app.config[limit])
    if limit is not None:
        request.max_content_length = limit + FORM_ALLOWANCE


def init_app(app: Flask) -> None:
    # First of all before-request functions: the CSRF check reads the form.
    app.before_request_funcs.setdefault(None, []).insert(0, _apply_limit)


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) first, then CP932; None when it is neither."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
