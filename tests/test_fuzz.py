"""Fuzzed input: hostile values posted to every POST route, as a user allowed to post there.

Very long strings, control characters, NUL bytes, mixed scripts, bad numbers and dates, wrong
ids (other members', other consortia's, missing, huge) in the form and in the URL. Never a 5xx
(the test app re-raises, so an exception fails the example); a rejected request (a form shown
again, an error flash, a 4xx) writes nothing at all; an accepted one leaves an audit chain that
verifies and an audit entry for what it changed. The fields of each route are in
tests/fuzz/targets.py; a POST route missing there fails `test_every_post_route_is_fuzzed`.

FUZZ_EXAMPLES sets the examples per route (default below); the file runs in well under a minute.
"""

from __future__ import annotations

import io
import os
import traceback
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder

from negotiator.audit.services import verify_chain
from tests.db_state import db_state as _state
from tests.factories import login
from tests.fuzz import strategies as s
from tests.fuzz.targets import Fixture, Target, build

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
PHASES = tuple(Phase) if os.environ.get("FUZZ_SHRINK", "1") == "1" else (Phase.generate,)
DOMAINS = (
    "auth",
    "admin",
    "negotiation",
    "meetings",
    "costs",
    "agreements",
    "notifications",
    "mail_admin",
    "dossier",
    "documents",
)
# Rejected, yet written on purpose: a wrong password is counted for the lock-out.
WRITES_ON_REJECTION = {
    name: {"password_throttle"}
    for name in ("auth.login", "auth.change_password", "agreements.sign")
}
# Accepted without an audit entry, on purpose: sessions and login bookkeeping, and a user's
# own reading marks, follows and notification preferences (personal, not the council's record).
UNAUDITED = {
    "auth.login",
    "auth.logout",
    "auth.set_language",
    "auth.extend_session",
    "notifications.open_one",
    "notifications.read_all",
    "notifications.preferences",
    "notifications.follow",
}
AUDIT_TABLES = {"audit_entry", "audit_head"}


def _resolve(app: Flask, data: dict[str, Any]) -> dict[str, Any]:
    with app.app_context():
        out: dict[str, Any] = {}
        for name, value in data.items():
            if isinstance(value, s.Live):
                value = value.read()
                value = "" if value is None else str(value)
            elif isinstance(value, s.Upload):
                value = (io.BytesIO(value.content), value.filename)
            out[name] = value
        return out


def _url(target: Target, pool: list[int]) -> st.SearchStrategy[str]:
    """Mostly the real URL; sometimes one id swapped for a wrong one, or a hostile name."""
    parts = target.url.split("/")
    numbers = [k for k, part in enumerate(parts) if part.isdigit()]

    def swap(keep: int, position: int, wrong: int, name: str) -> str:
        changed = list(parts)
        if target.name_args is not None:
            changed[-1] = quote(name, safe="")
        if keep >= 7 and numbers:
            changed[numbers[position % len(numbers)]] = str(wrong)
        return "/".join(changed)

    names = s.path_arg(target.name_args) if target.name_args is not None else st.just("")
    wrong = st.sampled_from([*pool, 0, 999_999, 2**31, s.HUGE_ID])
    return st.builds(swap, st.integers(0, 9), st.integers(0, 5), wrong, names)


def _client(app: Flask, fixture: Fixture, user: str | None) -> FlaskClient:
    client = app.test_client()
    if user is not None:
        password = fixture.passwords.get(user, "test-pass-2026")
        assert login(client, user, password).status_code == 302, f"{user} cannot log in"
    return client


def _flashes(client: FlaskClient) -> list[tuple[str, str]]:
    with client.session_transaction() as session:
        return list(session.pop("_flashes", []))


# Accepted with a page of its own, not a redirect: a new API token is shown once, in the answer
# to its POST (the session cookie is signed, not encrypted: it cannot carry the secret).
SHOWN_IN_PLACE = 'id="new-token"'


def _rejected(response: Any, flashes: list[tuple[str, str]]) -> bool:
    if response.status_code == 200 and SHOWN_IN_PLACE in response.get_data(as_text=True):
        return False
    if response.status_code >= 400 or response.status_code == 200:
        return True  # a 4xx, or the form shown again with its errors
    if "/login?next=" in response.headers.get("Location", ""):
        return True  # sent to log in
    return any(category == "error" for category, _message in flashes)


def _post(client, url: str, data: dict):  # noqa: ANN001, ANN202
    """POST, then close the request body: the test client spools an upload over 500 KB to a
    temporary file that nothing else closes (an unraisable ResourceWarning later)."""
    builder = EnvironBuilder(path=url, method="POST", data=data)
    try:
        # A request, not its environ: rebuilt from an environ, a path segment holding an
        # escaped "?" (%3F) would come back as a query string.
        request = builder.get_request()
        try:
            return client.open(request)
        finally:
            request.environ["wsgi.input"].close()
    finally:
        builder.close()


def _fuzz(app: Flask, fixture: Fixture, endpoint: str, target: Target) -> None:
    client = _client(app, fixture, target.user)
    last: dict[str, tuple[int, str]] | None = None

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        phases=PHASES,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(url=_url(target, fixture.pool), data=s.form_data(target.fields, fixture.pool))
    def example(url: str, data: dict[str, Any]) -> None:
        nonlocal client, last
        if target.relogin:
            client = _client(app, fixture, target.user)
            last = None  # logging in writes (sessions, throttle): take the state again
        # Nothing runs between two examples, so the state after one is the state before the
        # next; an example that failed half-way leaves `last` unset.
        before, last = last or _state(app), None
        response = _post(client, url, _resolve(app, data))
        assert response.status_code < 500, response.status_code
        flashes = _flashes(client)
        after = last = _state(app)
        changed = {t for t in after if after[t] != before[t]}
        if _rejected(response, flashes):
            allowed = WRITES_ON_REJECTION.get(endpoint, set())
            assert not changed - allowed, (
                f"rejected ({response.status_code}, {flashes}) but wrote {sorted(changed)}"
            )
            return
        if endpoint == "auth.change_password":
            fixture.passwords["observer"] = data.get("new_password", "")
        if changed:
            with app.app_context():
                result = verify_chain()
            assert result.ok, result
            if endpoint not in UNAUDITED:
                assert "audit_entry" in changed or not changed - AUDIT_TABLES, (
                    f"accepted and changed {sorted(changed)} without an audit entry"
                )

    example()


def _describe(exc: BaseException) -> str:
    """The error and the falsifying example, without the long tracebacks."""
    if isinstance(exc, BaseExceptionGroup):
        return "\n".join(_describe(e) for e in exc.exceptions)
    where = traceback.extract_tb(exc.__traceback__)
    app_frames = [f for f in where if "/negotiator/" in f.filename] or where[-1:]
    place = f"{app_frames[-1].filename}:{app_frames[-1].lineno}" if app_frames else ""
    notes = "\n".join(getattr(exc, "__notes__", []))
    message = "".join(traceback.format_exception_only(exc)).strip()[:2000]
    return f"{message}\n  at {place}\n{notes}"


@pytest.fixture
def fixture(app: Flask, world) -> Fixture:  # noqa: ANN001
    return build(app, world)


def test_every_post_route_is_fuzzed(app: Flask, fixture: Fixture) -> None:
    posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ())
        and rule.endpoint != "static"
        # The JSON API takes JSON with a token, not a form: tests/api/test_api_fuzz.py.
        and not rule.endpoint.startswith("api.")
    }
    assert posts - set(fixture.targets) == set(), "POST routes the fuzzer does not cover"
    assert set(fixture.targets) - posts == set(), "fuzz targets for routes that no longer exist"
    assert {e.split(".")[0] for e in posts} <= set(DOMAINS)


@pytest.mark.parametrize("domain", DOMAINS)
def test_fuzz(app: Flask, fixture: Fixture, domain: str) -> None:
    failures = []
    for endpoint, target in fixture.targets.items():
        if endpoint.split(".")[0] != domain:
            continue
        try:
            _fuzz(app, fixture, endpoint, target)
        except Exception as exc:  # noqa: BLE001 - every route is tried; all failures reported
            failures.append(f"--- {endpoint}\n{_describe(exc)}")
    assert not failures, "\n".join(failures)
