"""The Excel files are renders too: made once per content by the consumer, then sent as kept."""

from __future__ import annotations

from collections.abc import Callable

import openpyxl
import pytest
import sqlalchemy as sa

from negotiator.consortia.models import Member
from negotiator.costs.models import CostCandidate
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem
from negotiator.renders.kinds import XLSX
from negotiator.renders.models import RenderJob
from tests.costs.factories import build_costs, propose_first
from tests.factories import login, record
from tests.renders.helpers import only_job, queued, run


def _board(app, world) -> tuple[str, Callable[[], None]]:  # noqa: ANN001
    def change() -> None:
        item = db.session.get(AgendaItem, world.item_id)
        record(item, db.session.get(Member, world.member_ids[2]), "undecided")

    return f"/negotiations/{world.negotiation_id}/board.xlsx", change


def _comparison(app, world) -> tuple[str, Callable[[], None]]:  # noqa: ANN001
    cw = build_costs(app, world)

    def change() -> None:
        db.session.get(CostCandidate, cw.candidate_ids["人口割"]).name = "人口割(改)"

    return f"/items/{cw.item_id}/costs/comparison.xlsx", change


def _frozen(app, world) -> tuple[str, None]:  # noqa: ANN001
    table_id = propose_first(app, build_costs(app, world))
    return f"/cost-tables/{table_id}/export.xlsx", None  # frozen: its content never changes


@pytest.mark.parametrize(
    ("kind", "build"),
    [("board.xlsx", _board), ("cost_comparison.xlsx", _comparison), ("cost_table.xlsx", _frozen)],
)
def test_each_content_is_made_once_and_then_sent_as_kept(app, world, monkeypatch, kind, build):  # noqa: ANN001
    url, change = build(app, world)
    queued(app)
    saves: list[int] = []
    real = openpyxl.Workbook.save
    monkeypatch.setattr(openpyxl.Workbook, "save", lambda *a: saves.append(1) or real(*a))
    client = app.test_client()
    login(client, "observer")
    asked = client.get(url)
    job = only_job(app, kind)
    assert asked.status_code == 302 and asked.headers["Location"] == f"/renders/{job.id}"
    assert saves == []  # not in the request
    run(app, job.id)
    first, again = client.get(url), client.get(url)
    assert first.status_code == again.status_code == 200
    assert first.mimetype == XLSX and first.data.startswith(b"PK")  # a zip: the xlsx
    assert again.data == first.data and saves == [1]
    if change is None:
        return
    with app.app_context():
        change()
        db.session.commit()
    assert client.get(url).status_code == 302  # what it shows changed: a new render
    with app.app_context():
        count = sa.select(sa.func.count()).where(RenderJob.kind == kind)
        assert db.session.scalar(count) == 2
