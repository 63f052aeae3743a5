"""The demo council from the Kochi case study, loaded by `flask demo`."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from negotiator.audit import services as audit
from negotiator.auth import services as accounts
from negotiator.consortia import services as consortia
from negotiator.consortia.models import Consortium, Indicator, Member, Role
from negotiator.db import db
from negotiator.message import say
from negotiator.negotiation.models import Negotiation

CONSORTIUM = "高知県中西部電算協議会"
NEGOTIATION = "グループウェア共同利用"
SECOND_NEGOTIATION = "防災情報の共有(IT-BCP)"
DEMO_PASSWORD = "kochi-demo-2026"
MAIL_DOMAIN = "kochi-chubu.example"

# Census and area figures are published; users, branch offices and IT staff are illustrative.
CENSUS = "2020年国勢調査"
AREA_SOURCE = "全国都道府県市区町村別面積調"
MEMBERS = [
    # name, kind, label, title, representative (fictional), address, slug,
    # population, area, users, branches, it staff
    (
        "須崎市",
        "city",
        "甲",
        "須崎市長",
        "山本 健一",
        "高知県須崎市山手町1番7号",
        "susaki",
        20590,
        "135.46",
        420,
        2,
        3,
    ),
    (
        "中土佐町",
        "town",
        "乙",
        "中土佐町長",
        "西村 誠",
        "高知県高岡郡中土佐町久礼6602番地2",
        "nakatosa",
        6002,
        "193.43",
        190,
        1,
        1,
    ),
    (
        "四万十町",
        "town",
        "丙",
        "四万十町長",
        "岡林 聡",
        "高知県高岡郡四万十町琴平町16番17号",
        "shimanto",
        15607,
        "642.06",
        390,
        5,
        2,
    ),
]


def _indicators(
    member: Member, population: int, area: str, users: int, branches: int, it_staff: int
) -> None:
    rows = [
        ("population", "人口", population, "人", "2020-10-01", CENSUS, False),
        ("area", "面積", Decimal(area), "km²", "2020-10-01", AREA_SOURCE, False),
        ("users", "システム利用者数", users, "人", "2026-04-01", "例示(架空の値)", True),
        ("branches", "支所・出張所数", branches, "か所", "2026-04-01", "例示(架空の値)", True),
        ("it_staff", "情報担当職員数", it_staff, "人", "2026-04-01", "例示(架空の値)", True),
    ]
    for key, label, value, unit, ref, source, illustrative in rows:
        member.indicators.append(
            Indicator(
                key=key,
                label=label,
                value=Decimal(value),
                unit=unit,
                reference_date=ref,
                source=source,
                illustrative=illustrative,
            )
        )


def _user(username: str, name: str, *, admin: bool = False):  # noqa: ANN202
    # The demo password is published in the README, so the password policy refuses it for any
    # real account; the demo loader alone may set it.
    user = accounts.create_user(username, DEMO_PASSWORD, name, is_admin=admin, check_policy=False)
    # Under the reserved .example domain (RFC 2606): the demo shows its notification mails
    # (in the outbox, or at a local test relay) and none can ever reach a real mailbox.
    user.email = f"{username}@{MAIL_DOMAIN}"
    return user


def load(*, join: bool = True) -> bool:
    """Create the demo council unless it exists; returns whether anything was created.

    With `join`, 津野町 is joining: the executed agreement's 変更協定 is out for signature
    (demo/join.py). Without it the council is the three founding towns, as browser tests that
    walk through the join themselves start from."""
    if db.session.scalar(sa.select(Consortium.id).where(Consortium.name == CONSORTIUM)):
        return False
    council = consortia.save_consortium(
        None,
        {
            "name": CONSORTIUM,
            "description": "須崎市・中土佐町・四万十町がグループウェアを共同利用するための"
            "協議会(デモ)",
            # Each town records its 決裁 before its mayor signs.
            "approval_required": True,
        },
    )
    _user("admin", "システム管理者", admin=True)
    facilitator = _user("jimukyoku", "事務局 高橋")
    consortia.add_membership(facilitator, council, Role.FACILITATOR, None)
    observer = _user("observer", "閲覧者 県情報政策課")
    consortia.add_membership(observer, council, Role.OBSERVER, None)
    for order, row in enumerate(MEMBERS):
        name, kind, label, title, rep, address, slug, pop, area, users, branches, staff = row
        member = consortia.save_member(
            council,
            None,
            {
                "name": name,
                "kind": kind,
                "party_label": label,
                "representative_title": title,
                "representative_name": rep,
                "address": address,
                "sort_order": order,
            },
        )
        _indicators(member, pop, area, users, branches, staff)
        liaison = _user(f"{slug}-liaison", f"{name} 情報担当")
        consortia.add_membership(liaison, council, Role.LIAISON, member)
        # The signature record names the person who signs, not only the office.
        signatory = _user(f"{slug}-mayor", rep or title)
        consortia.add_membership(signatory, council, Role.SIGNATORY, member)
    db.session.refresh(council)
    members = list(council.members)
    from negotiator.demo.negotiation import load_finished, load_in_progress

    finished = _negotiation(
        council,
        NEGOTIATION,
        "3市町でグループウェアを共同利用するための運用ルールと費用負担を協議する。",
    )
    load_finished(finished, members)
    ongoing = _negotiation(
        council,
        SECOND_NEGOTIATION,
        "災害時に3市町で防災情報を共有するための情報システムの使い方を協議する。",
    )
    ongoing.decision_rule = "consent"
    ongoing.deemed_consent = True
    load_in_progress(ongoing, members)
    _load_meetings(ongoing)
    if join:
        from negotiator.demo.join import load_join

        # After the meetings: 第1回 was held by the three founding towns.
        load_join(council, finished)
    return True


def _negotiation(council: Consortium, title: str, description: str) -> Negotiation:
    negotiation = Negotiation(consortium=council, title=title, description=description)
    db.session.add(negotiation)
    db.session.flush()
    audit.record(
        "negotiation.create",
        negotiation,
        say("協議案件「%(title)s」を作成", title=title),
        consortium_id=council.id,
    )
    return negotiation


def _load_meetings(negotiation: Negotiation) -> None:
    from negotiator.demo.meetings import load_meetings

    load_meetings(negotiation)
