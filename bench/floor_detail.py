"""The floors of the item page, the meeting page and the dashboard (bench/floor.py times them).

Each fetches what its page shows the bench's facilitator with hand-written SQL (plain rows, no
ORM objects), computes the page's facts in plain Python (the decision rule's reasons, the moves
offered, counts) and renders one template (bench/floor_detail_pages.py) into the same HTML.
The decision rule is worked out by hand for what the bench seeds (bench/seed.py): unanimity,
or consent on some items, without みなし同意 (deemed consent is off in the seed); data the
seed never makes and that would take more than a few lines to show the same (a live agreement
holding an item, a non-facilitator's page) makes a floor refuse rather than show less.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from flask_login import current_user

from bench.floor_detail_pages import DASHBOARD, ITEM, JST, MEETING, time_of
from negotiator import bounds
from negotiator.agreements.forms import AGREEMENT_STATUS_LABELS
from negotiator.db import db
from negotiator.meetings.forms import MODE_LABELS, PRESENCE_LABELS, STATUS_LABELS
from negotiator.meetings.numbering import agenda_heading
from negotiator.meetings.round_states import STATE_LABELS as ROUND_LABELS
from negotiator.negotiation.forms import CATEGORY_LABELS, SOURCE_LABELS
from negotiator.negotiation.markdown import render_markdown
from negotiator.negotiation.suggestions import STATE_LABELS as SUGGESTION_LABELS

OPEN = ("proposed", "discussed")
HELD = ("held", "confirmed")
RULES = {"unanimity": "全会一致", "consent": "異議なし"}
MOVES = {"discuss": "協議中にする", "agree": "合意とする", "reopen": "再協議にする"}
MOVES["withdraw"] = "取り下げる"
# The moves out of each state, in the workflow's order (negotiation/workflow.TRANSITIONS).
OUT_OF = {
    "proposed": ("discuss", "withdraw"),
    "discussed": ("agree", "withdraw"),
    "agreed": ("reopen",),
    "withdrawn": (),
}
RSVP_CLOSED = (
    "会議の開始日時を過ぎたため、出欠の回答は締め切りました。当日の出欠は事務局が記録します。"
)
HELD_EARLY = (
    "開始日時より前には開催済みにできません。"
    "予定と違う日時に開催した場合は、先に予定を変更して実際の日時を入力してください。"
)
RSVP_LABELS = {"attend": "出席", "proxy": "代理出席", "absent": "欠席"}  # the page's order

Shell = Callable[[], dict]


def _rows(sql: str, **params: object) -> list[sa.Row]:
    return db.session.execute(sa.text(sql), params).all()


def _ids(values: list[int]) -> str:
    """An IN list of integers written into the statement (one statement, any length)."""
    return ", ".join(str(int(v)) for v in values) or "NULL"


def _facilitated(consortium_id: int) -> None:
    """The floors show the facilitator's page (the bench logs the facilitator in)."""
    roles = _rows(
        "SELECT role FROM membership WHERE user_id = :u AND consortium_id = :c",
        u=current_user.id,
        c=consortium_id,
    )
    if "facilitator" not in {r.role for r in roles}:
        raise NotImplementedError("the floor shows a facilitator's page only")


def _members(consortium_id: int) -> list[sa.Row]:
    return _rows(
        "SELECT id, name, party_label FROM member WHERE consortium_id = :c AND left_on IS NULL"
        " ORDER BY sort_order, id",
        c=consortium_id,
    )


# The decision rule and the moves, worked out by hand (negotiation/rules.py, workflow.py).
@dataclasses.dataclass(frozen=True)
class Move:
    name: str
    label: str
    allowed: bool
    reasons: list[str]


def missing(item: sa.Row, members: list[sa.Row], positions: dict) -> list[str]:
    """What the item's rule still lacks on its current revision, member by member."""
    rule = item.rule_override or item.decision_rule
    override = item.deemed_consent_override
    if rule == "consent" and (item.deemed_consent if override is None else override):
        raise NotImplementedError("みなし同意 needs the written rounds' deadlines")
    if not members:
        return ["構成団体が登録されていないため、合意を判定できません"]
    texts = []
    current = item.current_revision
    for m in members:
        p = positions.get(m.id)
        if p is None:
            texts.append(f"{m.name}: 第{current}版への意見がありません")
        elif p.revision_number < current:
            old = p.revision_number
            texts.append(
                f"{m.name}: 第{old}版への意見のため、第{current}版について再確認が必要です"
            )
        elif p.stance == "object":
            texts.append(f"{m.name} は反対しています")
        elif rule == "unanimity" and p.stance == "undecided":
            texts.append(f"{m.name} は保留中です")
    return texts


def moves(state: str, lacking: list[str], discussed: bool) -> list[Move]:
    """The facilitator's moves out of the state, each allowed or not with its reasons."""
    guards = {
        "discuss": [] if discussed else ["会議または書面協議でまだ協議されていません"],
        "agree": lacking,
        "reopen": [],  # frozen only by an executed agreement; refused earlier (holds)
        "withdraw": [],
    }
    return [Move(n, MOVES[n], not guards[n], guards[n]) for n in OUT_OF[state]]


def _no_holds(item_ids: list[int]) -> None:
    """Agreed items in a live agreement would change the moves; the seed makes none."""
    if not item_ids:
        return
    (held,) = _rows(
        "SELECT count(*) AS n FROM agreement_article t JOIN agreement a ON a.id = t.agreement_id"
        f" WHERE t.item_id IN ({_ids(item_ids)})"
        " AND a.status IN ('preparing', 'out_for_signature', 'executed')"
    )
    if held.n:
        raise NotImplementedError("an agreed item in a live agreement")


def _discussed(item_ids: list[int]) -> set[int]:
    """Items on a held meeting's agenda or in a round that reached its end (meetings/facts)."""
    if not item_ids:
        return set()
    marks = _ids(item_ids)
    held = _rows(
        f"SELECT e.item_id FROM meeting_item e WHERE e.item_id IN ({marks})"
        " AND (SELECT m.status FROM meeting m WHERE m.id = e.meeting_id) IN ('held', 'confirmed')"
    )
    rounds = _rows(
        "SELECT ri.item_id, r.state, r.deadline, r.closed_at FROM round_item ri"
        f" JOIN written_round r ON r.id = ri.round_id WHERE ri.item_id IN ({marks})"
    )
    now = dt.datetime.now(dt.UTC)
    ended = {
        r.item_id
        for r in rounds
        if r.state == "closed" or (r.state == "open" and now >= time_of(r.deadline))
    }
    return {r.item_id for r in held} | ended


def _size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB"
    return f"{-(-size // 1024)} KB" if size >= 1024 else f"{size} B"


def _documents(where: str, **params: object) -> list[dict]:
    rows = _rows(
        "SELECT d.id, d.name, d.size, d.uploaded_at, d.comment_id, r.number AS revision,"
        " u.display_name AS uploader FROM document d"
        " LEFT JOIN proposal_revision r ON r.id = d.revision_id"
        f" JOIN user_account u ON u.id = d.uploader_id WHERE ({where}) AND d.deleted_at IS NULL"
        " ORDER BY d.uploaded_at, d.id",
        **params,
    )
    return [r._asdict() | {"size_label": _size_label(r.size)} for r in rows]


# The item page (negotiation/pages.item_context).
def item(shell: Shell, item_id: int) -> str:
    (it,) = _rows(
        "SELECT i.id, i.number, i.title, i.category, i.description, i.rule_override,"
        " i.deemed_consent_override, i.state, i.discussed_note, i.current_revision, i.version,"
        " n.id AS negotiation_id, n.title AS negotiation, n.decision_rule, n.deemed_consent,"
        " n.consortium_id, c.name AS consortium, pm.name AS proposer FROM agenda_item i"
        " JOIN negotiation n ON n.id = i.negotiation_id JOIN consortium c ON c.id = n.consortium_id"
        " LEFT JOIN member pm ON pm.id = i.proposing_member_id WHERE i.id = :i",
        i=item_id,
    )
    _facilitated(it.consortium_id)
    members = _members(it.consortium_id)
    history, current = _positions(item_id)
    if it.state == "agreed":
        _no_holds([item_id])
    record = _record(item_id)
    discussed = bool(it.discussed_note) or any(r["discussed"] for r in record)
    lacking = missing(it, members, current)
    revisions = _rows(
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
            _rows(
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
    rows = _rows(
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
    rows = _rows(
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
    meetings = _rows(
        "SELECT m.id, m.number, m.title, m.starts_at AS at, m.status, EXISTS (SELECT 1 FROM"
        " state_change s WHERE s.item_id = :i AND s.meeting_id = m.id) AS decided FROM meeting m"
        " JOIN meeting_item e ON e.meeting_id = m.id"
        " WHERE e.item_id = :i AND m.status != 'cancelled'",
        i=item_id,
    )
    rounds = _rows(
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
    suggestions = _rows(
        "SELECT s.id, s.state, s.base_revision, s.reason, s.created_at, mb.name AS member,"
        " u.display_name AS author FROM suggestion s JOIN member mb ON mb.id = s.member_id"
        " JOIN user_account u ON u.id = s.author_id WHERE s.item_id = :i"
        " ORDER BY s.state = 'open' DESC, s.id DESC",
        i=item_id,
    )
    comments = _rows(
        "SELECT c.id, c.parent_id, c.author_id, c.revision_number, c.body, c.created_at,"
        " c.edited_at, u.display_name AS author, mb.name AS mentioned FROM comment c"
        " JOIN user_account u ON u.id = c.author_id LEFT JOIN member mb"
        " ON mb.id = c.mentioned_member_id WHERE c.item_id = :i ORDER BY c.id",
        i=item_id,
    )
    threads: dict[int, list[sa.Row]] = {}
    for c in comments:
        threads.setdefault(c.parent_id or c.id, []).append(c)
    documents = _documents(
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
    rows = _rows(
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


# The meeting page (meetings/views.meeting, meetings/queries.meeting_view).
def meeting(shell: Shell, meeting_id: int) -> str:
    (m,) = _rows(
        "SELECT m.id, m.consortium_id, m.number, m.title, m.starts_at, m.ends_at, m.place,"
        " m.mode, m.status, m.notes, m.minutes_revision, m.agenda_published_at,"
        " m.agenda_publish_count, m.cancelled_at, m.cancel_reason, c.name AS consortium"
        " FROM meeting m JOIN consortium c ON c.id = m.consortium_id WHERE m.id = :m",
        m=meeting_id,
    )
    _facilitated(m.consortium_id)
    members = _members(m.consortium_id)
    entries = _agenda(meeting_id, members)
    signers = _rows(
        "SELECT s.member_id, mb.name FROM minutes_signer s JOIN member mb ON mb.id = s.member_id"
        " WHERE s.meeting_id = :m ORDER BY s.id",
        m=meeting_id,
    )
    return MEETING.render(
        shell=shell(),
        title=m.title,
        crumbs=[
            (m.consortium, f"/consortia/{m.consortium_id}"),
            ("会議", f"/consortia/{m.consortium_id}/meetings"),
            (m.title, None),
        ],
        meeting=m,
        members=members,
        entries=entries,
        listed=len(members) <= bounds.MEETING_STANCES,
        headings={
            e["item_id"]: agenda_heading(n, e["title"])
            for n, e in enumerate(entries, start=1)
            if e["item_id"]
        },
        signers=signers,
        signer_ids={s.member_id for s in signers},
        **_meeting_refusals(m, bool(entries)),
        **_meeting_records(m),
        **_meeting_minutes(m),
        candidates=_rows(
            "SELECT i.id, i.number, i.title, n.id AS negotiation_id, n.title AS negotiation,"
            " count(*) OVER () AS total FROM agenda_item i JOIN negotiation n"
            " ON n.id = i.negotiation_id WHERE n.consortium_id = :c"
            " AND i.state IN ('proposed', 'discussed') AND i.id NOT IN (SELECT item_id FROM"
            " meeting_item WHERE meeting_id = :m AND item_id IS NOT NULL)"
            " ORDER BY n.id, i.number LIMIT :k",
            c=m.consortium_id,
            m=meeting_id,
            k=bounds.MEETING_CANDIDATES,
        ),
        candidates_per_page=bounds.MEETING_CANDIDATES,
        documents=_documents("d.meeting_id = :m", m=meeting_id),
        mode_labels=MODE_LABELS,
        presence_labels=PRESENCE_LABELS,
        meeting_status_labels=STATUS_LABELS,
        rsvp_labels=RSVP_LABELS,
    )


def _agenda(meeting_id: int, members: list[sa.Row]) -> list[dict]:
    """Each agenda line with its item's current positions, stance counts and moves."""
    entries = _rows(
        "SELECT e.id AS entry_id, e.item_id, e.title AS free_title, e.note, e.notes, i.number,"
        " i.title, i.state, i.current_revision, i.version, i.rule_override,"
        " i.deemed_consent_override, i.discussed_note, i.negotiation_id, n.title AS negotiation,"
        " n.decision_rule, n.deemed_consent FROM meeting_item e"
        " LEFT JOIN agenda_item i ON i.id = e.item_id"
        " LEFT JOIN negotiation n ON n.id = i.negotiation_id WHERE e.meeting_id = :m"
        " ORDER BY e.sort_order, e.id",
        m=meeting_id,
    )
    ids = [e.item_id for e in entries if e.item_id]
    latest: dict[int, dict[int, sa.Row]] = {}
    for p in _rows(
        "SELECT item_id, member_id, stance, revision_number FROM position WHERE id IN"
        f" (SELECT max(id) FROM position WHERE item_id IN ({_ids(ids)})"
        " GROUP BY item_id, member_id)"
    ):
        latest.setdefault(p.item_id, {})[p.member_id] = p
    discussed = _discussed(ids)
    _no_holds([e.item_id for e in entries if e.state == "agreed"])
    result = []
    for e in entries:
        mine = latest.get(e.item_id, {})
        facts = {"positions": mine, "counts": _counts(e, members, mine), "moves": []}
        if e.item_id:
            lacking = missing(e, members, mine) if e.state in OPEN else []
            done = bool(e.discussed_note) or e.item_id in discussed
            facts["moves"] = moves(e.state, lacking, done)
        result.append(e._asdict() | facts)
    return result


def _counts(entry: sa.Row, members: list[sa.Row], positions: dict) -> dict[str, int]:
    """stance (or "stale", "none") -> how many members hold it: a large council's summary."""
    counts: dict[str, int] = {}
    for m in members:
        key = "none"
        if (p := positions.get(m.id)) is not None:
            key = "stale" if p.revision_number < entry.current_revision else p.stance
        counts[key] = counts.get(key, 0) + 1
    return counts


def _meeting_refusals(m: sa.Row, has_agenda: bool) -> dict:
    """Why the meeting cannot be marked held, recorded on, answered or announced now
    (meetings/services, rsvp, announce), for the facilitator."""
    now = dt.datetime.now(dt.UTC)
    scheduled, early = m.status == "scheduled", now < time_of(m.starts_at)
    if scheduled and has_agenda and m.agenda_publish_count:
        raise NotImplementedError("a published agenda's digest")
    rsvp = None
    if m.status == "cancelled":
        rsvp = "中止された会議には出欠を回答できません。"
    elif not scheduled:
        rsvp = "開催済みの会議には出欠を回答できません。当日の出欠は事務局が記録します。"
    elif not early:
        rsvp = RSVP_CLOSED
    return {
        "locked": m.status == "confirmed",
        "can_edit": m.status not in ("confirmed", "cancelled"),
        "held_refusal": HELD_EARLY if early else None,
        "floor_refusal": "会議の開始日時より前には、会議での発言や決定を記録できません。"
        if scheduled and early
        else None,
        "agenda_refusal": None if has_agenda else "議題がまだありません。",
        "rsvp_refusal": rsvp,
    }


def _meeting_records(m: sa.Row) -> dict:
    """Attendance, RSVP answers, action items (this meeting's, and open ones carried over),
    the previous meeting still to confirm, moves and positions heard at the meeting."""
    actions = _rows(
        "SELECT a.id, a.meeting_id, a.description, a.due_date, a.status, mb.name AS owner,"
        " mt.title AS meeting_title FROM action_item a JOIN meeting mt ON mt.id = a.meeting_id"
        " JOIN member mb ON mb.id = a.owner_member_id WHERE a.consortium_id = :c"
        " AND (a.meeting_id = :m OR (a.status = 'open' AND mt.number < :n)) ORDER BY a.id",
        c=m.consortium_id,
        m=m.id,
        n=m.number,
    )
    rsvp = {
        a.member_id: a
        for a in _rows(
            "SELECT member_id, answer, attendees, note, on_behalf FROM attendance_answer"
            " WHERE meeting_id = :m",
            m=m.id,
        )
    }
    counts = {k: 0 for k in (*RSVP_LABELS, "none")}
    for a in rsvp.values():
        counts[a.answer] += 1
    previous = _rows(
        "SELECT id, title FROM meeting WHERE consortium_id = :c AND number = :n"
        " AND status = 'held'",
        c=m.consortium_id,
        n=m.number - 1,
    )
    return {
        "attendance": {
            a.member_id: a
            for a in _rows(
                "SELECT member_id, presence, attendees FROM attendance WHERE meeting_id = :m",
                m=m.id,
            )
        },
        "rsvp": rsvp,
        "rsvp_counts": counts,
        "rsvp_people": sum(len(a.attendees.splitlines()) for a in rsvp.values()),
        "actions": [a for a in actions if a.meeting_id == m.id],
        "carried": [a for a in actions if a.meeting_id != m.id],
        "previous": previous[0] if previous else None,
        **_heard(m.id),
    }


def _heard(meeting_id: int) -> dict:
    """The moves decided and the first positions heard at the meeting (with the count of
    all), and those positions' conditions."""
    heard = _rows(
        "SELECT p.id, p.item_id, p.stance, p.revision_number, p.reason, mb.name AS member,"
        " count(*) OVER () AS total FROM position p JOIN member mb ON mb.id = p.member_id"
        " WHERE p.meeting_id = :m ORDER BY p.id LIMIT :k",
        m=meeting_id,
        k=bounds.MEETING_HEARD,
    )
    conditions: dict[int, list[str]] = {}
    for c in _rows(
        "SELECT position_id, text FROM position_condition"
        f" WHERE position_id IN ({_ids([p.id for p in heard])}) ORDER BY id"
    ):
        conditions.setdefault(c.position_id, []).append(c.text)
    return {
        "heard": heard,
        "heard_total": heard[0].total if heard else 0,
        "heard_conditions": conditions,
        "moves": _rows(
            "SELECT item_id, from_state, to_state, reason FROM state_change"
            " WHERE meeting_id = :m ORDER BY id",
            m=meeting_id,
        ),
    }


def _meeting_minutes(m: sa.Row) -> dict:
    """The confirmations of the current minutes and the revisions published."""
    answers = _rows(
        "SELECT c.member_id, c.answer, c.comment, c.created_at, u.display_name AS user"
        " FROM minutes_confirmation c JOIN user_account u ON u.id = c.user_id"
        " WHERE c.meeting_id = :m AND c.revision_number = :r ORDER BY c.id",
        m=m.id,
        r=m.minutes_revision,
    )
    return {
        "answers": {a.member_id: a for a in answers},
        "revisions": _rows(
            "SELECT r.number, r.change_note, r.published_at, u.display_name AS published_by"
            " FROM minutes_revision r JOIN user_account u ON u.id = r.published_by_id"
            " WHERE r.meeting_id = :m ORDER BY r.number DESC",
            m=m.id,
        ),
    }


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
        rows = _rows(
            f"SELECT {columns}, {TOTAL} FROM {source} ORDER BY {order} LIMIT :k",
            u=user,
            k=k,
            now=_now(),
        )
        todos[kind], totals[kind] = rows, rows[0].total if rows else 0
    todos["item"], totals["item"] = _item_tasks(user, k)
    more = {kind: totals[kind] - len(rows) for kind, rows in todos.items()}
    consortia = _rows(
        "SELECT DISTINCT c.id, c.name, c.description FROM consortium c JOIN membership s"
        " ON s.consortium_id = c.id WHERE s.user_id = :u ORDER BY c.name",
        u=user,
    )
    negotiations: dict[int, list[sa.Row]] = {}
    for n in _rows(
        "SELECT n.id, n.consortium_id, n.title, a.status FROM negotiation n LEFT JOIN agreement a"
        " ON a.id = (SELECT max(id) FROM agreement WHERE negotiation_id = n.id)"
        f" WHERE n.consortium_id IN ({_ids([c.id for c in consortia])}) ORDER BY n.id"
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
    actions = _rows(
        f"SELECT a.id, a.meeting_id, a.description, a.due_date, mb.name AS owner, {TOTAL}"
        " FROM action_item a JOIN member mb ON mb.id = a.owner_member_id WHERE a.status = 'open'"
        f" AND (a.owner_member_id IN ({LIAISON_OF}) OR a.consortium_id IN ({FACILITATED}))"
        " ORDER BY a.due_date IS NULL, a.due_date, a.id LIMIT :k",
        u=user,
        k=k,
    )
    answers = _rows(
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
    late = _rows(
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
    items = _rows(
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
    for m in _rows(
        "SELECT id, consortium_id, name FROM member WHERE consortium_id IN"
        f" ({_ids(list({i.consortium_id for i in items}))}) AND left_on IS NULL"
        " ORDER BY sort_order, id"
    ):
        members.setdefault(m.consortium_id, []).append(m)
    latest: dict[int, dict[int, sa.Row]] = {}
    for p in _rows(
        "SELECT item_id, member_id, stance, revision_number FROM position WHERE id IN"
        f" (SELECT max(id) FROM position WHERE item_id IN ({_ids([i.id for i in items])})"
        " GROUP BY item_id, member_id)"
    ):
        latest.setdefault(p.item_id, {})[p.member_id] = p
    discussed = _discussed([i.id for i in items])
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
