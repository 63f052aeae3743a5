"""The JSON API next to the web pages: the item (GET) and a position write, p50 and p95.

In process (Flask's test client, SQLite file, bench/seed.py at SIZE): the item page and
GET /api/v1/items/{id} for the probe item, then recording a position through the web form and
through POST /api/v1/items/{id}/members/{m}/positions (each write a new position on the item).
Ratios are the API's figure over the page's. The web form is posted without its CSRF token
(checking one costs microseconds); the API authenticates a bearer token on every request.

    .venv/bin/python bench/api.py [--size medium] [--requests N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.table import Row, print_table  # noqa: E402

SIZE = "medium"
REQUESTS = 60


def _times(call: Callable[[int], object], count: int) -> list[float]:
    call(0)  # warm up: templates compiled, caches filled
    times = []
    for n in range(count):
        started = time.perf_counter()
        call(n)
        times.append(time.perf_counter() - started)
    return times


def _p(times: list[float], q: int) -> float:
    return statistics.quantiles(times, n=100)[q - 1] * 1000


def run(size: str = SIZE, requests: int = REQUESTS) -> list[Row]:
    from bench.board import SIZES, make_app, migrate
    from bench.seed import seed
    from negotiator.auth import tokens
    from negotiator.auth.models import User
    from negotiator.db import db
    from negotiator.negotiation.models import AgendaItem

    with tempfile.TemporaryDirectory() as folder:
        app = make_app(f"sqlite:///{folder}/bench.sqlite3")
        app.config.update(WTF_CSRF_ENABLED=False, API_RATE_LIMIT=10**9)
        migrate(app)
        info = seed(app, *SIZES[size])
        item_id, member_id = info["probe_item_id"], info["member_ids"][0]
        with app.app_context():
            user = db.session.scalar(db.select(User).filter_by(username=info["facilitator"]))
            _token, secret = tokens.create(user, "bench", "write", 30)
            db.session.commit()
        web, api = app.test_client(), app.test_client()
        web.post("/login", data={"username": info["facilitator"], "password": info["password"]})
        headers = {"Authorization": f"Bearer {secret}"}

        def state() -> tuple[int, int]:
            with app.app_context():
                item = db.session.get(AgendaItem, item_id)
                return item.current_revision, item.version

        revision, version = state()
        position = {"stance": "agree", "source": "app", "revision": revision}
        figures = {
            "item page": lambda _n: web.get(f"/items/{item_id}"),
            "API item": lambda _n: api.get(f"/api/v1/items/{item_id}", headers=headers),
            "position form": lambda _n: web.post(
                f"/items/{item_id}/members/{member_id}/position", data=position
            ),
            "API position": lambda _n: api.post(
                f"/api/v1/items/{item_id}/members/{member_id}/positions",
                json=position | {"version": version},
                headers=headers,
            ),
        }
        measured = {name: _times(call, requests) for name, call in figures.items()}
        with app.app_context():
            db.engine.dispose()
    rows = []
    for api_name, web_name in (("API item", "item page"), ("API position", "position form")):
        for name in (web_name, api_name):
            for q in (50, 95):
                ratio = ""
                if name == api_name:
                    ratio = f"{_p(measured[api_name], q) / _p(measured[web_name], q):.2f}"
                rows.append(Row(f"api: {name} p{q}", f"{_p(measured[name], q):.1f}", "ms", ratio))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default=SIZE)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    print_table(run(args.size, args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
