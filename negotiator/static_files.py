"""Static files under URLs that name their content, so browsers keep them.

`url_for("static", filename=…)` adds `v=<hash of the file>`; a request that carries the file's
current hash is answered with a year's `max-age, immutable`, so a page load asks for its CSS and
scripts only when they changed (every page over a slow LGWAN link, each load of every browser
test). A request without the hash, or with an old one, gets Flask's answer (`no-cache`:
revalidated each time), as do files reached from the CSS (the fonts, by relative URL).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, current_app, request
from werkzeug.wrappers import Response

YEAR = 365 * 24 * 3600
_HASHES: dict[tuple[str, float, int], str] = {}


def init_app(app: Flask) -> None:
    app.url_defaults(_add_version)
    app.after_request(_cache_versioned)


def version(filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256, or None for a file that is not there."""
    if not current_app.static_folder:
        return None
    path = Path(current_app.static_folder, filename)
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime, stat.st_size)  # a file changed in place gets a new hash
    if key not in _HASHES:
        _HASHES[key] = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return _HASHES[key]


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint != "static" or "filename" not in values or "v" in values:
        return
    if stamp := version(values["filename"]):
        values["v"] = stamp


def _cache_versioned(response: Response) -> Response:
    if request.endpoint != "static" or response.status_code != 200:
        return response
    stamp = request.args.get("v")
    if stamp and stamp == version(request.view_args.get("filename", "")):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = YEAR
        response.cache_control.immutable = True
    return response
