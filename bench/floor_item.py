"""The item page's floor (negotiation/pages.item_context): its statements and view; the
template is bench/floor_item_pages.py, the shared helpers bench/floor_common.py."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_login import current_user

from bench import floor_common as common
from bench.floor_common import HELD, OPEN, RULES, Shell, missing, moves, time_of
from bench.floor_item_pages import ITEM
from negotiator import bounds
from negotiator.meetings.forms import STATUS_LABELS
from negotiator.meetings.round_states import STATE_LABELS as ROUND_LABELS
from negotiator.negotiation.forms import CATEGORY_LABELS, SOURCE_LABELS
from negotiator.negotiation.markdown import render_markdown
from negotiator.negotiation.suggestions import STATE_LABELS as SUGGESTION_LABELS


def item(shell: Shell, item_id: int) -> str:
    (it,) = common.rows(
        "SELECT i.id, i.number, i.title, i.category, i.description, i.rule_override,"
        " i.deemed_consent_override, i.state, i.discussed_note, i.current_revision, i.version,"
        " n.id AS negotiation_id, n.title AS negotiation, n.decision_rule, n.deemed_consent,"
        " n.consortium_id, c.name AS consortium, pm.name AS proposer FROM agenda_item i"
        " JOIN negotiation n ON n.id = i.negotiation_id JOIN consortium c ON c.id = n.consortium_id"
        " LEFT JOIN member pm ON pm.id = i.proposing_member_id WHERE i.id = :i",
        i=item_id,
    )
    common.facilitated(it.consortium_id)
    members = common.members(it.consortium_id)
    history, current = _positions(item_id)
    if it.state == "agreed":
        common.no_holds([item_id])
    record = _record(item_id)
    discussed = bool(it.discussed_note) or any(r["discussed"] for r in record)
    lacking = missing(it, members, current)
    revisions = common.rows(
        "SELECT r.number, r.text, r.change_note, r.created_at, u.display_name AS author,"
        " count(*) OVER () AS total FROM proposal_revision r JOIN user_account u"
        " ON u.id = r.author_id WHERE r.item_id = :i ORDER BY r.number DESC LIMIT :k",
        i=item_id,
        k=bounds.ITEM_REVISIONS,
    )
    return ITEM.render(
        shell=shell(),
        title=f"{it.number}. {it.title}",
        crumbs=[
            (it.consortium, f"/consortia/{it.consortium_id}"),
            (it.negotiation, f"/negotiations/{it.negotiation_id}"),
            (f"{it.number}. {it.title}", None),
        ],
        item=it,
        facilitator=True,
        following=bool(
            common.rows(
                "SELECT id FROM follow WHERE user_id = :u AND item_id = :i",
                u=current_user.id,
                i=item_id,
            )
        ),
        category=CATEGORY_LABELS[it.category],
        rule_label=RULES[it.rule_override or it.decision_rule],
        open=it.state in OPEN,
        members=members,
        current=current,
        history=history,
        conditions=_conditions(item_id),
        missing=lacking,
        moves=moves(it.state, lacking, discussed),
        frozen=[],
        record=record,
        revision=revisions[0] if revisions else None,
        revision_html=render_markdown(revisions[0].text) if revisions else "",
        revisions=revisions,
        source_labels=SOURCE_LABELS,
        suggestion_labels=SUGGESTION_LABELS,
        **_discussion(item_id),
        timeline=_timeline(item_id),
    )


def _positions(item_id: int) -> tuple[dict[int, list[sa.Row]], dict[int, sa.Row]]:
    """member -> its newest positions (with the count of all), and member -> the current one."""
    rows = common.rows(
        "SELECT p.id, p.member_id, p.stance, p.revision_number, p.statement, p.reason, p.source,"
        " p.on_behalf, p.created_at, u.display_name AS recorded_by, r.total FROM"
        " (SELECT id, row_number() OVER (PARTITION BY member_id ORDER BY id DESC) AS rank,"
        " count(*) OVER (PARTITION BY member_id) AS total FROM position WHERE item_id = :i) r"
        " JOIN position p ON p.id = r.id JOIN user_account u ON u.id = p.recorded_by_id"
        " WHERE r.rank <= :k ORDER BY p.id DESC",
        i=item_id,
        k=bounds.ITEM_EARLIER_POSITIONS + 1,
    )
    history: dict[int, list[sa.Row]] = {}
    for p in rows:
        history.setdefault(p.member_id, []).append(p)
    return history, {m: shown[0] for m, shown in history.items()}


def _conditions(item_id: int) -> dict[int, list[sa.Row]]:
    """The conditions of each member's current position (the only ones the page lists)."""
    rows = common.rows(
        "SELECT c.id, c.position_id, c.text, c.cleared_at, u.display_name AS cleared_by"
        " FROM position_condition c LEFT JOIN user_account u ON u.id = c.cleared_by_id"
        " WHERE c.position_id IN (SELECT max(id) FROM position WHERE item_id = :i"
        " GROUP BY member_id) ORDER BY c.id",
        i=item_id,
    )
    by_position: dict[int, list[sa.Row]] = {}
    for c in rows:
        by_position.setdefault(c.position_id, []).append(c)
    return by_position


def _record(item_id: int) -> list[dict]:
    """The meetings (not called off) and written rounds that took up the item, by date."""
    meetings = common.rows(
        "SELECT m.id, m.number, m.title, m.starts_at AS at, m.status, EXISTS (SELECT 1 FROM"
        " state_change s WHERE s.item_id = :i AND s.meeting_id = m.id) AS decided FROM meeting m"
        " JOIN meeting_item e ON e.meeting_id = m.id"
        " WHERE e.item_id = :i AND m.status != 'cancelled'",
        i=item_id,
    )
    rounds = common.rows(
        "SELECT r.id, r.number, r.title, r.deadline AS at, r.state AS status, r.closed_at"
        " FROM written_round r JOIN round_item ri ON ri.round_id = r.id WHERE ri.item_id = :i",
        i=item_id,
    )
    now = dt.datetime.now(dt.UTC)
    records = [
        {
            "kind": "meeting",
            "when": time_of(m.at),
            "status_label": STATUS_LABELS[m.status],
            "discussed": m.status in HELD,
            **m._asdict(),
        }
        for m in meetings
    ] + [
        {
            "kind": "round",
            "when": time_of(r.at),
            "decided": False,
            "status_label": {s.value: t for s, t in ROUND_LABELS.items()}[r.status],
            "discussed": r.status == "closed" or (r.status == "open" and now >= time_of(r.at)),
            **r._asdict(),
        }
        for r in rounds
    ]
    return sorted(records, key=lambda r: (r["when"], r["kind"], r["id"]))


def _discussion(item_id: int) -> dict:
    """The 修正案, the comments in threads, and the documents of the item and its comments."""
    suggestions = common.rows(
        "SELECT s.id, s.state, s.base_revision, s.reason, s.created_at, mb.name AS member,"
        " u.display_name AS author FROM suggestion s JOIN member mb ON mb.id = s.member_id"
        " JOIN user_account u ON u.id = s.author_id WHERE s.item_id = :i"
        " ORDER BY s.state = 'open' DESC, s.id DESC",
        i=item_id,
    )
    comments = common.rows(
        "SELECT c.id, c.parent_id, c.author_id, c.revision_number, c.body, c.created_at,"
        " c.edited_at, u.display_name AS author, mb.name AS mentioned FROM comment c"
        " JOIN user_account u ON u.id = c.author_id LEFT JOIN member mb"
        " ON mb.id = c.mentioned_member_id WHERE c.item_id = :i ORDER BY c.id",
        i=item_id,
    )
    threads: dict[int, list[sa.Row]] = {}
    for c in comments:
        threads.setdefault(c.parent_id or c.id, []).append(c)
    documents = common.documents(
        "d.item_id = :i OR r.item_id = :i OR d.comment_id IN"
        " (SELECT id FROM comment WHERE item_id = :i)",
        i=item_id,
    )
    if any(d["comment_id"] for d in documents):
        raise NotImplementedError("documents attached to comments")
    return {
        "suggestions": suggestions,
        "threads": list(threads.values()),
        "documents": documents,
        "on_comments": 0,
    }


def _timeline(item_id: int) -> list[dict]:
    """The newest entries of the item's audit log, with who made each (audit/display)."""
    rows = common.rows(
        "SELECT a.at, a.summary, a.actor_name, u.username, u.display_name,"
        " count(*) OVER () AS total FROM audit_entry a LEFT JOIN user_account u"
        " ON u.id = a.actor_id WHERE a.object_type = 'agendaitem' AND a.object_id = :i"
        " ORDER BY a.id DESC LIMIT :k",
        i=item_id,
        k=bounds.ITEM_TIMELINE,
    )
    return [
        {
            "at": r.at,
            "at_iso": _iso(r.at),
            "summary": r.summary,
            "actor": _actor(r),
            "total": r.total,
        }
        for r in rows
    ]


def _iso(value: str | dt.datetime) -> str:
    """As the page writes a stored timestamp (naive on SQLite, aware on PostgreSQL)."""
    return (dt.datetime.fromisoformat(value) if isinstance(value, str) else value).isoformat()


def _actor(entry: sa.Row) -> str:
    if entry.display_name is None:
        if entry.actor_name == "system" or entry.actor_name.startswith("system("):
            raise NotImplementedError("entries the app itself made")
        return entry.actor_name
    via = entry.actor_name.removeprefix(entry.username)
    return entry.display_name + via if via.startswith(" (") else entry.display_name
