"""Throughput and p95 latency under gunicorn (4 workers) on SQLite and PostgreSQL.

For each database this migrates a fresh one (SQLite in a temporary directory; PostgreSQL in a
schema of its own, dropped afterwards), seeds it with bench/seed.py at SIZE, starts gunicorn on
a free port of 127.0.0.1 and drives it from a second process (this file, `drive` subcommand):
REQUESTS requests over CONCURRENCY connections, each connection a logged-in user of its own.

- floor      GET  /_floor     one `SELECT 1` and a tiny template (bench/board.py's floor), the
                              baseline: the ratio column is floor rps / rps (how many times
                              the floor's cost a request has), and p95 / floor p95;
- board      GET  /negotiations/<id>, as the facilitator (one session per connection);
- position   POST /items/<id>/members/<m>/position, each connection a different member's liaison
                  cycling over the open items, CSRF token scraped from the form like a browser.

Each run of board and position also runs again with DOWNLOADS (2) sessions downloading a held
meeting's minutes PDF in a loop (`Downloads`): the first download asks for it and the bench
makes it as the job consumer would, every later one sends the stored bytes, so a download
should cost the other requests little; their p50 and p95 are printed too.

Each figure is the median of RUNS runs after one warm-up run. Any response other than the
expected one (200, or 302 after a POST) fails the run, and so does a traceback or "database is
locked" in the server log.

    .venv/bin/python bench/load.py [--postgres URL | --no-postgres] [--requests N] [--runs R]

The server's app is `bench.load:floor_app()`: `negotiator.create_app()` plus the floor route.
The helpers (`Browser`, `gunicorn`) are also used by tests/test_concurrency.py.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import http.client
import http.cookiejar
import itertools
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.table import Row, print_table  # noqa: E402

DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
SIZE = (12, 80, 1)  # members x items x revisions: the "medium" size of bench/board.py
WORKERS = 4
CONCURRENCY = 8
REQUESTS = 240
RUNS = 3
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# What must never appear in the server's log.
LOG_PROBLEMS = ("Traceback", "database is locked", "WORKER TIMEOUT", "unhandled error")
GUNICORN_CONFIG = "python:negotiator.gunicorn_conf"  # what `make serve-gunicorn` uses


# --- an HTTP client with a browser's cookies -------------------------------------------------


@dataclasses.dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def csrf_token(self) -> str:
        match = CSRF.search(self.text)
        if match is None:
            raise RuntimeError(f"no csrf_token in the page ({self.status})")
        return match.group(1)


class Browser:
    """One user's session: cookies kept in a cookie jar, a new connection for every request
    (gunicorn's sync workers close the connection after each response anyway)."""

    def __init__(self, base: str, timeout: float = 30) -> None:
        parts = urllib.parse.urlsplit(base)
        self.base = base.rstrip("/")
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()

    def request(self, method: str, path: str, form: dict[str, Any] | None = None) -> Response:
        body = None if form is None else urllib.parse.urlencode(form).encode()
        req = urllib.request.Request(self.base + path, data=body, method=method)
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        req.add_header("Connection", "close")
        self.jar.add_cookie_header(req)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=dict(req.header_items()))
            raw = conn.getresponse()
            data = raw.read()
            self.jar.extract_cookies(raw, req)
            return Response(raw.status, raw.headers, data)
        finally:
            conn.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict[str, Any]) -> Response:
        return self.request("POST", path, form)

    def login(self, username: str, password: str) -> None:
        """Through the login form, CSRF token included, as a browser would."""
        token = self.get("/login").csrf_token()
        form = {"username": username, "password": password, "csrf_token": token}
        response = self.post("/login", form)
        if response.status != 302:
            raise RuntimeError(f"login of {username} failed: {response.status}")


# --- gunicorn --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclasses.dataclass
class Server:
    base: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def log_problems(self) -> list[str]:
        return [line for line in self.log().splitlines() if any(p in line for p in LOG_PROBLEMS)]


@contextlib.contextmanager
def gunicorn(
    database_url: str,
    log_path: Path,
    *,
    workers: int = WORKERS,
    app: str = "negotiator:create_app()",
    startup_timeout: float = 60,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """gunicorn on a free port of 127.0.0.1 with the project's settings (GUNICORN_CONFIG), stopped
    (with every worker) on the way out; `env`: NEGOTIATOR_* settings on top of the database's."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEGOTIATOR_")}
    environment |= {
        "NEGOTIATOR_DATABASE_URL": database_url,
        "NEGOTIATOR_SECRET_KEY": secrets.token_hex(32),
    } | (env or {})
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        GUNICORN_CONFIG,
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--graceful-timeout",
        "5",
        app,
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        server = Server(f"http://127.0.0.1:{port}", process, log_path)
        try:
            _wait_until_up(server, workers, startup_timeout)
            yield server
        finally:
            _stop(process)


def _wait_until_up(server: Server, workers: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.process.returncode}):\n{server.log()}")
        with contextlib.suppress(OSError):
            if Browser(server.base, timeout=5).get("/login").status == 200:
                booted = server.log().count("Booting worker")
                if booted >= workers:
                    return
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn did not come up in {timeout:.0f} s:\n{server.log()}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the master (it stops its workers); SIGKILL the process group if that hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=15)
    # The workers are in the master's process group (start_new_session); none may outlive it.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


# --- the driver (the second process) ---------------------------------------------------------


def drive(spec: dict[str, Any]) -> dict[str, Any]:
    """`requests` requests over `concurrency` sessions; returns throughput and latencies.

    spec: base, requests, concurrency, method ("GET"/"POST"), password, expect (status),
    must_contain (GET), form (POST fields besides the CSRF token and the revision), and
    sessions: [{"user": name, "paths": [...]}] (connection i is sessions[i % len(sessions)]).
    """
    concurrency = spec["concurrency"]
    browsers: list[tuple[Browser, list[str], dict[str, str]]] = []
    for i in range(concurrency):
        session = spec["sessions"][i % len(spec["sessions"])]
        browser = Browser(spec["base"])
        browser.login(session["user"], spec["password"])
        fields: dict[str, str] = {}
        if spec["method"] == "POST":  # the token and revision a form page gives
            page = browser.get(session["paths"][0])
            revision = re.search(r'name="revision"[^>]*value="(\d+)"', page.text)
            fields = {"csrf_token": page.csrf_token(), "revision": revision.group(1)}
        browsers.append((browser, session["paths"], fields))

    tickets = iter(range(spec["requests"]))
    lock = threading.Lock()
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    problems: list[str] = []
    start_line = threading.Barrier(concurrency + 1)

    def worker(browser: Browser, paths: list[str], fields: dict[str, str]) -> None:
        cycle = itertools.cycle(paths)
        start_line.wait()
        while True:
            with lock:
                if next(tickets, None) is None:
                    return
            path = next(cycle)
            started = time.perf_counter()
            try:
                if spec["method"] == "GET":
                    response = browser.get(path)
                else:
                    response = browser.post(path, {**spec["form"], **fields})
            except OSError as exc:
                with lock:
                    problems.append(f"{path}: {exc!r}")
                continue
            elapsed = time.perf_counter() - started
            ok = response.status == spec["expect"] and (
                spec["method"] != "GET" or spec["must_contain"] in response.text
            )
            with lock:
                latencies.append(elapsed)
                statuses[response.status] += 1
                if not ok:
                    problems.append(f"{spec['method']} {path}: {response.status}")

    threads = [threading.Thread(target=worker, args=b) for b in browsers]
    for thread in threads:
        thread.start()
    start_line.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50": statistics.median(latencies) if latencies else None,
        "p95": statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 1 else None,
        "statuses": {str(k): v for k, v in statuses.items()},
        "problems": problems[:20],
        "problem_count": len(problems),
    }


def drive_in_subprocess(spec: dict[str, Any]) -> dict[str, Any]:
    """Run `drive` in a second Python process (so the client does not share our GIL)."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "drive"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"load driver failed ({done.returncode}):\n{done.stderr}")
    result = json.loads(done.stdout)
    if result["problem_count"]:
        raise RuntimeError(f"unexpected responses under load: {result}")
    return result


# --- the benchmark ---------------------------------------------------------------------------


def floor_app():  # noqa: ANN201
    """The app gunicorn serves here: the real one plus bench/board.py's floor page."""
    import sqlalchemy as sa
    from flask import render_template

    from bench.board import FLOOR_TEMPLATE
    from negotiator import create_app
    from negotiator.db import db

    app = create_app()
    floor_template = app.jinja_env.from_string(FLOOR_TEMPLATE)

    def floor() -> str:
        value = db.session.execute(sa.text("SELECT 1")).scalar_one()
        return render_template(floor_template, value=value)

    app.add_url_rule("/_floor", "bench_floor", floor)
    return app


def _prepare(url: str) -> dict[str, Any]:
    """Migrate and seed the database; the ids and users the load needs."""
    import sqlalchemy as sa

    from bench.board import make_app, migrate
    from bench.seed import seed
    from negotiator.db import db
    from negotiator.negotiation.models import AgendaItem
    from negotiator.negotiation.workflow import State

    app = make_app(url)
    migrate(app)
    info = seed(app, *SIZE, meetings=3)  # two held meetings with minutes to download
    with app.app_context():
        open_items = db.session.scalars(
            sa.select(AgendaItem.id)
            .where(AgendaItem.state.in_([State.PROPOSED.value, State.DISCUSSED.value]))
            .order_by(AgendaItem.id)
        ).all()
        db.engine.dispose()
    info["open_item_ids"] = list(open_items)
    return info


def _specs(base: str, info: dict[str, Any], requests: int) -> dict[str, dict[str, Any]]:
    common = {
        "base": base,
        "requests": requests,
        "concurrency": CONCURRENCY,
        "password": info["password"],
    }
    facilitator = [{"user": info["facilitator"], "paths": []}]
    board = f"/negotiations/{info['negotiation_id']}"
    liaisons = []
    for i, (user, member) in enumerate(zip(info["liaisons"], info["member_ids"], strict=True)):
        items = info["open_item_ids"][i:] + info["open_item_ids"][:i]
        paths = [f"/items/{item}/members/{member}/position" for item in items]
        liaisons.append({"user": user, "paths": paths})
    get = {"method": "GET", "expect": 200}
    return {
        "floor": common
        | get
        | {"sessions": [{**facilitator[0], "paths": ["/_floor"]}], "must_contain": "<p>1</p>"},
        "board": common
        | get
        | {"sessions": [{**facilitator[0], "paths": [board]}], "must_contain": 'class="board"'},
        "position": common
        | {
            "method": "POST",
            "expect": 302,
            "sessions": liaisons[:CONCURRENCY],
            # every field a browser sends, empty ones included
            "form": {
                "stance": "agree",
                "statement": "負荷試験",
                "conditions": "",
                "reason": "",
                "source": "email",
            },
        },
    }


LABELS = {"floor": "floor GET", "board": "board GET", "position": "record position POST"}
DOWNLOADS = 2  # loops downloading a document while the board and position loads run


class Downloads:
    """DOWNLOADS loops, each a session downloading one meeting's minutes PDF again and again
    while a load runs: the first request asks for the PDF, which `make` then renders as the job
    consumer would (no web request renders); every later one sends the stored bytes."""

    def __init__(
        self, base: str, user: str, password: str, paths: list[str], make: Callable[[], None]
    ) -> None:
        self.browsers = []
        for _ in paths:
            browser = Browser(base)
            browser.login(user, password)
            self.browsers.append(browser)
        self.paths, self.make = paths, make
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.problems: list[str] = []
        self.threads = [
            threading.Thread(target=self._loop, args=pair)
            for pair in zip(self.browsers, paths, strict=True)
        ]

    def _loop(self, browser: Browser, path: str) -> None:
        while not self.stop.is_set():
            started = time.perf_counter()
            response = browser.get(path)
            self.latencies.append(time.perf_counter() - started)
            if response.status != 200 or not response.body.startswith(b"%PDF"):
                self.problems.append(f"GET {path}: {response.status}")
                return

    def __enter__(self) -> Downloads:
        for browser, path in zip(self.browsers, self.paths, strict=True):
            # Asked for (sent to its render's page), or kept from an earlier run.
            if browser.get(path).status not in (200, 302):
                raise RuntimeError(f"GET {path}: neither the PDF nor its render's page")
        self.make()  # made once before the load starts
        for browser, path in zip(self.browsers, self.paths, strict=True):
            if not browser.get(path).body.startswith(b"%PDF"):
                raise RuntimeError(f"GET {path}: no PDF")
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()
        if self.problems:
            raise RuntimeError(f"downloads: {self.problems[:5]}")


def _make_queued(url: str) -> None:
    """Render what is queued, as the job consumer does (the bench runs none)."""
    import sqlalchemy as sa

    from bench.board import make_app
    from negotiator.db import db
    from negotiator.jobs.engine import in_app_context
    from negotiator.renders import services
    from negotiator.renders.models import RenderJob, RenderState

    app = make_app(url)
    with app.app_context():
        queued = sa.select(RenderJob.id).where(RenderJob.state == RenderState.QUEUED.value)
        job_ids = db.session.scalars(queued).all()
    for job_id in job_ids:
        in_app_context(app, services.run)(job_id)
    with app.app_context():
        db.engine.dispose()


def _with_downloads(
    server: Server, url: str, info: dict[str, Any], specs: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[float]]:
    """One run of the board and position loads with DOWNLOADS download loops running."""
    paths = [f"/meetings/{m}/minutes.pdf" for m in info["meeting_ids"][:DOWNLOADS]]
    user, password = info["facilitator"], info["password"]
    make = functools.partial(_make_queued, url)
    with Downloads(server.base, user, password, paths, make) as downloads:
        results = {kind: drive_in_subprocess(specs[kind]) for kind in ("board", "position")}
    return results, downloads.latencies


def run_backend(backend: str, url: str, requests: int, runs: int) -> list[Row]:
    info = _prepare(url)
    results: dict[str, list[dict[str, Any]]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="negotiator-load-") as tmp,
        # Start-up warms every template and catalogue: slow on a shared, loaded machine.
        gunicorn(
            url, Path(tmp) / "gunicorn.log", app="bench.load:floor_app()", startup_timeout=180
        ) as server,
    ):
        specs = _specs(server.base, info, requests)
        try:
            for spec in specs.values():
                drive_in_subprocess(spec | {"requests": CONCURRENCY * 4})  # warm-up
            downloaded: list[float] = []
            for _ in range(runs):  # kinds interleaved: slow phases of the machine spread out
                for kind, spec in specs.items():
                    results.setdefault(kind, []).append(drive_in_subprocess(spec))
                loaded, latencies = _with_downloads(server, url, info, specs)
                downloaded += latencies
                for kind, result in loaded.items():
                    results.setdefault(f"{kind}+downloads", []).append(result)
        except RuntimeError as exc:
            raise RuntimeError(f"{backend}: {exc}\nserver log:\n{server.log()[-5000:]}") from exc
        if problems := server.log_problems():
            raise RuntimeError(f"{backend}: problems in the server log: {problems[:10]}")
    rps = {k: statistics.median(r["rps"] for r in v) for k, v in results.items()}
    p95 = {k: statistics.median(r["p95"] for r in v) for k, v in results.items()}
    label = (
        f"gunicorn {WORKERS}w {backend} {'x'.join(map(str, SIZE))}, "
        f"{CONCURRENCY} conns x {requests} reqs"
    )
    rows = []
    for kind in results:
        ratio_rps = "" if kind == "floor" else f"{rps['floor'] / rps[kind]:.1f}"
        ratio_p95 = "" if kind == "floor" else f"{p95[kind] / p95['floor']:.1f}"
        base, _, loaded = kind.partition("+")
        name = LABELS[base] + (f" with {DOWNLOADS} minutes PDF download loops" if loaded else "")
        rows.append(Row(f"{label}: {name}", f"{rps[kind]:.0f}", "req/s", ratio_rps))
        rows.append(Row(f"{label}: {name} p95", f"{p95[kind] * 1000:.0f}", "ms", ratio_p95))
    downloaded.sort()
    if len(downloaded) > 1:
        p50, p95_download = (
            statistics.median(downloaded),
            statistics.quantiles(downloaded, n=20)[-1],
        )
        name = f"{label}: minutes PDF download (stored bytes) during the loads"
        rows.append(Row(f"{name} p50", f"{p50 * 1000:.0f}", "ms"))
        rows.append(Row(f"{name} p95", f"{p95_download * 1000:.0f}", "ms"))
    return rows


def run(
    postgres: str | None = DEFAULT_POSTGRES,
    *,
    sqlite: bool = True,
    requests: int = REQUESTS,
    runs: int = RUNS,
) -> list[Row]:
    from bench.board import postgres_url, sqlite_url

    rows: list[Row] = []
    if sqlite:
        with sqlite_url() as url:
            rows += run_backend("sqlite", url, requests, runs)
    if postgres:
        with postgres_url(postgres) as url:
            rows += run_backend("postgres", url, requests, runs)
    return rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["drive"]:
        print(json.dumps(drive(json.load(sys.stdin))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", metavar="URL", default=DEFAULT_POSTGRES)
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    postgres = None if args.no_postgres else args.postgres
    print_table(run(postgres, sqlite=not args.no_sqlite, requests=args.requests, runs=args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
