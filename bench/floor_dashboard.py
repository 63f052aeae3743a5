"""The dashboard's floor: its statements and view; the template is
bench/floor_dashboard_pages.py, the shared helpers bench/floor_common.py."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_login import current_user

from bench import floor_common as common
from bench.floor_common import JST, RULES, Shell, missing, moves, time_of
from bench.floor_dashboard_pages import DASHBOARD
from negotiator import bounds
from negotiator.agreements.forms import AGREEMENT_STATUS_LABELS
from negotiator.db import db

# The dashboard (dashboard/views, todos, lists; negotiation/tasks): every kind of to-do,
# the first few of each and the count of all in the same statement.
FACILITATED = "SELECT consortium_id FROM membership WHERE user_id = :u AND role = 'facilitator'"
LIAISON_OF = "SELECT member_id FROM membership WHERE user_id = :u AND role = 'liaison'"
LIAISON_IN = "SELECT consortium_id FROM membership WHERE user_id = :u AND role = 'liaison'"
TOTAL = "count(*) OVER () AS total"
# Role-bound kinds: (kind, columns, joins and conditions, order); a facilitator has none of
# them in the seed, but the page asks, so the floor asks the same.
ROLE_KINDS = (
    (
        "sign",
        "a.id, a.title, mb.id AS member_id, mb.name AS member",
        "agreement a JOIN negotiation n ON n.id = a.negotiation_id JOIN membership s"
        " ON s.consortium_id = n.consortium_id JOIN member mb ON mb.id = s.member_id"
        " WHERE s.user_id = :u AND s.role = 'signatory' AND a.status = 'out_for_signature'"
        " AND NOT EXISTS (SELECT 1 FROM signature g WHERE g.agreement_id = a.id"
        " AND g.member_id = mb.id)",
        "a.id",
    ),
    (
        "approve",
        "a.id, a.title, mb.id AS member_id, mb.name AS member",
        "agreement a JOIN negotiation n ON n.id = a.negotiation_id JOIN consortium c"
        " ON c.id = n.consortium_id JOIN membership s ON s.consortium_id = c.id JOIN member mb"
        " ON mb.id = s.member_id WHERE s.user_id = :u AND s.role = 'liaison'"
        " AND c.approval_required AND a.status = 'out_for_signature' AND NOT EXISTS (SELECT 1"
        " FROM approval p WHERE p.agreement_id = a.id AND p.member_id = mb.id"
        " AND p.content_hash = a.content_hash) AND NOT EXISTS (SELECT 1 FROM signature g"
        " WHERE g.agreement_id = a.id AND g.member_id = mb.id)",
        "a.id, mb.sort_order",
    ),
    (
        "unexecuted",
        "a.id, a.title, a.number, (SELECT count(*) FROM member mb WHERE mb.consortium_id = c.id"
        " AND NOT EXISTS (SELECT 1 FROM signature g WHERE g.agreement_id = a.id"
        " AND g.member_id = mb.id)) AS signatures_missing, CASE WHEN c.approval_required THEN"
        " (SELECT count(*) FROM member mb WHERE mb.consortium_id = c.id AND NOT EXISTS (SELECT 1"
        " FROM signature g WHERE g.agreement_id = a.id AND g.member_id = mb.id) AND NOT EXISTS"
        " (SELECT 1 FROM approval p WHERE p.agreement_id = a.id AND p.member_id = mb.id"
        " AND p.content_hash = a.content_hash)) ELSE 0 END AS approvals_missing",
        "agreement a JOIN negotiation n ON n.id = a.negotiation_id JOIN consortium c"
        f" ON c.id = n.consortium_id WHERE c.id IN ({FACILITATED})"
        " AND a.status = 'out_for_signature'",
        "a.id",
    ),
    (
        "prepare",
        "n.id, n.title",
        f"negotiation n WHERE n.consortium_id IN ({FACILITATED}) AND EXISTS (SELECT 1"
        " FROM agenda_item i WHERE i.negotiation_id = n.id AND i.state = 'agreed') AND NOT"
        " EXISTS (SELECT 1 FROM agenda_item i WHERE i.negotiation_id = n.id AND i.state NOT IN"
        " ('agreed', 'withdrawn')) AND NOT EXISTS (SELECT 1 FROM agreement a"
        " WHERE a.negotiation_id = n.id)",
        "n.id",
    ),
    (
        "confirm",
        "m.id, m.title, m.minutes_revision, mb.id AS member_id, mb.name AS member",
        "meeting m JOIN membership s ON s.consortium_id = m.consortium_id JOIN member mb"
        " ON mb.id = s.member_id WHERE s.user_id = :u AND s.role = 'liaison'"
        f" AND mb.left_on IS NULL AND m.consortium_id IN ({LIAISON_IN}) AND m.status = 'held'"
        " AND m.minutes_revision > 0 AND NOT EXISTS (SELECT 1 FROM minutes_confirmation c"
        " WHERE c.meeting_id = m.id AND c.member_id = mb.id"
        " AND c.revision_number = m.minutes_revision)",
        "m.starts_at, m.id, mb.sort_order",
    ),
    (
        "rsvp",
        "m.id, m.title, m.starts_at, mb.id AS member_id, mb.name AS member",
        "meeting m JOIN membership s ON s.consortium_id = m.consortium_id JOIN member mb"
        " ON mb.id = s.member_id WHERE s.user_id = :u AND s.role = 'liaison'"
        f" AND mb.left_on IS NULL AND m.consortium_id IN ({LIAISON_IN})"
        " AND m.status = 'scheduled' AND m.starts_at > :now AND NOT EXISTS (SELECT 1"
        " FROM attendance_answer r WHERE r.meeting_id = m.id AND r.member_id = mb.id)",
        "m.starts_at, m.id, mb.sort_order",
    ),
    (
        "position",
        "'position' AS kind, i.id, i.number, i.title, n.title AS negotiation, mb.id AS member_id,"
        " mb.name AS member, EXISTS (SELECT 1 FROM position p WHERE p.item_id = i.id"
        " AND p.member_id = mb.id) AS stale",
        "agenda_item i JOIN negotiation n ON n.id = i.negotiation_id JOIN membership s"
        " ON s.consortium_id = n.consortium_id JOIN member mb ON mb.id = s.member_id"
        " WHERE i.state IN ('proposed', 'discussed') AND s.user_id = :u AND s.role = 'liaison'"
        " AND mb.consortium_id = n.consortium_id AND mb.left_on IS NULL AND NOT EXISTS"
        " (SELECT 1 FROM position p WHERE p.item_id = i.id AND p.member_id = mb.id"
        " AND p.revision_number >= i.current_revision)",
        "i.negotiation_id, i.number, mb.sort_order, mb.id",
    ),
)


def dashboard(shell: Shell) -> str:
    user, k = current_user.id, bounds.DASHBOARD_PER_KIND
    todos, totals = {}, {}
    todos["dated"], totals["dated"] = _dated(user, k)
    for kind, columns, source, order in ROLE_KINDS:
        rows = common.rows(
            f"SELECT {columns}, {TOTAL} FROM {source} ORDER BY {order} LIMIT :k",
            u=user,
            k=k,
            now=_now(),
        )
        todos[kind], totals[kind] = rows, rows[0].total if rows else 0
    todos["item"], totals["item"] = _item_tasks(user, k)
    more = {kind: totals[kind] - len(rows) for kind, rows in todos.items()}
    consortia = common.rows(
        "SELECT DISTINCT c.id, c.name, c.description FROM consortium c JOIN membership s"
        " ON s.consortium_id = c.id WHERE s.user_id = :u ORDER BY c.name",
        u=user,
    )
    negotiations: dict[int, list[sa.Row]] = {}
    for n in common.rows(
        "SELECT n.id, n.consortium_id, n.title, a.status FROM negotiation n LEFT JOIN agreement a"
        " ON a.id = (SELECT max(id) FROM agreement WHERE negotiation_id = n.id)"
        f" WHERE n.consortium_id IN ({common.ids([c.id for c in consortia])}) ORDER BY n.id"
    ):
        negotiations.setdefault(n.consortium_id, []).append(n)
    return DASHBOARD.render(
        shell=shell(),
        title="ホーム",
        crumbs=[],
        todos=todos,
        more=more,
        any_todo=sum(totals.values()) > 0,
        consortia=consortia,
        negotiations=negotiations,
        agreement_status_labels=AGREEMENT_STATUS_LABELS,
    )


def _now() -> dt.datetime:
    """Now, bound as the database stores timestamps (naive UTC text on SQLite)."""
    now = dt.datetime.now(dt.UTC)
    return now if db.engine.dialect.name == "postgresql" else now.replace(tzinfo=None)


def _dated(user: int, k: int) -> tuple[list[dict], int]:
    """Open action items, rounds to answer and rounds past their deadline: overdue first,
    then by deadline, undated last (dashboard/todos.dated); the first k and the count."""
    now = dt.datetime.now(dt.UTC)
    today = now.astimezone(JST).date()
    actions = common.rows(
        f"SELECT a.id, a.meeting_id, a.description, a.due_date, mb.name AS owner, {TOTAL}"
        " FROM action_item a JOIN member mb ON mb.id = a.owner_member_id WHERE a.status = 'open'"
        f" AND (a.owner_member_id IN ({LIAISON_OF}) OR a.consortium_id IN ({FACILITATED}))"
        " ORDER BY a.due_date IS NULL, a.due_date, a.id LIMIT :k",
        u=user,
        k=k,
    )
    answers = common.rows(
        f"SELECT r.id, r.title, r.deadline, n.title AS negotiation, {TOTAL} FROM written_round r"
        " JOIN negotiation n ON n.id = r.negotiation_id WHERE r.state = 'open'"
        " AND r.deadline > :now AND EXISTS (SELECT 1 FROM round_item ri JOIN agenda_item i"
        f" ON i.id = ri.item_id JOIN member mb ON mb.id IN ({LIAISON_OF})"
        " WHERE ri.round_id = r.id AND ri.result IS NULL AND i.current_revision ="
        " ri.revision_number AND mb.consortium_id = n.consortium_id AND mb.left_on IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM position p WHERE p.round_id = r.id"
        " AND p.item_id = ri.item_id AND p.member_id = mb.id))"
        " ORDER BY r.deadline, r.id LIMIT :k",
        u=user,
        k=k,
        now=_now(),
    )
    pending = (
        "(SELECT count(ri.id) FROM round_item ri JOIN agenda_item i ON i.id = ri.item_id"
        " WHERE ri.round_id = r.id AND ri.result = 'met' AND i.state IN"
        " ('proposed', 'discussed') AND i.current_revision = ri.revision_number)"
    )
    late = common.rows(
        f"SELECT r.id, r.title, r.deadline, r.state, n.title AS negotiation, {pending}"
        f" AS pending, {TOTAL} FROM written_round r JOIN negotiation n"
        f" ON n.id = r.negotiation_id WHERE n.consortium_id IN ({FACILITATED})"
        f" AND r.deadline <= :now AND (r.state = 'open' OR (r.state = 'closed' AND {pending} > 0))"
        " ORDER BY r.deadline, r.id LIMIT :k",
        u=user,
        k=k,
        now=_now(),
    )
    todos = []
    for a in actions:
        due = dt.date.fromisoformat(a.due_date) if isinstance(a.due_date, str) else a.due_date
        end = due and dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), JST)
        todos.append(
            a._asdict() | {"kind": "action", "deadline": end, "overdue": bool(due and due < today)}
        )
    for r in answers:
        todos.append(
            r._asdict()
            | {
                "kind": "answer",
                "deadline": time_of(r.deadline),
                "overdue": time_of(r.deadline) <= now,
            }
        )
    todos += [
        r._asdict() | {"kind": "late", "deadline": time_of(r.deadline), "overdue": True}
        for r in late
    ]
    never = dt.datetime.max.replace(tzinfo=dt.UTC)
    todos.sort(key=lambda t: (not t["overdue"], t["deadline"] or never))
    total = sum(rows[0].total for rows in (actions, answers, late) if rows)
    return todos[:k], total


def _item_tasks(user: int, k: int) -> tuple[list[dict], int]:
    """What the most answered open items wait on (negotiation/tasks.item_tasks): decide,
    move, or what blocks the next move; the first k of them and the count of open items."""
    items = common.rows(
        "SELECT i.id, i.number, i.title, i.state, i.current_revision, i.rule_override,"
        " i.deemed_consent_override, i.discussed_note, i.negotiation_id, n.title AS negotiation,"
        f" n.consortium_id, n.decision_rule, n.deemed_consent, {TOTAL} FROM agenda_item i"
        " JOIN negotiation n ON n.id = i.negotiation_id WHERE i.state IN ('proposed', 'discussed')"
        f" AND n.consortium_id IN ({FACILITATED}) ORDER BY (SELECT count(DISTINCT p.member_id)"
        " FROM position p WHERE p.item_id = i.id AND p.revision_number = i.current_revision)"
        " DESC, i.negotiation_id, i.number LIMIT :k",
        u=user,
        k=max(k, bounds.DASHBOARD_ITEMS_EXAMINED),
    )
    if not items:
        return [], 0
    members: dict[int, list[sa.Row]] = {}
    for m in common.rows(
        "SELECT id, consortium_id, name FROM member WHERE consortium_id IN"
        f" ({common.ids(list({i.consortium_id for i in items}))}) AND left_on IS NULL"
        " ORDER BY sort_order, id"
    ):
        members.setdefault(m.consortium_id, []).append(m)
    latest: dict[int, dict[int, sa.Row]] = {}
    for p in common.rows(
        "SELECT item_id, member_id, stance, revision_number FROM position WHERE id IN"
        f" (SELECT max(id) FROM position WHERE item_id IN ({common.ids([i.id for i in items])})"
        " GROUP BY item_id, member_id)"
    ):
        latest.setdefault(p.item_id, {})[p.member_id] = p
    discussed = common.discussed([i.id for i in items])
    tasks = [
        _item_task(i, members[i.consortium_id], latest.get(i.id, {}), i.id in discussed)
        for i in sorted(items, key=lambda i: (i.negotiation_id, i.number))
    ]
    order = {"decide": 0, "move": 1, "blocked": 2}
    tasks = sorted((t for t in tasks if t), key=lambda t: order[t["kind"]])
    return tasks[:k], items[0].total


def _item_task(
    item: sa.Row, members: list[sa.Row], positions: dict, discussed: bool
) -> dict | None:
    lacking = missing(item, members, positions)
    forward = [
        m
        for m in moves(item.state, lacking, discussed or bool(item.discussed_note))
        if m.name != "withdraw"
    ]
    allowed = [m for m in forward if m.allowed]
    task = item._asdict()
    if allowed and not lacking:
        return task | {"kind": "decide", "rule": RULES[item.rule_override or item.decision_rule]}
    if allowed:
        return task | {"kind": "move", "move": allowed[0].label}
    return task | {"kind": "blocked", "move": forward[0].label, "reasons": forward[0].reasons}
