"""A fourth town joins the demo council: the 変更協定 of the groupware agreement, in progress.

津野町 (高幡 area, next to 須崎市, 中土佐町 and 四万十町) is added by the administrator with its
join date, its indicators are entered by the facilitator, the amendment is started with the
shares recomputed on the agreed method, all four members agree to the recomputed shares, the
draft is rebuilt and sent for signature, and two of the four towns record their 決裁. Every step
goes through the services the pages use, as the demo users would have done it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from negotiator.audit.services import acting_as
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Consortium, Member, Role
from negotiator.db import db
from negotiator.negotiation.models import AgendaItem, Category, Negotiation

JOINER = {
    "name": "津野町",
    "kind": "town",
    "party_label": None,  # the next label never used in the council: 丁
    "representative_title": "津野町長",
    "representative_name": "川村 修",  # fictional, like the other demo mayors
    "address": "高知県高岡郡津野町永野471番地1",
    "sort_order": None,
}
SLUG = "tsuno"
# Population: 2020 census as the town publishes it (津野町「津野町の概要」, 人口の推移 令和2年).
# Area: the town's published 197.85 km², whose reference date the page does not state.
TOWN_PAGE = "津野町「津野町の概要」"
EXAMPLE = "例示(架空の値)"
INDICATORS = (
    # key, label, value, unit, reference date, source, illustrative
    ("population", "人口", "5291", "人", "2020-10-01", f"2020年国勢調査({TOWN_PAGE})", False),
    ("area", "面積", "197.85", "km²", "基準日の記載なし", TOWN_PAGE, False),
    ("users", "システム利用者数", "110", "人", "2026-04-01", EXAMPLE, True),
    ("branches", "支所・出張所数", "1", "か所", "2026-04-01", EXAMPLE, True),
    ("it_staff", "情報担当職員数", "1", "人", "2026-04-01", EXAMPLE, True),
)
# Quotes (例示, like the founding towns' in demo/costs.py) of every coalition with 津野町, so the
# cooperative candidates still compute for four towns: (initial, yearly) per coalition of the
# other towns joined by 津野町. The three founding towns together cost the category amounts they
# agreed on, and so do all four: the contract has room for 津野町's 110 users.
JOINER_QUOTES = {
    (): (3_300_000, 1_300_000),
    ("須崎市",): (9_200_000, 3_700_000),
    ("中土佐町",): (5_600_000, 2_400_000),
    ("四万十町",): (8_500_000, 3_500_000),
    ("須崎市", "中土佐町"): (11_000_000, 4_500_000),
    ("須崎市", "四万十町"): (11_900_000, 4_700_000),
    ("中土佐町", "四万十町"): (10_600_000, 4_300_000),
}
# The towns whose 決裁 is recorded: (days before today drafted), 文書番号, 決裁者.
APPROVALS = {"須崎市": (3, "須総第1207号", "市長"), "津野町": (2, "津総第318号", "町長")}
SIGNING_WINDOW = dt.timedelta(days=21)  # the 締結日 leaves the other towns time to finish


def load_join(council: Consortium, negotiation: Negotiation) -> None:
    """津野町 joins; its 変更協定 is out for signature with two of the four 決裁 recorded."""
    from negotiator.agreements.fiscal import fiscal_year_of, fiscal_year_span
    from negotiator.agreements.signing_date import japan_today

    users = {u.username: u for u in db.session.scalars(sa.select(User))}
    today = japan_today()
    year = fiscal_year_of(today) + 1  # from the next 年度
    town = _join(council, users, fiscal_year_span(year)[0])
    item = db.session.scalar(
        sa.select(AgendaItem).where(
            AgendaItem.negotiation_id == negotiation.id,
            AgendaItem.category == Category.COST_SPLIT.value,
        )
    )
    facilitator = users["jimukyoku"]
    with acting_as(facilitator):
        _indicators(item, town)
        _quotes(item, town)
        _start(negotiation, facilitator, year)
    _agree(item, users)
    with acting_as(facilitator):
        amendment = _send(negotiation, today + SIGNING_WINDOW)
    _approve(amendment, town.consortium_id, users, today)


def _join(council: Consortium, users: dict[str, User], joined_on: dt.date) -> Member:
    """The administrator adds the town and its two users (liaison and signatory)."""
    from negotiator.consortia import lifecycle
    from negotiator.consortia import services as consortia
    from negotiator.demo import _user

    with acting_as(users["admin"]):
        town = lifecycle.join_member(council, JOINER | {"joined_on": joined_on})
        liaison = _user(f"{SLUG}-liaison", "津野町 情報担当")
        consortia.add_membership(liaison, council, Role.LIAISON, town)
        mayor = _user(f"{SLUG}-mayor", JOINER["representative_name"])
        consortia.add_membership(mayor, council, Role.SIGNATORY, town)
    users.update({liaison.username: liaison, mayor.username: mayor})
    return town


def _indicators(item: AgendaItem, town: Member) -> None:
    """The facilitator enters the town's figures in the cost workspace's indicator table."""
    from negotiator.costs import services as costs

    rows = [
        {
            "key": key,
            "label": label,
            "unit": unit,
            "reference_date": ref,
            "source": source,
            "illustrative": illustrative,
            "values": {town.id: Decimal(value)},
        }
        for key, label, value, unit, ref, source, illustrative in INDICATORS
    ]
    costs.save_indicators(item, [town], rows)


def _quotes(item: AgendaItem, town: Member) -> None:
    """The facilitator enters the quotes with 津野町, and the founding towns' together (until
    now the whole council, costing the category amount, so never entered as a quote)."""
    from negotiator.costs import services as costs
    from negotiator.costs.models import CostCategory
    from negotiator.demo.costs import CATEGORIES
    from negotiator.negotiation.queries import members_of

    members = {m.name: m.id for m in members_of(town.consortium_id)}
    founders = frozenset(i for i in members.values() if i != town.id)
    order = [row[0] for row in CATEGORIES]  # 初期費用, 年間運用費: the order of the amounts
    for category in db.session.scalars(
        sa.select(CostCategory).where(CostCategory.item_id == item.id)
    ):
        index = order.index(category.name)
        quotes = {founders: category.amount}
        for others, amounts in JOINER_QUOTES.items():
            quotes[frozenset({town.id, *(members[n] for n in others)})] = amounts[index]
        costs.save_quotes(item, category, quotes)
        for quote in category.quotes:
            quote.illustrative = True


def _start(negotiation: Negotiation, facilitator: User, year: int) -> None:
    """From the comparison page: the amendment, its cost table recomputed for 4 members."""
    from negotiator.agreements import membership
    from negotiator.agreements.services import current

    original = current(negotiation)
    roles = ConsortiumRoles(facilitator=True)
    membership.start(original, "津野町の加入", facilitator, roles, year)


def _agree(item: AgendaItem, users: dict[str, User]) -> None:
    """Every member, the joiner included, agrees to the recomputed shares; the item is agreed."""
    from negotiator.negotiation import services
    from negotiator.negotiation.queries import members_of

    slugs = {"須崎市": "susaki", "中土佐町": "nakatosa", "四万十町": "shimanto", "津野町": SLUG}
    for member in members_of(item.negotiation.consortium_id):
        liaison = users[f"{slugs[member.name]}-liaison"]
        data = {
            "stance": "agree",
            "revision": item.current_revision,
            "source": "document",
            "statement": "加入後の負担割合を確認した。" if member.name == "津野町" else "",
            "reason": "",
            "conditions": "",
        }
        with acting_as(liaison):
            services.record_position(
                item, member, data, liaison, ConsortiumRoles(liaison_of=frozenset({member.id}))
            )
    facilitator = users["jimukyoku"]
    with acting_as(facilitator):
        services.move(
            item, "agree", "", facilitator, ConsortiumRoles(facilitator=True), item.version
        )


def _send(negotiation: Negotiation, signing_date: dt.date):  # noqa: ANN202 - Agreement
    """Rebuild the draft on the agreed shares, date it, and send it: its content is frozen."""
    from negotiator.agreements import services as agreements
    from negotiator.renders.services import render_now

    amendment = agreements.create_draft(negotiation)
    _legal_wording(amendment)
    data = {name: getattr(amendment, name) for name in agreements.SETTINGS}
    data |= {"signing_date": signing_date, "amendment_style": amendment.amendment_style}
    agreements.update_settings(amendment, data, amendment.version)
    # The demo's figures are examples (例示); its pages say so wherever they show them.
    job = agreements.send_for_signature(amendment, amendment.version, allow_illustrative=True)
    render_now(job)
    return amendment


def _legal_wording(amendment) -> None:  # noqa: ANN001 - an Agreement
    """The outage article names the towns 甲 notifies (乙及び丙), not all the parties, so the
    amendment's automatic renaming leaves it; the facilitator adds 丁 by hand."""
    from negotiator.agreements import drafting

    outage = next(a for a in amendment.articles if a.caption == "障害時の連絡体制")
    body = outage.body.replace("乙及び丙に連絡する", "乙、丙及び丁に連絡する")
    drafting.edit_article(amendment, outage, outage.caption, body, amendment.version)


def _approve(amendment, council_id: int, users: dict[str, User], today: dt.date) -> None:  # noqa: ANN001
    """Two towns' liaisons record the 決裁 of the frozen text; the other two are pending."""
    from negotiator.agreements import approvals

    slugs = {"須崎市": "susaki", "津野町": SLUG}
    members = {
        m.name: m
        for m in db.session.scalars(sa.select(Member).where(Member.consortium_id == council_id))
    }
    for name, (drafted, number, title) in APPROVALS.items():
        liaison = users[f"{slugs[name]}-liaison"]
        data = {
            "status": "approved",
            "drafted_on": today - dt.timedelta(days=drafted),
            "approved_on": today,
            "document_number": number,
            "approver_title": title,
            "note": "",
        }
        with acting_as(liaison):
            approvals.record_approval(
                amendment, members[name], liaison, data, 0, amendment.content_hash or ""
            )
