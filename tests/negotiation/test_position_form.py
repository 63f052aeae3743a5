"""Issue 15, the position and round answer forms: prefilled with the member's current
position, showing the text answered and the diff since the revision last answered; the source
defaults to entry in the app."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import services
from negotiator.negotiation.models import AgendaItem, Position
from tests.factories import login, record
from tests.meetings.factories import make_round


def _revise(item: AgendaItem, text: str) -> None:
    author = db.session.scalar(sa.select(User).order_by(User.id))
    services.add_revision(item, text, "", author, base_revision=item.current_revision)


def _given(  # noqa: ANN001
    app, world, stance: str | None, revised: bool, member: int = 0, **extra: str
) -> None:
    """A member answered revision 1 with `stance` (or nothing new: the world gave 須崎市 a
    position, 四万十町 none); the text may then be revised."""
    with app.app_context():
        item = db.session.get(AgendaItem, world.item_id)
        if stance:
            record(item, db.session.get(Member, world.member_ids[member]), stance, **extra)
        if revised:
            _revise(item, "提案文\n端末は庁内に限る。")
        db.session.commit()


def _checked(page: str, name: str) -> str | None:
    match = re.search(rf'<input checked[^>]*name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', page
    )
    return match.group(1) if match else None


def _selected(page: str, name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    match = select and re.search(r'<option selected value="([^"]*)"', select.group(1))
    return match.group(1) if match else None


def _textarea(page: str, name: str) -> str:
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(match.group(1)).strip() if match else ""


CASES = [
    # (stance given on revision 1, extra, revised?, stance shown, conditions shown, diff?)
    (None, {}, False, None, "", False),
    (None, {}, True, None, "", False),
    ("agree", {"statement": "異議なし"}, False, "agree", "", False),
    ("conditional", {"conditions": "庁内LANに限る\n年1回監査"}, True, "conditional",
     "庁内LANに限る\n年1回監査", True),
    ("object", {"reason": "費用が過大"}, True, "object", "", True),
]  # fmt: skip


@pytest.mark.parametrize(("stance", "extra", "revised", "shown", "conditions", "diff"), CASES)
def test_position_form_starts_from_the_current_position(
    app, world, stance, extra, revised, shown, conditions, diff
):
    _given(app, world, stance, revised, member=2, **extra)
    client = app.test_client()
    login(client, "facilitator")  # for 四万十町, which has no liaison here
    page = client.get(f"/items/{world.item_id}/members/{world.member_ids[2]}/position")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert _checked(body, "stance") == shown
    assert _textarea(body, "conditions") == conditions
    assert _textarea(body, "statement") == extra.get("statement", "")
    assert _textarea(body, "reason") == extra.get("reason", "")
    assert _selected(body, "source") == "app"  # typed here, not メール
    assert ('id="answer-diff"' in body) is diff
    assert ('class="diff"' in body) is diff
    revision = 2 if revised else 1
    assert f"第{revision}版の提案文" in body and 'class="proposal"' in body
    if diff:
        assert "前回の回答(第1版)から第2版への変更" in body and "端末は庁内に限る。" in body


def test_a_cleared_condition_is_not_restated(app, world):
    _given(app, world, "conditional", True, conditions="庁内LANに限る\n年1回監査")
    with app.app_context():
        position = db.session.scalar(sa.select(Position).order_by(Position.id.desc()))
        position.conditions[0].cleared_at = dt.datetime.now(dt.UTC)
        position.conditions[0].cleared_by_id = position.recorded_by_id
        db.session.commit()
    client = app.test_client()
    login(client, "liaison")
    body = client.get(f"/items/{world.item_id}/members/{world.member_ids[0]}/position")
    assert _textarea(body.get_data(as_text=True), "conditions") == "年1回監査"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"stance": "conditional", "conditions": ""}, "conditions"),
        ({"stance": "object", "reason": ""}, "reason"),
        ({"stance": "agree", "source": "pigeon"}, "source"),
    ],
)
def test_bad_input_rerenders_with_the_text_and_field_errors(app, world, data, field):
    _given(app, world, "agree", True)
    client = app.test_client()
    login(client, "liaison")
    url = f"/items/{world.item_id}/members/{world.member_ids[0]}/position"
    form = {"source": "app", "revision": "2", "statement": "", "reason": ""} | data
    page = client.post(url, data=form)
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and f'id="{field}-error"' in body
    assert 'id="answer-diff"' in body  # the text and the diff stay in view
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Position.id))) == 2


def test_position_entered_in_the_app_is_recorded_as_such(app, world):
    client = app.test_client()
    login(client, "liaison")
    url = f"/items/{world.item_id}/members/{world.member_ids[0]}/position"
    page = client.get(url).get_data(as_text=True)
    assert "このアプリで入力" in page
    form = {"stance": "agree", "source": _selected(page, "source"), "revision": "1"}
    assert client.post(url, data=form).status_code == 302
    with app.app_context():
        latest = sa.select(Position.source).order_by(Position.id.desc())
        assert db.session.scalar(latest) == "app"


ROUND_CASES = [
    # (stance given, revised?, stance shown: the world gave 須崎市 条件付賛成, diff?)
    (None, False, "conditional", False),
    ("agree", True, "agree", True),
]


@pytest.mark.parametrize(("stance", "revised", "shown", "diff"), ROUND_CASES)
def test_round_answer_form_shows_the_text_and_the_diff(app, world, stance, revised, shown, diff):
    _given(app, world, stance, revised)
    now = dt.datetime.now(dt.UTC)
    with app.app_context():
        round_id = make_round(
            world.negotiation_id, [world.item_id], now + dt.timedelta(days=7), now
        ).id
        db.session.commit()
    client = app.test_client()
    login(client, "liaison")
    url = f"/rounds/{round_id}/items/{world.item_id}/members/{world.member_ids[0]}/answer"
    body = client.get(url).get_data(as_text=True)
    assert 'class="proposal"' in body
    assert ('id="answer-diff"' in body) is diff
    assert _checked(body, "stance") == shown
    assert 'name="source"' not in body  # a round answer's source is the round
