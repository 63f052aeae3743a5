"""Cost-split timings (issue 5): Shapley for 12 members with every coalition quoted (median of
RUNS), and the comparison page for 12 members x 8 candidates (median of RUNS GETs with the Flask
test client on a fresh SQLite database migrated in a temporary directory).

    .venv/bin/python bench/costs.py
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.table import Row, print_table  # noqa: E402
from negotiator import create_app  # noqa: E402
from negotiator.costs import games  # noqa: E402
from negotiator.db import db  # noqa: E402

RUNS = 7
MEMBERS = 12


def game(n: int) -> dict[frozenset[int], int]:
    """A subadditive game: a fixed cost per coalition plus a per-member cost with scale savings."""
    result = {}
    for mask in range(1, 1 << n):
        members = frozenset(i for i in range(n) if mask >> i & 1)
        size = sum(i + 3 for i in members)
        result[members] = 2_000_000 + 400_000 * size - 5_000 * size * len(members)
    return result


def time_shapley(runs: int = RUNS) -> float:
    costs = game(MEMBERS)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        shares = games.shapley(costs)
        times.append(time.perf_counter() - start)
        assert sum(shares.values(), Fraction(0)) == costs[frozenset(range(MEMBERS))]
    return statistics.median(times)


def seed(app) -> int:  # noqa: ANN001
    from negotiator.auth.models import User
    from negotiator.consortia.models import Indicator, Role
    from negotiator.costs import services
    from negotiator.negotiation.models import Negotiation
    from tests.factories import grant, make_consortium, make_item, make_member, make_user

    with app.app_context():
        council = make_consortium("ベンチ協議会")
        grant(make_user("facilitator"), council, Role.FACILITATOR)
        members = [make_member(council, f"町{i:02d}") for i in range(MEMBERS)]
        for i, m in enumerate(members):
            for key, value in (("population", 5000 + 997 * i), ("users", 100 + 13 * i)):
                db.session.add(Indicator(member_id=m.id, key=key, label=key, value=Decimal(value)))
        negotiation = Negotiation(consortium=council, title="ベンチ", decision_rule="unanimity")
        db.session.add(negotiation)
        db.session.flush()
        item = make_item(negotiation, "費用負担", category="cost_split")
        cats = [
            services.save_category(item, None, {"name": n, "amount": a}, None)
            for n, a in (("初期費用", 48_000_000), ("年間運用費", 12_000_000))
        ]
        ids = [m.id for m in members]
        for cat in cats:  # stand-alone and all-but-one quotes: enough for SCRB and Shapley
            quotes = {frozenset({i}): cat.amount // 6 for i in ids}
            quotes |= {frozenset(ids) - {i}: cat.amount - cat.amount // 40 for i in ids}
            services.save_quotes(item, cat, quotes)
        user = db.session.scalar(db.select(User))
        for n, (method, params) in enumerate(_specs(cats)):
            data = {
                "name": f"候補{n}",
                "method": method,
                "params": params,
                "remainder_rule": "lead",
                "rationale": "ベンチ",
            }
            services.save_candidate(item, None, data, user)
        db.session.commit()
        return item.id


def _specs(cats) -> list[tuple[str, dict]]:  # noqa: ANN001
    mix = {"weights": {str(c.id): {"equal": "10", "population": "45", "users": "45"} for c in cats}}
    mix2 = {"weights": {str(c.id): {"equal": "20", "population": "80", "users": "0"} for c in cats}}
    return [
        ("equal", {}),
        ("proportional", {"indicator": "population"}),
        ("proportional", {"indicator": "users"}),
        ("mix", mix),
        ("mix", mix2),
        ("scrb", {}),
        ("shapley", {}),
        ("nucleolus", {}),
    ]


def migrated_app(tmp: str):  # noqa: ANN201
    """A test-mode app on a fresh SQLite database in `tmp`, migrated (its instance there too)."""
    from flask_migrate import upgrade

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
        }
    )
    app.instance_path = tmp
    with app.app_context():
        upgrade(revision="heads")
    return app


def time_comparison(runs: int = RUNS) -> tuple[float, int]:
    from tests.factories import login

    logging.disable(logging.INFO)
    with tempfile.TemporaryDirectory() as tmp:
        app = migrated_app(tmp)
        item_id = seed(app)
        client = app.test_client()
        login(client, "facilitator")
        url = f"/items/{item_id}/costs"
        page = client.get(url)
        assert page.status_code == 200 and "計算できません" not in page.get_data(as_text=True)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        with app.app_context():
            db.engine.dispose()
        return statistics.median(times), len(page.data)


def run(runs: int = RUNS) -> list[Row]:
    shapley = time_shapley(runs)
    comparison, size = time_comparison(runs)
    page = f"cost comparison page, {MEMBERS} members x 8 candidates x 2 categories"
    return [
        Row(
            f"Shapley, {MEMBERS} members, {2**MEMBERS - 1} coalitions",
            f"{shapley * 1000:.0f}",
            "ms",
        ),
        Row(page, f"{comparison * 1000:.0f}", "ms"),
        Row(f"{page} size", f"{size // 1024}", "KiB"),
    ]


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
