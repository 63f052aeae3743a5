"""Benchmark data: one consortium, N members, one negotiation with K agenda items.

`seed(app, members, items, revisions)` fills a freshly migrated, empty database:

- a consortium with `members` members (party labels 甲乙丙… for the first ten, then none);
- a facilitator (`facilitator`) and one liaison per member (`liaison01` …), all with the
  password `PASSWORD`;
- one negotiation with `items` agenda items of every category and state (agreed and withdrawn
  ones too), each with `revisions` proposal revisions;
- positions: on each earlier revision about half the members stated one (history); on the
  current revision most members have one, some only a stale one (needs more than one revision),
  some none; 反対 always with a reason, 条件付賛成 always with 1–2 conditions, some cleared.
  Agreed items have every member in favour of the current revision.

Members, users and roles go through the services (audited as usual). Items, revisions,
positions, conditions and state changes are inserted in bulk (one INSERT … RETURNING each).
Their audit entries — the item timelines — are then written through
`negotiator.audit.services.record`, exactly as the services word them, so the chain verifies.
That costs about a millisecond an entry, so only `timelines` items get one (the probe item, the
heaviest open item, always first); the other items have no timeline, which only the item page
reads, and only for its own item.

With `meetings`, `candidates` and `articles` it also seeds, through the real services (audited
as usual) where that is fast enough:

- `meetings` meetings (第1回 …), every item on the agenda of one of them (item i on meeting
  i mod N, so 10 each at the small size, 20 at the large); all but the last held, with
  attendance of every member, two action items (earlier ones half done) and published minutes;
  all but the last two confirmed by every member (confirmations inserted in bulk, one
  `minutes.confirmed` entry each); on the probe meeting (the last held one) about half the
  members confirmed through the service, and the current positions of its items taken at the
  meeting (source 会議) are linked to it, so the page lists floor decisions;
- a cost workspace on the first open 費用負担 item: population and users indicators for every
  member, two categories with stand-alone and all-but-one quotes (enough for SCRB), and
  `candidates` candidates (equal, population, a mix, SCRB, users, two more mixes, a negotiated
  percentage; at most 8);
- an agreement drafted from the agreed items (`create_draft`), settings as in the demo, padded
  with standard articles (`add_standard_article`) up to `articles` articles (`articles=0`: the
  agreed items only).

The data are deterministic for given sizes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import Flask

from negotiator.agreements import services as agreements
from negotiator.audit import services as audit_log
from negotiator.auth import services as accounts
from negotiator.auth.models import User
from negotiator.consortia import services as consortia
from negotiator.consortia.models import Consortium, Member, MemberKind, Role
from negotiator.costs import services as costs
from negotiator.db import db
from negotiator.meetings import minutes as meeting_minutes
from negotiator.meetings import queries as meeting_queries
from negotiator.meetings import services as meetings
from negotiator.meetings.models import Meeting, MinutesConfirmation, Status
from negotiator.negotiation import services
from negotiator.negotiation.models import (
    AgendaItem,
    Category,
    Position,
    PositionCondition,
    ProposalRevision,
    Source,
    StateChange,
)
from negotiator.negotiation.rules import STANCE_LABELS, Rule, Stance
from negotiator.negotiation.workflow import STATE_LABELS, Actor, State

PASSWORD = "bench-pass-2026"
CHEAP_HASH = "pbkdf2:sha256:1000"
FACILITATOR = "facilitator"
TIMELINES = 20
LABELS = "甲乙丙丁戊己庚辛壬癸"

# The municipalities of Kochi prefecture; beyond them, numbered bodies (一部事務組合 etc.).
MUNICIPALITIES = [
    "須崎市",
    "中土佐町",
    "四万十町",
    "高知市",
    "室戸市",
    "安芸市",
    "南国市",
    "土佐市",
    "宿毛市",
    "土佐清水市",
    "四万十市",
    "香南市",
    "香美市",
    "東洋町",
    "奈半利町",
    "田野町",
    "安田町",
    "北川村",
    "馬路村",
    "芸西村",
    "本山町",
    "大豊町",
    "土佐町",
    "大川村",
    "いの町",
    "仁淀川町",
    "佐川町",
    "越知町",
    "梼原町",
    "日高村",
    "津野町",
    "大月町",
    "三原村",
    "黒潮町",
]

TOPICS = (
    "アクセス権制御ポリシー",
    "庁外からの接続方式",
    "初期費用と運用費の負担割合",
    "障害時の連絡体制",
    "操作ログの保存期間",
    "パスワードと多要素認証",
    "バックアップの取得と保管",
    "職員アカウントの登録・削除手順",
    "委託事業者の監督",
    "システム更新時の検証手順",
    "文書の保存年限",
    "端末の紛失時の対応",
)
CONDITIONS = (
    "議会への説明資料を事務局が用意すること",
    "次年度予算に計上できる時期まで開始を待つこと",
    "個人情報保護審議会への報告を済ませること",
    "運用手順書を団体ごとに確認できること",
)
REASONS = (
    "人口割の比率が高く、当町の負担が過大になるため",
    "現行の庁内規程と整合しないため",
    "職員への周知期間が足りないため",
)

STATE_WEIGHTS = {State.PROPOSED: 45, State.DISCUSSED: 35, State.AGREED: 12, State.WITHDRAWN: 8}
STANCE_WEIGHTS = {Stance.AGREE: 52, Stance.CONDITIONAL: 14, Stance.UNDECIDED: 8, Stance.OBJECT: 8}
STALE, MISSING = "stale", "missing"
# What a member ends with on an open item's current revision.
OUTCOME_WEIGHTS: dict[Stance | str, int] = {**STANCE_WEIGHTS, STALE: 10, MISSING: 8}
# Every way an item reaches its state.
PATHS = {
    State.PROPOSED: [],
    State.DISCUSSED: [(State.PROPOSED, State.DISCUSSED)],
    State.AGREED: [(State.PROPOSED, State.DISCUSSED), (State.DISCUSSED, State.AGREED)],
    State.WITHDRAWN: [(State.PROPOSED, State.WITHDRAWN)],
}
BASE_TIME = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
ANALYZED = ("agenda_item", "proposal_revision", "position", "position_condition", "audit_entry")
JST = dt.timezone(dt.timedelta(hours=9))
ACTIONS = ("災害時に使う端末の台数を報告する", "庁内規程との差分を整理して共有する")
# (name, method, params) of the cost candidates, in the order they are saved; the mixes' weights
# go to every category. Shapley and the nucleolus are left out: they need 2^n coalitions.
CANDIDATES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("均等割", "equal", {}),
    ("人口割", "proportional", {"indicator": "population"}),
    ("均等割10%+人口割45%+利用者割45%", "mix", {"equal": "10", "population": "45", "users": "45"}),
    ("分離可能費用・残余便益法", "scrb", {}),
    ("利用者割", "proportional", {"indicator": "users"}),
    ("均等割20%+人口割80%", "mix", {"equal": "20", "population": "80", "users": "0"}),
    ("均等割30%+利用者割70%", "mix", {"equal": "30", "population": "0", "users": "70"}),
    ("協議による負担割合", "manual", {}),
)
STANDARD_ARTICLE = (
    "構成団体は、共同利用システムの運用に当たり、第{n}号の運用細則を遵守するものとする。"
    "\n\n前項の運用細則は、運営会議が定める。"
)


def seed(
    app: Flask,
    members: int,
    items: int,
    revisions: int = 1,
    *,
    timelines: int = TIMELINES,
    meetings: int = 0,
    candidates: int = 0,
    articles: int | None = None,
) -> dict:
    """Fill the (migrated, empty) database of `app`; return ids, usernames and row counts.

    `meetings` meetings, `candidates` cost candidates (0: no cost workspace) and an agreement
    of at least `articles` articles (None: no agreement) come on top; see the module docstring.
    """
    if members < 1 or items < 1 or revisions < 1:
        raise ValueError("members, items and revisions must be at least 1")
    if meetings < 0 or not 0 <= candidates <= len(CANDIDATES):
        raise ValueError(f"meetings must be >= 0, candidates between 0 and {len(CANDIDATES)}")
    # Fifty-one users: never pay scrypt for benchmark data.
    app.config.setdefault("PASSWORD_HASH_METHOD", CHEAP_HASH)
    with app.app_context():
        if db.session.scalar(sa.select(sa.func.count(Consortium.id))):
            raise RuntimeError("seed() needs a fresh database; this one has a consortium")
        builder = _Builder(members, items, revisions)
        result = builder.build(timelines)
        with audit_log.acting_as(builder.facilitator):
            if meetings:
                result |= builder.seed_meetings(meetings)
            if candidates:
                result |= builder.seed_costs(candidates)
            if articles is not None:
                result |= builder.seed_agreement(articles)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum would soon do: planner statistics for the bulk-loaded tables.
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE " + ", ".join(ANALYZED))
        return result


def _kind(name: str) -> str:
    kinds = {"市": MemberKind.CITY, "町": MemberKind.TOWN, "村": MemberKind.VILLAGE}
    return kinds.get(name[-1], MemberKind.OTHER).value


def _member_name(index: int) -> str:
    if index < len(MUNICIPALITIES):
        return MUNICIPALITIES[index]
    return f"広域事務組合{index - len(MUNICIPALITIES) + 1:02d}"


def _proposal_text(number: int, topic: str, revision: int) -> str:
    """About a kilobyte of Markdown, a little different in every revision."""
    lines = [f"## {topic}(協議事項{number})", ""]
    for clause in range(1, 7):
        change = f"(第{revision}版で見直し)" if clause <= revision else ""
        lines.append(
            f"{clause}. 構成団体は、{topic}について第{clause}項の手順に従い、"
            f"四半期ごとに事務局へ報告する{change}。"
        )
    lines += [
        "",
        "- 対象: 共同利用するグループウェア及び関連する端末",
        f"- 適用開始: 令和{8 + revision % 2}年4月1日",
        "- 見直し: 毎年度末に協議会で確認する",
        "",
        "詳細は**別紙**のとおりとし、[運用手順書](https://example.jp/manual)を参照する。",
    ]
    return "\n".join(lines)


def _insert(model: type, rows: list[dict[str, Any]]) -> list[int]:
    """One bulk INSERT; the new ids in the order of `rows`."""
    if not rows:
        return []
    stmt = sa.insert(model).returning(model.id, sort_by_parameter_order=True)
    return list(db.session.scalars(stmt, rows))


@dataclasses.dataclass
class _Event:
    """One audit entry to write for an item, as the service that made the change would."""

    at: dt.datetime
    order: int
    action: str
    summary: str
    actor_id: int
    before: dict | None = None
    after: dict | None = None


class _Builder:
    def __init__(self, n_members: int, n_items: int, n_revisions: int) -> None:
        self.n_members = n_members
        self.n_items = n_items
        self.n_revisions = n_revisions
        self.rng = random.Random(f"negotiator-bench-{n_members}-{n_items}-{n_revisions}")
        self.events: dict[int, list[_Event]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)

    def _pick(self, weights: dict) -> Any:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def build(self, timelines: int) -> dict:
        self._people()
        self._items()
        self._revisions()
        self._positions()
        self._conditions()
        self._state_changes()
        probe = self._probe_item()
        audited = [probe, *(i for i in self.item_ids if i != probe)][: max(timelines, 0)]
        entries = self._write_timelines(audited)
        return {
            "consortium_id": self.council.id,
            "negotiation_id": self.negotiation.id,
            "member_ids": [m.id for m in self.members],
            "item_ids": self.item_ids,
            "probe_item_id": probe,
            "facilitator": FACILITATOR,
            "liaisons": [u.username for u in self.liaisons],
            "password": PASSWORD,
            "rows": {
                "items": len(self.item_ids),
                "revisions": len(self.revision_ids),
                "positions": len(self.position_ids),
                "conditions": len(self.condition_rows),
                "state_changes": len(self.change_rows),
                "audit_entries_for_items": entries,
                "items_with_timeline": len(audited),
            },
            "current_revision_outcomes": dict(self.counts),
        }

    # People and the consortium, through the services (a few hundred audited rows at most).
    def _people(self) -> None:
        self.council = consortia.save_consortium(
            None, {"name": "高知県電算共同利用協議会", "description": "ベンチマーク用の協議会"}
        )
        self.facilitator = accounts.create_user(FACILITATOR, PASSWORD, "事務局 担当")
        consortia.add_membership(self.facilitator, self.council, Role.FACILITATOR, None)
        self.members: list[Member] = []
        self.liaisons: list[User] = []
        for index in range(self.n_members):
            name = _member_name(index)
            data = {
                "name": name,
                "kind": _kind(name),
                "party_label": LABELS[index] if index < len(LABELS) else None,
                "representative_title": f"{name}長",
                "representative_name": "",
                "address": f"高知県{name}",
                "sort_order": index,
            }
            member = consortia.save_member(self.council, None, data)
            liaison = accounts.create_user(f"liaison{index + 1:02d}", PASSWORD, f"{name} 情報担当")
            consortia.add_membership(liaison, self.council, Role.LIAISON, member)
            self.members.append(member)
            self.liaisons.append(liaison)
        self.users = {u.id: u for u in [self.facilitator, *self.liaisons]}
        self.negotiation = services.create_negotiation(
            self.council,
            {
                "title": "グループウェア共同利用",
                "description": "ベンチマーク用の協議案件",
                "decision_rule": Rule.UNANIMITY.value,
                "deemed_consent": False,
            },
        )
        db.session.flush()

    def _items(self) -> None:
        categories = list(Category)
        self.states: list[State] = []
        self.item_rows: list[dict[str, Any]] = []
        self.proposers: list[int] = []  # user id of whoever proposed each item
        for i in range(self.n_items):
            state = self._pick(STATE_WEIGHTS)
            topic = TOPICS[i % len(TOPICS)]
            proposer = i % self.n_members if i % 5 else None  # every fifth: the facilitator
            self.states.append(state)
            self.proposers.append(
                self.facilitator.id if proposer is None else self.liaisons[proposer].id
            )
            self.item_rows.append(
                {
                    "negotiation_id": self.negotiation.id,
                    "number": i + 1,
                    "title": topic if i < len(TOPICS) else f"{topic}({i // len(TOPICS) + 1})",
                    "category": categories[i % len(categories)].value,
                    "description": f"{topic}について、共同利用の開始前に各団体の合意を得る。",
                    "proposing_member_id": None if proposer is None else self.members[proposer].id,
                    "rule_override": Rule.CONSENT.value if i % 7 == 3 else None,
                    "deemed_consent_override": None,
                    "state": state.value,
                    "discussed_note": None if state == State.PROPOSED else "第2回協議会で協議",
                    "current_revision": self.n_revisions,
                    "created_at": BASE_TIME + dt.timedelta(hours=i),
                }
            )
        self.item_ids = _insert(AgendaItem, self.item_rows)
        for item_id, row, user_id in zip(
            self.item_ids, self.item_rows, self.proposers, strict=True
        ):
            after = {k: row[k] for k in services.ITEM_FIELDS}
            summary = f"協議事項{row['number']}「{row['title']}」を提案"
            self.events[item_id].append(
                _Event(row["created_at"], 0, "item.propose", summary, user_id, after=after)
            )

    def _revisions(self) -> None:
        """Revisions a week apart; the first by the proposer, later ones by the facilitator."""
        rows = []
        for i, item_id in enumerate(self.item_ids):
            topic = TOPICS[i % len(TOPICS)]
            for r in range(1, self.n_revisions + 1):
                rows.append(
                    {
                        "item_id": item_id,
                        "number": r,
                        "text": _proposal_text(i + 1, topic, r),
                        "change_note": "" if r == 1 else f"第{r - 1}版への意見を反映",
                        "author_id": self.proposers[i] if r == 1 else self.facilitator.id,
                        "created_at": BASE_TIME + dt.timedelta(days=7 * r, hours=i),
                    }
                )
        self.revision_ids = _insert(ProposalRevision, rows)
        self.revision_id = {}
        for row, rid in zip(rows, self.revision_ids, strict=True):
            self.revision_id[row["item_id"], row["number"]] = rid
            after = {"revision": row["number"], "change_note": row["change_note"]}
            self.events[row["item_id"]].append(
                _Event(
                    row["created_at"],
                    1,
                    "item.revise",
                    f"提案文 第{row['number']}版",
                    row["author_id"],
                    after=after,
                )
            )

    def _positions(self) -> None:
        """Positions in the order they were taken, so a member's latest has the highest id."""
        self.position_rows: list[dict[str, Any]] = []
        self.position_texts: list[list[str]] = []  # conditions of each position
        last = self.n_revisions
        for i in range(self.n_items):
            finals: list[Stance | str] = []
            for _ in range(self.n_members):
                if self.states[i] == State.AGREED:
                    finals.append(Stance.CONDITIONAL if self.rng.random() < 0.2 else Stance.AGREE)
                    continue
                outcome = self._pick(OUTCOME_WEIGHTS)
                if outcome == STALE and last == 1:
                    outcome = Stance.AGREE  # no older revision to be stale on
                finals.append(outcome)
            for r in range(1, last + 1):
                for m, final in enumerate(finals):
                    if r == last:
                        self.counts[str(final)] += 1
                        if final not in (STALE, MISSING):
                            self._position(i, m, r, final)
                    elif (final == STALE and r == last - 1) or self.rng.random() < 0.5:
                        self._position(i, m, r, self._pick(STANCE_WEIGHTS))
        self.position_ids = _insert(Position, self.position_rows)

    def _position(self, i: int, m: int, r: int, stance: Stance) -> None:
        rng = self.rng
        member = self.members[m]
        on_behalf = rng.random() < 0.15
        conditions = (
            rng.sample(CONDITIONS, rng.randint(1, 2)) if stance == Stance.CONDITIONAL else []
        )
        self.position_rows.append(
            {
                "item_id": self.item_ids[i],
                "member_id": member.id,
                "revision_id": self.revision_id[self.item_ids[i], r],
                "revision_number": r,
                "stance": stance.value,
                "statement": f"{member.name}として第{r}版を確認しました。"
                if rng.random() < 0.6
                else "",
                "reason": rng.choice(REASONS) if stance == Stance.OBJECT else "",
                "source": rng.choice([s.value for s in Source]),
                "recorded_by_id": self.facilitator.id if on_behalf else self.liaisons[m].id,
                "on_behalf": on_behalf,
                "created_at": BASE_TIME + dt.timedelta(days=7 * r + 2, hours=i, minutes=m),
            }
        )
        self.position_texts.append(conditions)

    def _conditions(self) -> None:
        """Conditions of every 条件付賛成; about 30 % of those on current revisions cleared."""
        self.condition_rows: list[dict[str, Any]] = []
        members = {m.id: m for m in self.members}
        rows = zip(self.position_rows, self.position_ids, self.position_texts, strict=True)
        for position, pid, texts in rows:
            member = members[position["member_id"]]
            behalf = "(事務局が代理登録)" if position["on_behalf"] else ""
            stance = Stance(position["stance"])
            n = position["revision_number"]
            self.events[position["item_id"]].append(
                _Event(
                    position["created_at"],
                    2,
                    "position.record",
                    f"{member.name}の意見: {STANCE_LABELS[stance]} (第{n}版){behalf}",
                    position["recorded_by_id"],
                    after={
                        "position_id": pid,
                        "member": member.name,
                        "stance": stance.value,
                        "revision": n,
                        "source": position["source"],
                        "conditions": texts,
                        "reason": position["reason"],
                        "on_behalf": position["on_behalf"],
                    },
                )
            )
            for text in texts:
                cleared = n == self.n_revisions and self.rng.random() < 0.3
                self.condition_rows.append(
                    {
                        "position_id": pid,
                        "text": text,
                        "cleared_at": position["created_at"] + dt.timedelta(days=3)
                        if cleared
                        else None,
                        "cleared_by_id": self.facilitator.id if cleared else None,
                    }
                )
        condition_ids = _insert(PositionCondition, self.condition_rows)
        pairs = zip(self.position_ids, self.position_rows, strict=True)
        item_of = {pid: position["item_id"] for pid, position in pairs}
        for row, cid in zip(self.condition_rows, condition_ids, strict=True):
            if row["cleared_at"] is not None:
                self.events[item_of[row["position_id"]]].append(
                    _Event(
                        row["cleared_at"],
                        3,
                        "condition.clear",
                        f"条件を解消: {row['text']}",
                        self.facilitator.id,
                        after={"condition_id": cid, "text": row["text"]},
                    )
                )

    def _state_changes(self) -> None:
        self.change_rows: list[dict[str, Any]] = []
        for item_id, state in zip(self.item_ids, self.states, strict=True):
            for step, (old, new) in enumerate(PATHS[state]):
                at = BASE_TIME + dt.timedelta(days=7 * self.n_revisions + 4 + step)
                self.change_rows.append(
                    {
                        "item_id": item_id,
                        "from_state": old.value,
                        "to_state": new.value,
                        "reason": "",
                        "actor_id": self.facilitator.id,
                        "created_at": at,
                    }
                )
                self.events[item_id].append(
                    _Event(
                        at,
                        4,
                        "item.move",
                        f"状態を「{STATE_LABELS[new]}」に変更",
                        self.facilitator.id,
                        before={"state": old.value},
                        after={"state": new.value, "reason": ""},
                    )
                )
        _insert(StateChange, self.change_rows)

    def _probe_item(self) -> int:
        """The open (discussed) item with the most positions: the heaviest item page."""
        per_item: dict[int, int] = defaultdict(int)
        for row in self.position_rows:
            per_item[row["item_id"]] += 1
        open_items = [
            i for i, s in zip(self.item_ids, self.states, strict=True) if s == State.DISCUSSED
        ]
        return max(open_items or self.item_ids, key=lambda i: (per_item[i], -i))

    def _write_timelines(self, audited: list[int]) -> int:
        """The audited items' events through the audit service, oldest first."""
        items = db.session.scalars(sa.select(AgendaItem).where(AgendaItem.id.in_(audited)))
        by_id = {item.id: item for item in items}
        written = 0
        for item_id in audited:
            for event in sorted(self.events[item_id], key=lambda e: (e.at, e.order)):
                user = self.users[event.actor_id]
                audit_log.record(
                    event.action,
                    by_id[item_id],
                    event.summary,
                    before=event.before,
                    after=event.after,
                    consortium_id=self.council.id,
                    actor=audit_log.Actor(user.id, user.username),
                )
                written += 1
        return written

    # Meetings, the cost workspace and the agreement, through the services (see the docstring).
    def _items_by_id(self) -> dict[int, AgendaItem]:
        rows = db.session.scalars(sa.select(AgendaItem).where(AgendaItem.id.in_(self.item_ids)))
        return {item.id: item for item in rows}

    def seed_meetings(self, count: int) -> dict:
        items = self._items_by_id()
        probe_number = max(count - 1, 1)  # the last held meeting (the only one when count is 1)
        made: list[Meeting] = []
        first = self._first_meeting_day(count)
        for number in range(1, count + 1):
            start = first + dt.timedelta(days=14 * (number - 1))
            meeting = meetings.create_meeting(
                self.negotiation.consortium,
                {
                    "title": "",
                    "starts_at": start,
                    "ends_at": start + dt.timedelta(hours=2),
                    "place": f"{self.members[number % self.n_members].name}役場 大会議室",
                    "mode": ("in_person", "online", "hybrid")[number % 3],
                },
            )
            agenda = self.item_ids[number - 1 :: count]
            for item_id in agenda:
                meetings.add_to_agenda(meeting, items[item_id])
            made.append(meeting)
            if number == count and count > 1:
                continue  # the next meeting: scheduled, nothing more yet
            self._hold(meeting, number, probe_number)
        probe = made[probe_number - 1]
        self._link_floor_decisions(probe)
        return {
            "meeting_ids": [m.id for m in made],
            "probe_meeting_id": probe.id,
        }

    @staticmethod
    def _first_meeting_day(count: int) -> dt.datetime:
        """Fortnightly from 28 April 2026, moved back by whole weeks when that would put a
        meeting to be held (all but the last) after today: none is held before its start."""
        first = dt.datetime(2026, 4, 28, 13, 30, tzinfo=JST)
        last_held = first + dt.timedelta(days=14 * max(count - 2, 0))
        late = (last_held - (dt.datetime.now(dt.UTC) - dt.timedelta(days=1))).days
        return first - dt.timedelta(weeks=late // 7 + 1 if late >= 0 else 0)

    def _hold(self, meeting: Meeting, number: int, probe_number: int) -> None:
        meetings.record_attendance(
            meeting,
            [
                {
                    "member_id": m.id,
                    "presence": ("in_person", "remote", "absent")[(i + number) % 7 % 3],
                    "attendees": f"{m.name} 情報担当",
                }
                for i, m in enumerate(self.members)
            ],
            self.members,
        )
        meetings.mark_held(meeting)
        meeting.notes = f"第{number}回の協議の概要。\n\n- 次回までに事務局が論点を整理する。"
        for entry in meeting.agenda:
            entry.notes = f"「{entry.item.title}」について各団体の意見を聴取した。"
        for k, text in enumerate(ACTIONS):
            action = meetings.add_action(
                meeting,
                {
                    "description": text,
                    "owner_member_id": self.members[(number + k) % self.n_members].id,
                    "due_date": dt.date(2026, 5, 1) + dt.timedelta(days=14 * number),
                },
                self.members,
            )
            if k == 0 and number < probe_number:
                meetings.complete_action(action, meeting)
        view = meeting_queries.meeting_view(meeting, Actor(is_facilitator=True))
        content = meeting_queries.minutes_content(view)
        meeting_minutes.publish(meeting, content, "", self.facilitator)
        if number == probe_number:  # about half the members have confirmed so far
            for member, liaison in list(zip(self.members, self.liaisons, strict=True))[::2]:
                data = {"answer": "confirm", "revision": meeting.minutes_revision}
                meeting_minutes.confirm(meeting, member, data, liaison, self.members)
        elif number < probe_number - 1:  # long confirmed; the one before the probe is pending
            rows = [
                {
                    "meeting_id": meeting.id,
                    "revision_number": meeting.minutes_revision,
                    "member_id": member.id,
                    "answer": "confirm",
                    "comment": "",
                    "user_id": liaison.id,
                }
                for member, liaison in zip(self.members, self.liaisons, strict=True)
            ]
            _insert(MinutesConfirmation, rows)
            meeting.status = Status.CONFIRMED.value
            db.session.flush()
            summary = f"全構成団体が確認し、議事録 第{meeting.minutes_revision}版が確定"
            after = {"status": meeting.status, "revision": meeting.minutes_revision}
            meetings.log("minutes.confirmed", meeting, summary, after=after)

    def _link_floor_decisions(self, meeting: Meeting) -> None:
        """Current positions stated at the meeting, and moves to 協議済, belong to the meeting."""
        agenda = [e.item_id for e in meeting.agenda]
        db.session.execute(
            sa.update(Position)
            .where(Position.item_id.in_(agenda))
            .where(Position.revision_number == self.n_revisions)
            .where(Position.source == Source.MEETING.value)
            .values(meeting_id=meeting.id)
        )
        db.session.execute(
            sa.update(StateChange)
            .where(StateChange.item_id.in_(agenda))
            .where(StateChange.to_state == State.DISCUSSED.value)
            .values(meeting_id=meeting.id)
        )

    def seed_costs(self, count: int) -> dict:
        cost_items = [
            (state not in (State.PROPOSED, State.DISCUSSED), item_id)
            for item_id, row, state in zip(self.item_ids, self.item_rows, self.states, strict=True)
            if row["category"] == Category.COST_SPLIT.value
        ]
        if not cost_items:
            raise RuntimeError("no 費用負担 item to seed a cost workspace on")
        item = db.session.get(AgendaItem, min(cost_items)[1])  # the first open one, if any
        n = self.n_members
        indicators = [
            ("population", "人口", "人", "令和2年国勢調査", lambda i: 3_000 + (i * 7_919) % 60_000),
            ("users", "利用者数", "人", "令和8年4月1日", lambda i: 40 + (i * 131) % 900),
        ]
        costs.save_indicators(
            item,
            self.members,
            [
                {
                    "key": key,
                    "label": label,
                    "unit": unit,
                    "reference_date": date,
                    "source": "ベンチマーク用",
                    "illustrative": True,
                    "values": {m.id: Decimal(value(i)) for i, m in enumerate(self.members)},
                }
                for key, label, unit, date, value in indicators
            ],
        )
        ids = [m.id for m in self.members]
        categories = []
        for name, amount in (("初期費用", 48_000_000), ("年間運用費", 12_000_000)):
            category = costs.save_category(item, None, {"name": name, "amount": amount}, None)
            # Stand-alone quotes well above an equal share, all-but-one quotes saving a little
            # per member: separable costs add up to half the amount, so SCRB stays positive.
            quotes = {
                frozenset({i}): amount // 6 + amount // 100 * (k % 5) for k, i in enumerate(ids)
            }
            if n > 1:
                quotes |= {frozenset(ids) - {i}: amount - amount // (2 * n) for i in ids}
            costs.save_quotes(item, category, quotes)
            categories.append(category)
        shares = [Decimal(100) / n] * n if 100 % n == 0 else None
        if shares is None:  # two decimals, the rest to the first member
            each = (Decimal(100) / n).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
            shares = [Decimal(100) - each * (n - 1)] + [each] * (n - 1)
        for name, method, params in CANDIDATES[:count]:
            if method == "mix":
                params = {"weights": {str(c.id): dict(params) for c in categories}}
            elif method == "manual":
                params = {
                    "unit": "percent",
                    "values": {str(i): f"{s}" for i, s in zip(ids, shares, strict=True)},
                }
            data = {
                "name": name,
                "method": method,
                "params": params,
                "remainder_rule": "lead",
                "rationale": "ベンチマーク用の候補" if method == "manual" else "",
            }
            costs.save_candidate(item, None, data, self.facilitator)
        return {"cost_item_id": item.id}

    def seed_agreement(self, articles: int) -> dict:
        draft = agreements.create_draft(self.negotiation)
        agreements.update_settings(
            draft,
            {
                "title": "グループウェアシステムの共同利用に関する協定書",
                "subject": "グループウェアシステムの共同利用",
                "effective_date": dt.date(2026, 4, 1),
                "term": "令和11年3月31日まで",
                "signing_date": dt.date(2026, 3, 27),
                "include_consultation": True,
                "execution_method": "witness",  # as the demo (required since the 締結の方法)
            },
            draft.version,
        )
        for n in range(len(draft.articles) + 1, articles + 1):
            body = STANDARD_ARTICLE.format(n=n)
            agreements.add_standard_article(draft, f"運用細則第{n}号", body, draft.version)
        return {"agreement_id": draft.id, "agreement_articles": len(draft.articles)}
