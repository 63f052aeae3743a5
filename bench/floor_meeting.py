"""The meeting page's floor (meetings/views.meeting, meetings/queries.meeting_view): its
statements and view; the template is bench/floor_meeting_pages.py, the shared helpers
bench/floor_common.py."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from bench import floor_common as common
from bench.floor_common import OPEN, Shell, missing, moves, time_of
from bench.floor_meeting_pages import MEETING
from negotiator import bounds
from negotiator.meetings.forms import MODE_LABELS, PRESENCE_LABELS, STATUS_LABELS
from negotiator.meetings.numbering import agenda_heading

RSVP_CLOSED = (
    "会議の開始日時を過ぎたため、出欠の回答は締め切りました。当日の出欠は事務局が記録します。"
)
HELD_EARLY = (
    "開始日時より前には開催済みにできません。"
    "予定と違う日時に開催した場合は、先に予定を変更して実際の日時を入力してください。"
)
RSVP_LABELS = {"attend": "出席", "proxy": "代理出席", "absent": "欠席"}  # the page's order


def meeting(shell: Shell, meeting_id: int) -> str:
    (m,) = common.rows(
        "SELECT m.id, m.consortium_id, m.number, m.title, m.starts_at, m.ends_at, m.place,"
        " m.mode, m.status, m.notes, m.minutes_revision, m.agenda_published_at,"
        " m.agenda_publish_count, m.cancelled_at, m.cancel_reason, c.name AS consortium"
        " FROM meeting m JOIN consortium c ON c.id = m.consortium_id WHERE m.id = :m",
        m=meeting_id,
    )
    common.facilitated(m.consortium_id)
    members = common.members(m.consortium_id)
    entries = _agenda(meeting_id, members)
    signers = common.rows(
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
        candidates=common.rows(
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
        documents=common.documents("d.meeting_id = :m", m=meeting_id),
        mode_labels=MODE_LABELS,
        presence_labels=PRESENCE_LABELS,
        meeting_status_labels=STATUS_LABELS,
        rsvp_labels=RSVP_LABELS,
    )


def _agenda(meeting_id: int, members: list[sa.Row]) -> list[dict]:
    """Each agenda line with its item's current positions, stance counts and moves."""
    entries = common.rows(
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
    for p in common.rows(
        "SELECT item_id, member_id, stance, revision_number FROM position WHERE id IN"
        f" (SELECT max(id) FROM position WHERE item_id IN ({common.ids(ids)})"
        " GROUP BY item_id, member_id)"
    ):
        latest.setdefault(p.item_id, {})[p.member_id] = p
    discussed = common.discussed(ids)
    common.no_holds([e.item_id for e in entries if e.state == "agreed"])
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
    actions = common.rows(
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
        for a in common.rows(
            "SELECT member_id, answer, attendees, note, on_behalf FROM attendance_answer"
            " WHERE meeting_id = :m",
            m=m.id,
        )
    }
    counts = {k: 0 for k in (*RSVP_LABELS, "none")}
    for a in rsvp.values():
        counts[a.answer] += 1
    previous = common.rows(
        "SELECT id, title FROM meeting WHERE consortium_id = :c AND number = :n"
        " AND status = 'held'",
        c=m.consortium_id,
        n=m.number - 1,
    )
    return {
        "attendance": {
            a.member_id: a
            for a in common.rows(
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
    heard = common.rows(
        "SELECT p.id, p.item_id, p.stance, p.revision_number, p.reason, mb.name AS member,"
        " count(*) OVER () AS total FROM position p JOIN member mb ON mb.id = p.member_id"
        " WHERE p.meeting_id = :m ORDER BY p.id LIMIT :k",
        m=meeting_id,
        k=bounds.MEETING_HEARD,
    )
    conditions: dict[int, list[str]] = {}
    for c in common.rows(
        "SELECT position_id, text FROM position_condition"
        f" WHERE position_id IN ({common.ids([p.id for p in heard])}) ORDER BY id"
    ):
        conditions.setdefault(c.position_id, []).append(c.text)
    return {
        "heard": heard,
        "heard_total": heard[0].total if heard else 0,
        "heard_conditions": conditions,
        "moves": common.rows(
            "SELECT item_id, from_state, to_state, reason FROM state_change"
            " WHERE meeting_id = :m ORDER BY id",
            m=meeting_id,
        ),
    }


def _meeting_minutes(m: sa.Row) -> dict:
    """The confirmations of the current minutes and the revisions published."""
    answers = common.rows(
        "SELECT c.member_id, c.answer, c.comment, c.created_at, u.display_name AS user"
        " FROM minutes_confirmation c JOIN user_account u ON u.id = c.user_id"
        " WHERE c.meeting_id = :m AND c.revision_number = :r ORDER BY c.id",
        m=m.id,
        r=m.minutes_revision,
    )
    return {
        "answers": {a.member_id: a for a in answers},
        "revisions": common.rows(
            "SELECT r.number, r.change_note, r.published_at, u.display_name AS published_by"
            " FROM minutes_revision r JOIN user_account u ON u.id = r.published_by_id"
            " WHERE r.meeting_id = :m ORDER BY r.number DESC",
            m=m.id,
        ),
    }
