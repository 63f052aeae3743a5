"""Settings: defaults, then instance/config.py, then NEGOTIATOR_* environment variables."""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

ENV_PREFIX = "NEGOTIATOR_"


class Defaults:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled with a SQLite file in instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "ja"
    BABEL_DEFAULT_TIMEZONE = "Asia/Tokyo"
    LANGUAGES = ("ja", "en")
    DISPLAY_TIMEZONE = "Asia/Tokyo"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    SESSION_REFRESH_EACH_REQUEST = False  # see web._end_idle_session
    # Logged out after this long without a request (a shared office PC left unlocked).
    IDLE_TIMEOUT = timedelta(minutes=30)
    # The page warns this long before, with a button that extends the session (WCAG 2.2.1).
    IDLE_WARNING = timedelta(minutes=2)
    # Who to tell about an accessibility problem, on the accessibility statement (e.g. the
    # council's office and its extension number); a general sentence when unset.
    ACCESSIBILITY_CONTACT: str | None = None
    REMEMBER_COOKIE_DURATION = timedelta(days=1)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A long proposal text can take more than an hour to write.
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    LOGIN_MAX_FAILURES = 10
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    # Every request; routes that take a file set their own limit (negotiator.uploads).
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024
    # Documents (資料): one file, and everything one council has stored (each content once).
    DOCUMENT_MAX_BYTES = 25 * 1024 * 1024
    COUNCIL_DOCUMENTS_MAX_BYTES = 1024 * 1024 * 1024
    # The JSON API: a body is at most a proposal text (50,000 characters) escaped as JSON;
    # each token may send API_RATE_LIMIT requests per API_RATE_WINDOW seconds, counted in
    # Redis when REDIS_URL is set (shared by every server), else in the database.
    API_MAX_CONTENT_LENGTH = 512 * 1024
    API_RATE_LIMIT = 300
    API_RATE_WINDOW = 60
    # RFC 3161 timestamp server (e.g. one on LGWAN) for a document timestamp on executed
    # agreements; none by default, and none is needed.
    SEAL_TSA_URL: str | None = None
    # The address users reach the app at, for links and identifiers in files that leave it
    # (calendar UIDs and URLs); never taken from the request's Host header, which the client
    # chooses.
    PUBLIC_URL = "http://127.0.0.1:5000"
    # A negotiation's dossier (ZIP of its records) larger than this is refused, with its size:
    # it is kept in the database like every render, and must stay a file people can download.
    DOSSIER_MAX_BYTES = 200_000_000
    # Run render jobs in the committing process instead of queueing them (tests; one process).
    RENDER_JOBS_INLINE = False
    # Server processes freeze the collector after start-up (negotiator.runtime); false only to
    # measure the difference (bench/latency.py).
    GC_FREEZE = True


def _coerce(value: str) -> Any:
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if value.isdigit():
        return int(value)
    return value


ENV_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


def load(app: Flask, override: dict[str, Any] | None) -> None:
    """Apply the settings layers in order; later layers win."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key, value in os.environ.items():
        if key.startswith(ENV_PREFIX):
            name = key.removeprefix(ENV_PREFIX)
            app.config[ENV_ALIASES.get(name, name)] = _coerce(value)
    if override:
        app.config.update(override)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        path = os.path.join(app.instance_path, "negotiator.sqlite3")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("postgresql://"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri.split("://", 1)[1]
    if app.config["SESSION_COOKIE_SECURE"]:
        app.config["REMEMBER_COOKIE_SECURE"] = True
    check_secret(app)
    check_public_url(app)


def check_public_url(app: Flask) -> None:
    """Links in mails and calendar files are built on PUBLIC_URL: refuse to start with one that
    is not an http(s) address (a typo would otherwise reach every recipient)."""
    url = str(app.config.get("PUBLIC_URL") or "")
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        valid = False
    if not valid or any(c.isspace() or not c.isprintable() for c in url):
        raise RuntimeError(
            "PUBLIC_URL must be the http:// or https:// address users open the app at, "
            f"e.g. https://negotiator.example.lg.jp (got {url!r})."
        )


def check_secret(app: Flask) -> None:
    """Refuse to start in production without a secret key; tests and debug get a throwaway."""
    if app.config.get("SECRET_KEY"):
        return
    if app.testing or app.debug:
        app.config["SECRET_KEY"] = os.urandom(32).hex()
        return
    raise RuntimeError(
        "NEGOTIATOR_SECRET_KEY is not set. Set it in the environment or in instance/config.py "
        "(`make run` writes one there on first run)."
    )
