"""Searching the index: only the councils the user reads, grouped by kind, a page at a time.

Words of three characters or more go through the trigram index (SQLite FTS5 MATCH, PostgreSQL
ILIKE served by pg_trgm's GIN index). A trigram index cannot serve a shorter word (「協定」 has
no trigram), so such a word is a plain LIKE over the rows of the user's own councils: bounded
by the consortium index, never a scan of every council's text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sqlalchemy as sa

from negotiator.consortia.models import Member, Membership
from negotiator.db import db
from negotiator.meetings.models import Meeting
from negotiator.negotiation.models import AgendaItem
from negotiator.search import highlight, sources
from negotiator.search.models import FTS_TABLE, Kind, SearchEntry

PER_KIND = 5  # results of each kind on the overview; the rest behind 「すべて表示」
PER_PAGE = 20  # results of one kind per page
MAX_PAGE = 10_000
# The overview ranks and counts only the newest COUNT_CAP matches: a word in every position
# (50,000 rows at the bench's large size) would otherwise cost 200 ms to count exactly. Past the
# cap the counts are lower bounds (the page says 「以上」); one kind's pages count exactly.
COUNT_CAP = 1000
TRIGRAM = 3
# Column names as constants: the catalogue extracts label("…") literals as UI messages.
RANK, TOTAL = "n", "total"


@dataclasses.dataclass
class Hit:
    """One result: its index row, and what the page needs to name and link it."""

    row: Any
    item: AgendaItem | None = None
    meeting: Meeting | None = None
    member: Member | None = None
    url: str = ""
    title: Any = ""
    snippet: Any = ""

    def __getattr__(self, name: str) -> Any:  # item_id, number, … of the row
        if name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)


@dataclasses.dataclass
class Group:
    kind: str
    total: int
    hits: list[Hit]
    at_least: bool = False  # counted within COUNT_CAP matches: there may be more


def readable_consortia(user_id: int) -> sa.Select:
    """Ids of the councils the user holds any role in: who may read a council today
    (auth.permissions.can_view_consortium); a site administrator is no reader as such."""
    return sa.select(Membership.consortium_id).where(Membership.user_id == user_id)


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _matches(terms: list[str]) -> list[Any]:
    """One condition per word; all must hold."""
    entry = SearchEntry.__table__.c
    sqlite = db.engine.dialect.name == "sqlite"
    conditions: list[Any] = []
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    if sqlite and long_terms:
        # Each word a quoted phrase: FTS5 syntax in the user's text is just text.
        phrase = " ".join('"' + t.replace('"', '""') + '"' for t in long_terms)
        fts = sa.table(FTS_TABLE, sa.column("rowid"))
        match = sa.text(f"{FTS_TABLE} MATCH :phrase").bindparams(phrase=phrase)
        conditions.append(entry.id.in_(sa.select(fts.c.rowid).where(match)))
    for term in terms:
        if sqlite and len(term) >= TRIGRAM:
            continue
        pattern = f"%{_escape_like(term)}%"
        like = "ilike" if not sqlite else "like"  # SQLite's LIKE ignores ASCII case already
        conditions.append(
            sa.or_(
                getattr(entry.title, like)(pattern, escape="\\"),
                getattr(entry.body, like)(pattern, escape="\\"),
            )
        )
    return conditions


def search(user_id: int, terms: list[str], kind: str | None = None, page: int = 1) -> list[Group]:
    """The groups of results, in Kind order; only `kind`'s, a page of it, when given."""
    entry = SearchEntry.__table__.c
    where = [entry.consortium_id.in_(readable_consortia(user_id)), *_matches(terms)]
    if kind:
        where.append(entry.kind == kind)
    limit, offset = (PER_PAGE, (page - 1) * PER_PAGE) if kind else (PER_KIND, 0)
    # Ranked and counted on ids alone; only the rows shown are read whole (bodies are long).
    matched = sa.select(entry.id, entry.kind).where(*where)
    if not kind:
        matched = matched.order_by(entry.id.desc()).limit(COUNT_CAP)
    matched = matched.subquery()
    ranked = sa.select(
        matched.c.id,
        sa.func.row_number()
        .over(partition_by=matched.c.kind, order_by=matched.c.id.desc())
        .label(RANK),
        sa.func.count().over(partition_by=matched.c.kind).label(TOTAL),
    ).subquery()
    rows = db.session.execute(
        sa.select(SearchEntry.__table__, ranked.c.total)
        .join(ranked, ranked.c.id == entry.id)
        .where(ranked.c.n > offset, ranked.c.n <= offset + limit)
        .order_by(entry.kind, ranked.c.n)
    ).all()
    groups = _groups(rows, terms)
    if not kind and sum(g.total for g in groups) >= COUNT_CAP:
        for group in groups:
            group.at_least = True
    return groups


def _groups(rows: list[Any], terms: list[str]) -> list[Group]:
    hits = _describe([Hit(row) for row in rows], terms)
    groups = {k.value: Group(k.value, 0, []) for k in Kind}
    for hit in hits:
        groups[hit.kind].hits.append(hit)
        groups[hit.kind].total = hit.row.total
    return [g for g in groups.values() if g.total]


def _load(model: type, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {o.id: o for o in db.session.scalars(sa.select(model).where(model.id.in_(ids)))}


def _describe(hits: list[Hit], terms: list[str]) -> list[Hit]:
    """Load what names each hit (its item, meeting, member), its link and marked text."""
    items = _load(AgendaItem, {h.item_id for h in hits if h.item_id})
    meetings = _load(Meeting, {h.meeting_id for h in hits if h.meeting_id})
    members = _load(Member, {h.member_id for h in hits if h.member_id})
    for hit in hits:
        hit.item = items.get(hit.item_id)
        hit.meeting = meetings.get(hit.meeting_id)
        hit.member = members.get(hit.member_id)
        hit.url = sources.SOURCES[hit.source].link(hit)
        hit.title = highlight.mark(hit.row.title, terms)
        hit.snippet = highlight.snippet(hit.row.body, terms)
    return hits
